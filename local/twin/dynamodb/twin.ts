import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MetadataBearer, MiddlewareStack } from '@smithy/types';
import { answerInProcess, responseMetadata } from '../in-process';
import { Database, type Input, type Output, type WriteRecord } from './database';
import { isServiceError, unknownOperation, wireTypeOf } from './errors';
import { Journal } from './journal';
import { query, scan } from './reads';
import { fromWire, toWire } from './wire';

export interface DynamoDbTwinOptions {
  /**
   * A file that keeps every table and item across processes: each write is appended before it
   * answers, the file is replayed and compacted when a twin opens it. In memory only when absent.
   */
  readonly journal?: string;
  /** The region in the tables' ARNs. @default 'us-east-1' */
  readonly region?: string;
}

/** The operations the twin answers, by their API names. */
const OPERATIONS: Readonly<Record<string, (db: Database, input: Input) => Output>> = {
  CreateTable: (db, input) => db.createTable(input),
  DescribeTable: (db, input) => db.describeTable(input),
  DeleteTable: (db, input) => db.deleteTable(input),
  ListTables: (db, input) => db.listTables(input),
  PutItem: (db, input) => db.putItem(input),
  GetItem: (db, input) => db.getItem(input),
  UpdateItem: (db, input) => db.updateItem(input),
  DeleteItem: (db, input) => db.deleteItem(input),
  Query: query,
  Scan: scan,
  BatchGetItem: (db, input) => db.batchGetItem(input),
  BatchWriteItem: (db, input) => db.batchWriteItem(input),
};

/** DynamoDB's request ids are 52 characters of A-Z and 0-9; a random prefix and a counter make them unique and cheap. */
const REQUEST_ID_PREFIX = randomBytes(30).toString('base64').toUpperCase().replace(/[^A-Z0-9]/g, '0').slice(0, 40);
let requests = 0;
const requestId = (): string => REQUEST_ID_PREFIX + (++requests).toString(36).toUpperCase().padStart(12, '0');

/**
 * DynamoDB in process, with DynamoDB's semantics for what the ledger uses: tables with global
 * secondary indexes, conditional writes, update, condition, filter, key condition and projection
 * expressions, queries and scans with their pages, batches, and DynamoDB's validation errors, all
 * thrown as the SDK's own exceptions. Numbers are exact decimals of up to 38 digits.
 *
 * An SDK client is attached to it (`attachTo`), or reaches it over HTTP (`listen`).
 * @example
 *   const twin = new DynamoDbTwin({ journal: '.data/dynamodb.journal' });
 *   const client = new DynamoDBClient({ region: 'eu-central-1', credentials });
 *   twin.attachTo(client); // handlers and stores use `client` as against AWS
 */
export class DynamoDbTwin {
  private readonly database: Database;
  private readonly journal: Journal | undefined;
  private server: Server | undefined;

  constructor(options: DynamoDbTwinOptions = {}) {
    this.journal = options.journal ? new Journal(options.journal) : undefined;
    this.database = new Database({
      region: options.region ?? 'us-east-1',
      accountId: '000000000000',
      onWrite: (records: readonly WriteRecord[]) => this.journal?.append(records),
    });
    if (this.journal) {
      for (const record of this.journal.read()) this.database.replay(record);
      this.journal.compact(this.database.snapshot());
    }
  }

  /**
   * Answers one operation, synchronously: the input and output in the shapes of the SDK's
   * low-level client (`PutItemCommandInput`, ...), errors thrown as the SDK's exceptions.
   */
  execute(operation: string, input: Input): Output {
    const answer = OPERATIONS[operation];
    if (!answer) throw unknownOperation(operation);
    return answer(this.database, input);
  }

  /**
   * Makes every command of the client answered by the twin, in process: at the end of the
   * initialize step (`answerInProcess`), so nothing is serialized, no endpoint is resolved,
   * nothing is signed or retried. Those steps cost more than the twin's own work on every call
   * (a simulation makes about 50 per invoice). The answer is the low-level client's: the
   * ledger marshals with util-dynamodb; a DynamoDBDocumentClient over an attached client would
   * see unmarshalled input, as it marshals in the serialize step, and is not supported.
   */
  attachTo(client: DynamoDBClient): void {
    answerInProcess(client.middlewareStack as unknown as MiddlewareStack<Input, Output & MetadataBearer>, 'dynamoDbTwin', async (commandName, input) => {
      try {
        return { ...this.execute(commandName.replace(/Command$/, ''), input), $metadata: responseMetadata(200, requestId()) };
      } catch (err) {
        if (isServiceError(err)) err.$metadata = { ...err.$metadata, requestId: requestId() };
        throw err;
      }
    });
  }

  /**
   * Serves the twin over HTTP on a loopback port, as DynamoDB's JSON protocol: another process
   * reaches it with a plain SDK client (`endpoint`). Resolves to the endpoint, `http://127.0.0.1:PORT`.
   */
  listen(): Promise<string> {
    // A request the client abandons mid-body ends its connection, not the process.
    const server = createServer((request, response) => void this.serve(request, response).catch(() => response.destroy()));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    });
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const id = requestId();
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': id });
      response.end(text);
    };
    const [api, operation] = String(request.headers['x-amz-target'] ?? '').split('.');
    if (request.method !== 'POST' || api !== 'DynamoDB_20120810' || !operation) {
      send(400, { __type: wireTypeOf('UnknownOperationException') });
      return;
    }
    let input: Input;
    try {
      input = fromWire(JSON.parse(Buffer.concat(chunks).toString('utf8'))) as Input;
    } catch {
      send(400, { __type: wireTypeOf('SerializationException') });
      return;
    }
    try {
      send(200, toWire(this.execute(operation, input)));
    } catch (err) {
      if (!isServiceError(err)) {
        send(500, { __type: wireTypeOf('InternalServerError'), message: (err as Error).message });
        return;
      }
      const { Item } = err as { Item?: unknown };
      send(err.$metadata.httpStatusCode ?? 400, { __type: wireTypeOf(err.name), message: err.message, ...(Item ? { Item: toWire(Item) } : {}) });
    }
  }

  /** Stops serving (ending every connection, idle or busy) and closes the journal. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    this.journal?.close();
  }
}
