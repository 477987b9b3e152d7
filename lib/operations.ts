import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
  type MetricOptions,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, SERVICE_DIMENSION, type MetricName } from '../functions/adapters/metric-names';
import { ServiceFunction } from './service-function';

/** An API whose server errors are watched: API Gateway's REST APIs (`5XXError`) and HTTP APIs (`5xx`) both answer this. */
export interface WatchedApi extends IConstruct {
  metricServerError(props?: MetricOptions): Metric;
}

export interface OperationsProps {
  /**
   * Who is e-mailed when an alarm goes off and when it clears; SNS first sends the address a
   * confirmation link. @default - none: alarms reach the topic and nobody, and synthesis warns
   */
  readonly alarmEmail?: string;
}

/** SES starts reviewing an account from a 5 % bounce rate and a 0.1 % complaint rate. */
export const SES_REVIEW_RATES = { bounce: 0.05, complaint: 0.001 } as const;

/** The dashboard's sections, in the order they are shown. */
export const DASHBOARD_SECTIONS = {
  intake: 'Intake: files ingested and quarantined',
  runs: 'Collections runs by state',
  steps: 'Collections steps per day',
  emails: 'E-mails sent and delivered',
  queues: 'Queue depths',
  errors: 'Lambda errors',
} as const;
type Section = keyof typeof DASHBOARD_SECTIONS;

/** Where each of the handlers' own metrics is charted. */
const SECTION_OF: Readonly<Record<MetricName, Section>> = {
  [METRIC.filesIngested]: 'intake',
  [METRIC.filesQuarantined]: 'intake',
  [METRIC.stepsRun]: 'steps',
  [METRIC.emailsSent]: 'emails',
};

const FIVE_MINUTES = Duration.minutes(5);

/**
 * What tells a person that something failed: an encrypted topic every alarm notifies when it goes
 * off and when it clears (e-mailed to `alarmEmail`), the alarms the `watch*` methods make, and one
 * dashboard of the stack's work. Every alarm is named after the stack and what it watches, and its
 * description says what to do.
 */
export class Operations extends Construct {
  /** Every alarm's action and OK action. Subscribe more (chat, paging) to it as needed. */
  public readonly topic: Topic;
  /** The stack's dashboard, named `<stack>-<region>`. */
  public readonly dashboard: Dashboard;
  private readonly graphs: Readonly<Record<Section, GraphWidget>>;
  private readonly stackName: string;

