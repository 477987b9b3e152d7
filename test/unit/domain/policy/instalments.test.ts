import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';
import { instalmentPlanOn, planNextStep, STANDARD_POLICY, type CollectionsEvent, type CollectionsInvoice } from '../../../../functions/domain/policy';

// Due 03-05, entered 03-02; the standard policy gives 2 grace days, so an instalment of 03-31 is checked on 04-03.
const invoice: CollectionsInvoice = {
  number: 'INV-1',
  kind: 'invoice',
  issueDate: isoDate('2026-02-01'),
  dueDate: isoDate('2026-03-05'),
  amountDue: '1200.00' as Decimal,
  entryDate: isoDate('2026-03-02'),
};
const plan = (date: string, instalments: [string, string][]): CollectionsEvent => ({
  type: 'plan',
  date: isoDate(date),
  instalments: instalments.map(([on, amount]) => ({ date: isoDate(on), amount: amount as Decimal })),
});
const paid = (date: string, amount: string): CollectionsEvent => ({ type: 'payment', date: isoDate(date), amount: amount as Decimal });
const twoHalves = plan('2026-03-10', [['2026-03-31', '600.00'], ['2026-04-30', '600.00']]);
const standingOn = (today: string, events: readonly CollectionsEvent[]) => instalmentPlanOn({ invoice, events, policy: STANDARD_POLICY, today: isoDate(today) });
const everyStep = new Set(STANDARD_POLICY.steps.map((step) => step.id));
const statuses = (today: string, events: readonly CollectionsEvent[]) => standingOn(today, events)?.instalments.map((instalment) => instalment.status);

describe('an instalment plan as things stand on a day', () => {
  it('lists each instalment with its running total; the first is due until the run checks it', () => {
    expect(standingOn('2026-03-20', [twoHalves])).toEqual({
      state: 'running',
      date: '2026-03-10',
      instalments: [
        { date: '2026-03-31', amount: '600.00', runningTotal: '600', status: 'due' },
        { date: '2026-04-30', amount: '600.00', runningTotal: '1200', status: 'upcoming' },
      ],
      paidSince: '0',
      left: '1200',
    });
  });

  it('counts an instalment met once the run checked it, the day after its grace days, and the next one due', () => {
    const events = [twoHalves, paid('2026-04-02', '600.00')];
    expect(statuses('2026-04-02', events)).toEqual(['due', 'upcoming']);
    expect(standingOn('2026-04-03', events)).toMatchObject({ state: 'running', paidSince: '600', left: '600', instalments: [{ status: 'met' }, { status: 'due' }] });
  });

  it('is kept when the invoice is paid, every instalment met, even those whose day had not come', () => {
    expect(standingOn('2026-05-10', [twoHalves, paid('2026-04-02', '600.00'), paid('2026-04-30', '600.00')])).toMatchObject({
      state: 'kept',
      on: '2026-04-30',
      paidSince: '1200',
      left: '0',
      instalments: [{ status: 'met' }, { status: 'met' }],
    });
    expect(standingOn('2026-04-10', [twoHalves, paid('2026-03-20', '1200.00')])).toMatchObject({ state: 'kept', on: '2026-03-20', instalments: [{ status: 'met' }, { status: 'met' }] });
  });

  it('is kept when the plan and the payment of all of it come the same day', () => {
    expect(standingOn('2026-03-20', [twoHalves, paid('2026-03-10', '1200.00')])).toMatchObject({ state: 'kept', on: '2026-03-10', date: '2026-03-10', paidSince: '1200' });
  });

  it('is broken on the day the run resumes: the missed instalment named, the ones after it no longer asked for', () => {
    const events = [twoHalves, paid('2026-03-31', '600.00')];
    expect(standingOn('2026-05-10', events)).toMatchObject({ state: 'broken', on: '2026-05-03', paidSince: '600', left: '600', instalments: [{ status: 'met' }, { status: 'missed' }] });
    // The workflow tells the same story: it resumed the run that day, for that reason.
    expect(planNextStep({ invoice, events, doneSteps: new Set(), policy: STANDARD_POLICY, today: isoDate('2026-05-10') }).stateChanges).toContainEqual({
      date: '2026-05-03',
      action: 'resumed',
      reason: 'plan-broken',
    });
    const thirds = plan('2026-03-10', [['2026-03-31', '400.00'], ['2026-04-30', '400.00'], ['2026-05-29', '400.00']]);
    expect(standingOn('2026-05-10', [thirds])).toMatchObject({ state: 'broken', on: '2026-04-03', instalments: [{ status: 'missed' }, { status: 'cancelled' }, { status: 'cancelled' }] });
  });

  it('replaces a promise: the run stays paused, now by the plan', () => {
    const events: CollectionsEvent[] = [{ type: 'promise', date: isoDate('2026-03-08'), promisedDate: isoDate('2026-03-20') }, twoHalves];
    expect(standingOn('2026-03-25', events)).toMatchObject({ state: 'running', date: '2026-03-10', instalments: [{ status: 'due' }, { status: 'upcoming' }] });
    // Next: the reminder of the first instalment, planReminderDays (3) before 03-31.
    expect(planNextStep({ invoice, events, doneSteps: everyStep, policy: STANDARD_POLICY, today: isoDate('2026-03-25') }).next).toEqual({
      kind: 'wait',
      until: '2026-03-28',
      reason: 'plan',
    });
  });

  it('ends without being kept when the invoice is credited while the plan runs', () => {
    const events: CollectionsEvent[] = [twoHalves, paid('2026-04-02', '600.00'), { type: 'credit-note', date: isoDate('2026-04-10'), amount: '600.00' as Decimal, creditNote: 'CN-1' }];
    expect(standingOn('2026-04-20', events)).toMatchObject({ state: 'ended', on: '2026-04-10', by: 'credited', instalments: [{ status: 'met' }, { status: 'cancelled' }] });
  });

  it('is the newer plan once a broken one is followed by another', () => {
    const second = plan('2026-05-05', [['2026-05-29', '600.00']]);
    expect(standingOn('2026-05-10', [twoHalves, paid('2026-03-31', '600.00'), second])).toMatchObject({ state: 'running', date: '2026-05-05', instalments: [{ status: 'due' }] });
  });

  it('is none without a plan, for a plan on a paid invoice, and for one that does not add up to what is open', () => {
    expect(standingOn('2026-04-10', [paid('2026-03-20', '100.00')])).toBeNull();
    expect(standingOn('2026-04-10', [paid('2026-03-08', '1200.00'), twoHalves])).toBeNull();
    expect(standingOn('2026-04-10', [plan('2026-03-10', [['2026-03-31', '600.00']])])).toBeNull();
  });

  it('knows nothing of a plan made after the day asked about', () => {
    expect(standingOn('2026-03-09', [twoHalves])).toBeNull();
  });
});

