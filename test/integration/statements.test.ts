import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3DocumentStore } from '../../functions/adapters/document-store';
import { ledgerStores, type LedgerStores } from '../../functions/adapters/ledger';
import type { Workflow } from '../../functions/adapters/workflow';
import { isoDate } from '../../functions/domain/calendar';
import { fixedClock } from '../../functions/domain/clock';
import type { InvoiceKey } from '../../functions/domain/intake';
import { rfReferenceOf } from '../../functions/domain/matching';
import type { Decimal } from '../../functions/domain/money';
import { standingOfRecord } from '../../functions/domain/receivables';
import { accountOf } from '../../functions/accounts/account';
import { assignLine } from '../../functions/ingest-statement/assign';
import { ingestStatement, type StatementIngestDeps } from '../../functions/ingest-statement/ingest';
import { writeCamt053, type EntryDraft } from '../../local/demo/camt053-writer';
import { clientsFor, createBucket, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';
import type { ScenarioInvoice } from '../../local/simulate/scenario';
import { storeInvoice } from '../support/stored-invoice';

const BUCKET = 'statements-test';
let emulators: Emulators;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let ledger: LedgerStores;
let tables = 0;

beforeAll(async () => {
  emulators = await startEmulators();
  ({ dynamodb, s3 } = clientsFor(emulators));
  await createBucket(s3, BUCKET);
});
afterAll(async () => emulators?.stop());
beforeEach(async () => {
  const table = `statements-${++tables}`;
  await createLedgerTable(dynamodb, table);
  ledger = ledgerStores(dynamodb, table);
});

const started: string[] = [];
const workflow: Workflow = { start: async (name) => (started.push(name), 'started'), signal: async () => 'not-waiting' };
const NOW = '2026-03-20T10:00:00Z';
const deps = (): StatementIngestDeps => ({
  documents: new S3DocumentStore(s3, BUCKET),
  ledger,
  workflow,
  clock: fixedClock(NOW),
  maxStatementBytes: 1 << 20,
  matchThreshold: 0.9,
  autoAllocate: false,
  logger: { info: () => undefined, warn: () => undefined },
});

/** An invoice in the ledger as ingest leaves it: linked to its customer, with its balance. */
const stored = async (overrides: Partial<ScenarioInvoice>): Promise<InvoiceKey> => (await storeInvoice(ledger, overrides)).key;

const openOf = async (key: InvoiceKey): Promise<string> => {
  const found = (await ledger.cases.get(key))!;
  return standingOfRecord(found.record, found.events, isoDate('2026-03-20')).open;
};

let drops = 0;
/** Drops a camt.053 of these entries into `statements/` and books it. */
async function drop(entries: readonly EntryDraft[], from = '2026-03-16', to = '2026-03-19') {
  const xml = writeCamt053({
    messageId: `MSG-${from}`,
    statementId: `STMT-${from}-${to}`,
    createdAt: `${to}T18:00:00+01:00`,
    iban: 'DE89370400440532013000',
    currency: 'EUR',
    openingBalance: '0.00' as Decimal,
    fromDate: isoDate(from),
    toDate: isoDate(to),
    entries,
  });
  const key = `statements/day-${++drops}.xml`;
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: xml }));
  return ingestStatement({ key, eventTime: NOW, sequencer: String(drops) }, deps());
}

const credit = (reference: string, amount: string, extra: Partial<EntryDraft> = {}): EntryDraft => ({
  amount: amount as Decimal,
  creditDebit: 'CRDT',
  bookingDate: isoDate('2026-03-18'),
  bankReference: reference,
  endToEndId: `E2E-${reference}`,
  counterparty: { name: 'Payer GmbH', iban: 'DE02120300000000202051' },
  ...extra,
});