  constructor(scope: Construct, id: string, props: OperationsProps = {}) {
    super(scope, id);
    this.stackName = Stack.of(this).stackName;

    // A key of our own: CloudWatch can publish to an encrypted topic only if the key's policy names
    // it, which the AWS managed SNS key's cannot. The key encrypts this topic's messages only.
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const key = new Key(this, 'AlarmsKey', { description: `Encrypts the alarm notifications of ${this.stackName}`, enableKeyRotation: true });
    key.grant(cloudWatch, 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.topic = new Topic(this, 'Alarms', { displayName: `${this.stackName} alarms`, masterKey: key, enforceSSL: true });
    // The topic policy (enforceSSL's) replaces SNS's default one: CloudWatch is let in by name, for this account's alarms only.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
    if (props.alarmEmail) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    } else {
      Validations.of(this).addWarning(
        'credit-control:alarmEmail',
        'No alarmEmail is set: alarms reach the topic AlarmTopicArn and nobody is told. Deploy with -c alarmEmail=ops@example.com, or subscribe to the topic yourself.',
      );
    }

    const graph = (title: string, period: Duration): GraphWidget =>
      new GraphWidget({ title, period, width: 24, height: 6, statistic: 'Sum', left: [] });
    this.graphs = {
      intake: graph(DASHBOARD_SECTIONS.intake, Duration.hours(1)),
      runs: graph(DASHBOARD_SECTIONS.runs, Duration.days(1)),
      steps: graph(DASHBOARD_SECTIONS.steps, Duration.days(1)),
      emails: graph(DASHBOARD_SECTIONS.emails, Duration.days(1)),
      queues: graph(DASHBOARD_SECTIONS.queues, FIVE_MINUTES),
      errors: graph(DASHBOARD_SECTIONS.errors, Duration.hours(1)),
    };
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${this.stackName}-${Aws.REGION}`,
      // Runs wait for weeks and steps come daily: two weeks show a pattern.
      defaultInterval: Duration.days(14),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${this.stackName}\nEvery alarm of this stack notifies the topic ${this.topic.topicName}; its description says what to do.`,
        width: 24,
        height: 2,
      }),
    );
    for (const section of Object.keys(DASHBOARD_SECTIONS) as Section[]) this.dashboard.addWidgets(this.graphs[section]);
  }

  /**
   * Alarms on any error of `fn` in a 5-minute period (one failed invocation is worth a look: the
   * retries that follow hide the rest), and on throttling that lasts (two of three 5-minute
   * periods: every caller here retries a short burst), and charts its errors.
   */
  public watchFunction(fn: IFunction): Alarm[] {
    const what = fn instanceof ServiceFunction ? `${fn.serviceName} (${pathOf(fn)})` : pathOf(fn);
    // Not IFunction.logGroup for any other function: asking it for one adds a custom resource that creates it.
    const logGroupName = fn instanceof ServiceFunction ? fn.logGroup.logGroupName : `/aws/lambda/${fn.functionName}`;
    this.graphs.errors.addLeftMetric(fn.metricErrors({ label: pathOf(fn) }));
    return [
      this.alarm(fn, 'Errors', {
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        evaluationPeriods: 1,
        description:
          `The function ${what} failed. In CloudWatch Logs Insights, query its log group ${logGroupName} for level = "ERROR": ` +
          "the error says what failed, the invocation's X-Ray trace which call. What invoked it retries (SQS, Step Functions, " +
          'the schedule, an API caller); what still fails ends in a dead-letter queue or RecordFailure, whose own alarms go off.',
      }),
      this.alarm(fn, 'Throttles', {
        metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        description:
          `The function ${what} has been throttled for 10 of the last 15 minutes: Lambda refused invocations for want of ` +
          "concurrency. Check the account's concurrency in the Lambda console (and this function's reserved concurrency); " +
          'callers retry throttled invocations, so nothing is lost while it lasts, but work is late.',
      }),
    ];
  }

  /** Alarms on runs that fail, time out or are stopped, and charts runs by state. */
  public watchStateMachine(machine: IStateMachine): Alarm[] {
    const options = { period: FIVE_MINUTES, statistic: 'Sum' } as const;
    const name = pathOf(machine);
    const byState = [
      machine.metricStarted({ label: `${name} started` }),
      machine.metricSucceeded({ label: `${name} succeeded` }),
      machine.metricFailed({ label: `${name} failed` }),
      machine.metricTimedOut({ label: `${name} timed out` }),
      machine.metricAborted({ label: `${name} aborted` }),
    ];
    for (const metric of byState) this.graphs.runs.addLeftMetric(metric);
    const find =
      `In the Step Functions console, open ${name}, list its executions by status and open the run (named after its invoice): ` +
      'its event history shows the state and the error.';
    return [
      this.alarm(machine, 'ExecutionsFailed', {
        metric: machine.metricFailed(options),
        evaluationPeriods: 1,
        description: `A run failed after its retries; RecordFailure wrote the error into the invoice's audit trail. ${find} Fix the cause, then Redrive the execution (within 14 days): every step is idempotent, so it resumes without sending anything twice.`,
      }),
      this.alarm(machine, 'ExecutionsTimedOut', {
        metric: machine.metricTimedOut(options),
        evaluationPeriods: 1,
        description: `A run passed its time limit. ${find} A task that never answered points at its function's errors or timeouts; Redrive the execution once fixed.`,
      }),
      this.alarm(machine, 'ExecutionsAborted', {
        metric: machine.metricAborted(options),
        evaluationPeriods: 1,
        description: `A run was stopped (StopExecution). ${find} CloudTrail names who stopped it; if that was not meant, start or redrive it; the invoice's collections stop until then.`,
      }),
    ];
  }

  /** Alarms on any server error the API answers (5xx, counted per 5 minutes). */
  public watchApi(api: WatchedApi): Alarm {
    return this.alarm(api, 'ServerErrors', {
      metric: api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      evaluationPeriods: 1,
      description:
        `The API ${pathOf(api)} answered 5xx: its function failed or timed out, or returned 503 because the ledger or Step Functions ` +
        "did not answer. The API's access log has each request's status and the function's log and alarm say why. Callers send " +
        'the same request with the same id again: nothing is recorded twice.',
    });
  }

  /** Alarms as soon as a message waits in `deadLetterQueue`; `whatToDo` is the alarm's description. */
  public watchQueue(deadLetterQueue: IQueue, whatToDo: string): Alarm {
    return this.alarm(deadLetterQueue, 'Messages', {
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      evaluationPeriods: 1,
      description: whatToDo,
    });
  }

  /** Charts how many messages wait in `queue`. */
  public chartQueue(queue: IQueue): void {
    this.graphs.queues.addLeftMetric(queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: pathOf(queue) }));
  }

  /** Charts the handlers' own counts `names` as `fn` publishes them (dimension `service`: its service name). */
  public chartCounts(fn: ServiceFunction, ...names: MetricName[]): void {
    for (const metricName of names) {
      this.graphs[SECTION_OF[metricName]].addLeftMetric(
        new Metric({
          namespace: METRICS_NAMESPACE,
          metricName,
          dimensionsMap: { [SERVICE_DIMENSION]: fn.serviceName },
          statistic: 'Sum',
          label: `${fn.serviceName} ${metricName}`,
        }),
      );
    }
  }

  /**
   * Alarms on the account's SES reputation before SES reviews it (bounce rate over 5 %, complaint
   * rate over 0.1 %), and charts what SES sent, delivered, and had bounced or complained about.
   */
  public watchEmailReputation(): Alarm[] {
    const ses = (metricName: string, options: MetricOptions): Metric => new Metric({ namespace: 'AWS/SES', metricName, ...options });
    for (const metricName of ['Send', 'Delivery', 'Bounce', 'Complaint']) {
      this.graphs.emails.addLeftMetric(ses(metricName, { statistic: 'Sum', label: `SES ${metricName}` }));
    }
    const reputation = (metricName: string): Metric => ses(metricName, { period: Duration.hours(1), statistic: 'Maximum' });
    const advice =
      'Find the addresses in the Notifications bounce and complaint topic (SES has put them on its suppression list), correct ' +
      "them in the customers' records, and check the reminder texts. The rate is over the sending of recent days, so it falls slowly.";
    const rates = [
      ['Bounce', SES_REVIEW_RATES.bounce],
      ['Complaint', SES_REVIEW_RATES.complaint],
    ] as const;
    return rates.map(([kind, threshold]) =>
      this.alarm(this, `Ses${kind}Rate`, {
        metric: reputation(`Reputation.${kind}Rate`),
        threshold,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.IGNORE,
        description: `The account's SES ${kind.toLowerCase()} rate is over ${threshold * 100} %, where SES puts the account under review and may pause its sending. ${advice}`,
      }),
    );
  }

  /**
   * An alarm on `metric` over the threshold (0 unless given) that notifies the topic when it goes
   * off and when it clears, named `<stack>-<what it watches>-<kind>`.
   */
  private alarm(
    watched: IConstruct,
    kind: string,
    props: {
      readonly metric: IMetric;
      readonly description: string;
      readonly evaluationPeriods: number;
      readonly datapointsToAlarm?: number;
      readonly threshold?: number;
      readonly treatMissingData?: TreatMissingData;
    },
  ): Alarm {
    const where = watched === this ? [] : pathOf(watched).split('/');
    const alarm = new Alarm(this, [...where, kind].join(''), {
      alarmName: [this.stackName, ...where, kind].join('-'),
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold ?? 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods,
      datapointsToAlarm: props.datapointsToAlarm,
      // No data is no invocation, no run, no message: nothing wrong.
      treatMissingData: props.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    const notify = new SnsAction(this.topic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    return alarm;
  }
}

/** A construct's path under its stack, e.g. `InvoiceIntake/Ingest`: what alarms and charts are named after. */
function pathOf(construct: IConstruct): string {
  const stack = Stack.of(construct);
  return construct.node.scopes
    .slice(construct.node.scopes.indexOf(stack) + 1)
    .map((scope) => scope.node.id)
    .join('/');
}
