import { readFile } from 'node:fs/promises';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { DynamoDBServiceException, ProvisionedThroughputExceededException, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3DocumentStore, type DocumentStore } from '../../functions/adapters/document-store';
import { ledgerStores } from '../../functions/adapters/ledger';
import { isoDate } from '../../functions/domain/calendar';
import { fixedClock } from '../../functions/domain/clock';
import { identitiesOf } from '../../functions/domain/credit';
import { writeUbl, type InvoiceDraft } from '../../functions/domain/einvoice';
import { archiveKeyFor, sha256Hex } from '../../functions/domain/intake';
import type { Decimal } from '../../functions/domain/money';
import type * as HandlerModule from '../../functions/ingest-invoice/handler';
import type { IngestDeps } from '../../functions/ingest-invoice/ingest';
import { clientsFor, createBucket, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';
import { standingOfRecord } from '../../functions/domain/receivables';
import { ingestObject } from '../../functions/ingest-invoice/ingest';
import { generatedLines, ublInvoice, zugferd1Invoice } from '../support/einvoice-builders';
import { deliveryOf, lambdaContext } from '../support/lambda';
import { einvoicePath } from '../support/shared';

const BUCKET = 'documents';
let emulators: Emulators;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let table = '';
let tableCount = 0;
let makeHandler: typeof HandlerModule.makeHandler;

beforeAll(async () => {
  emulators = await startEmulators();
  ({ dynamodb, s3 } = clientsFor(emulators));
  await createBucket(s3, BUCKET);
  // handler.ts builds its production dependencies at import (cold start): give it a valid environment.
  Object.assign(process.env, { LEDGER_TABLE: 'unused', DOCUMENTS_BUCKET: 'unused', STATE_MACHINE_ARN: 'unused', AWS_REGION: 'eu-central-1', POWERTOOLS_LOG_LEVEL: 'SILENT' });
  ({ makeHandler } = await import('../../functions/ingest-invoice/handler'));
});
afterAll(async () => emulators?.stop());

// A fresh table per test keeps tests independent without restarting the emulator.
const freshTable = async (): Promise<void> => {
  table = `ledger-${++tableCount}`;
  await createLedgerTable(dynamodb, table);
};
beforeEach(freshTable);

const silent = { info: () => undefined, warn: () => undefined };
const depsFor = (overrides: Partial<IngestDeps> = {}): IngestDeps => ({
  documents: new S3DocumentStore(s3, BUCKET),
  ledger: ledgerStores(dynamodb, table),
  clock: fixedClock('2026-03-02T09:00:05Z'),
  maxInvoiceBytes: 1_000_000,
  creditManager: null,
  logger: silent,
  workflow: { start: async () => 'started', signal: async () => 'not-waiting' },
  ...overrides,
});

const drop = async (key: string, bytes: Uint8Array | string): Promise<void> => {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bytes }));
};
const dropShared = async (key: string, file: string): Promise<Buffer> => {
  const bytes = await readFile(einvoicePath(file));
  await drop(key, bytes);
  return bytes;
};
const keysUnder = async (prefix: string): Promise<string[]> =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((o) => o.Key ?? '');
const objectBytes = async (key: string): Promise<Uint8Array> =>
  (await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body?.transformToByteArray()) ?? new Uint8Array();
const ledgerItems = async (): Promise<Record<string, unknown>[]> =>
  ((await dynamodb.send(new ScanCommand({ TableName: table }))).Items ?? []).map((item) => unmarshall(item));
const itemsOfType = async (type: string) => (await ledgerItems()).filter((item) => item.itemType === type);

// Files left in a shared bucket by earlier tests must not leak into the next one's assertions.
const uniqueKey = (() => {
  let n = 0;
  return (name: string) => `inbox/t${Date.now()}-${++n}/${name}`;
})();

