import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { deliveryQueues } from './delivery-queues';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, PREFIX } from '../functions/adapters/ledger-schema';
import type { ICollectionsWorkflow } from './collections-workflow';
import { nagArnOf, ServiceFunction } from './service-function';

/** Where statements are archived, by content: the statement function writes nowhere else under `archive/`. */
export const STATEMENT_ARCHIVE_PREFIX = `${PREFIX.archive}statements/`;

/**
 * How bank lines are booked, by the statement function and by a person assigning a queued line
 * alike: both functions get the same settings, so the two ways into the ledger agree.
 */
export interface BookingSettings {
  /** The confidence (0 to 1) from which a match is booked without a person. @default - the functions' own (0.9) */
  readonly matchThreshold?: number;
  /** Allocate a customer's unapplied cash to its open invoices, oldest first, as soon as it has some. @default false */
  readonly autoAllocate?: boolean;
}

/** The variables that carry `settings` to a function; an unset one leaves the function's own default. */
export function bookingEnvironment(settings: BookingSettings): Record<string, string> {
  const { matchThreshold, autoAllocate } = settings;
  // Checked here so a wrong value fails `cdk synth`, not every cold start after a deployment.
  if (matchThreshold !== undefined && !(Number.isFinite(matchThreshold) && matchThreshold >= 0 && matchThreshold <= 1)) {
    throw new Error(`matchThreshold must be a number from 0 to 1, not ${JSON.stringify(matchThreshold)}`);
  }
  return {
    ...(matchThreshold === undefined ? {} : { [ENV.matchThreshold]: String(matchThreshold) }),
    ...(autoAllocate === undefined ? {} : { [ENV.autoAllocate]: String(autoAllocate) }),
  };
}

export interface BankStatementsProps extends BookingSettings {
  /** The documents bucket: statements arrive under `statements/`, are archived under `archive/statements/`, refused ones go to `quarantine/`. */
  readonly documents: IBucket;
  /** The ledger the lines are booked in. */
  readonly ledger: ITable;
  /** The workflow whose runs a booked payment wakes, or a returned one restarts. */
  readonly workflow: ICollectionsWorkflow;
  /** Files over this size are quarantined unread. @default - the function's own limit (64 MiB) */
  readonly maxStatementBytes?: number;
  /**
   * Deliveries of one file before it moves to the dead-letter queue. Higher than the intake's:
   * with one statement at a time, a delivery Lambda throttles counts as one too. @default 10
   */
  readonly maxReceiveCount?: number;
}

const STATEMENT_TIMEOUT = Duration.minutes(5);

/**
 * Bank statements in: a camt.053/054 or MT940 file dropped under `statements/` of the documents
 * bucket is announced on a queue of its own and booked by the statement function, line by line,
 * once; the original is archived by content under `archive/statements/`, or quarantined with its
 * reason. A file that keeps failing ends in the dead-letter queue, which raises an alarm.
 */
export class BankStatements extends Construct {
  /** S3's notifications of new files under `statements/`. */
  public readonly queue: Queue;
  /** Notifications whose file failed `maxReceiveCount` times. */
  public readonly deadLetterQueue: Queue;
  /** Reads a statement, books and matches its lines, moves the file on. */
  public readonly ingest: ServiceFunction;

  constructor(scope: Construct, id: string, props: BankStatementsProps) {
    super(scope, id);
    if (props.maxStatementBytes !== undefined && !(Number.isSafeInteger(props.maxStatementBytes) && props.maxStatementBytes > 0)) {
      throw new Error(`maxStatementBytes must be a positive integer, not ${JSON.stringify(props.maxStatementBytes)}`);
    }

    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = deliveryQueues(this, {
      what: 'statements',
      functionTimeout: STATEMENT_TIMEOUT,
      maxReceiveCount: props.maxReceiveCount ?? 10,
    }));
    // The intake's notification covers inbox/ only: the two prefixes never overlap, as S3 requires.
    props.documents.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), { prefix: PREFIX.statements });

    
    this.ingest = new ServiceFunction(this, 'Ingest', {
      entry: 'functions/ingest-statement/handler.ts',
      description: 'Books bank statement files from statements/ into the ledger and matches their payments',
      // A statement of up to 64 MiB read whole, its parsed lines, and a snapshot of the ledger's
      // open items to match against, all in memory at once; Lambda's CPU grows with memory too.
      memorySize: 2048,
      timeout: STATEMENT_TIMEOUT,
      // One statement at a time: matching reads what is open once per file, so two files booked
      // at once could both pay the same open invoice (and bank days arrive in order anyway).
      reservedConcurrentExecutions: 1,
      environment: {
        [ENV.ledgerTable]: props.ledger.tableName,
        [ENV.documentsBucket]: props.documents.bucketName,
        [ENV.stateMachineArn]: props.workflow.stateMachineArn,
        ...(props.maxStatementBytes === undefined ? {} : { [ENV.maxStatementBytes]: String(props.maxStatementBytes) }),
        ...bookingEnvironment(props),
      },
    });
    this.ingest.addEventSource(
      new SqsEventSource(this.queue, {
        // One file per invocation: a statement may be 64 MiB, and the memory above is sized for one.
        batchSize: 1,
        // The poller's least: it rarely tries a second file while one books, which the reserved
        // concurrency would throttle (and SQS count as a delivery).
        maxConcurrency: 2,
        reportBatchItemFailures: true,
      }),
    );
    this.grantIngest(props);
  }

  private grantIngest({ documents, ledger, workflow }: BankStatementsProps): void {
    const { ingest } = this;
    documents.grantRead(ingest, `${PREFIX.statements}*`);
    documents.grantDelete(ingest, `${PREFIX.statements}*`);
    // Read on its outputs too: the function checks with HEAD whether an earlier delivery already
    // wrote a key, and S3 answers 404 rather than 403 only to a caller that may read and list.
    for (const prefix of [STATEMENT_ARCHIVE_PREFIX, PREFIX.quarantine]) {
      documents.grantRead(ingest, `${prefix}*`);
      documents.grantPut(ingest, `${prefix}*`);
    }
    const documentsArn = nagArnOf(documents);
    ingest.acknowledgeWildcards(
      "CDK's S3 grants, on the documents bucket only and on objects only under the prefixes the function works in: it reads, " +
        'copies out of and deletes from statements/, and checks for and writes keys under archive/statements/ and quarantine/.',
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      ...(documentsArn ? [PREFIX.statements, STATEMENT_ARCHIVE_PREFIX, PREFIX.quarantine].map((prefix) => `Resource::${documentsArn}/${prefix}*`) : []),
    );

    // Lines, the unmatched queue, payers, accounts, invoices' events, and a scan for the snapshot of what is open.
    ledger.grantReadWriteData(ingest);
    const ledgerArn = nagArnOf(ledger);
    if (ledgerArn) {
      ingest.acknowledgeWildcards("The ledger's own indexes: the table grant extends to them, and no other table.", `Resource::${ledgerArn}/index/*`);
    }
    // A booked payment wakes the invoice's waiting run; a returned one starts a fresh run for an ended one.
    workflow.grantSignal(ingest);
    workflow.grantStart(ingest);
  }
}
