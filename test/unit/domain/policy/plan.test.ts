import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';
import { planNextStep, STANDARD_POLICY, stepsBehind, type CollectionsEvent } from '../../../../functions/domain/policy';

const invoice = { number: 'INV-1', kind: 'invoice', issueDate: isoDate('2026-03-01'), dueDate: isoDate('2026-03-31'), amountDue: '100.00' as Decimal, entryDate: isoDate('2026-03-02') } as const;

describe('steps behind a run', () => {
  it('names the steps the policy would have taken before today that no run took, with their dates', () => {
    // Standard: pre-due 03-28 (Saturday, rolled to 03-30), reminder-1 04-03, reminder-2 04-14; today 04-14.
    expect(stepsBehind({ invoice, events: [], doneSteps: new Set(['pre-due']), policy: STANDARD_POLICY, today: isoDate('2026-04-14') })).toEqual([{ step: 'reminder-1', date: '2026-04-03' }]);
  });

  it('names none when every past step ran, nor a step due today', () => {
    expect(stepsBehind({ invoice, events: [], doneSteps: new Set(['pre-due', 'reminder-1']), policy: STANDARD_POLICY, today: isoDate('2026-04-14') })).toEqual([]);
  });

  it('names none for a paid invoice', () => {
    const events = [{ type: 'payment', date: isoDate('2026-03-20'), amount: '100.00' as Decimal }] as const;
    expect(stepsBehind({ invoice, events, doneSteps: new Set(), policy: STANDARD_POLICY, today: isoDate('2026-04-14') })).toEqual([]);
  });
});

describe('facts dated before an invoice entered', () => {
  // Ingested late, on 04-10, 10 days past due: paid in full on 04-01, before it entered.
  const late = { ...invoice, entryDate: isoDate('2026-04-10') };

  it('count on the day it enters: a payment made before a late ingest closes the run at once', () => {
    const events = [{ type: 'payment', date: isoDate('2026-04-01'), amount: '100.00' as Decimal }] as const;
    expect(planNextStep({ invoice: late, events, doneSteps: new Set(), policy: STANDARD_POLICY, today: isoDate('2026-04-10') })).toEqual({
      next: { kind: 'end', reason: 'paid' },
      stateChanges: [{ date: '2026-04-10', action: 'closed', reason: 'paid' }],
    });
  });

  it('count on the day it enters: a dispute raised before pauses the run from then', () => {
    const events = [{ type: 'dispute', date: isoDate('2026-04-05') }] as const;
    expect(planNextStep({ invoice: late, events, doneSteps: new Set(), policy: STANDARD_POLICY, today: isoDate('2026-04-20') }).next).toMatchObject({ kind: 'wait', reason: 'dispute' });
  });
});

describe("a plan's reminders", () => {
  // Open 100.00 from 03-31; a plan on 04-02 of two instalments, 04-20 and 05-20.
  const plan: CollectionsEvent = {
    type: 'plan',
    date: isoDate('2026-04-02'),
    instalments: [
      { date: isoDate('2026-04-20'), amount: '50.00' as Decimal },
      { date: isoDate('2026-05-20'), amount: '50.00' as Decimal },
    ],
  };
  const done = new Set(['pre-due', 'reminder-1']);
  const at = (today: string, events: readonly CollectionsEvent[] = [plan], doneSteps: ReadonlySet<string> = done) =>
    planNextStep({ invoice, events, doneSteps, policy: STANDARD_POLICY, today: isoDate(today) }).next;

  it('waits for the day planReminderDays before an instalment, then sends its reminder that day', () => {
    expect(at('2026-04-10')).toEqual({ kind: 'wait', until: '2026-04-17', reason: 'plan' });
    expect(at('2026-04-17')).toMatchObject({ kind: 'run', step: { id: 'plan-reminder-2026-04-02-1', kind: 'email' }, on: '2026-04-17' });
  });

  it('sends none for an instalment already met, and none after its date', () => {
    const paid: CollectionsEvent[] = [plan, { type: 'payment', date: isoDate('2026-04-15'), amount: '50.00' as Decimal }];
    expect(at('2026-04-17', paid)).toEqual({ kind: 'wait', until: '2026-04-23', reason: 'plan' });
    // The reminder of 04-17 was never sent (the run woke late, on 04-21): an instalment's reminder after its day says nothing useful.
    expect(at('2026-04-21')).toEqual({ kind: 'wait', until: '2026-04-23', reason: 'plan' });
  });

  it('waits for the next reminder once one is sent', () =>
    expect(at('2026-04-25', [plan, { type: 'payment', date: isoDate('2026-04-19'), amount: '50.00' as Decimal }], new Set([...done, 'plan-reminder-2026-04-02-1']))).toEqual({
      kind: 'wait',
      until: '2026-05-17',
      reason: 'plan',
    }));
});
