import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallTaskRecord } from '../../functions/adapters/ledger';
import { isoDate } from '../../functions/domain/calendar';
import type { CallTask } from '../../functions/domain/collections';
import type { AuditEntry, InvoiceKey, LedgerInvoice } from '../../functions/domain/intake';
import type { Decimal } from '../../functions/domain/money';
import { STANDARD_POLICY, type CollectionsEvent } from '../../functions/domain/policy';
import { lineOf, startCollectionsWorld, type CollectionsWorld } from '../support/collections-world';

// A virtual month and a half through the real state machine: seconds, more on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

let world: CollectionsWorld;
let unanswered: LedgerInvoice;
let disputed: LedgerInvoice;
let openOnLastDay: readonly CallTask[];
let tasksAfter: readonly CallTaskRecord[];
let auditAfter: readonly AuditEntry[];
const refusals: string[] = [];

const record = async (key: InvoiceKey, event: CollectionsEvent, id: string): Promise<number> => (await world.collections.recordEvent(key, event, id)).statusCode;

/**
 * Two invoices of EUR 1200.00 due 2026-03-05 under the standard policy. Nobody answers the first
 * one's call task (03-26, open for 7 days); the second is disputed on 03-10 over its pricing, and
 * the dispute is upheld in part on 03-20 for 200.00.
 */
beforeAll(async () => {
  world = await startCollectionsWorld(isoDate('2026-03-02'), STANDARD_POLICY);
  unanswered = await world.addInvoice({ number: 'INV-CALL', customer: 'C-CALL' });
  disputed = await world.addInvoice({ number: 'INV-DISP', customer: 'C-DISP' });
  await world.runDays(isoDate('2026-03-02'), isoDate('2026-04-02'), async (day) => {
    if (day === '2026-03-10') await record(disputed.key, { type: 'dispute', date: day, reason: 'pricing', note: 'unit price 9.50 agreed, 10.00 billed' }, 'disp-1');
    if (day === '2026-03-20') {
      // More than is open is refused, with the reason; the part is then recorded.
      const over = await world.collections.recordEvent(disputed.key, { type: 'dispute-resolved', date: day, outcome: 'upheld-in-part', amount: '1200.01' as Decimal }, 'res-0');
      refusals.push(`${over.statusCode} ${(JSON.parse(over.body) as { code: string }).code}`);
      await record(disputed.key, { type: 'dispute-resolved', date: day, outcome: 'upheld-in-part', amount: '200.00' as Decimal, note: 'price corrected' }, 'res-1');
    }
  });
  openOnLastDay = (await world.collections.ledger.callTasks.listOpen()).filter((task) => task.invoiceKey.number === 'INV-CALL');
  await world.runDays(isoDate('2026-04-03'), isoDate('2026-04-07'));
  tasksAfter = await world.collections.ledger.callTasks.ofInvoice(unanswered.key);
  auditAfter = await world.collections.ledger.audit.trail(unanswered.key);
});
afterAll(async () => world?.stop());

describe('a call task nobody answers', () => {
  it('is open through its last day, and closed as expired the day after, while the schedule goes on', async () => {
    expect(openOnLastDay).toEqual([expect.objectContaining({ stepId: 'call', createdOn: '2026-03-26', expiresOn: '2026-04-02' })]);
    expect(tasksAfter).toEqual([expect.objectContaining({ stepId: 'call', status: 'closed', outcome: 'expired', closedOn: '2026-04-03' })]);
    expect((await world.collections.ledger.callTasks.listOpen()).filter((task) => task.invoiceKey.number === 'INV-CALL')).toEqual([]);
    // The run woke for the expiry itself (the final notice is not due before 04-06), at the hour steps run.
    expect(auditAfter.filter((entry) => entry.action === 'call-task-expired')).toEqual([
      expect.objectContaining({ at: '2026-04-03T06:00:00.000Z', detail: 'call task call of 2026-03-26 expired after 2026-04-02 with no outcome recorded' }),
    ]);
    expect((await world.timeline(unanswered.key)).map((line) => lineOf(line))).toContain('2026-04-06 email final-notice');
  });
});

describe('a dispute upheld in part', () => {
  it('credits the part and resumes collection of the rest through the real state machine', async () => {
    expect(refusals).toEqual(['409 dispute-amount']);
    // Paused 03-10, 9 days before reminder-2 (03-19); resumed 03-20, reminder-2 9 days on (03-29, a Sunday: 03-30), for what is left.
    expect((await world.timeline(disputed.key)).map((line) => lineOf(line, ['openAmount']))).toEqual([
      '2026-03-02 email pre-due 1200.00',
      '2026-03-09 email reminder-1 1200.00',
      '2026-03-10 paused dispute',
      '2026-03-20 resumed dispute-upheld-in-part',
      '2026-03-30 email reminder-2 1000.00',
      '2026-04-06 call-task call 1000.00',
    ]);
    const found = await world.collections.ledger.cases.get(disputed.key);
    expect(found?.events.filter((event) => event.type === 'dispute' || event.type === 'dispute-resolved')).toEqual([
      expect.objectContaining({ type: 'dispute', reason: 'pricing', note: 'unit price 9.50 agreed, 10.00 billed' }),
      expect.objectContaining({ type: 'dispute-resolved', outcome: 'upheld-in-part', amount: '200.00', note: 'price corrected' }),
    ]);
  });
});
