import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV, PREFIX } from '../../functions/adapters/ledger-schema';
import { CreditControlStack } from '../../lib/credit-control-stack';
import type { ServiceFunction } from '../../lib/service-function';
import { cdkContext, synthesizeStack } from '../support/cdk';

const { stack, template, logicalId } = synthesizeStack();
const { statements } = stack;
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const refTo = (id: string) => ({ Ref: id });
const resource = (id: string) => template.toJSON().Resources[id] as { Properties: Record<string, unknown> };

const queueId = logicalId(statements.queue);
const deadLettersId = logicalId(statements.deadLetterQueue);
const functionId = logicalId(statements.ingest);

describe('statements queue', () => {
  it(`receives S3's notifications of new objects under ${PREFIX.statements}, and of nothing else`, () => {
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications')) as {
      Properties: { BucketName: unknown; NotificationConfiguration: { QueueConfigurations: { QueueArn: unknown }[] } };
    }[];
    const toThisQueue = notifications.flatMap((n) => n.Properties.NotificationConfiguration.QueueConfigurations.filter((q) => JSON.stringify(q.QueueArn) === JSON.stringify(arnOf(queueId))));
    expect(toThisQueue).toEqual([{ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: PREFIX.statements }] } }, QueueArn: arnOf(queueId) }]);
    expect(notifications.map((n) => n.Properties.BucketName)).toEqual([refTo(logicalId(stack.intake.documents))]);
  });

  it('lets S3 send to it only for the documents bucket', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [refTo(queueId)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Condition: { ArnLike: { 'aws:SourceArn': arnOf(logicalId(stack.intake.documents)) } },
          }),
        ]),
      },
    });
  });

  it('is encrypted, and hands a file failing 10 times to its encrypted dead-letter queue, kept 14 days', () => {
    expect(resource(queueId).Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(deadLettersId), maxReceiveCount: 10 },
    });
    expect(resource(deadLettersId).Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('hides a message six times as long as the function may run', () => {
    const { VisibilityTimeout } = resource(queueId).Properties as { VisibilityTimeout: number };
    const { Timeout } = resource(functionId).Properties as { Timeout: number };
    expect(VisibilityTimeout).toBe(6 * Timeout);
  });

  it.each([
    ['the queue', () => queueId],
    ['the dead-letter queue', () => deadLettersId],
  ])('%s refuses every request without TLS', (_name, id) => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [refTo(id())],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('raises an alarm as soon as a message waits in the dead-letter queue', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }] },
    });
    expect(Object.values(alarms)).toHaveLength(1);
    const { Properties } = Object.values(alarms)[0] as { Properties: Record<string, unknown> };
    expect(Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('statement function', () => {
  it('runs Node.js 22 on arm64, traced, with memory for a 64 MiB statement and a ledger snapshot, and five minutes', () => {
    expect(resource(functionId).Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 2048,
      Timeout: 300,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: refTo(logicalId(statements.ingest.logGroup)) },
    });
  });

  it('books one statement at a time: one concurrent execution, reserved', () => {
    expect(resource(functionId).Properties.ReservedConcurrentExecutions).toBe(1);
  });

  it('takes one file per invocation from its queue, the poller at its least concurrency, reporting a failed record', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { EventSourceArn: arnOf(queueId) } }));
    expect(mappings).toEqual([
      {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          EventSourceArn: arnOf(queueId),
          FunctionName: refTo(functionId),
          BatchSize: 1,
          ScalingConfig: { MaximumConcurrency: 2 },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        },
      },
    ]);
  });

  it('is told its table, bucket and state machine by the names functions/ read, and no settings it was not given', () => {
    const { Variables } = (resource(functionId).Properties as { Environment: { Variables: Record<string, unknown> } }).Environment;
    expect(Variables).toEqual({
      [ENV.ledgerTable]: refTo(logicalId(stack.ledger.table)),
      [ENV.documentsBucket]: refTo(logicalId(stack.intake.documents)),
      [ENV.stateMachineArn]: refTo(logicalId(stack.collections.stateMachine)),
      POWERTOOLS_SERVICE_NAME: 'ingest-statement',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it(`keeps old versions of ${PREFIX.statements} files 30 days: a booked file is deleted there once archived`, () => {
    const { LifecycleConfiguration } = resource(logicalId(stack.intake.documents)).Properties as { LifecycleConfiguration: { Rules: { Prefix: string }[] } };
    expect(LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Prefix: PREFIX.statements, NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }));
  });
});

describe('booking settings', () => {
  const configured = (props: ConstructorParameters<typeof CreditControlStack>[2]) =>
    new CreditControlStack(new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } }), 'Configured', props);

  it('reach the statement function and the API function that books assigned lines alike', () => {
    const configuredStack = configured({ maxStatementBytes: 1048576, matchThreshold: 0.95, autoAllocate: true });
    const configuredTemplate = Template.fromStack(configuredStack);
    const variablesOf = (fn: ServiceFunction) =>
      (configuredTemplate.toJSON().Resources[configuredStack.getLogicalId(fn.node.defaultChild as CfnElement)].Properties as { Environment: { Variables: Record<string, unknown> } })
        .Environment.Variables;
    expect(variablesOf(configuredStack.statements.ingest)).toMatchObject({ [ENV.maxStatementBytes]: '1048576', [ENV.matchThreshold]: '0.95', [ENV.autoAllocate]: 'true' });
    expect(variablesOf(configuredStack.operationsApi.bankLines)).toMatchObject({ [ENV.matchThreshold]: '0.95', [ENV.autoAllocate]: 'true' });
    expect(variablesOf(configuredStack.operationsApi.bankLines)).not.toHaveProperty(ENV.maxStatementBytes);
  });

  it.each([
    ['a threshold above 1', { matchThreshold: 1.5 }, /matchThreshold must be a number from 0 to 1/],
    ['a negative threshold', { matchThreshold: -0.1 }, /matchThreshold must be a number from 0 to 1/],
    ['a size of zero', { maxStatementBytes: 0 }, /maxStatementBytes must be a positive integer/],
  ])('refuse %s at synth', (_name, props, message) => {
    expect(() => configured(props)).toThrow(message);
  });
});
