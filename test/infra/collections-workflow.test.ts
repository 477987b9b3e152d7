import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/adapters/ledger-schema';
import { COLLECTIONS_ASL_PATH, COLLECTIONS_TASK_FUNCTIONS, type CollectionsPlaceholder } from '../../statemachines';
import { synthesizeStack } from '../support/cdk';

const { stack, template, logicalId } = synthesizeStack();
const { collections, notifications, sweep } = stack;
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const refTo = (id: string) => ({ Ref: id });
const resource = (id: string) => template.toJSON().Resources[id] as { Type: string; Properties: Record<string, unknown> };
const variables = (id: string) => (resource(id).Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;

const machineId = logicalId(collections.stateMachine);
const machine = resource(machineId).Properties as {
  DefinitionS3Location?: unknown;
  DefinitionString?: unknown;
  DefinitionSubstitutions: Record<string, unknown>;
  StateMachineType: string;
};
const placeholders = Object.keys(COLLECTIONS_TASK_FUNCTIONS) as CollectionsPlaceholder[];
const definitionText = readFileSync(COLLECTIONS_ASL_PATH, 'utf8');
const definition = JSON.parse(definitionText) as { States: Record<string, { Type: string; Resource?: string; TimeoutSeconds?: number }> };

describe('collections state machine', () => {
  it('is a Standard state machine whose definition is uploaded from statemachines/, not inlined', () => {
    expect(machine.StateMachineType).toBe('STANDARD');
    expect(machine.DefinitionS3Location).toBeDefined();
    expect(machine.DefinitionString).toBeUndefined();
  });

  it('substitutes exactly the placeholders of COLLECTIONS_TASK_FUNCTIONS', () => {
    expect(Object.keys(machine.DefinitionSubstitutions).sort()).toEqual([...placeholders].sort());
  });

  it('leaves no placeholder of the definition without a substitution', () => {
    const used = new Set([...definitionText.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]));
    expect([...used].sort()).toEqual(Object.keys(machine.DefinitionSubstitutions).sort());
  });

  it.each(placeholders)('substitutes %s with the ARN of the function built from its folder', (placeholder) => {
    const substitution = machine.DefinitionSubstitutions[placeholder] as { 'Fn::GetAtt': [string, string] };
    const [functionId, attribute] = substitution['Fn::GetAtt'];
    expect(attribute).toBe('Arn');
    expect(resource(functionId).Type).toBe('AWS::Lambda::Function');
    // ServiceFunction names the service after the entry's folder: this is the function of that folder.
    expect(variables(functionId).POWERTOOLS_SERVICE_NAME).toBe(COLLECTIONS_TASK_FUNCTIONS[placeholder]);
    expect(functionId).toBe(logicalId(collections.taskFunctions[placeholder]));
  });

  it('traces with X-Ray', () => {
    expect(resource(machineId).Properties).toMatchObject({ TracingConfiguration: { Enabled: true } });
  });

  it('logs errors only, without execution data (it names customers), to a log group with a retention', () => {
    expect(resource(machineId).Properties).toMatchObject({
      LoggingConfiguration: {
        Level: 'ERROR',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: arnOf(logicalId(collections.executionLogs)) } }],
      },
    });
    expect(resource(logicalId(collections.executionLogs)).Properties).toEqual({ RetentionInDays: 30 });
  });
});

