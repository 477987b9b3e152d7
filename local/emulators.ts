import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import sesLocal from 'aws-ses-v2-local';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { COLLECTIONS_START_INDEX, LEDGER_KEY } from '../functions/adapters/ledger-schema';

/** Region and credentials the emulators accept: nothing here talks to AWS. */
export const LOCAL_AWS = { region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } as const;

export interface Emulators {
  readonly dynamodbEndpoint: string;
  readonly s3Endpoint: string;
  readonly sesEndpoint: string;
  /** The running S3 emulator: the local host listens to its object events. */
  readonly s3rver: S3rver;
  /** The e-mails the SES emulator accepted, as a mail client would show them. */
  sentEmails(): Promise<SentEmail[]>;
  stop(): Promise<void>;
}

const listen = (server: Server): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });

// aws-ses-v2-local is CommonJS with `exports.default`: Node's ESM loader hands over the exports object, bundlers the function.
const startSes: typeof sesLocal = (sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal;

/** Stops listening and ends every connection, idle or busy: a client's keep-alive socket must not hold a stop up. */
const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/**
 * Starts DynamoDB (dynalite), S3 (s3rver) and SES (aws-ses-v2-local) on loopback ports chosen by
 * the system, in memory: the emulators the integration tests run the handlers against over HTTP,
 * and the references of the in-process twins (local/twin) in their differential tests.
 */
export async function startEmulators(): Promise<Emulators> {
  const s3Dir = await mkdtemp(join(tmpdir(), 'credit-control-s3-'));
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamodbEndpoint = await listen(dynamo);
  const s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, resetOnClose: true, vhostBuckets: false });
  const { port } = await s3rver.run();
  const ses = await startSes({ host: '127.0.0.1', port: 0 });
  const sesEndpoint = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
  return {
    dynamodbEndpoint,
    s3Endpoint: `http://127.0.0.1:${port}`,
    sesEndpoint,
    s3rver,
    sentEmails: async () => ((await (await fetch(`${sesEndpoint}/store`)).json()) as { emails: SentEmail[] }).emails,
    stop: async () => {
      const s3Server = (s3rver as unknown as { httpServer?: Server }).httpServer;
      await Promise.all([close(dynamo), s3Server ? close(s3Server) : s3rver.close(), close(ses)]);
      await rm(s3Dir, { recursive: true, force: true });
    },
  };
}

/** An e-mail as the SES emulator stores it. */
export interface SentEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  /** Seconds since the epoch (real time). */
  readonly at: number;
}

export interface LocalClients {
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly ses: SESv2Client;
}

/** Real SDK v3 clients pointed at the emulators. */
export const clientsFor = (emulators: Pick<Emulators, 'dynamodbEndpoint' | 's3Endpoint' | 'sesEndpoint'>): LocalClients => ({
  ses: new SESv2Client({ ...LOCAL_AWS, endpoint: emulators.sesEndpoint }),
  dynamodb: new DynamoDBClient({ ...LOCAL_AWS, endpoint: emulators.dynamodbEndpoint }),
  s3: new S3Client({
    ...LOCAL_AWS,
    // s3rver knows one key pair, its own.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    endpoint: emulators.s3Endpoint,
    forcePathStyle: true,
    // s3rver stores aws-chunked uploads verbatim: checksums only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }),
});

/** Creates the ledger table with the stack's key schema (lib/ledger.ts reads the same constants). */
export async function createLedgerTable(db: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await db.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: LEDGER_KEY.partitionKey, AttributeType: 'S' },
          { AttributeName: LEDGER_KEY.sortKey, AttributeType: 'S' },
          { AttributeName: COLLECTIONS_START_INDEX.partitionKey, AttributeType: 'S' },
          { AttributeName: COLLECTIONS_START_INDEX.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: LEDGER_KEY.partitionKey, KeyType: 'HASH' },
          { AttributeName: LEDGER_KEY.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: COLLECTIONS_START_INDEX.indexName,
            KeySchema: [
              { AttributeName: COLLECTIONS_START_INDEX.partitionKey, KeyType: 'HASH' },
              { AttributeName: COLLECTIONS_START_INDEX.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...COLLECTIONS_START_INDEX.projectedAttributes] },
          },
        ],
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  // The SDK waiter polls every 20 s at the least; dynalite activates a table within milliseconds.
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`table ${tableName} did not become active`);
}

export async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  }
}