describe('ingest-invoice handler', () => {
  it('stores a UBL invoice once, archives the original and empties the inbox', async () => {
    const key = uniqueKey('peppol.xml');
    const bytes = await dropShared(key, 'dev/ubl-peppol-base-example.xml');
    const handler = makeHandler(depsFor());

    const response = await handler(deliveryOf({ key }), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    const [invoice] = await itemsOfType('invoice');
    expect(invoice).toMatchObject({
      key: { sellerKey: 'vat:GB1232434', number: 'Snippet1' },
      lineCount: 2,
      invoice: { number: 'Snippet1', currency: 'EUR', totals: { due: '1656.25' }, buyer: { name: 'Buyer Official Name' } },
    });
    const archived = await keysUnder('archive/');
    expect(archived).toContain(invoice?.archiveKey);
    expect(Buffer.from(await objectBytes(String(invoice?.archiveKey)))).toEqual(bytes);
    expect(await keysUnder(key)).toEqual([]);
    expect((await itemsOfType('audit')).map((a) => a.action)).toEqual(['ingested']);
  });

  it('stores the same file dropped twice as one invoice and one archived original', async () => {
    const handler = makeHandler(depsFor());
    const first = uniqueKey('a.xml');
    const second = uniqueKey('copy-of-a.xml');
    await dropShared(first, 'dev/cii-xrechnung-03.06a.xml');
    await handler(deliveryOf({ key: first, sequencer: '01' }), lambdaContext());
    await dropShared(second, 'dev/cii-xrechnung-03.06a.xml');
    await handler(deliveryOf({ key: second, sequencer: '02', eventTime: '2026-03-02T10:00:00.000Z' }), lambdaContext());

    expect(await itemsOfType('invoice')).toHaveLength(1);
    expect((await itemsOfType('audit')).map((a) => a.action)).toEqual(['ingested', 'duplicate-ignored']);
    const archiveKey = String((await itemsOfType('invoice'))[0]?.archiveKey);
    expect((await keysUnder('archive/')).filter((k) => k === archiveKey)).toHaveLength(1);
    expect(await keysUnder(second)).toEqual([]);
  });

  it('appends nothing when SQS redelivers the same message', async () => {
    const handler = makeHandler(depsFor());
    const key = uniqueKey('x.xml');
    await dropShared(key, 'dev/ubl-cen-enexis-10-lines.xml');
    await handler(deliveryOf({ key }), lambdaContext());
    const again = await handler(deliveryOf({ key }), lambdaContext());

    expect(again.batchItemFailures).toEqual([]);
    expect(await itemsOfType('invoice')).toHaveLength(1);
    expect(await itemsOfType('audit')).toHaveLength(1);
  });

  it('records a different file with the same seller and number as a conflict, keeping the first', async () => {
    const handler = makeHandler(depsFor());
    const original = uniqueKey('inv.xml');
    const bytes = await dropShared(original, 'dev/ubl-peppol-base-example.xml');
    await handler(deliveryOf({ key: original, sequencer: '01' }), lambdaContext());
    const altered = uniqueKey('inv-again.xml');
    await drop(altered, bytes.toString('utf8').replace(/>1656.25</g, '>1700.00<').replace(/Buyer Official Name/g, 'Someone Else Ltd'));
    await handler(deliveryOf({ key: altered, sequencer: '02', eventTime: '2026-03-03T08:00:00.000Z' }), lambdaContext());

    const [invoice] = await itemsOfType('invoice');
    expect(invoice).toMatchObject({ invoice: { totals: { due: '1656.25' } } });
    const [quarantined] = await itemsOfType('quarantine');
    expect(quarantined).toMatchObject({ code: 'conflict', conflictsWith: { key: { number: 'Snippet1' } } });
    expect(String(quarantined?.message)).toMatch(/already in the ledger from another file/);
    expect((await itemsOfType('audit')).map((a) => a.action)).toEqual(['ingested', 'conflict-quarantined']);
    const reasonKey = (await keysUnder('quarantine/')).find((k) => k.endsWith('inv-again.xml.reason.json'));
    expect(JSON.parse(Buffer.from(await objectBytes(String(reasonKey))).toString('utf8'))).toMatchObject({ code: 'conflict' });
    // The quarantined file changed nothing of the customer either.
    expect((await itemsOfType('customer')).map((customer) => [customer.name, customer.revision])).toEqual([['Buyer Official Name', 1]]);
  });

  it('treats the same invoice re-exported in another file as the same invoice, not a conflict', async () => {
    const handler = makeHandler(depsFor());
    const xml = uniqueKey('inv.xml');
    const bytes = await dropShared(xml, 'dev/ubl-peppol-base-example.xml');
    await handler(deliveryOf({ key: xml, sequencer: '01' }), lambdaContext());
    const reformatted = uniqueKey('inv-pretty.xml');
    await drop(reformatted, `${bytes.toString('utf8')}\n<!-- exported again -->\n`);
    await handler(deliveryOf({ key: reformatted, sequencer: '02', eventTime: '2026-03-02T11:00:00.000Z' }), lambdaContext());

    expect(await itemsOfType('quarantine')).toEqual([]);
    expect((await itemsOfType('audit')).map((a) => a.action)).toEqual(['ingested', 'same-invoice-other-file']);
  });

  it('quarantines an unreadable file beside a JSON reason a person can act on', async () => {
    const handler = makeHandler(depsFor());
    const key = uniqueKey('no-number.xml');
    const bytes = await dropShared(key, 'bad/ubl-missing-bt1.xml');
    await handler(deliveryOf({ key }), lambdaContext());

    const quarantineKeys = await keysUnder('quarantine/');
    const kept = quarantineKeys.find((k) => k.endsWith('/no-number.xml'));
    expect(Buffer.from(await objectBytes(String(kept)))).toEqual(bytes);
    const reason = JSON.parse(Buffer.from(await objectBytes(`${kept}.reason.json`)).toString('utf8'));
    expect(reason).toMatchObject({ code: 'missing-term', message: 'BT-1 invoice number missing', sourceKey: key });
    expect(await itemsOfType('invoice')).toEqual([]);
    expect(await ledgerStores(dynamodb, table).quarantine.list()).toMatchObject([{ code: 'missing-term' }]);
    expect(await keysUnder(key)).toEqual([]);
  });

  it('quarantines a file over the size limit without reading it', async () => {
    const handler = makeHandler(depsFor({ maxInvoiceBytes: 1000 }));
    const key = uniqueKey('big.xml');
    await dropShared(key, 'dev/ubl-cen-koksmaat-20-lines.xml');
    await handler(deliveryOf({ key }), lambdaContext());

    expect(await itemsOfType('quarantine')).toMatchObject([{ code: 'too-large' }]);
    expect(String((await itemsOfType('quarantine'))[0]?.message)).toMatch(/the limit is 1000 bytes/);
  });

  it('reads a Factur-X PDF and archives it as a PDF', async () => {
    const handler = makeHandler(depsFor());
    const key = uniqueKey('facture.pdf');
    await dropShared(key, 'dev/pdf-fx-en16931-akretion.pdf');
    await handler(deliveryOf({ key }), lambdaContext());

    const [invoice] = await itemsOfType('invoice');
    expect(String(invoice?.archiveKey)).toMatch(/^archive\/[0-9a-f]{64}\.pdf$/);
    expect(invoice).toMatchObject({ invoice: { syntax: 'cii' } });
  });

  it('stores a ZUGFeRD 1.0 invoice as it stores any other, its profile kept', async () => {
    const handler = makeHandler(depsFor());
    const key = uniqueKey('ZUGFeRD-invoice.xml');
    await drop(key, zugferd1Invoice({ number: 'ZF1-INGEST' }));
    expect((await handler(deliveryOf({ key }), lambdaContext())).batchItemFailures).toEqual([]);

    const [invoice] = await itemsOfType('invoice');
    expect(invoice).toMatchObject({
      key: { sellerKey: 'vat:DE123456789', number: 'ZF1-INGEST' },
      invoice: { syntax: 'cii', customizationId: 'urn:ferd:CrossIndustryDocument:invoice:1p0:comfort', totals: { due: '235.62' } },
    });
    expect(await keysUnder(key)).toEqual([]);
  });

  it('retries a throttled ledger write and loses nothing', async () => {
    let throttles = 0;
    // A client of its own, its middleware added before its first send, when it caches its stack (sdkClient).
    const throttled = clientsFor(emulators).dynamodb;
    throttled.middlewareStack.add(
      (next) => async (args) => {
        if (throttles++ === 0) throw new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
        return next(args);
      },
      { step: 'initialize', name: 'injectThrottle' },
    );
    const handler = makeHandler(depsFor({ ledger: ledgerStores(throttled, table) }));
    const key = uniqueKey('t.xml');
    await dropShared(key, 'dev/cii-cen-huf.xml');

    const first = await handler(deliveryOf({ key, messageId: 'm1' }), lambdaContext());
    expect(throttles).toBeGreaterThan(0);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(await keysUnder(key)).toEqual([key]);
    const retry = await handler(deliveryOf({ key, messageId: 'm1' }), lambdaContext());

    expect(retry.batchItemFailures).toEqual([]);
    expect(await itemsOfType('invoice')).toHaveLength(1);
    expect(await itemsOfType('audit')).toHaveLength(1);
  });

  it('recovers from a crash right after the archive copy: one invoice, one original, inbox emptied', async () => {
    const real = new S3DocumentStore(s3, BUCKET);
    let crashes = 1;
    const crashing: DocumentStore = {
      fetch: (k, max) => real.fetch(k, max),
      exists: (k) => real.exists(k),
      putJson: (k, v) => real.putJson(k, v),
      delete: (k) => real.delete(k),
      copy: async (from, to) => {
        await real.copy(from, to);
        if (crashes-- > 0) throw new Error('Lambda crashed after the copy');
      },
    };
    const handler = makeHandler(depsFor({ documents: crashing }));
    const key = uniqueKey('c.xml');
    await dropShared(key, 'dev/ubl-xrechnung-01.01a.xml');

    expect((await handler(deliveryOf({ key, messageId: 'm2' }), lambdaContext())).batchItemFailures).toHaveLength(1);
    expect((await handler(deliveryOf({ key, messageId: 'm2' }), lambdaContext())).batchItemFailures).toEqual([]);

    const invoices = await itemsOfType('invoice');
    expect(invoices).toHaveLength(1);
    expect(await keysUnder(String(invoices[0]?.archiveKey))).toHaveLength(1);
    expect(await itemsOfType('audit')).toHaveLength(1);
    expect(await keysUnder(key)).toEqual([]);
  });

  it('fails only the record it cannot decode, and ingests the rest of the batch', async () => {
    const handler = makeHandler(depsFor());
    const key = uniqueKey('ok.xml');
    await dropShared(key, 'dev/ubl-cen-nok-prepaid.xml');

    const response = await handler(
      deliveryOf({ key, messageId: 'good' }, { key: 'inbox/garbled', messageId: 'garbled', body: '{"not":"an S3 event"}' }),
      lambdaContext(),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'garbled' }]);
    expect(await itemsOfType('invoice')).toHaveLength(1);
  });
});

