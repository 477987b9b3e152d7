import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/adapters/ledger-schema';
import { synthesizeStack } from '../support/cdk';

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
