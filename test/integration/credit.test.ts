import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerStores, type LedgerStores } from '../../functions/adapters/ledger';
import { S3DocumentStore } from '../../functions/adapters/document-store';
import { CUSTOMER_SK, customerPk, itemKey } from '../../functions/adapters/ledger/keys';
import { SesMailer } from '../../functions/adapters/mailer';
import { isoDate } from '../../functions/domain/calendar';
import { fixedClock } from '../../functions/domain/clock';
import { creditSettingsFrom, DEFAULT_CREDIT_SETTINGS, exposureIn, exposureOfBalances, historiesOf, identitiesOf, mergeProfile } from '../../functions/domain/credit';
import { writeUbl, type InvoiceDraft } from '../../functions/domain/einvoice';
import type { Decimal } from '../../functions/domain/money';
import { ingestObject, type IngestDeps } from '../../functions/ingest-invoice/ingest';
import { planStep } from '../../functions/plan-next-step/plan';
import { recordEvent } from '../../functions/record-event/record';
import { reviewCredit } from '../../functions/review-credit/review';
import { clientsFor, createBucket, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';

/** The execution the plans below are made in: started well before them, so none nears its span's end. */
const EXECUTION = { name: 'INV-run', startedAt: new Date('2026-03-01T00:00:00Z') };

const BUCKET = 'documents';
let emulators: Emulators;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let ses: SESv2Client;
let ledger: LedgerStores;
let tableCount = 0;

beforeAll(async () => {
  emulators = await startEmulators();
  ({ dynamodb, s3, ses } = clientsFor(emulators));
  await createBucket(s3, BUCKET);
});
afterAll(async () => emulators?.stop());
beforeEach(async () => {
  const table = `credit-${++tableCount}`;
  await createLedgerTable(dynamodb, table);
  ledger = ledgerStores(dynamodb, table);
});

const SELLER = { name: 'Lumen GmbH', email: 'billing@lumen.example', street: 'Werkstraße 12', city: 'Bremen', postCode: '28195', countryCode: 'DE', vatId: 'DE300000017', iban: 'DE02120300000000202051' };
const BUYER = { name: 'Brückner Bau AG', email: 'ap@brueckner.example', street: 'Lindenallee 8', city: 'Köln', postCode: '50667', countryCode: 'DE', vatId: 'DE300000025' };

const draft = (number: string, unitPrice: string, buyer: Partial<typeof BUYER> = {}): InvoiceDraft => ({
  number,
  issueDate: isoDate('2026-03-01'),
  dueDate: isoDate('2026-03-31'),
  currency: 'EUR',
  paymentTerms: 'Net 30 days',
  seller: SELLER,
  buyer: { ...BUYER, ...buyer },
  lines: [{ name: 'Flange', quantity: '1' as Decimal, unitCode: 'C62', unitPrice: unitPrice as Decimal, vatRate: '0' as Decimal }],
});

let sequence = 0;
const ingest = async (invoice: InvoiceDraft, deps: Partial<IngestDeps> = {}, redeliver?: { key: string; eventTime: string }) => {
  const event = redeliver ?? { key: `inbox/t${tableCount}-${++sequence}.xml`, eventTime: '2026-03-02T09:00:00.000Z' };
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: event.key, Body: writeUbl(invoice) }));
  const result = await ingestObject(
    { ...event, sequencer: '01' },
    { documents: new S3DocumentStore(s3, BUCKET), ledger, clock: fixedClock('2026-03-02T09:00:05Z'), maxInvoiceBytes: 1_000_000, creditManager: null, logger: { info: () => undefined, warn: () => undefined }, workflow: { start: async () => 'started', signal: async () => 'not-waiting' }, ...deps },
  );
  return { result, event };
};