/** A UBL invoice made to order: the values the readers may let through and the ledger cannot hold. */
const BUYER = { name: 'Brückner Bau AG', email: 'ap@brueckner.example', street: 'Lindenallee 8', city: 'Köln', postCode: '50667', countryCode: 'DE', vatId: 'DE300000025' };
const draft = (number: string, unitPrice = '100.00'): InvoiceDraft => ({
  number,
  issueDate: isoDate('2026-03-01'),
  dueDate: isoDate('2026-03-31'),
  currency: 'EUR',
  paymentTerms: 'Net 30 days',
  seller: { name: 'Lumen GmbH', email: 'billing@lumen.example', street: 'Werkstraße 12', city: 'Bremen', postCode: '28195', countryCode: 'DE', vatId: 'DE300000017', iban: 'DE02120300000000202051' },
  buyer: BUYER,
  lines: [{ name: 'Flange', quantity: '1' as Decimal, unitCode: 'C62', unitPrice: unitPrice as Decimal, vatRate: '0' as Decimal }],
});

/** What one file left behind: in the ledger, the archive, the quarantine and the inbox. */
const endStateOf = async (key: string, bytes: string) => {
  const sha256 = sha256Hex(bytes);
  return {
    invoices: (await itemsOfType('invoice')).length,
    audit: (await itemsOfType('audit')).map((entry) => entry.action),
    customerLinks: (await itemsOfType('customer-invoice')).length,
    archived: (await keysUnder(archiveKeyFor(sha256, 'xml'))).length,
    quarantined: (await itemsOfType('quarantine')).map((reason) => reason.code),
    quarantineFiles: (await keysUnder(`quarantine/${sha256}/`)).length,
    inbox: (await keysUnder(key)).length,
  };
};
const INGESTED = { invoices: 1, audit: ['ingested'], customerLinks: 1, archived: 1, quarantined: [], quarantineFiles: 0, inbox: 0 };
const QUARANTINED = { invoices: 0, audit: [], customerLinks: 0, archived: 0, quarantined: ['unstorable'], quarantineFiles: 2, inbox: 0 };

