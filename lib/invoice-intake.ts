import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { deliveryQueues } from './delivery-queues';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, PREFIX } from '../functions/adapters/ledger-schema';
import type { ICollectionsWorkflow } from './collections-workflow';
import type { EmailSender } from './notifications';
import { nagArnOf, ServiceFunction } from './service-function';

export interface InvoiceIntakeProps {
  /** The ledger the ingest function writes invoices and their audit events to. */
  readonly ledger: ITable;
  /** Deliveries of one file before it moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** Files over this size are quarantined unread. @default - the function's own limit (128 MiB) */
  readonly maxInvoiceBytes?: number;
  /**
   * Who is e-mailed a credit-hold alert when an invoice takes a customer past its credit limit,
   * and the sender it goes through. @default - alerts are kept in the ledger only
   */
  readonly creditManager?: { readonly address: string; readonly sender: EmailSender };
}

const INGEST_TIMEOUT = Duration.seconds(60);
// Powertools processes a batch's records concurrently, and a file may be up to maxInvoiceBytes read
// whole: a small batch keeps the worst case within the function's memory.
const INGEST_BATCH_SIZE = 4;

/**
 * The way in: a file dropped under `inbox/` of the documents bucket is announced on a queue and
 * taken into the ledger by the ingest function, its original kept under `archive/`, or under
 * `quarantine/` with the reason when it cannot be read. A file that keeps failing ends in the
 * dead-letter queue, which raises an alarm.
 */
export class InvoiceIntake extends Construct {
  /** Inbox, archive and quarantine of invoice documents, and the drop folder of bank statements (`statements/`). */
  public readonly documents: Bucket;
  /** S3's notifications of new files under `inbox/`. */
  public readonly queue: Queue;
  /** Notifications whose file failed `maxReceiveCount` times. */
  public readonly deadLetterQueue: Queue;
  /** Reads a file, writes the ledger, moves the file on. */
  public readonly ingest: ServiceFunction;

  constructor(scope: Construct, id: string, props: InvoiceIntakeProps) {
    super(scope, id);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket: logging its own access would log every log delivery, without end.',
    });

    this.documents = new Bucket(this, 'Documents', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
      // An ingested file (invoice or bank statement) is deleted from where it was dropped once
      // archived: its old versions there are copies.
      lifecycleRules: [PREFIX.inbox, PREFIX.statements].map((prefix) => ({
        prefix,
        noncurrentVersionExpiration: Duration.days(30),
        expiredObjectDeleteMarker: true,
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      })),
    });

    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = deliveryQueues(this, {
      what: 'intake',
      functionTimeout: INGEST_TIMEOUT,
      maxReceiveCount: props.maxReceiveCount ?? 5,
    }));
    this.documents.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), { prefix: PREFIX.inbox });
    this.acknowledgeNotificationsHandler();

    
    this.ingest = new ServiceFunction(this, 'Ingest', {
      entry: 'functions/ingest-invoice/handler.ts',
      description: 'Takes invoice files from the inbox into the ledger',
      memorySize: 1024,
      timeout: INGEST_TIMEOUT,
      environment: {
        [ENV.ledgerTable]: props.ledger.tableName,
        [ENV.documentsBucket]: this.documents.bucketName,
        ...(props.maxInvoiceBytes === undefined ? {} : { [ENV.maxInvoiceBytes]: String(props.maxInvoiceBytes) }),
        ...(props.creditManager
          ? {
              [ENV.creditManagerEmail]: props.creditManager.address,
              [ENV.senderAddress]: props.creditManager.sender.senderAddress,
              [ENV.configurationSet]: props.creditManager.sender.configurationSetName,
            }
          : {}),
      },
    });
    props.creditManager?.sender.grantSendEmail(this.ingest);
    this.ingest.addEventSource(new SqsEventSource(this.queue, { batchSize: INGEST_BATCH_SIZE, reportBatchItemFailures: true }));
    this.grantIngest(props.ledger);
  }

  private grantIngest(ledger: ITable): void {
    const { documents, ingest } = this;
    const objects = (prefix: string): string => `Resource::${nagArnOf(documents)}/${prefix}*`;
    documents.grantRead(ingest, `${PREFIX.inbox}*`);
    documents.grantDelete(ingest, `${PREFIX.inbox}*`);
    // Read on its outputs too: the function checks with HEAD whether an earlier delivery already
    // wrote a key, and S3 answers 404 rather than 403 only to a caller that may read and list.
    for (const prefix of [PREFIX.archive, PREFIX.quarantine]) {
      documents.grantRead(ingest, `${prefix}*`);
      documents.grantPut(ingest, `${prefix}*`);
    }
    ingest.acknowledgeWildcards(
      "CDK's S3 grants, on this bucket only and on objects only under the prefixes the function works in: it reads, copies " +
        'out of and deletes from inbox/, and checks for and writes keys under archive/ and quarantine/.',
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      ...[PREFIX.inbox, PREFIX.archive, PREFIX.quarantine].map(objects),
    );

    ledger.grantReadWriteData(ingest);
    const ledgerArn = nagArnOf(ledger);
    if (ledgerArn) {
      ingest.acknowledgeWildcards("The ledger's own indexes: the table grant extends to them, and no other table.", `Resource::${ledgerArn}/index/*`);
    }
  }

  /**
   * Lets the ingest function reach the collections runs, and nothing else of the state machine:
   * it starts the run of an invoice whose collections start date has come when it stores it
   * (`states:StartExecution`), and a credit note that credits an invoice wakes its run
   * (`states:SendTaskSuccess`). The runs are built after the intake, which holds the bucket
   * their agency step writes to.
   */
  public reachRuns(workflow: ICollectionsWorkflow): void {
    this.ingest.addEnvironment(ENV.stateMachineArn, workflow.stateMachineArn);
    workflow.grantSignal(this.ingest);
    workflow.grantStart(this.ingest);
  }

  /** CDK's singleton handler that writes the bucket's notification configuration at deployment. */
  private acknowledgeNotificationsHandler(): void {
    const handler = Stack.of(this).node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (!handler) return;
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "CDK's own deployment-time handler for S3 notifications; it runs only on deployment and CDK gives its role this policy for its logs.",
    });
  }
}
