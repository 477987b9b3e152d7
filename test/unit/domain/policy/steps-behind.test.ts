import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';
import { STANDARD_POLICY, stepsBehind } from '../../../../functions/domain/policy';

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