describe('customers from ingested invoices', () => {
  it('merges a buyer whose name is spelt another way into one customer, with both invoices', async () => {
    await ingest(draft('INV-1', '100.00'));
    await ingest(draft('INV-2', '250.00', { name: 'BRUECKNER  BAU AG', email: 'finance@brueckner.example' }));
    const customers = await ledger.customers.all();
    expect(customers).toHaveLength(1);
    const [customer] = customers;
    expect(customer).toMatchObject({
      name: 'BRUECKNER BAU AG',
      identities: ['vat:DE300000025', 'eas:EM:ap@brueckner.example', 'eas:EM:finance@brueckner.example'],
      countryCode: 'DE',
      firstInvoiceOn: '2026-03-01',
      segment: 'new',
    });
    expect(customer!.contacts.map((contact) => contact.email)).toEqual(['finance@brueckner.example', 'ap@brueckner.example']);
    expect(historiesOf(await ledger.cases.ofCustomer(customer!.id), customer!).map((history) => [history.number, history.amount])).toEqual([
      ['INV-1', '100.00'],
      ['INV-2', '250.00'],
    ]);
    // The invoice carries its customer, and reminders speak the customer's language.
    expect((await ledger.invoices.get({ sellerKey: 'vat:DE300000017', number: 'INV-2' }))).toMatchObject({ customerId: customer!.id, collections: { language: 'de', timeZone: 'UTC' } });
  });

  it('finds a buyer first known by name alone by its VAT id later, and never merges two companies of one name', async () => {
    const at = '2026-03-01T00:00:00.000Z';
    const first = await ledger.customers.upsert({ identities: ['name:nordlicht gmbh'], name: 'Nordlicht GmbH' }, at);
    const later = await ledger.customers.upsert({ identities: ['vat:DE111'], name: 'NORDLICHT GmbH' }, at);
    expect(later.id).toBe(first.id);
    expect(later.identities).toEqual(['name:nordlicht gmbh', 'vat:DE111']);
    const namesake = await ledger.customers.upsert({ identities: ['vat:AT222'], name: 'Nordlicht GmbH' }, at);
    expect(namesake.id).not.toBe(first.id);
    // A document with the name alone goes to the first customer of that name.
    expect((await ledger.customers.upsert({ identities: ['name:nordlicht gmbh'], name: 'Nordlicht GmbH.' }, at)).id).toBe(first.id);
  });

  it('reads a profile stored before party and jurisdiction as a business under its country\'s rule, and keeps what a person sets', async () => {
    const { party: _party, jurisdiction: _jurisdiction, ...before } = mergeProfile(undefined, 'C-old', { identities: ['vat:DE999'], name: 'Altkunde KG', countryCode: 'DE' }, '2025-01-01T00:00:00.000Z');
    const item = { ...before, ...itemKey(customerPk('C-old'), CUSTOMER_SK), itemType: 'customer', revision: 1 };
    await dynamodb.send(new PutItemCommand({ TableName: `credit-${tableCount}`, Item: marshall(item, { removeUndefinedValues: true }) }));
    expect(await ledger.customers.get('C-old')).toMatchObject({ name: 'Altkunde KG', party: 'business', jurisdiction: null });
    expect((await ledger.snapshot.read()).customers).toEqual([expect.objectContaining({ id: 'C-old', party: 'business', jurisdiction: null })]);
    await ledger.customers.update('C-old', (profile) => mergeProfile(profile, profile.id, { identities: [], party: 'consumer', jurisdiction: 'EU' }, '2026-03-01T00:00:00.000Z'));
    expect(await ledger.customers.all()).toEqual([expect.objectContaining({ id: 'C-old', party: 'consumer', jurisdiction: 'EU' })]);
  });

  it('raises one credit-hold alert and sends one e-mail when an invoice takes the customer past its limit, however often it is delivered', async () => {
    await ledger.customers.upsert({ identities: identitiesOf({ ...BUYER, legalRegistrationId: null, identifier: null, electronicAddress: null, electronicAddressScheme: null }), creditLimit: { amount: '1000.00' as Decimal, currency: 'EUR' }, timeZone: 'Europe/Berlin' }, '2026-03-01T00:00:00.000Z');
    const mailer = new SesMailer(ses, ledger.sendClaims, fixedClock('2026-03-02T09:00:05Z'), 'credit@lumen.example');
    const creditManager = { mailer, address: 'credit.manager@lumen.example' };
    const before = (await emulators.sentEmails()).length;

    await ingest(draft('INV-10', '600.00'), { creditManager });
    expect(await ledger.creditHolds.all()).toEqual([]);
    const { event } = await ingest(draft('INV-11', '700.00'), { creditManager });
    await ingest(draft('INV-11', '700.00'), { creditManager }, event);

    const [alert, ...more] = await ledger.creditHolds.all();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ invoice: { number: 'INV-11' }, exposure: '1300.00', overBy: '300.00', crossed: true, limit: { amount: '1000.00', currency: 'EUR' } });
    const sent = (await emulators.sentEmails()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject: 'Credit hold: Brückner Bau AG is EUR 300.00 over its limit', destination: { to: ['credit.manager@lumen.example'] } });
    // The customer's own time zone is the invoice's.
    expect(await ledger.invoices.get({ sellerKey: 'vat:DE300000017', number: 'INV-11' })).toMatchObject({ collections: { timeZone: 'Europe/Berlin' } });
  });
});

