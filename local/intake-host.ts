import { mkdir, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { sqsRecordOf } from './sqs';
import { S3DocumentStore } from '../functions/adapters/document-store';
import { ledgerStores } from '../functions/adapters/ledger';
import { SesMailer } from '../functions/adapters/mailer';
import { LOCAL_BOOKING, LOCAL_SENDER } from './collections-host';
import { ENV, PREFIX } from '../functions/adapters/ledger-schema';
import type { Clock } from '../functions/domain/clock';
import { DEFAULT_MAX_INVOICE_BYTES } from '../functions/domain/einvoice';
import type { IngestDeps, IngestResult } from '../functions/ingest-invoice/ingest';
import type { Workflow } from '../functions/adapters/workflow';
import { DEFAULT_STATEMENT_LIMITS, looksLikeStatement } from '../functions/domain/statements';
import type { StatementIngestDeps, StatementIngestResult } from '../functions/ingest-statement/ingest';
import { notificationFor } from '../functions/ingest-invoice/input';
import { watchDropFolder } from './drop-folder';
import { announceHost, emulatorDataDir, lockDataDir } from './data-dir';
import { atMost, sleepReal } from './real-timers';
import { createBucket, createLedgerTable, type LocalClients } from './emulators';
import { startLocalAws, type LocalAws } from './local-aws';

export const LOCAL_TABLE = 'credit-control-ledger';
export const LOCAL_BUCKET = 'credit-control-documents';
/** The stack's queue sends a file to the dead-letter queue after this many failed deliveries. */
const MAX_RECEIVE_COUNT = 5;
/** How long stopping waits for the delivery in flight. */
const STOP_WAIT_MS = 2_000;


export interface IntakeHostOptions {
  /** Where the local AWS services keep their data, and where the drop folder is. */
  readonly dataDir: string;
  /** Start from empty data. */
  readonly reset: boolean;
  readonly clock: Clock;
  readonly maxInvoiceBytes?: number;
  /** Told of every file ingested, in the order they land. */
  readonly onResult: (result: IngestResult, dropped: string) => void;
  /** Told of every bank statement booked or refused. */
  readonly onStatement?: (result: StatementIngestResult, dropped: string) => void;
  /**
   * The collections runs, as the ingest functions reach them in AWS: an invoice whose collections
   * start date has come starts its run, a credit note or a bank payment wakes one, a returned
   * payment starts an ended one again.
   */
  readonly workflow: Workflow;
  readonly onError: (error: Error, dropped: string) => void;
  /** Who hears of credit-hold alerts by e-mail (through the local SES). */
  readonly creditManagerAddress?: string;
  /** Wraps each delivery, so a virtual clock knows work is in flight. */
  readonly busy?: <T>(work: () => Promise<T>) => Promise<T>;
}

export interface IntakeHost {
  readonly aws: LocalAws;
  readonly clients: LocalClients;
  readonly dropDir: string;
  stop(): Promise<void>;
}

const keysUnder = async (s3: LocalClients['s3'], prefix: string): Promise<string[]> => {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: prefix, ContinuationToken }));
    keys.push(...(page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return keys;
};

/**
 * The intake on one machine: the local AWS services, the table and bucket, and a drop folder standing in
 * for the finance system's uploads and the bank's statements. A file dropped there is put into the
 * bucket's inbox, or, when its content is a bank statement, under `statements/`; the local S3's
 * object event is delivered to the same handler Lambda runs for that prefix, as the SQS message
 * S3 would send.
 */
export async function startIntakeHost(options: IntakeHostOptions): Promise<IntakeHost> {
  const dataDir = resolve(options.dataDir);
  if (options.reset) await rm(dataDir, { recursive: true, force: true });
  const dropDir = `${dataDir}/drop`;
  await mkdir(dropDir, { recursive: true });
  const releaseLock = await lockDataDir(dataDir);

  const aws = await startLocalAws({ dataDir: emulatorDataDir(dataDir), clock: options.clock, listen: true });
  // A command run while the host is up (creditctl report, customers import) reaches the ledger here.
  if (aws.dynamodbEndpoint) await announceHost(dataDir, { dynamodbEndpoint: aws.dynamodbEndpoint });
  const clients = aws.clients;
  await createLedgerTable(clients.dynamodb, LOCAL_TABLE);
  await createBucket(clients.s3, LOCAL_BUCKET);

  // handler.ts builds its cloud dependencies at import, as at a Lambda cold start: point them here.
  Object.assign(process.env, {
    [ENV.ledgerTable]: LOCAL_TABLE,
    [ENV.documentsBucket]: LOCAL_BUCKET,
    // Never called: the local runs are reached through the workflow the host is given.
    [ENV.stateMachineArn]: 'arn:aws:states:eu-central-1:000000000000:stateMachine:collections-local',
    AWS_REGION: 'eu-central-1',
    // The handlers' logs are for CloudWatch; here each file gets one line of its own.
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    // The handlers' metrics are EMF lines for CloudWatch, written to stdout: not among the host's lines.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  });
  const [{ ingestRecord }, { ingestStatementRecord }] = await Promise.all([
    import('../functions/ingest-invoice/handler'),
    import('../functions/ingest-statement/handler'),
  ]);
  const ledger = ledgerStores(clients.dynamodb, LOCAL_TABLE);
  const deps: IngestDeps = {
    documents: new S3DocumentStore(clients.s3, LOCAL_BUCKET),
    ledger,
    clock: options.clock,
    maxInvoiceBytes: options.maxInvoiceBytes ?? DEFAULT_MAX_INVOICE_BYTES,
    creditManager: options.creditManagerAddress
      ? { mailer: new SesMailer(clients.ses, ledger.sendClaims, options.clock, LOCAL_SENDER), address: options.creditManagerAddress }
      : null,
    logger: { info: () => undefined, warn: () => undefined },
    workflow: options.workflow,
  };
  const statementDeps: StatementIngestDeps = {
    documents: deps.documents,
    ledger,
    workflow: options.workflow,
    clock: options.clock,
    maxStatementBytes: DEFAULT_STATEMENT_LIMITS.maxBytes,
    ...LOCAL_BOOKING,
    logger: deps.logger,
  };

  const droppedByKey = new Map<string, string>();
  const droppedAsStatement = new Set<string>();
  let sequence = 0;
  let deliveries = Promise.resolve();
  const deliver = async (record: SQSRecord, dropped: string): Promise<void> => {
    // As SQS would: a failed record is delivered again, up to the queue's receive count, then left for a person.
    for (let receive = 1; ; receive++) {
      try {
        if (dropped.startsWith(PREFIX.statements) || droppedAsStatement.has(dropped)) {
          for (const result of await ingestStatementRecord(record, statementDeps)) options.onStatement?.(result, dropped);
        } else {
          for (const result of await ingestRecord(record, deps)) options.onResult(result, dropped);
        }
        return;
      } catch (err) {
        if (receive >= MAX_RECEIVE_COUNT) throw err;
        await sleepReal(200 * receive);
      }
    }
  };
  const enqueue = (key: string) => {
    const sequencer = (++sequence).toString(16).padStart(16, '0');
    const message = sqsRecordOf(notificationFor(key, options.clock.now().toISOString(), sequencer), sequencer);
    const dropped = droppedByKey.get(key) ?? key;
    if (key.startsWith(PREFIX.statements)) droppedAsStatement.add(dropped);
    // One delivery at a time, in arrival order.
    const busy = options.busy ?? (<T>(work: () => Promise<T>) => work());
    deliveries = deliveries
      .then(() => busy(() => deliver(message, dropped)))
      .catch((err: unknown) => options.onError(err instanceof Error ? err : new Error(String(err)), dropped));
  };
  aws.onObjectCreated((key) => {
    if (key.startsWith(PREFIX.inbox) || key.startsWith(PREFIX.statements)) enqueue(key);
  });
  // What a stopped or killed host left in the inbox is delivered again, as SQS keeps a message
  // until it is handled: ingest deletes an object last, so anything still there is not done.
  for (const key of [...(await keysUnder(clients.s3, PREFIX.inbox)), ...(await keysUnder(clients.s3, PREFIX.statements))]) enqueue(key);

  const watcher = watchDropFolder(dropDir, async (path, name) => {
    try {
      const body = await readFile(path);
      const key = `${looksLikeStatement(body) ? PREFIX.statements : PREFIX.inbox}${name}`;
      droppedByKey.set(key, name);
      await clients.s3.send(new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: key, Body: body }));
      await rm(path, { force: true });
    } catch (err) {
      options.onError(err instanceof Error ? err : new Error(String(err)), name);
    }
  });

  return {
    aws,
    clients,
    dropDir,
    stop: async () => {
      await watcher.stop();
      // A delivery cut short leaves its file in the inbox, to be delivered again on the next start.
      await atMost(deliveries, STOP_WAIT_MS);
      await aws.stop();
      await releaseLock();
    },
  };
}
