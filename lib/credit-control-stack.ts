import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct, IConstruct } from 'constructs';
import { METRIC } from '../functions/adapters/metric-names';
import { BankStatements } from './bank-statements';
import { CollectionsWorkflow } from './collections-workflow';
import { Console } from './console';
import { CreditReview } from './credit-review';
import { InvoiceIntake } from './invoice-intake';
import { Ledger } from './ledger';
import { Notifications } from './notifications';
import { Operations } from './operations';
import { OperationsApi } from './operations-api';
import { OverdueSweep } from './overdue-sweep';

export interface CreditControlStackProps extends StackProps {
  /** Files over this size are quarantined unread. @default - the ingest function's own limit (128 MiB) */
  readonly maxInvoiceBytes?: number;
  /** The From address of every e-mail; SES verifies it on deployment. @default 'collections@example.com' */
  readonly senderAddress?: string;
  /** The collection agency's folder under agency/ in the documents bucket. @default 'default-agency' */
  readonly agencyId?: string;
  /** Where the collection agency is told a case waits for it. @default 'agency@example.com' */
  readonly agencyEmail?: string;
  /** Who is e-mailed credit-hold alerts. @default - alerts are kept in the ledger only */
  readonly creditManagerEmail?: string;
  /** Bank statement files over this size are quarantined unread. @default - the statement function's own limit (64 MiB) */
  readonly maxStatementBytes?: number;
  /** The confidence (0 to 1) from which a bank payment is booked without a person. @default - the functions' own (0.9) */
  readonly matchThreshold?: number;
  /** Allocate a customer's unapplied cash to its open invoices, oldest first, as soon as it has some. @default false */
  readonly autoAllocate?: boolean;
  /** The console's own name and its certificate's ARN (in us-east-1), for TLS 1.2 at least. @default - the distribution's cloudfront.net name */
  readonly consoleDomain?: { readonly name: string; readonly certificateArn: string };
  /** Who is e-mailed when an alarm goes off and clears. @default - nobody: alarms reach the topic only, and synthesis warns */
  readonly alarmEmail?: string;
}

/** The whole system on AWS: one stack, one construct per concern (ARCHITECTURE.md). */
export class CreditControlStack extends Stack {
  public readonly ledger: Ledger;
  public readonly intake: InvoiceIntake;
  public readonly notifications: Notifications;
  public readonly collections: CollectionsWorkflow;
  public readonly sweep: OverdueSweep;
  public readonly creditReview: CreditReview;
  public readonly operationsApi: OperationsApi;
  public readonly statements: BankStatements;
  public readonly console: Console;
  public readonly operations: Operations;