const quarantineReasonOf = async (bytes: string): Promise<{ code: string; message: string }> => {
  const reasonKey = (await keysUnder(`quarantine/${sha256Hex(bytes)}/`)).find((k) => k.endsWith('.reason.json'));
  return JSON.parse(Buffer.from(await objectBytes(String(reasonKey))).toString('utf8'));
};

/**
 * Faults at every write of one ingest. `transient`: the store throttles the call (nothing written);
 * `crash`: the call is written and the function dies before it hears so; `permanent`: the store
 * refuses the value. SQS then redelivers, as the stack's queue does, up to its receive count.
 */
type Fault = 'transient' | 'crash' | 'permanent';
const WRITE_COMMANDS: ReadonlySet<string> = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'PutObjectCommand',
  'CopyObjectCommand',
  'DeleteObjectCommand',
]);
const MAX_RECEIVES = 5;

const faultFor = (fault: Exclude<Fault, 'crash'>, store: 'dynamodb' | 's3'): Error => {
  const $metadata = { httpStatusCode: fault === 'transient' ? 503 : 400 };
  if (store === 's3') {
    return fault === 'transient'
      ? new S3ServiceException({ name: 'SlowDown', message: 'Please reduce your request rate', $fault: 'server', $metadata })
      : new S3ServiceException({ name: 'InvalidArgument', message: 'injected refusal', $fault: 'client', $metadata });
  }
  return fault === 'transient'
    ? new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata })
    : new DynamoDBServiceException({ name: 'ValidationException', message: 'injected refusal', $fault: 'client', $metadata });
};