describe('the instalment a broken plan names', () => {
  // An oracle of its own: the spec's rule, counted in whole euros, against what the replay says.
  const day = (offset: number) => addDays(isoDate('2026-03-10'), offset);
  const arbCase = fc.record({
    amounts: fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }),
    payments: fc.array(fc.record({ offset: fc.integer({ min: 0, max: 150 }), amount: fc.integer({ min: 1, max: 400 }) }), { maxLength: 5 }),
  });

  it('is the first whose running total the payments had not reached by the end of its grace days, and the plan breaks the day after', () =>
    fc.assert(
      fc.property(arbCase, ({ amounts, payments }) => {
        const total = amounts.reduce((sum, amount) => sum + amount, 0);
        const events: CollectionsEvent[] = [
          plan('2026-03-10', amounts.map((amount, i) => [day(30 * (i + 1)), `${amount}.00`])),
          ...payments.map(({ offset, amount }) => paid(day(offset), `${amount}.00`)),
        ];
        const found = instalmentPlanOn({ invoice: { ...invoice, amountDue: `${total}.00` as Decimal }, events, policy: STANDARD_POLICY, today: day(200) });
        const paidBy = (last: string) => payments.filter(({ offset }) => day(offset) <= last).reduce((sum, { amount }) => sum + amount, 0);
        let runningTotal = 0;
        const missed = amounts.findIndex((amount, i) => {
          runningTotal += amount;
          const checked = addDays(day(30 * (i + 1)), STANDARD_POLICY.promiseGraceDays + 1);
          // Paid in full before the check, the run closed: nothing is checked after.
          return paidBy(addDays(checked, -1)) < total && paidBy(addDays(checked, -1)) < runningTotal;
        });
        if (missed === -1) return found?.state === 'kept' || found?.state === 'running';
        const brokenOn = addDays(day(30 * (missed + 1)), STANDARD_POLICY.promiseGraceDays + 1);
        return (
          found?.state === 'broken' &&
          found.on === brokenOn &&
          found.instalments.every((instalment, i) => instalment.status === (i < missed ? 'met' : i === missed ? 'missed' : 'cancelled'))
        );
      }),
    ));
});
