import { App, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRIC, METRICS_NAMESPACE } from '../../functions/adapters/metric-names';
import { CreditControlStack } from '../../lib/credit-control-stack';
import { DASHBOARD_SECTIONS, SES_REVIEW_RATES } from '../../lib/operations';
import { cdkContext, synthesizeStack } from '../support/cdk';

const { stack, template, logicalId } = synthesizeStack();
const topic = { Ref: logicalId(stack.operations.topic) };

interface AlarmProperties {
  readonly AlarmName: string;
  readonly AlarmDescription: unknown;
  readonly AlarmActions: unknown[];
  readonly OKActions: unknown[];
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions?: { Name: string; Value: unknown }[];
  readonly Threshold: number;
  readonly ComparisonOperator: string;
}
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const resources = template.toJSON().Resources as Resources;
const idsOf = (type: string): string[] => Object.keys(template.findResources(type)).sort();
const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => (alarm as { Properties: AlarmProperties }).Properties);

/** The logical id an alarm's dimension `name` points at (`{ Ref: id }` or `{ 'Fn::GetAtt': [id, attribute] }`). */
const watchedId = (alarm: AlarmProperties, name: string): string | undefined => {
  const value = alarm.Dimensions?.find((dimension) => dimension.Name === name)?.Value as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
  return value?.Ref ?? value?.['Fn::GetAtt']?.[0];
};
const watched = (namespace: string, metricName: string, dimension: string): string[] =>
  alarms
    .filter((alarm) => alarm.Namespace === namespace && alarm.MetricName === metricName)
    .map((alarm) => watchedId(alarm, dimension) ?? '')
    .sort();

/** Text with the template's references as `<id>`: what the description or dashboard reads as once deployed. */
const text = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const node = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (node['Fn::Join']) return node['Fn::Join'][1].map(text).join(node['Fn::Join'][0]);
  if (node.Ref) return `<${node.Ref}>`;
  if (node['Fn::GetAtt']) return `<${node['Fn::GetAtt'].join('.')}>`;
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
};

/** CDK's own deployment-time handlers, of bucket notifications and of the console's files: they run only while CloudFormation deploys, which fails visibly. */
const deploymentHandlers = idsOf('AWS::Lambda::Function').filter((id) => id.startsWith('BucketNotificationsHandler') || id.startsWith('CustomCDKBucketDeployment'));
const functionIds = idsOf('AWS::Lambda::Function').filter((id) => !deploymentHandlers.includes(id));

describe('alarm topic', () => {
  it('is encrypted with a rotated key of its own that CloudWatch may use, and refuses publishing without TLS', () => {
    const { KmsMasterKeyId } = resources[logicalId(stack.operations.topic)]!.Properties as { KmsMasterKeyId: { 'Fn::GetAtt': [string, string] } };
    const keyId = KmsMasterKeyId['Fn::GetAtt'][0];
    expect(resources[keyId]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    expect(text(JSON.stringify(resources[keyId]!.Properties))).toContain('cloudwatch.amazonaws.com');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: Match.objectLike({ StringEquals: Match.anyValue() }) }),
        ]),
      },
    });
  });

  it('is e-mailed to alarmEmail, and without one nobody is subscribed and synthesis warns that alarms reach nobody', () => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
    const withEmail = new CreditControlStack(app, 'WithEmail', { alarmEmail: 'ops@example.com' });
    Template.fromStack(withEmail).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: withEmail.getLogicalId(withEmail.operations.topic.node.defaultChild as CfnElement) },
    });
    expect(Annotations.fromStack(withEmail).findWarning('*', Match.stringLikeRegexp('alarmEmail'))).toEqual([]);

    expect(template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } })).toEqual({});
    expect(Annotations.fromStack(stack).findWarning('/CreditControl/Operations', Match.stringLikeRegexp('No alarmEmail is set: alarms reach .* nobody'))).toHaveLength(1);
  });
});