describe('bank statements booked into the receivables', () => {
  it('pays invoices by RF reference and by number, keeps an over-payment as credit and queues what it cannot place', async () => {
    const a = await stored({ number: 'INV-2001', customer: 'C-1' });
    const b = await stored({ number: 'INV-2002', customer: 'C-1', amountDue: '300.00' as Decimal });
    const c = await stored({ number: 'INV-2003', customer: 'C-2', amountDue: '80.00' as Decimal });
    const booked = await drop([
      credit('B1', '1200.00', { creditorReference: rfReferenceOf(a) }),
      credit('B2', '350.00', { unstructuredRemittance: 'Rechnung INV 2002, danke' }),
      credit('B3', '80.00', { unstructuredRemittance: 'Zahlung', counterparty: { name: 'Somebody Else' } }),
    ]);
    expect(booked).toMatchObject({ outcome: 'booked', summary: { lines: 3, newLines: 3, payments: 2, unmatched: 1 } });
    expect([await openOf(a), await openOf(b), await openOf(c)]).toEqual(['0', '0', '80']);
    const account = await accountOf((await ledger.invoices.get(b))!.customerId, deps());
    expect(account.currencies).toEqual([{ currency: 'EUR', open: '0', claimsOpen: '0', credit: '50', balance: '-50' }]);
    const queue = await ledger.bank.unmatched();
    expect(queue.map((line) => line.credit?.amount)).toEqual(['80.00']);
    expect(queue[0]!.decision).toMatchObject({ kind: 'unmatched' });

    // A person assigns it; the same request again (a retry) books nothing twice, another person's is told it is taken.
    const customerC = (await ledger.invoices.get(c))!.customerId;
    const assignment = { customerId: customerC, allocations: [{ key: c, amount: '80.00' as Decimal }] };
    const lineId = queue[0]!.line.lineId;
    expect(await assignLine(lineId, assignment, 'clerk@example', deps())).toMatchObject({ ok: true, booked: { decision: { rule: 'assigned', by: 'clerk@example' } } });
    expect(await assignLine(lineId, assignment, 'clerk@example', deps())).toMatchObject({ ok: true });
    expect(await assignLine(lineId, assignment, 'other@example', deps())).toMatchObject({ ok: false, status: 409 });
    expect(await openOf(c)).toBe('0');
    expect((await ledger.cases.get(c))!.events.filter((event) => event.type === 'payment')).toHaveLength(1);
    expect(await ledger.bank.unmatched()).toEqual([]);
  });

  it('books each line once, however often and in whatever overlapping statements it comes', async () => {
    const a = await stored({ number: 'INV-3001', amountDue: '100.00' as Decimal });
    const first = [credit('C1', '40.00', { unstructuredRemittance: 'INV-3001' })];
    await drop(first);
    expect(await drop(first)).toMatchObject({ summary: { newLines: 0, payments: 1 } });
    const overlapping = await drop([...first, credit('C2', '60.00', { unstructuredRemittance: 'INV-3001 rest' })], '2026-03-16', '2026-03-20');
    expect(overlapping).toMatchObject({ summary: { lines: 2, newLines: 1 } });
    expect(await openOf(a)).toBe('0');
    const events = (await ledger.cases.get(a))!.events.filter((event) => event.type === 'payment');
    expect(events.map((event) => event.amount)).toEqual(['40.00', '60.00']);
  });

  it('reopens an invoice whose payment the bank returns, and starts its ended run again', async () => {
    const a = await stored({ number: 'INV-4001', amountDue: '500.00' as Decimal });
    await drop([credit('D1', '500.00', { unstructuredRemittance: 'INV-4001' })]);
    expect(await openOf(a)).toBe('0');
    await ledger.timeline.record(a, [{ date: isoDate('2026-03-18'), action: 'closed', reason: 'paid', rank: '1-000', recordedAt: NOW }]);
    const returned = await drop([
      { amount: '500.00' as Decimal, creditDebit: 'DBIT', bookingDate: isoDate('2026-03-19'), bankReference: 'D2', endToEndId: 'E2E-D1', returnReason: 'AC04' },
    ]);
    expect(returned).toMatchObject({ summary: { returns: 1 } });
    expect(await openOf(a)).toBe('500');
    expect(started.at(-1)).toMatch(/^INV-4001-.*-r1$/);
  });

  it('quarantines a statement with a DOCTYPE, with its reason, and books nothing', async () => {
    const key = 'statements/hostile.xml';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Document/>' }));
    const result = await ingestStatement({ key, eventTime: NOW, sequencer: 'h' }, deps());
    expect(result).toMatchObject({ outcome: 'quarantined', reason: { code: 'doctype' } });
    expect(await ledger.quarantine.list()).toHaveLength(1);
  });
});