/** What a write is, for reading the order of writes: the command and the item type or key prefix it writes. */
const labelOf = (command: string, input: { Item?: Record<string, AttributeValue>; Key?: unknown }): string => {
  const name = command.replace(/Command$/, '');
  if (input.Item) return `${name} ${input.Item.itemType?.S}`;
  return typeof input.Key === 'string' ? `${name} ${input.Key.split('/')[0]}` : name;
};

/**
 * Clients on the emulators that list the writes of both stores and fail the one numbered `at`. They are new, so
 * their middleware is there before their first send, when a client caches its stack (sdkClient).
 */
const faultyClients = (plan: { readonly at: number; readonly fault: Fault } | null) => {
  const { dynamodb: faultyDynamodb, s3: faultyS3 } = clientsFor(emulators);
  const writes: string[] = [];
  let injected = 0;
  const inject = async <T>(store: 'dynamodb' | 's3', command: string | undefined, input: object, send: () => Promise<T>): Promise<T> => {
    if (!command || !WRITE_COMMANDS.has(command)) return send();
    writes.push(labelOf(command, input));
    if (plan?.at !== writes.length) return send();
    injected++;
    if (plan.fault !== 'crash') throw faultFor(plan.fault, store);
    await send();
    throw new Error('the function died after the write');
  };
  // Before the SDK's own retries, so the fault reaches the ingest as it would after them.
  faultyDynamodb.middlewareStack.add((next, context) => (args) => inject('dynamodb', context.commandName, args.input, () => next(args)), {
    step: 'build',
    name: 'injectFault',
  });
  faultyS3.middlewareStack.add((next, context) => (args) => inject('s3', context.commandName, args.input, () => next(args)), {
    step: 'initialize',
    name: 'injectFault',
  });
  return { dynamodb: faultyDynamodb, s3: faultyS3, writes, injected: () => injected };
};