  constructor(scope: Construct, id: string, props: CreditControlStackProps = {}) {
    super(scope, id, props);
    this.ledger = new Ledger(this, 'Ledger');
    this.notifications = new Notifications(this, 'Notifications', { senderAddress: props.senderAddress, ledger: this.ledger.table });
    this.intake = new InvoiceIntake(this, 'InvoiceIntake', {
      ledger: this.ledger.table,
      maxInvoiceBytes: props.maxInvoiceBytes,
      ...(props.creditManagerEmail ? { creditManager: { address: props.creditManagerEmail, sender: this.notifications } } : {}),
    });
    this.collections = new CollectionsWorkflow(this, 'CollectionsWorkflow', {
      ledger: this.ledger.table,
      documents: this.intake.documents,
      sender: this.notifications,
      agencyId: props.agencyId,
      agencyEmail: props.agencyEmail,
    });
    this.intake.reachRuns(this.collections);
    this.sweep = new OverdueSweep(this, 'OverdueSweep', { ledger: this.ledger.table, workflow: this.collections });
    this.creditReview = new CreditReview(this, 'CreditReview', { ledger: this.ledger.table, workflow: this.collections });
    const booking = { matchThreshold: props.matchThreshold, autoAllocate: props.autoAllocate };
    this.statements = new BankStatements(this, 'BankStatements', {
      documents: this.intake.documents,
      ledger: this.ledger.table,
      workflow: this.collections,
      maxStatementBytes: props.maxStatementBytes,
      ...booking,
    });
    // The API books a queued line as the statement function would have: the same settings.
    this.operationsApi = new OperationsApi(this, 'OperationsApi', { ledger: this.ledger.table, workflow: this.collections, booking });
    this.console = new Console(this, 'Console', {
      ledger: this.ledger.table,
      documents: this.intake.documents,
      workflow: this.collections,
      booking,
      ...(props.consoleDomain
        ? { domain: { name: props.consoleDomain.name, certificate: Certificate.fromCertificateArn(this, 'ConsoleCertificate', props.consoleDomain.certificateArn) } }
        : {}),
    });
    this.operations = new Operations(this, 'Operations', { alarmEmail: props.alarmEmail });
    // After every construct above: what it made is found, not listed, so nothing new goes unwatched.
    this.watch(props);

    new CfnOutput(this, 'DocumentsBucketName', {
      value: this.intake.documents.bucketName,
      description: 'Invoice files dropped under inbox/ and bank statements under statements/ are ingested; originals move to archive/ or quarantine/.',
    });
    new CfnOutput(this, 'LedgerTableName', { value: this.ledger.table.tableName });
    new CfnOutput(this, 'IntakeQueueUrl', { value: this.intake.queue.queueUrl });
    new CfnOutput(this, 'IntakeDeadLetterQueueUrl', {
      value: this.intake.deadLetterQueue.queueUrl,
      description: 'Notifications of files that failed repeatedly: inspect, fix, then redrive.',
    });
    new CfnOutput(this, 'StatementsQueueUrl', { value: this.statements.queue.queueUrl });
    new CfnOutput(this, 'StatementsDeadLetterQueueUrl', {
      value: this.statements.deadLetterQueue.queueUrl,
      description: 'Notifications of statement files that failed repeatedly: inspect, fix, then redrive.',
    });
    new CfnOutput(this, 'CollectionsStateMachineArn', {
      value: this.collections.stateMachineArn,
      description: 'One execution per invoice in collections, named after the invoice.',
    });
    new CfnOutput(this, 'OperationsApiUrl', {
      value: this.operationsApi.api.url,
      description: 'POST events/, GET bank-lines/unmatched, POST bank-lines/{lineId}/assign, POST customers/{customerId}/credit, SigV4-signed (IAM authorization).',
    });
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url, description: 'The web console: sign in as a user of the console user pool (README, "The console in AWS").' });
    new CfnOutput(this, 'ConsoleUserPoolId', { value: this.console.userPool.userPoolId, description: 'People of the console: an admin creates them and puts each in the group of its role.' });
    new CfnOutput(this, 'ConsoleFirstAdminCommand', {
      value: this.console.firstAdminCommand,
      description: 'Creates the first admin (replace ADMIN_EMAIL): Cognito e-mails a temporary password, changed at the first sign-in.',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.operations.topic.topicArn,
      description: 'Every alarm notifies this topic when it goes off and when it clears: subscribe whoever must know.',
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${this.operations.dashboard.dashboardName}`,
    });
  }

  /** Every function, state machine, API and queue of the stack alarmed on and charted, and the handlers' own counts charted. */
  private watch(props: CreditControlStackProps): void {
    const ops = this.operations;
    const all = this.node.findAll();
    const of = <T,>(type: abstract new (...args: never[]) => T): T[] => all.filter((construct: IConstruct): construct is IConstruct & T => construct instanceof type);
    // CDK's function that copies the console's files runs only while CloudFormation deploys, which fails visibly.
    for (const fn of of(LambdaFunction).filter((candidate) => !candidate.node.id.startsWith('Custom::CDKBucketDeployment'))) ops.watchFunction(fn);
    for (const machine of of(StateMachine)) ops.watchStateMachine(machine);
    for (const api of [...of(RestApiBase), ...of(HttpApi)]) ops.watchApi(api);
    for (const queue of of(Queue)) ops.chartQueue(queue);

    const redrive =
      'In the SQS console, poll the queue for messages: each names the S3 key of a file. The function\'s errors alarm and log ' +
      'say why it failed; fix that, then Start DLQ redrive back to the source queue: ingest is idempotent, so a file already ' +
      'taken in is not taken twice.';
    ops.watchQueue(this.intake.deadLetterQueue, `An invoice file failed to ingest repeatedly and its notification waits in the intake dead-letter queue. ${redrive}`);
    ops.watchQueue(
      this.notifications.deliveryEventsDeadLetters,
      'An SES delivery, bounce or complaint event failed to record in the ledger repeatedly and waits in the delivery events dead-letter queue. ' +
        "The record-delivery function's errors alarm and log say why; fix that, then Start DLQ redrive back to the source queue: " +
        'recording is idempotent, so an event already recorded is not recorded twice.',
    );
    ops.watchQueue(this.statements.deadLetterQueue, `A bank statement file failed to book repeatedly and its notification waits in the statements dead-letter queue. ${redrive}`);
    const rerun = (what: string, fn: string) =>
      `${what} did not run: EventBridge could not invoke it, or it failed after Lambda's retries. The message in the queue holds ` +
      `the error (or the function's log its request id). Fix the cause, then run it again by hand (aws lambda invoke --function-name ${fn}): ` +
      'it is idempotent, and the next day\'s run catches up too.';
    ops.watchQueue(this.sweep.deadLetterQueue, rerun("The day's overdue sweep", this.sweep.sweep.functionName));
    ops.watchQueue(this.creditReview.deadLetterQueue, rerun("The day's credit review", this.creditReview.review.functionName));
    ops.watchEmailReputation();

    for (const fn of [this.intake.ingest, this.statements.ingest]) ops.chartCounts(fn, METRIC.filesIngested, METRIC.filesQuarantined);
    const { SendReminderFunctionArn, CreateCallTaskFunctionArn, HandOverToAgencyFunctionArn, FlagForLegalFunctionArn } = this.collections.taskFunctions;
    for (const fn of [SendReminderFunctionArn, CreateCallTaskFunctionArn, HandOverToAgencyFunctionArn, FlagForLegalFunctionArn]) ops.chartCounts(fn, METRIC.stepsRun);
    const mailing = [SendReminderFunctionArn, HandOverToAgencyFunctionArn, ...(props.creditManagerEmail ? [this.intake.ingest] : [])];
    for (const fn of mailing) ops.chartCounts(fn, METRIC.emailsSent);
  }
}