describe('a segment change before the first step', () => {
  it('passes over the steps the new policy would have taken before, instead of sending them at once', async () => {
    await ledger.customers.upsert({ identities: ['vat:DE300000025'], tags: ['strategic'] }, '2026-03-01T00:00:00.000Z', (p) => ({ ...p, segment: 'strategic' }));
    await ingest(draft('INV-50', '100.00'));
    const key = { sellerKey: 'vat:DE300000017', number: 'INV-50' };
    const record = (await ledger.invoices.get(key))!;
    expect(record.collections.policy).toBe('gentle v0');
    // The tag goes before the gentle policy's first reminder (+7, 04-07): the standard policy's pre-due (03-30) and reminder-1 (04-03) are behind.
    await ledger.customers.update(record.customerId, (profile) => ({ ...profile, tags: [], segment: 'new' }));
    const plan = await planStep(key, null, EXECUTION, { ledger, clock: fixedClock('2026-04-07T06:00:00Z') });
    expect(plan).toMatchObject({ action: 'wait', wakeOn: '2026-04-14', policyVersion: 'standard v0' });
    expect((await ledger.audit.trail(key)).filter((entry) => entry.action === 'collections-step-passed-over').map((entry) => entry.detail)).toEqual([
      'step pre-due (due 2026-03-30) passed over: the run changed from gentle v0 to standard v0 on 2026-04-07; the new policy applies from then on',
      'step reminder-1 (due 2026-04-03) passed over: the run changed from gentle v0 to standard v0 on 2026-04-07; the new policy applies from then on',
    ]);
  });
});

describe('customer balances', () => {
  it('keeps each invoice balance as payments, credits and recoveries come, each event once, so exposure is one query', async () => {
    await ingest(draft('INV-40', '1000.00'));
    await ingest(draft('INV-41', '300.00'));
    await ingest(draft('INV-42', '200.00'));
    const key = (number: string) => ({ sellerKey: 'vat:DE300000017', number });
    const deps = { ledger, workflow: { start: async () => 'started' as const, signal: async () => 'not-waiting' as const }, clock: fixedClock('2026-04-05T10:00:00Z') };
    const payment = { type: 'payment', date: isoDate('2026-04-02'), amount: '250.50' as Decimal } as const;
    await recordEvent(key('INV-40'), payment, 'bank-1', deps);
    await recordEvent(key('INV-40'), payment, 'bank-1', deps);
    await recordEvent(key('INV-41'), { type: 'dispute', date: isoDate('2026-04-02') }, 'd-0', deps);
    await recordEvent(key('INV-41'), { type: 'dispute-resolved', date: isoDate('2026-04-03'), outcome: 'upheld' }, 'd-1', deps);
    await recordEvent(key('INV-42'), { type: 'agency-result', date: isoDate('2026-04-04'), outcome: 'recovered' }, 'a-1', deps);
    const { customerId } = (await ledger.invoices.get(key('INV-40')))!;
    const balances = await ledger.receivables.balances(customerId);
    expect(balances.map((b) => [b.key.number, b.open, b.overpaid])).toEqual([
      ['INV-40', '749.5', '0'],
      ['INV-41', '0', '0'],
      ['INV-42', '0', '0'],
    ]);
    // 1000.00 − 250.50; the credited and the recovered invoice owe nothing.
    expect(exposureOfBalances(balances, 'EUR')).toBe('749.50');
    // The balance from the facts, as the daily review reads them, agrees.
    expect(exposureIn(historiesOf(await ledger.cases.ofCustomer(customerId), { id: customerId, segment: 'new' }), 'EUR', isoDate('2026-04-30'))).toBe('749.50');
  });
});

describe('daily credit review', () => {
  // No run waits here: the waking of runs is shown through the state machine in test/workflow/segment-policy.test.ts.
  const noRunWaiting = { signal: async () => 'not-waiting' as const };

  it('records what changed once a day, and nothing when nothing did', async () => {
    await ingest(draft('INV-20', '100.00'));
    await ingest(draft('INV-21', '200.00'));
    const key = (number: string) => ({ sellerKey: 'vat:DE300000017', number });
    await ledger.events.record(key('INV-20'), { type: 'payment', date: isoDate('2026-04-20'), amount: '100.00' as Decimal, id: 'p1', recordedAt: '2026-04-20T10:00:00Z' });
    await ledger.events.record(key('INV-21'), { type: 'dispute', date: isoDate('2026-04-02'), id: 'd1', recordedAt: '2026-04-02T10:00:00Z' });

    expect(await reviewCredit({ ledger, workflow: noRunWaiting, clock: fixedClock('2026-05-01T04:00:00Z') })).toEqual({ reviewed: 1, changed: 1 });
    const [customer] = await ledger.customers.all();
    // INV-20 settled 20 days late (20 points, 100 % late: 20 points), one dispute (5): 45, medium.
    expect(customer!.risk).toMatchObject({ score: 45, grade: 'medium' });
    expect(customer!.risk!.reasons.map((reason) => reason.factor)).toEqual(['days-beyond-terms', 'paid-late', 'disputes']);
    expect(await reviewCredit({ ledger, workflow: noRunWaiting, clock: fixedClock('2026-05-02T04:00:00Z') })).toEqual({ reviewed: 1, changed: 0 });

    // INV-21 open for over 60 days past due adds 10: 55, high, and the customer moves to the high-risk segment.
    expect(await reviewCredit({ ledger, workflow: noRunWaiting, clock: fixedClock('2026-06-01T04:00:00Z') })).toEqual({ reviewed: 1, changed: 1 });
    const changes = await ledger.riskChanges.ofCustomer(customer!.id);
    expect(changes.map((change) => [change.on, change.score, change.segment])).toEqual([
      ['2026-05-01', 45, 'new'],
      ['2026-06-01', 55, 'high-risk'],
    ]);
    expect(changes[1]!.changes).toEqual(['score 45 → 55 (medium → high)', 'new: has EUR 200.00 more than 60 days past due', 'segment new → high-risk']);
  });
});