/** Ingests one file through clients with the plan's fault, redelivering while the handler reports it failed. */
const ingestWithFault = async (invoice: InvoiceDraft, plan: { readonly at: number; readonly fault: Fault } | null) => {
  const clients = faultyClients(plan);
  const handler = makeHandler(depsFor({ ledger: ledgerStores(clients.dynamodb, table), documents: new S3DocumentStore(clients.s3, BUCKET) }));
  const name = invoice.number;
  const key = uniqueKey(`${name}.xml`);
  const xml = writeUbl(invoice);
  await drop(key, xml);
  let receives = 0;
  let failed = true;
  while (failed && receives < MAX_RECEIVES) {
    receives++;
    failed = (await handler(deliveryOf({ key, messageId: name }), lambdaContext())).batchItemFailures.length > 0;
  }
  // A fault planned at a write that never came, or left out of the client's calls, would pass for a survived one.
  expect(clients.injected(), `the ${plan?.fault} fault at write ${plan?.at} of ${name}`).toBe(plan ? 1 : 0);
  return { key, xml, receives, failed, writes: clients.writes };
};

describe('ingest-invoice under a fault at every write', () => {
  it('takes back the credit-hold alert of an invoice it quarantines after the credit check', async () => {
    const withCreditLimit = () =>
      ledgerStores(dynamodb, table).customers.upsert(
        {
          identities: identitiesOf({ ...BUYER, legalRegistrationId: null, identifier: null, electronicAddress: null, electronicAddressScheme: null }),
          creditLimit: { amount: '50.00' as Decimal, currency: 'EUR' },
        },
        '2026-03-01T00:00:00.000Z',
      );
    await withCreditLimit();
    const { writes } = await ingestWithFault(draft('INV-HOLD-COUNT'), null);
    expect(writes).toContain('PutItem credit-hold');
    await freshTable();
    await withCreditLimit();

    const run = await ingestWithFault(draft('INV-HOLD'), { at: writes.indexOf('PutItem audit') + 1, fault: 'permanent' });

    expect(await endStateOf(run.key, run.xml)).toEqual(QUARANTINED);
    expect(await itemsOfType('credit-hold')).toEqual([]);
  });

  it('writes the invoice, its customer link, the archived original and the audit entry, in that order, then empties the inbox', async () => {
    const { writes } = await ingestWithFault(draft('INV-ORDER'), null);
    const position = (label: string) => writes.indexOf(label);

    expect(position('PutItem invoice')).toBeGreaterThanOrEqual(0);
    expect(position('PutItem customer-invoice')).toBeGreaterThan(position('PutItem invoice'));
    expect(position('CopyObject archive')).toBeGreaterThan(position('PutItem customer-invoice'));
    expect(writes.slice(-2)).toEqual(['PutItem audit', 'DeleteObject inbox']);
    expect(position('PutItem audit')).toBeGreaterThan(position('CopyObject archive'));
  });

  it.each<Fault>(['transient', 'crash', 'permanent'])(
    'ends a %s fault at any write either ingested exactly once or quarantined with nothing left',
    async (fault) => {
      const { writes } = await ingestWithFault(draft(`INV-COUNT-${fault}`), null);
      const commitAt = writes.indexOf('PutItem audit') + 1;
      for (let at = 1; at <= writes.length; at++) {
        await freshTable();
        const name = `INV-${fault}-${at}`;
        const run = await ingestWithFault(draft(name), { at, fault });

        // Only a refusal before the audit entry finishes the invoice can end in the quarantine.
        const expected = fault === 'permanent' && at <= commitAt ? QUARANTINED : INGESTED;
        expect({ at, write: writes[at - 1], failed: run.failed, ...(await endStateOf(run.key, run.xml)) }).toEqual({
          at,
          write: writes[at - 1],
          failed: false,
          ...expected,
        });
        if (fault === 'permanent' && at <= commitAt) expect(run.receives).toBe(1);
      }
    },
    600_000,
  );
});

