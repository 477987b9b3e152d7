import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { sdkClient } from '../functions/adapters/sdk-clients';
import type { Clock } from '../functions/domain/clock';
import { storageEventsOf } from '../functions/ingest-invoice/input';
import { LOCAL_AWS, type LocalClients, type SentEmail } from './emulators';
import { DynamoDbTwin } from './twin/dynamodb';
import { S3Twin } from './twin/s3';
import { SesTwin } from './twin/ses';

export interface LocalAwsOptions {
  /** Folder that keeps the ledger, the objects and the e-mails across restarts; memory only when absent. */
  readonly dataDir?: string;
  /** Gives objects their LastModified and events their time. */
  readonly clock: Clock;
  /** Serve the ledger over HTTP too, for commands run while the host is up (`creditctl report`). */
  readonly listen?: boolean;
  /** Keep the e-mails sent for `sentEmails()` (the console's mailbox), or only count them (a simulation). @default true */
  readonly keepEmails?: boolean;
}

/** DynamoDB, S3 and SES for the local host, answered in this process at the SDK clients. */
export interface LocalAws {
  /** Real SDK v3 clients: handlers, adapters and stores use them as they use AWS's. */
  readonly clients: LocalClients;
  /** Where another process reaches the ledger, when served. */
  readonly dynamodbEndpoint: string | null;
  /** Told of each object created, by its key, in the order they were written. */
  onObjectCreated(listener: (key: string) => void): void;
  /** The e-mails sent, oldest first; none when they are only counted. */
  sentEmails(): Promise<SentEmail[]>;
  /** How many e-mails were sent in this process. */
  emailsSent(): number;
  stop(): Promise<void>;
}

/** A data folder whose ledger dynalite kept (LevelDB files), from before the ledger was kept in a journal. */
export class EarlierDataFolderError extends Error {
  override readonly name = 'EarlierDataFolderError';
}

/** The region the twins put in ARNs: the one the clients name. */
const REGION = LOCAL_AWS.region;

/**
 * The local AWS of `npm start` and `creditctl simulate`: DynamoDB, S3 and SES as in-process twins
 * with the services' semantics, attached to real SDK clients, so that the handlers and adapters are
 * exactly those that run in AWS without an HTTP round trip, a signature or a JSON transcoding per
 * call (the emulators over loopback cost most of a simulation's time). The emulators (local/emulators.ts)
 * remain for the integration tests and as the twins' reference in their differential tests.
 */
export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const dataDir = options.dataDir;
  if (dataDir) {
    const dynaliteStore = `${dataDir}/dynamodb`;
    if (existsSync(dynaliteStore) && readdirSync(dynaliteStore).length > 0 && !existsSync(`${dataDir}/dynamodb.journal`)) {
      throw new EarlierDataFolderError(
        `${dataDir} holds a ledger written by an earlier version of credit-control (dynalite's store); start with --reset for a new one, or keep that folder for the earlier version`,
      );
    }
    await mkdir(dataDir, { recursive: true });
  }
  const dynamodb = new DynamoDbTwin({ region: REGION, ...(dataDir ? { journal: `${dataDir}/dynamodb.journal` } : {}) });
  const s3 = new S3Twin({ clock: options.clock, ...(dataDir ? { directory: `${dataDir}/objects` } : {}) });
  const ses = new SesTwin({ clock: options.clock, keepEmails: options.keepEmails ?? true, ...(dataDir ? { file: `${dataDir}/ses/emails.ndjson` } : {}) });
  const clients: LocalClients = {
    dynamodb: sdkClient(DynamoDBClient, { ...LOCAL_AWS }),
    s3: sdkClient(S3Client, { ...LOCAL_AWS }),
    ses: sdkClient(SESv2Client, { ...LOCAL_AWS }),
  };
  dynamodb.attachTo(clients.dynamodb);
  s3.attachTo(clients.s3);
  ses.attachTo(clients.ses);
  const dynamodbEndpoint = options.listen ? await dynamodb.listen() : null;
  return {
    clients,
    dynamodbEndpoint,
    onObjectCreated: (listener) =>
      s3.on('event', (event) => {
        for (const { key } of storageEventsOf(JSON.stringify(event))) listener(key);
      }),
    sentEmails: async () => ses.sentEmails(),
    emailsSent: () => ses.sentCount(),
    stop: async () => {
      await Promise.all([dynamodb.close(), s3.close()]);
    },
  };
}