describe('collections task functions', () => {
  it.each(placeholders)('%s runs Node.js 22 on arm64 with active tracing and JSON logs in its own log group, told the ledger table', (placeholder) => {
    const fn = collections.taskFunctions[placeholder];
    expect(resource(logicalId(fn)).Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: refTo(logicalId(fn.logGroup)) },
      Environment: { Variables: { [ENV.ledgerTable]: refTo(logicalId(stack.ledger.table)) } },
    });
  });

  it.each(Object.entries(definition.States).filter(([, state]) => state.Type === 'Task' && state.TimeoutSeconds !== undefined && state.Resource?.startsWith('${')))(
    '%s times out in its function before the state does, so the state sees the function error',
    (_name, state) => {
      const placeholder = state.Resource!.slice(2, -1) as CollectionsPlaceholder;
      const { Timeout } = resource(logicalId(collections.taskFunctions[placeholder])).Properties as { Timeout: number };
      expect(Timeout).toBeLessThan(state.TimeoutSeconds!);
    },
  );

  it('send-reminder is told the sender and the configuration set; the interest rates ship with its code', () => {
    const env = variables(logicalId(collections.taskFunctions.SendReminderFunctionArn));
    expect(env).toMatchObject({ [ENV.senderAddress]: 'collections@example.com', [ENV.configurationSet]: refTo(logicalId(notifications.configurationSet)) });
  });

  it('hand-over-to-agency is told the documents bucket, the agency and the sender', () => {
    expect(variables(logicalId(collections.taskFunctions.HandOverToAgencyFunctionArn))).toMatchObject({
      [ENV.documentsBucket]: refTo(logicalId(stack.intake.documents)),
      [ENV.agencyId]: 'default-agency',
      [ENV.agencyEmail]: 'agency@example.com',
      [ENV.senderAddress]: 'collections@example.com',
      [ENV.configurationSet]: refTo(logicalId(notifications.configurationSet)),
    });
  });
});

describe('overdue sweep', () => {
  const sweepId = logicalId(sweep.sweep);

  it('runs daily at 05:00 UTC and invokes the sweep function', () => {
    expect(resource(logicalId(sweep.rule)).Properties).toMatchObject({
      ScheduleExpression: 'cron(0 5 * * ? *)',
      State: 'ENABLED',
      Targets: [{ Arn: arnOf(sweepId) }],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: arnOf(sweepId),
      Principal: 'events.amazonaws.com',
      SourceArn: arnOf(logicalId(sweep.rule)),
    });
  });

  it('is told the ledger table and the state machine it starts runs of', () => {
    expect(variables(sweepId)).toMatchObject({
      [ENV.ledgerTable]: refTo(logicalId(stack.ledger.table)),
      [ENV.stateMachineArn]: refTo(machineId),
      POWERTOOLS_SERVICE_NAME: 'sweep-overdue',
    });
  });
});

describe('notifications', () => {
  const configurationSetId = logicalId(notifications.configurationSet);
  const topicId = logicalId(notifications.bouncesAndComplaints);

  it('verifies the sender address as an SES identity that sends through the configuration set by default', () => {
    expect(resource(logicalId(notifications.identity)).Properties).toEqual({
      EmailIdentity: 'collections@example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: refTo(configurationSetId) },
    });
  });

  it('keeps reputation metrics and suppresses addresses that bounced or complained', () => {
    expect(resource(configurationSetId).Properties).toMatchObject({
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('publishes deliveries, bounces and complaints to the topic', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: refTo(configurationSetId),
      EventDestination: { Enabled: true, MatchingEventTypes: ['delivery', 'bounce', 'complaint'], SnsDestination: { TopicARN: refTo(topicId) } },
    });
  });

  it('feeds the record-delivery function through an encrypted queue subscribed to the topic, with a dead-letter queue', () => {
    const queueId = logicalId(notifications.deliveryEvents);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', TopicArn: refTo(topicId), Endpoint: arnOf(queueId) });
    expect(resource(queueId).Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(logicalId(notifications.deliveryEventsDeadLetters)), maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(queueId),
      FunctionName: refTo(logicalId(notifications.recordDelivery)),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(variables(logicalId(notifications.recordDelivery))).toMatchObject({
      [ENV.ledgerTable]: refTo(logicalId(stack.ledger.table)),
      POWERTOOLS_SERVICE_NAME: 'record-delivery',
    });
  });

  it('encrypts the topic with a rotated key that SES of this account may use', () => {
    const keyId = (resource(topicId).Properties as { KmsMasterKeyId: { 'Fn::GetAtt': [string, string] } }).KmsMasterKeyId['Fn::GetAtt'][0];
    expect(resource(keyId).Properties).toMatchObject({
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: expect.arrayContaining([
          {
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': refTo('AWS::AccountId') } },
            Resource: '*',
          },
        ]),
      },
    });
  });

  it('refuses every request to the topic without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [refTo(topicId)],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });
});
