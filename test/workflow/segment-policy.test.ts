import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, isoDate, type IsoDate } from '../../functions/domain/calendar';
import { balanceOf, DEFAULT_CREDIT_SETTINGS, identitiesOf } from '../../functions/domain/credit';
import type { Decimal } from '../../functions/domain/money';
import { VirtualClock } from '../../local/asl/virtual-clock';
import { startCollectionsHost, type CollectionsHost } from '../../local/collections-host';
import { clientsFor, createBucket, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';
import { ledgerInvoiceForScenario } from '../../local/simulate/ledger-invoice';
import type { ScenarioInvoice } from '../../local/simulate/scenario';
import { STANDARD_POLICY } from '../../functions/domain/policy';

vi.setConfig({ testTimeout: 120_000 });

const invoice = (number: string, customer: string): ScenarioInvoice => ({
  number,
  customer,
  kind: 'invoice',
  issueDate: isoDate('2026-03-01'),
  dueDate: isoDate('2026-03-31'),
  amountDue: '1000.00' as Decimal,
  entryDate: isoDate('2026-03-02'),
  currency: 'EUR',
  email: `ap@${customer.toLowerCase()}.example`,
  timezone: 'UTC',
  language: null,
  file: null,
});

const midnight = (date: IsoDate): Date => new Date(`${date}T00:00:00.000Z`);

let emulators: Emulators;
let clock: VirtualClock;
let collections: CollectionsHost;
const steps = new Map<string, string[]>();
let passedOver: string[] = [];

/**
 * Two customers' invoices, due the same day, run by the same state machine without a policy in
 * the execution input: the strategic customer's under the gentle policy, the other's under the
 * standard one until the daily review files it under a firm-policy segment on 04-10.
 */
beforeAll(async () => {
  emulators = await startEmulators();
  const clients = clientsFor(emulators);
  await createLedgerTable(clients.dynamodb, 'ledger');
  await createBucket(clients.s3, 'documents');
  clock = new VirtualClock(midnight(isoDate('2026-03-02')));
  collections = await startCollectionsHost({ clients, tableName: 'ledger', bucket: 'documents', clock });
  const { ledger } = collections;
  await ledger.settings.publish(
    { ...DEFAULT_CREDIT_SETTINGS, segments: [{ segment: 'watch', policy: 'firm', when: { tag: 'watch' } }, ...DEFAULT_CREDIT_SETTINGS.segments.filter((rule) => rule.segment !== 'new')] },
    '2026-03-01T00:00:00.000Z',
  );
  const customers = { STRATEGIC: ['strategic'], DRIFTER: [] as string[] };
  for (const [name, tags] of Object.entries(customers)) {
    const record = await ledgerInvoiceForScenario(invoice(`INV-${name}`, name), STANDARD_POLICY);
    const buyer = record.invoice.buyer;
    const profile = await ledger.customers.upsert({ identities: identitiesOf(buyer), name, tags }, '2026-03-02T00:00:00.000Z', (p) => ({ ...p, segment: tags.length ? 'strategic' : 'standard' }));
    expect(profile.id).toBe(record.customerId);
    await ledger.invoices.add(record);
    await ledger.receivables.link(profile.id, record.key);
    await ledger.receivables.keep(profile.id, record.key, balanceOf(record, [])!);
    // The agency's handover package carries the original.
    await clients.s3.send(new PutObjectCommand({ Bucket: 'documents', Key: record.archiveKey, Body: JSON.stringify(record.invoice) }));
  }
  for (let day = isoDate('2026-03-02'); day <= isoDate('2026-06-30'); day = addDays(day, 1)) {
    await clock.runUntil(midnight(day));
    if (day === '2026-04-10') {
      // A credit manager puts the customer on a watch list; the day's review files it under the firm policy and wakes its run.
      await ledger.customers.update((await ledger.invoices.get({ sellerKey: 'vat:DE000000000', number: 'INV-DRIFTER' }))!.customerId, (p) => ({ ...p, tags: ['watch'] }));
      await collections.reviewCredit();
    }
    await collections.sweep();
  }
  await clock.runUntil(midnight(isoDate('2026-07-01')));
  collections.stepFunctions.stopAll();
  for (const number of ['INV-STRATEGIC', 'INV-DRIFTER']) {
    const found = await ledger.cases.get({ sellerKey: 'vat:DE000000000', number });
    if (number === 'INV-DRIFTER') {
      passedOver = (await ledger.audit.trail({ sellerKey: 'vat:DE000000000', number })).filter((entry) => entry.action === 'collections-step-passed-over').map((entry) => entry.detail);
    }
    steps.set(number, (found?.timeline ?? []).filter((line) => 'step' in line).map((line) => `${line.date} ${'step' in line ? line.step : ''} ${line.detail?.policy ?? ''}`));
  }
});
afterAll(async () => {
  collections?.stepFunctions.stopAll();
  await emulators?.stop();
});

describe("the customer's segment policy, through the state machine", () => {
  it('runs a strategic customer under the gentle policy', () => {
    // Due 03-31: +7, +21, +30, +45, and the agency at +75 (06-14, a Sunday, rolled to Monday); legal at +120 is after the run's end.
    expect(steps.get('INV-STRATEGIC')).toEqual([
      '2026-04-07 reminder-1 gentle v0',
      '2026-04-21 reminder-2 gentle v0',
      '2026-04-30 call gentle v0',
      '2026-05-15 final-notice gentle v0',
      '2026-06-15 agency gentle v0',
    ]);
  });

  it("wakes the run when the review changes the customer's segment, and plans from then on under the new policy, each step naming its version", () => {
    // Standard until the change: pre-due at -3 (a Saturday, rolled to Monday), reminder-1 at +3. On 04-10 the review
    // files the customer under the firm policy and wakes its run, which was waiting for the standard reminder-2 (04-14):
    // it re-plans at once. The firm call (+7, 04-07) is behind and passed over, not sent late; the firm reminder-2
    // (+10) runs that day, then the final notice +14, agency +30 and legal +60 (05-30, a Saturday, rolled to Monday).
    expect(steps.get('INV-DRIFTER')).toEqual([
      '2026-03-30 pre-due standard v0',
      '2026-04-03 reminder-1 standard v0',
      '2026-04-10 reminder-2 firm v0',
      '2026-04-14 final-notice firm v0',
      '2026-04-30 agency firm v0',
      '2026-06-01 legal firm v0',
    ]);
    expect(passedOver).toEqual([
      'step call (due 2026-04-07) passed over: the run changed from standard v0 to firm v0 on 2026-04-10; the new policy applies from then on',
    ]);
  });
});