describe('alarms', () => {
  it.each(alarms.map((alarm) => [alarm.AlarmName, alarm] as const))('%s notifies the topic when it goes off and when it clears, and says what to do', (_name, alarm) => {
    expect(alarm.AlarmActions).toEqual([topic]);
    expect(alarm.OKActions).toEqual([topic]);
    expect(alarm.AlarmName).toMatch(/^CreditControl-/);
    expect(text(alarm.AlarmDescription).length).toBeGreaterThan(80);
    expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
  });

  it('have names of their own', () => {
    const names = alarms.map((alarm) => alarm.AlarmName);
    expect(new Set(names).size).toBe(names.length);
  });

  it(`watch every function of the template (${functionIds.length}) for errors and for throttling`, () => {
    expect(functionIds.length).toBeGreaterThanOrEqual(13);
    expect(watched('AWS/Lambda', 'Errors', 'FunctionName')).toEqual(functionIds);
    expect(watched('AWS/Lambda', 'Throttles', 'FunctionName')).toEqual(functionIds);
    // The two left out are CDK's, and run only during a deployment.
    expect(deploymentHandlers).toHaveLength(2);
  });

  it('tell where the failing function logs', () => {
    const ingest = alarms.find((alarm) => alarm.MetricName === 'Errors' && watchedId(alarm, 'FunctionName') === logicalId(stack.intake.ingest))!;
    expect(text(ingest.AlarmDescription)).toContain(`<${logicalId(stack.intake.ingest.logGroup)}>`);
  });

  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'])('watch every state machine for %s', (metricName) => {
    expect(watched('AWS/States', metricName, 'StateMachineArn')).toEqual(idsOf('AWS::StepFunctions::StateMachine'));
  });

  it('watch every REST API and HTTP API for server errors', () => {
    // API Gateway's REST API metrics are named by the API's name, not its id.
    const apiNames = idsOf('AWS::ApiGateway::RestApi').map((id) => resources[id]!.Properties.Name);
    const watchedNames = alarms.filter((alarm) => alarm.MetricName === '5XXError').map((alarm) => alarm.Dimensions?.find((dimension) => dimension.Name === 'ApiName')?.Value);
    expect(apiNames).toHaveLength(1);
    expect(watchedNames).toEqual(apiNames);
    // An HTTP API's (the console's) by its id.
    expect(idsOf('AWS::ApiGatewayV2::Api')).toHaveLength(1);
    expect(watched('AWS/ApiGateway', '5xx', 'ApiId')).toEqual(idsOf('AWS::ApiGatewayV2::Api'));
  });

  it('watch every dead-letter queue: of the delivery queues, of the schedules, and of the scheduled functions', () => {
    const redrive = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::SQS::Queue')
      .flatMap((queue) => ((queue.Properties.RedrivePolicy as { deadLetterTargetArn?: { 'Fn::GetAtt': [string] } } | undefined)?.deadLetterTargetArn?.['Fn::GetAtt'] ?? []).slice(0, 1));
    const ofRules = Object.values(template.findResources('AWS::Events::Rule')).flatMap((rule) =>
      (rule as { Properties: { Targets: { DeadLetterConfig?: { Arn: { 'Fn::GetAtt': [string] } } }[] } }).Properties.Targets.map((target) => target.DeadLetterConfig?.Arn['Fn::GetAtt'][0] ?? 'none'),
    );
    const ofInvocations = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).map(
      (config) => (config as { Properties: { DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [string] } } } } }).Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0],
    );
    const deadLetterQueues = [...new Set([...redrive, ...ofRules, ...ofInvocations])].sort();
    // The intake's, the statements', the SES delivery events', the sweep's and the credit review's.
    expect(deadLetterQueues).toHaveLength(5);
    expect(watched('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName')).toEqual(deadLetterQueues);
  });

  it('watch the account\'s SES reputation at the rates where SES starts reviewing an account', () => {
    const reputation = alarms.filter((alarm) => alarm.Namespace === 'AWS/SES');
    expect(reputation.map((alarm) => [alarm.MetricName, alarm.Threshold, alarm.Dimensions]).sort()).toEqual([
      ['Reputation.BounceRate', SES_REVIEW_RATES.bounce, undefined],
      ['Reputation.ComplaintRate', SES_REVIEW_RATES.complaint, undefined],
    ]);
    expect(SES_REVIEW_RATES).toEqual({ bounce: 0.05, complaint: 0.001 });
  });

  it('are only these kinds', () => {
    const perFunction = 2 * functionIds.length;
    const perMachine = 3 * idsOf('AWS::StepFunctions::StateMachine').length;
    expect(alarms).toHaveLength(perFunction + perMachine + idsOf('AWS::ApiGateway::RestApi').length + idsOf('AWS::ApiGatewayV2::Api').length + 5 + 2);
  });
});