describe('ingest-invoice with values the ledger cannot hold', () => {
  // The reader refuses them before anything is written; a store's own refusal of what slips past
  // it is the permanent fault injected at every write above.
  it.each([
    ['a 10 kB invoice number, over the key limit', draft(`INV-${'9'.repeat(10_000)}`), /BT-1/],
    ['a 40-digit amount, over the 38 digits of a DynamoDB number', draft('INV-40', `${'1'.repeat(38)}.11`), /digits/],
  ])('quarantines an invoice with %s, refused by the reader, and writes nothing else', async (_what, invoice, names) => {
    const handler = makeHandler(depsFor());
    const key = uniqueKey('unstorable.xml');
    const xml = writeUbl(invoice);
    await drop(key, xml);

    const response = await handler(deliveryOf({ key, messageId: 'unstorable' }), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(await endStateOf(key, xml)).toEqual({ ...QUARANTINED, quarantined: ['invalid-value'] });
    expect((await ledgerItems()).map((item) => item.itemType)).toEqual(['quarantine']);
    const reason = await quarantineReasonOf(xml);
    expect(reason).toMatchObject({ code: 'invalid-value', sourceKey: key });
    expect(reason.message).toMatch(names);
  });
});


describe('credit notes', () => {
  const creditNote = (number: string, amount: string, preceding: string | null) =>
    ublInvoice({
      root: 'CreditNote',
      number,
      issueDate: '2026-03-01',
      sellerName: 'Seller AB',
      buyerName: 'Buyer GmbH',
      header: preceding ? `<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>${preceding}</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>` : '',
      lines: generatedLines(1, () => amount),
    });
  const ingest = async (xml: string, name: string) => {
    const key = uniqueKey(name);
    await drop(key, xml);
    return ingestObject({ key, eventTime: '2026-03-02T09:00:00.000Z', sequencer: '01' }, depsFor());
  };
  const openOf = async (number: string) => {
    const found = (await ledgerStores(dynamodb, table).cases.ofCustomer(customerId))!.find((one) => one.record.key.number === number && one.record.invoice.kind === 'invoice')!;
    return standingOfRecord(found.record, found.events, isoDate('2026-03-02'));
  };
  let customerId = '';

  it('applies a credit note to the invoice it names, even numbered like it, and closes it as credited when nothing is left', async () => {
    const invoice = await ingest(ublInvoice({ number: 'INV-77', buyerName: 'Buyer GmbH', lines: generatedLines(2, () => '50.00') }), 'inv-77.xml');
    expect(invoice.outcome).toBe('added');
    customerId = 'invoice' in invoice ? invoice.invoice.customerId : '';
    const partial = await ingest(creditNote('INV-77', '30.00', 'INV-77'), 'cn-77.xml');
    expect(partial).toMatchObject({ outcome: 'added', invoice: { key: { number: 'INV-77', document: 'credit-note' } } });
    expect(await openOf('INV-77')).toMatchObject({ open: '70', credited: '30', settledBy: null });
    await ingest(creditNote('CN-78', '70.00', 'INV-77'), 'cn-78.xml');
    // The same file again applies nothing twice.
    await ingest(creditNote('CN-78', '70.00', 'INV-77'), 'cn-78-again.xml');
    expect(await openOf('INV-77')).toMatchObject({ open: '0', credited: '100', settledBy: 'credited' });
    const trail = await ledgerStores(dynamodb, table).audit.trail({ sellerKey: 'name:seller ab', number: 'CN-78', document: 'credit-note' });
    expect(trail.map((entry) => entry.action)).toContain('credit-note-applied');
  });

  it("keeps a credit note that names no known invoice as the customer's credit, to allocate", async () => {
    const added = await ingest(creditNote('CN-90', '25.00', 'INV-UNKNOWN'), 'cn-90.xml');
    expect(added.outcome).toBe('added');
    const id = 'invoice' in added ? added.invoice.customerId : '';
    expect(await ledgerStores(dynamodb, table).accounts.facts(id)).toEqual([
      expect.objectContaining({ type: 'credit-note', amount: '25', currency: 'EUR', reference: 'credit note CN-90' }),
    ]);
  });
});
