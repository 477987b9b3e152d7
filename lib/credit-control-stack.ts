import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import { BankStatements } from './bank-statements';
import { CollectionsWorkflow } from './collections-workflow';
import { Console } from './console';
import { CreditReview } from './credit-review';
import { InvoiceIntake } from './invoice-intake';
import { Ledger } from './ledger';
import { Notifications } from './notifications';
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

  constructor(scope: Construct, id: string, props: CreditControlStackProps = {}) {
    super(scope, id, props);
    this.ledger = new Ledger(this, 'Ledger');
    this.notifications = new Notifications(this, 'Notifications', { senderAddress: props.senderAddress });
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
  }
}