describe('segment policies', () => {
  it('publishes settings as versions, a changed policy as its next version', async () => {
    expect((await ledger.settings.current()).version).toBe(0);
    const first = await ledger.settings.publish(DEFAULT_CREDIT_SETTINGS, '2026-03-01T00:00:00Z');
    // The built-in policies are version 0: publishing them unchanged keeps their versions.
    expect(first).toMatchObject({ changed: true, published: { version: 1, policies: { firm: { version: 0 }, standard: { version: 0 } } } });
    expect((await ledger.settings.publish(DEFAULT_CREDIT_SETTINGS, '2026-03-02T00:00:00Z')).changed).toBe(false);
    const firmer = creditSettingsFrom({ ...DEFAULT_CREDIT_SETTINGS, policies: { ...DEFAULT_CREDIT_SETTINGS.policies, firm: { ...DEFAULT_CREDIT_SETTINGS.policies.firm, promiseGraceDays: 1 } } });
    const second = await ledger.settings.publish(firmer, '2026-03-03T00:00:00Z');
    expect(second).toMatchObject({ changed: true, published: { version: 2, policies: { firm: { version: 1, publishedAt: '2026-03-03T00:00:00Z' }, standard: { version: 0 } } } });
    expect((await ledger.settings.current()).version).toBe(2);
    // Dropped, then back with other content: a new number, never a second 'firm v1'.
    const { firm: _dropped, ...withoutFirm } = firmer.policies;
    await ledger.settings.publish({ segments: [{ segment: 'all', policy: 'standard', when: {} }], policies: withoutFirm }, '2026-03-04T00:00:00Z');
    const back = creditSettingsFrom({ ...DEFAULT_CREDIT_SETTINGS, policies: { ...DEFAULT_CREDIT_SETTINGS.policies, firm: { ...DEFAULT_CREDIT_SETTINGS.policies.firm, promiseGraceDays: 3 } } });
    expect((await ledger.settings.publish(back, '2026-03-05T00:00:00Z')).published).toMatchObject({ version: 4, policies: { firm: { version: 2 } } });
  });

  it("plans under the customer's segment policy as it is at each plan, and names its version", async () => {
    await ingest(draft('INV-30', '100.00'));
    const key = { sellerKey: 'vat:DE300000017', number: 'INV-30' };
    const { customerId } = (await ledger.invoices.get(key))!;
    // 2026-03-26 06:00, five days before the due date: the new customer's standard policy writes three days before it.
    const deps = { ledger, clock: fixedClock('2026-03-26T06:00:00Z') };
    expect(await planStep(key, null, EXECUTION, deps)).toMatchObject({ action: 'wait', reason: 'schedule', policyVersion: 'standard v0' });
    // Filed as high-risk: the firm policy writes five days before, so its e-mail is due now, under the version the plan names.
    await ledger.customers.update(customerId, (profile) => ({ ...profile, segment: 'high-risk' }));
    expect(await planStep(key, null, EXECUTION, deps)).toMatchObject({ action: 'email', step: { id: 'pre-due', policy: 'firm v0' }, policy: { promiseGraceDays: 0 } });
    // The run starts by the earliest first step of any policy (the firm one's, five days before the due date); the firm
    // policy runs it from the day it took over, and a later plan keeps to it without passing anything over again.
    expect((await ledger.invoices.get(key))!.collections).toMatchObject({ startOn: '2026-03-26', policy: 'firm v0', policySince: '2026-03-26' });
    // A policy given in the execution input wins.
    expect(await planStep(key, { steps: [{ id: 'late', kind: 'email', offsetDays: 9 }] }, EXECUTION, deps)).toMatchObject({ action: 'wait', policyVersion: 'execution input' });
  });
});
