import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountRootPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/adapters/ledger-schema';
import { CreditControlStack } from '../../lib/credit-control-stack';
import { cdkContext, synthesizeStack } from '../support/cdk';

const { stack, template, logicalId } = synthesizeStack();
const { operationsApi } = stack;
const refTo = (id: string) => ({ Ref: id });
const resource = (id: string) => template.toJSON().Resources[id] as { Properties: Record<string, unknown> };

const apiId = logicalId(operationsApi.api);
const recordEventId = logicalId(operationsApi.recordEvent);
const methods = Object.entries(template.findResources('AWS::ApiGateway::Method')) as [string, { Properties: Record<string, unknown> }][];

describe('operations API', () => {
  it('has methods, and every one of them takes SigV4-signed requests only (AWS_IAM)', () => {
    expect(methods.length).toBeGreaterThan(0);
    expect(methods.filter(([, method]) => method.Properties.AuthorizationType !== 'AWS_IAM').map(([id]) => id)).toEqual([]);
  });

  it('is a regional endpoint', () => {
    expect(resource(apiId).Properties).toMatchObject({ EndpointConfiguration: { Types: ['REGIONAL'] } });
  });

  it('passes POST /events to the record-event function as a proxy, after validating the body', () => {
    const eventsId = logicalId(operationsApi.api.root.getResource('events')!);
    expect(resource(eventsId).Properties).toMatchObject({ PathPart: 'events', ParentId: { 'Fn::GetAtt': [apiId, 'RootResourceId'] } });
    const method = resource(logicalId(operationsApi.recordEventMethod)).Properties as {
      HttpMethod: string;
      ResourceId: unknown;
      Integration: { Type: string; Uri: { 'Fn::Join': [string, unknown[]] } };
      RequestValidatorId: { Ref: string };
      RequestModels: Record<string, { Ref: string }>;
    };
    expect(method).toMatchObject({ HttpMethod: 'POST', ResourceId: refTo(eventsId), Integration: { Type: 'AWS_PROXY' } });
    expect(method.Integration.Uri['Fn::Join'][1]).toContainEqual({ 'Fn::GetAtt': [recordEventId, 'Arn'] });
    expect(resource(method.RequestValidatorId.Ref).Properties).toMatchObject({ ValidateRequestBody: true });
    expect(resource(method.RequestModels['application/json']!.Ref).Properties).toMatchObject({
      ContentType: 'application/json',
      Schema: { type: 'object' },
    });
  });

  it('lets API Gateway invoke the function for POST /events of this API only', () => {
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission', { Properties: { FunctionName: { 'Fn::GetAtt': [recordEventId, 'Arn'] } } }),
    ) as { Properties: { Principal: string; SourceArn: { 'Fn::Join': [string, unknown[]] } } }[];
    expect(permissions.length).toBeGreaterThan(0);
    for (const { Properties } of permissions) {
      expect(Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(Properties.SourceArn['Fn::Join'][1]).toContainEqual(refTo(apiId));
      expect(Properties.SourceArn['Fn::Join'][1].at(-1)).toMatch(/\/POST\/events$/);
    }
  });

  it('logs every request to its access log group, traces, logs errors without bodies, and throttles', () => {
    const stageId = logicalId(operationsApi.api.deploymentStage);
    const { AccessLogSetting, ...stage } = resource(stageId).Properties as { AccessLogSetting: { DestinationArn: { 'Fn::Join': [string, unknown[]] } } };
    expect(AccessLogSetting.DestinationArn['Fn::Join'][1]).toContainEqual(refTo(logicalId(operationsApi.accessLogs)));
    expect(stage).toMatchObject({
      TracingEnabled: true,
      MethodSettings: [
        {
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          MetricsEnabled: true,
          ThrottlingRateLimit: 20,
          ThrottlingBurstLimit: 40,
        },
      ],
    });
    expect(resource(logicalId(operationsApi.accessLogs)).Properties).toEqual({ RetentionInDays: 30 });
  });

  it('creates no account-wide CloudWatch role: that setting belongs to the account, not this stack', () => {
    expect(template.findResources('AWS::ApiGateway::Account')).toEqual({});
  });
});

describe('record-event function', () => {
  it('is told the ledger table and the state machine whose runs it wakes', () => {
    expect(resource(recordEventId).Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: {
          [ENV.ledgerTable]: refTo(logicalId(stack.ledger.table)),
          [ENV.stateMachineArn]: refTo(logicalId(stack.collections.stateMachine)),
          POWERTOOLS_SERVICE_NAME: 'record-event',
        },
      },
    });
  });
});