describe('scheduled functions', () => {
  const rules = Object.entries(template.findResources('AWS::Events::Rule')) as [string, { Properties: { ScheduleExpression?: string; Targets: Record<string, unknown>[] } }][];

  it('are the overdue sweep and the credit review', () => {
    expect(rules.filter(([, rule]) => rule.Properties.ScheduleExpression).map(([id]) => id).sort()).toEqual(
      [logicalId(stack.sweep.rule), logicalId(stack.creditReview.rule)].sort(),
    );
  });

  it.each(rules.map(([id, rule]) => [id, rule] as const))('%s retries a delivery a few times within an hour, then keeps the event in a dead-letter queue', (_id, rule) => {
    for (const target of rule.Properties.Targets) {
      expect(target).toMatchObject({
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 },
      });
    }
  });

  it.each([
    ['sweep', stack.sweep.sweep, stack.sweep.deadLetterQueue],
    ['credit review', stack.creditReview.review, stack.creditReview.deadLetterQueue],
  ])('the %s keeps an invocation that failed after Lambda\'s two retries in the same queue, encrypted and TLS-only', (_name, fn, queue) => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(fn) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] } } },
    });
    expect(resources[logicalId(queue)]!.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
  });
});

describe('dashboard', () => {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as { Properties: { DashboardName: unknown; DashboardBody: unknown } }[];
  type Widget = { type: string; properties: { title?: string; markdown?: string; metrics?: unknown[][] } };
  const body = JSON.parse(text(dashboards[0]!.Properties.DashboardBody)) as { widgets: Widget[] };
  const graph = (title: string): unknown[][] => body.widgets.find((widget) => widget.properties.title === title)!.properties.metrics!;
  const named = (metrics: unknown[][], namespace: string, metricName: string): unknown[][] =>
    metrics.filter((metric) => metric[0] === namespace && metric[1] === metricName);

  it('is one, named after the stack and region', () => {
    expect(dashboards).toHaveLength(1);
    expect(text(dashboards[0]!.Properties.DashboardName)).toBe('CreditControl-<AWS::Region>');
  });

  it('names each section, in order', () => {
    expect(body.widgets.flatMap((widget) => widget.properties.title ?? [])).toEqual(Object.values(DASHBOARD_SECTIONS));
  });

  it('shows files ingested and quarantined, by invoice intake and by bank statements', () => {
    const intake = graph(DASHBOARD_SECTIONS.intake);
    for (const metricName of [METRIC.filesIngested, METRIC.filesQuarantined]) {
      expect(named(intake, METRICS_NAMESPACE, metricName).map((metric) => metric.slice(2, 4))).toEqual([
        ['service', 'ingest-invoice'],
        ['service', 'ingest-statement'],
      ]);
    }
  });

  it('shows runs by state', () => {
    const runs = graph(DASHBOARD_SECTIONS.runs);
    for (const state of ['Started', 'Succeeded', 'Failed', 'TimedOut', 'Aborted']) expect(named(runs, 'AWS/States', `Executions${state}`)).toHaveLength(1);
  });

  it('shows the steps of each kind per day', () => {
    expect(named(graph(DASHBOARD_SECTIONS.steps), METRICS_NAMESPACE, METRIC.stepsRun).map((metric) => metric[3])).toEqual([
      'send-reminder',
      'create-call-task',
      'hand-over-to-agency',
      'flag-for-legal',
    ]);
  });

  it("shows e-mails sent by each function that sends them, and SES's sends, deliveries, bounces and complaints", () => {
    const emails = graph(DASHBOARD_SECTIONS.emails);
    expect(named(emails, METRICS_NAMESPACE, METRIC.emailsSent).map((metric) => metric[3])).toEqual(['send-reminder', 'hand-over-to-agency']);
    for (const metricName of ['Send', 'Delivery', 'Bounce', 'Complaint']) expect(named(emails, 'AWS/SES', metricName)).toHaveLength(1);
  });

  it('shows the depth of every queue and dead-letter queue', () => {
    const queues = named(graph(DASHBOARD_SECTIONS.queues), 'AWS/SQS', 'ApproximateNumberOfMessagesVisible').map((metric) => metric[3]);
    expect(queues.map((queue) => String(queue).replace(/^<(.*)\.QueueName>$/, '$1')).sort()).toEqual(idsOf('AWS::SQS::Queue'));
  });

  it('shows the errors of every function', () => {
    const errors = named(graph(DASHBOARD_SECTIONS.errors), 'AWS/Lambda', 'Errors').map((metric) => String(metric[3]).replace(/^<(.*)>$/, '$1'));
    expect(errors.sort()).toEqual(functionIds);
  });
});

describe('tracing', () => {
  it.each(functionIds)('is active on function %s', (id) => {
    expect(resources[id]!.Properties).toMatchObject({ TracingConfig: { Mode: 'Active' } });
  });

  it('is enabled on every state machine and API stage', () => {
    for (const id of idsOf('AWS::StepFunctions::StateMachine')) expect(resources[id]!.Properties).toMatchObject({ TracingConfiguration: { Enabled: true } });
    for (const id of idsOf('AWS::ApiGateway::Stage')) expect(resources[id]!.Properties).toMatchObject({ TracingEnabled: true });
  });
});
