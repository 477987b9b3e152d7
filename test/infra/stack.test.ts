import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS_START_INDEX, ENV, LEDGER_KEY, PREFIX } from '../../functions/adapters/ledger-schema';
import { cdkContext, synthesizeStack } from '../support/cdk';

const { stack, template, logicalId } = synthesizeStack();
const { intake, ledger } = stack;
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const refTo = (id: string) => ({ Ref: id });
const resource = (id: string) => template.toJSON().Resources[id] as { Properties: Record<string, unknown> };

const documentsId = logicalId(intake.documents);
const queueId = logicalId(intake.queue);
const deadLettersId = logicalId(intake.deadLetterQueue);
const ingestId = logicalId(intake.ingest);

describe('documents bucket', () => {
  it('is encrypted, private, versioned, access-logged and retained', () => {
    expect(resource(documentsId)).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/AccessLogs/) } },
      },
    });
  });

  it('keeps its access logs in a bucket that is encrypted and private too', () => {
    const { DestinationBucketName } = resource(documentsId).Properties.LoggingConfiguration as { DestinationBucketName: { Ref: string } };
    // The log buckets are the ones that log nowhere themselves: the intake's, and the console's (lib/console.ts).
    expect(Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.absent() } }))).toContain(DestinationBucketName.Ref);
    expect(resource(DestinationBucketName.Ref)).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      },
    });
  });

  it.each(Object.keys(template.findResources('AWS::S3::Bucket')))('%s refuses every request without TLS', (bucketId) => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: refTo(bucketId),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it(`announces new objects under ${PREFIX.inbox} to the intake queue and under ${PREFIX.statements} to the statements queue, nothing else`, () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: refTo(documentsId),
      NotificationConfiguration: {
        QueueConfigurations: [
          { Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: PREFIX.inbox }] } }, QueueArn: arnOf(queueId) },
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: PREFIX.statements }] } },
            QueueArn: arnOf(logicalId(stack.statements.queue)),
          },
        ],
      },
    });
  });
});

describe('intake queue', () => {
  it('is encrypted and hands a file failing 5 times to the dead-letter queue', () => {
    expect(resource(queueId).Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(deadLettersId), maxReceiveCount: 5 },
    });
    expect(resource(deadLettersId).Properties).toMatchObject({ SqsManagedSseEnabled: true });
  });

  it('hides a message at least six times as long as the function may run', () => {
    const { VisibilityTimeout } = resource(queueId).Properties as { VisibilityTimeout: number };
    const { Timeout } = resource(ingestId).Properties as { Timeout: number };
    expect(VisibilityTimeout).toBeGreaterThanOrEqual(6 * Timeout);
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
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });
});

describe('ingest function', () => {
  it('runs Node.js 22 on arm64 with active tracing and JSON logs in its own log group', () => {
    expect(resource(ingestId).Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 1024,
      Timeout: 60,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: refTo(logicalId(intake.ingest.logGroup)) },
    });
    expect(resource(logicalId(intake.ingest.logGroup)).Properties).toEqual({ RetentionInDays: 30 });
  });

  it('is told its table, bucket, size limit and the state machine it starts runs of by the names functions/ read', () => {
    expect(resource(ingestId).Properties).toMatchObject({
      Environment: {
        Variables: {
          [ENV.ledgerTable]: refTo(logicalId(ledger.table)),
          [ENV.documentsBucket]: refTo(documentsId),
          [ENV.stateMachineArn]: refTo(logicalId(stack.collections.stateMachine)),
          [ENV.maxInvoiceBytes]: String(cdkContext.maxInvoiceBytes),
          POWERTOOLS_SERVICE_NAME: 'ingest-invoice',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('consumes the intake queue in small batches, reporting failed records one by one', () => {
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { EventSourceArn: arnOf(queueId) } });
    expect(Object.values(mappings)).toHaveLength(1);
    const { Properties } = Object.values(mappings)[0] as { Properties: { BatchSize: number; FunctionName: unknown; FunctionResponseTypes: string[] } };
    expect(Properties.FunctionName).toEqual(refTo(ingestId));
    expect(Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(Properties.BatchSize).toBeLessThanOrEqual(10);
  });
});

describe('ledger table', () => {
  it('is keyed as the adapter reads it, on demand, with point-in-time recovery, encrypted and protected', () => {
    expect(resource(logicalId(ledger.table))).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: LEDGER_KEY.partitionKey, KeyType: 'HASH' },
          { AttributeName: LEDGER_KEY.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      },
    });
  });

  it('has the sparse collections start index the sweep queries', () => {
    expect(resource(logicalId(ledger.table)).Properties).toMatchObject({
      GlobalSecondaryIndexes: [
        {
          IndexName: COLLECTIONS_START_INDEX.indexName,
          KeySchema: [
            { AttributeName: COLLECTIONS_START_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: COLLECTIONS_START_INDEX.sortKey, KeyType: 'RANGE' },
          ],
        },
      ],
    });
  });
});

describe('outputs', () => {
  it('name the bucket, the table, the four queues, the collections state machine, the API URL, the alarm topic, the dashboard, and the console with its user pool and first admin', () => {
    expect(template.toJSON().Outputs).toEqual({
      DocumentsBucketName: expect.objectContaining({ Value: refTo(documentsId) }),
      LedgerTableName: { Value: refTo(logicalId(ledger.table)) },
      IntakeQueueUrl: { Value: refTo(queueId) },
      IntakeDeadLetterQueueUrl: expect.objectContaining({ Value: refTo(deadLettersId) }),
      StatementsQueueUrl: { Value: refTo(logicalId(stack.statements.queue)) },
      StatementsDeadLetterQueueUrl: expect.objectContaining({ Value: refTo(logicalId(stack.statements.deadLetterQueue)) }),
      CollectionsStateMachineArn: expect.objectContaining({ Value: refTo(logicalId(stack.collections.stateMachine)) }),
      OperationsApiUrl: expect.objectContaining({ Value: stack.resolve(stack.operationsApi.api.url) }),
      ConsoleUrl: expect.objectContaining({ Value: stack.resolve(stack.console.url) }),
      ConsoleUserPoolId: expect.objectContaining({ Value: refTo(logicalId(stack.console.userPool)) }),
      ConsoleFirstAdminCommand: expect.objectContaining({ Value: stack.resolve(stack.console.firstAdminCommand) }),
      AlarmTopicArn: expect.objectContaining({ Value: refTo(logicalId(stack.operations.topic)) }),
      DashboardUrl: { Value: expect.objectContaining({ 'Fn::Join': expect.arrayContaining([expect.arrayContaining([refTo(logicalId(stack.operations.dashboard))])]) }) },
    });
  });
});