describe('bank lines and credit routes', () => {
  const bankLinesId = logicalId(operationsApi.bankLines);
  const routes = [
    ['GET', '/bank-lines/unmatched', undefined],
    ['POST', '/bank-lines/{lineId}/assign', 'lineId'],
    ['POST', '/customers/{customerId}/credit', 'customerId'],
  ] as const;
  type MethodProperties = {
    HttpMethod: string;
    AuthorizationType: string;
    ResourceId: { Ref: string };
    Integration: { Type: string; Uri: { 'Fn::Join': [string, unknown[]] } };
    RequestValidatorId?: { Ref: string };
    RequestModels?: Record<string, { Ref: string }>;
    RequestParameters?: Record<string, boolean>;
  };
  /** The method of a path, found by walking its resources' PathParts from the root. */
  const methodAt = (httpMethod: string, path: string): MethodProperties => {
    const resourceFor = path.split('/').slice(1).reduce<unknown>((parent, part) => {
      const children = Object.entries(template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: part, ParentId: parent } }));
      expect(children, `${part} under ${JSON.stringify(parent)}`).toHaveLength(1);
      return refTo(children[0]![0]);
    }, { 'Fn::GetAtt': [apiId, 'RootResourceId'] });
    const found = methods.filter(([, method]) => method.Properties.HttpMethod === httpMethod && JSON.stringify(method.Properties.ResourceId) === JSON.stringify(resourceFor));
    expect(found).toHaveLength(1);
    return found[0]![1].Properties as MethodProperties;
  };

  it.each(routes)('%s %s takes SigV4-signed requests only, and goes to the bank-lines function as a proxy', (httpMethod, path) => {
    const method = methodAt(httpMethod, path);
    expect(method).toMatchObject({ AuthorizationType: 'AWS_IAM', Integration: { Type: 'AWS_PROXY' } });
    expect(method.Integration.Uri['Fn::Join'][1]).toContainEqual({ 'Fn::GetAtt': [bankLinesId, 'Arn'] });
  });

  it.each(routes.filter(([httpMethod]) => httpMethod === 'POST'))('%s %s has its body validated as a JSON object, and its path parameter required', (httpMethod, path, parameter) => {
    const method = methodAt(httpMethod, path);
    expect(method.RequestParameters).toEqual({ [`method.request.path.${parameter}`]: true });
    expect(resource(method.RequestValidatorId!.Ref).Properties).toMatchObject({ ValidateRequestBody: true, ValidateRequestParameters: true });
    expect(resource(method.RequestModels!['application/json']!.Ref).Properties).toMatchObject({ ContentType: 'application/json', Schema: { type: 'object' } });
  });

  it('lets API Gateway invoke the function for these three routes of this API only', () => {
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission', { Properties: { FunctionName: { 'Fn::GetAtt': [bankLinesId, 'Arn'] } } }),
    ) as { Properties: { Principal: string; SourceArn: { 'Fn::Join': [string, unknown[]] } } }[];
    const paths = new Set<string>();
    for (const { Properties } of permissions) {
      expect(Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(Properties.SourceArn['Fn::Join'][1]).toContainEqual(refTo(apiId));
      paths.add(String(Properties.SourceArn['Fn::Join'][1].at(-1)).replace(/^.*?\/(GET|POST)\//, '$1 /'));
    }
    expect([...paths].sort()).toEqual(['GET /bank-lines/unmatched', 'POST /bank-lines/*/assign', 'POST /customers/*/credit']);
  });

  it('grants a caller execute-api:Invoke on exactly these three methods', () => {
    // A stack of its own, so the probe role changes nothing the other tests read.
    const probed = new CreditControlStack(new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } }), 'Probed');
    const probe = new Role(probed, 'ReconcilerProbe', { assumedBy: new AccountRootPrincipal() });
    probed.operationsApi.grantReconcile(probe);
    const policies = Object.values(
      Template.fromStack(probed).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: probed.getLogicalId(probe.node.defaultChild as CfnElement) }] } }),
    ) as { Properties: { PolicyDocument: { Statement: { Action: string; Resource: { 'Fn::Join': [string, unknown[]] }[] }[] } } }[];
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements.map((statement) => statement.Action)).toEqual(['execute-api:Invoke']);
    const paths = statements[0]!.Resource.map((arn) => String(arn['Fn::Join'][1].at(-1)).replace(/^.*?\/(GET|POST)\//, '$1 /'));
    expect(paths.sort()).toEqual(['GET /bank-lines/unmatched', 'POST /bank-lines/*/assign', 'POST /customers/*/credit']);
  });
});

describe('bank-lines function', () => {
  it('is told the ledger table and the state machine, as the record-event function is', () => {
    expect(resource(logicalId(operationsApi.bankLines)).Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Environment: {
        Variables: {
          [ENV.ledgerTable]: refTo(logicalId(stack.ledger.table)),
          [ENV.stateMachineArn]: refTo(logicalId(stack.collections.stateMachine)),
          POWERTOOLS_SERVICE_NAME: 'bank-lines',
        },
      },
    });
  });
});
