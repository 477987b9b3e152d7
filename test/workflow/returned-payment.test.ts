import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, isoDate, type IsoDate } from '../../functions/domain/calendar';
import type { Decimal } from '../../functions/domain/money';
import { STANDARD_POLICY } from '../../functions/domain/policy';
import { VirtualClock } from '../../local/asl/virtual-clock';
import { startCollectionsHost, type CollectionsHost } from '../../local/collections-host';
import { clientsFor, createBucket, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';
import { ledgerInvoiceForScenario } from '../../local/simulate/ledger-invoice';
import { scenarioInvoice } from '../support/scenario-invoice';

vi.setConfig({ testTimeout: 120_000 });

const midnight = (date: IsoDate): Date => new Date(`${date}T00:00:00.000Z`);
const key = { sellerKey: 'vat:DE000000000', number: 'INV-RET' };

let emulators: Emulators;
let collections: CollectionsHost;
let lines: string[] = [];
let executions: string[] = [];

/**
 * An invoice due 03-05 under the standard policy, paid in full on 03-07 (its run closes), the
 * payment returned by the bank on 03-12: a fresh execution resumes the run where it stood, and
 * the next reminders ask for the amount again.
 */
beforeAll(async () => {
  emulators = await startEmulators();
  const clients = clientsFor(emulators);
  await createLedgerTable(clients.dynamodb, 'ledger');
  await createBucket(clients.s3, 'documents');
  const clock = new VirtualClock(midnight(isoDate('2026-03-02')));
  collections = await startCollectionsHost({ clients, tableName: 'ledger', bucket: 'documents', clock, policy: STANDARD_POLICY });
  const record = await ledgerInvoiceForScenario(scenarioInvoice({ number: key.number }), STANDARD_POLICY);
  await collections.ledger.invoices.add(record);
  await clients.s3.send(new PutObjectCommand({ Bucket: 'documents', Key: record.archiveKey, Body: JSON.stringify(record.invoice) }));
  for (let day = isoDate('2026-03-02'); day <= isoDate('2026-03-31'); day = addDays(day, 1)) {
    await clock.runUntil(midnight(day));
    await collections.sweep();
    if (day === '2026-03-07') await collections.recordEvent(key, { type: 'payment', date: day, amount: '1200.00' as Decimal }, 'bank-1');
    if (day === '2026-03-12') await collections.recordEvent(key, { type: 'payment-returned', date: day, amount: '1200.00' as Decimal, paymentId: 'bank-1', reason: 'AC04' }, 'bank-2');
  }
  await clock.runUntil(midnight(isoDate('2026-04-01')));
  collections.stepFunctions.stopAll();
  const found = await collections.ledger.cases.get(key);
  lines = (found?.timeline ?? []).map((line) => `${line.date} ${line.action} ${'step' in line ? line.step : line.reason}${line.detail?.openAmount ? ` ${line.detail.openAmount}` : ''}`);
  executions = collections.stepFunctions.list().map((execution) => `${execution.name} ${execution.status}`);
});
afterAll(async () => {
  collections?.stepFunctions.stopAll();
  await emulators?.stop();
});

describe('a payment the bank returns after the run closed', () => {
  it('starts a fresh execution that resumes the run where it stood, asking for the amount again', () => {
    // Due 03-05: pre-due 03-02, reminder-1 at +3 (03-08, a Sunday: 03-09) was 2 days ahead when the payment closed the run on 03-07;
    // the return on 03-12 resumes it with the same 2 days: reminder-1 on 03-14 (a Saturday: 03-16), and every later step
    // moves by the same 6 days: reminder-2 (+14) 03-25, the call (+21) 04-01, after the end.
    expect(lines).toEqual([
      '2026-03-02 email pre-due 1200.00',
      '2026-03-07 closed paid',
      '2026-03-12 resumed payment-returned',
      '2026-03-16 email reminder-1 1200.00',
      '2026-03-25 email reminder-2 1200.00',
    ]);
    expect(executions).toEqual([expect.stringMatching(/^INV-RET-\w+ SUCCEEDED$/), expect.stringMatching(/^INV-RET-\w+-r1 (RUNNING|ABORTED)$/)]);
  });
});
