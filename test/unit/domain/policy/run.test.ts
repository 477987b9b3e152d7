import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, businessCalendar, isBusinessDay, isoDate, roll, type IsoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';
import {
  STANDARD_POLICY,
  applyEvent,
  beginDay,
  openRun,
  policyFrom,
  portfolioTimeline,
  replayPortfolio,
  runDueSteps,
  type CollectionsInvoice,
  type CollectionsPolicy,
  type PortfolioEvent,
} from '../../../../functions/domain/policy';

const invoice = (overrides: Partial<CollectionsInvoice> = {}): CollectionsInvoice => ({
  number: 'INV-1',
  kind: 'invoice',
  issueDate: isoDate('2026-02-01'),
  dueDate: isoDate('2026-03-05'),
  amountDue: '1200.00' as Decimal,
  entryDate: isoDate('2026-03-02'),
  ...overrides,
});

const timeline = (events: PortfolioEvent[] = [], inv = invoice(), policy: CollectionsPolicy = STANDARD_POLICY) =>
  portfolioTimeline([inv], events, policy, inv.entryDate, isoDate('2026-12-31')).map(({ date, action, ...rest }) => [
    date,
    action,
    'step' in rest ? rest.step : rest.reason,
  ]);

const arbDate = fc.integer({ min: 0, max: 3000 }).map((n) => addDays(isoDate('2024-01-01'), n));
const arbHolidays = fc.array(arbDate, { maxLength: 20 });
const arbPolicy: fc.Arbitrary<CollectionsPolicy> = fc
  .tuple(fc.array(fc.integer({ min: -10, max: 120 }), { minLength: 1, maxLength: 8 }), arbHolidays)
  .map(([offsets, holidays]) =>
    policyFrom({
      steps: [...offsets].sort((a, b) => a - b).map((offsetDays, i, all) => ({
        id: `s${i}`,
        kind: i === all.length - 1 ? 'legal-flag' : 'email',
        offsetDays,
      })),
      holidays,
    }),
  );

describe('roll', () => {
  it('rolls a Sunday to the Monday after', () => expect(roll(isoDate('2026-03-08'), businessCalendar())).toBe('2026-03-09'));
  it('skips holidays that follow a weekend', () =>
    expect(roll(isoDate('2026-04-04'), businessCalendar(['2026-04-06']))).toBe('2026-04-07'));
  it('lands on a business day on or after the date, and rolling again changes nothing', () =>
    fc.assert(
      fc.property(arbDate, arbHolidays, (date, holidays) => {
        const calendar = businessCalendar(holidays);
        const rolled = roll(date, calendar);
        return isBusinessDay(rolled, calendar) && rolled >= date && roll(rolled, calendar) === rolled;
      }),
    ));
});

describe('policyFrom', () => {
  it('refuses steps out of order, naming both', () =>
    expect(() =>
      policyFrom({ steps: [{ id: 'late', kind: 'email', offsetDays: 10 }, { id: 'early', kind: 'email', offsetDays: 3 }] }),
    ).toThrow(/policy steps out of order: 'early' \(offset 3\) comes after 'late' \(offset 10\)/));
  it('refuses an unknown step kind', () =>
    expect(() => policyFrom({ steps: [{ id: 'x', kind: 'fax', offsetDays: 1 }] })).toThrow(/unknown kind "fax"/));
  it('refuses a holiday that is no date', () => expect(() => policyFrom({ holidays: ['2026-02-30'] })).toThrow(/not a calendar date/));
  it('takes the standard values for omitted settings', () =>
    expect(policyFrom({ holidays: ['2026-04-03'] })).toMatchObject({ steps: STANDARD_POLICY.steps, promiseGraceDays: 2 }));
});

describe('collections run', () => {
  it('escalates an unpaid invoice through the standard policy on business days', () =>
    expect(timeline()).toEqual([
      ['2026-03-02', 'email', 'pre-due'],
      ['2026-03-09', 'email', 'reminder-1'],
      ['2026-03-19', 'email', 'reminder-2'],
      ['2026-03-26', 'call-task', 'call'],
      ['2026-04-06', 'email', 'final-notice'],
      ['2026-04-20', 'agency-handover', 'agency'],
      ['2026-06-03', 'legal-flag', 'legal'],
    ]));

  it('closes on the payment that settles the invoice, and not on a partial one', () =>
    expect(
      timeline([
        { invoice: 'INV-1', type: 'payment', date: isoDate('2026-03-12'), amount: '1000' as Decimal },
        { invoice: 'INV-1', type: 'payment', date: isoDate('2026-03-20'), amount: '200.00' as Decimal },
      ]).slice(-2),
    ).toEqual([
      ['2026-03-19', 'email', 'reminder-2'],
      ['2026-03-20', 'closed', 'paid'],
    ]));

  it('asks for the amount a returned payment reopened, and closes only when paid again', () => {
    const events: PortfolioEvent[] = [
      { invoice: 'INV-1', type: 'payment', date: isoDate('2026-03-12'), amount: '1000.00' as Decimal },
      { invoice: 'INV-1', type: 'payment-returned', date: isoDate('2026-03-16'), amount: '1000.00' as Decimal, paymentId: 'p-1' },
      { invoice: 'INV-1', type: 'payment', date: isoDate('2026-03-20'), amount: '200.00' as Decimal },
    ];
    expect(timeline(events).filter(([, action]) => action === 'closed')).toEqual([]);
    expect(timeline([...events, { invoice: 'INV-1', type: 'payment', date: isoDate('2026-03-24'), amount: '1000.00' as Decimal }]).slice(-1)).toEqual([
      ['2026-03-24', 'closed', 'paid'],
    ]);
  });

  it('reopens a run closed as paid when the payment comes back, where it stood', () => {
    const paidRun = applyEvent(beginDay(openRun(invoice(), STANDARD_POLICY), invoice(), STANDARD_POLICY, isoDate('2026-03-02')).run, STANDARD_POLICY, {
      type: 'payment',
      date: isoDate('2026-03-10'),
      amount: '1200.00' as Decimal,
    }).run;
    expect(paidRun.status).toBe('closed');
    const returned = applyEvent(paidRun, STANDARD_POLICY, { type: 'payment-returned', date: isoDate('2026-03-12'), amount: '1200.00' as Decimal, paymentId: 'p-1' });
    expect(returned.actions).toEqual([{ date: '2026-03-12', action: 'resumed', reason: 'payment-returned' }]);
    expect(returned.run).toMatchObject({ status: 'active', standing: { open: '1200' } });
    // The next step was closedBefore days ahead when the payment came in; it is as far ahead of the return.
    const next = returned.run.pending[0]!;
    expect(next.step.id).toBe(paidRun.pending[0]!.step.id);
    expect(next.unrolledDate).toBe(addDays(isoDate('2026-03-12'), paidRun.closedBefore!));
  });

  it('closes an upheld dispute as credited', () =>
    expect(
      timeline([
        { invoice: 'INV-1', type: 'dispute', date: isoDate('2026-03-10') },
        { invoice: 'INV-1', type: 'dispute-resolved', date: isoDate('2026-03-20'), outcome: 'upheld' },
      ]).slice(-2),
    ).toEqual([
      ['2026-03-10', 'paused', 'dispute'],
      ['2026-03-20', 'closed', 'credited'],
    ]));

  it('resumes a dispute upheld in part for the rest, keeping the remaining distance, and closes one whose part is all that is open', () => {
    // Due 03-05: reminder-1 on 03-09 ran; the dispute on 03-10 pauses 9 days before reminder-2 (03-19).
    const events: PortfolioEvent[] = [
      { invoice: 'INV-1', type: 'dispute', date: isoDate('2026-03-10'), reason: 'pricing' },
      { invoice: 'INV-1', type: 'dispute-resolved', date: isoDate('2026-03-20'), outcome: 'upheld-in-part', amount: '200.00' as Decimal },
    ];
    // Resumed on 03-20, reminder-2 is 9 days on (03-29, a Sunday: 03-30); the call keeps its 7 days to it.
    expect(timeline(events).slice(2, 6)).toEqual([
      ['2026-03-10', 'paused', 'dispute'],
      ['2026-03-20', 'resumed', 'dispute-upheld-in-part'],
      ['2026-03-30', 'email', 'reminder-2'],
      ['2026-04-06', 'call-task', 'call'],
    ]);
    const inv = invoice();
    const { runs } = replayPortfolio([inv], events, STANDARD_POLICY, inv.entryDate, isoDate('2026-03-20'));
    expect(runs.get('INV-1')).toMatchObject({ status: 'active', standing: { open: '1000', credited: '200' } });
    const whole: PortfolioEvent = { invoice: 'INV-1', type: 'dispute-resolved', date: isoDate('2026-03-20'), outcome: 'upheld-in-part', amount: '1200.00' as Decimal };
    expect(timeline([events[0]!, whole]).slice(-2)).toEqual([
      ['2026-03-10', 'paused', 'dispute'],
      ['2026-03-20', 'closed', 'credited'],
    ]);
  });

  it('ignores a dispute resolution without an open dispute and a second pause', () =>
    expect(
      timeline([
        { invoice: 'INV-1', type: 'dispute-resolved', date: isoDate('2026-03-10'), outcome: 'upheld' },
        { invoice: 'INV-1', type: 'promise', date: isoDate('2026-03-11'), promisedDate: isoDate('2026-03-20') },
        { invoice: 'INV-1', type: 'dispute', date: isoDate('2026-03-12') },
      ]).filter(([, action]) => action === 'paused' || action === 'closed'),
    ).toEqual([['2026-03-11', 'paused', 'promise']]));

  it('never enters a credit note or an invoice with nothing due', () => {
    expect(timeline([], invoice({ kind: 'credit-note' }))).toEqual([]);
    expect(timeline([], invoice({ amountDue: '0.00' as Decimal }))).toEqual([]);
  });

  it('puts every step on a business day, in the policy order', () =>
    fc.assert(
      fc.property(arbPolicy, arbDate, (policy, due) => {
        const inv = invoice({ dueDate: due, entryDate: addDays(due, -30) });
        const lines = portfolioTimeline([inv], [], policy, inv.entryDate, addDays(due, 400));
        const calendar = businessCalendar(policy.holidays);
        const order = lines.map((line) => ('step' in line ? policy.steps.findIndex((s) => s.id === line.step) : -1));
        return (
          lines.every((line) => isBusinessDay(line.date, calendar)) &&
          order.every((index, i) => i === 0 || index > order[i - 1]!) &&
          lines.every((line, i) => i === 0 || line.date >= lines[i - 1]!.date)
        );
      }),
    ));

  // The spec measures the remaining distance to the *rolled* date of the next step and keeps the later
  // steps' spacing to it, so a same-day pause and resume keeps every run date where no step was rolled,
  // and otherwise keeps the next step's date and moves no step earlier.
  it('keeps the next step where it was when a pause and its resume fall on the same day', () =>
    fc.assert(
      fc.property(arbPolicy, fc.integer({ min: -5, max: 60 }), (policy, pauseOffset) => {
        const inv = invoice({ entryDate: addDays(isoDate('2026-03-05'), -20) });
        const day: IsoDate = addDays(isoDate('2026-03-05'), pauseOffset);
        const steps = (events: PortfolioEvent[]) =>
          portfolioTimeline([inv], events, policy, inv.entryDate, isoDate('2027-12-31')).filter((line) => 'step' in line);
        const plain = steps([]);
        const paused = steps([
          { invoice: 'INV-1', type: 'dispute', date: day },
          { invoice: 'INV-1', type: 'dispute-resolved', date: day, outcome: 'rejected' },
        ]);
        const firstAfter = plain.findIndex((line) => line.date >= day);
        const noneRolled = policy.steps.every((step) => {
          const date = addDays(isoDate('2026-03-05'), step.offsetDays);
          return roll(date, businessCalendar(policy.holidays)) === date;
        });
        return (
          paused.length === plain.length &&
          paused.every((line, i) => line.date >= plain[i]!.date) &&
          (firstAfter < 0 || paused[firstAfter]?.date === plain[firstAfter]?.date) &&
          (!noneRolled || JSON.stringify(paused) === JSON.stringify(plain))
        );
      }),
    ));

  it('is a sequence of pure transitions: the same inputs give the same run', () => {
    const policy = STANDARD_POLICY;
    const inv = invoice();
    const day = isoDate('2026-03-09');
    const a = runDueSteps(applyEvent(beginDay(openRun(inv, policy), inv, policy, day).run, policy, { type: 'dispute', date: day }).run, policy, day);
    const b = runDueSteps(applyEvent(beginDay(openRun(inv, policy), inv, policy, day).run, policy, { type: 'dispute', date: day }).run, policy, day);
    expect(a).toEqual(b);
  });
});

describe('late entry (catch-up)', () => {
  it('starts a backlog invoice with its last contact step on the day it enters, never with an escalation', () => {
    // Due 03-03, entered 06-01: only legal (+90, 06-01) is left, an escalation. final-notice (+30) is the last contact step
    // behind: it runs on 06-01, agency 15 days after it (06-16), legal 60 days after it (07-31).
    expect(timeline([], invoice({ dueDate: isoDate('2026-03-03'), entryDate: isoDate('2026-06-01') }))).toEqual([
      ['2026-06-01', 'email', 'final-notice'],
      ['2026-06-16', 'agency-handover', 'agency'],
      ['2026-07-31', 'legal-flag', 'legal'],
    ]);
  });

  it('gives an invoice with no step left the same catch-up, and an invoice with a contact step ahead its schedule', () => {
    expect(timeline([], invoice({ dueDate: isoDate('2025-10-31'), entryDate: isoDate('2026-06-01') }))[0]).toEqual(['2026-06-01', 'email', 'final-notice']);
    expect(timeline([], invoice({ dueDate: isoDate('2026-05-25'), entryDate: isoDate('2026-06-01') }))[0]).toEqual(['2026-06-08', 'email', 'reminder-2']);
  });
});

describe('instalment plans', () => {
  const plan = (date: string, instalments: [string, string][]): PortfolioEvent => ({
    invoice: 'INV-1',
    type: 'plan',
    date: isoDate(date),
    instalments: instalments.map(([on, amount]) => ({ date: isoDate(on), amount: amount as Decimal })),
  });
  const paid = (date: string, amount: string): PortfolioEvent => ({ invoice: 'INV-1', type: 'payment', date: isoDate(date), amount: amount as Decimal });

  it('pauses the run while each instalment is met by its date and the grace days, and closes it when the last is paid', () => {
    expect(timeline([plan('2026-03-10', [['2026-03-31', '600.00'], ['2026-04-30', '600.00']]), paid('2026-04-02', '600.00'), paid('2026-04-30', '600.00')]).slice(2)).toEqual([
      ['2026-03-10', 'paused', 'plan'],
      ['2026-04-30', 'closed', 'paid'],
    ]);
  });

  it('resumes the run the day after a missed instalment, keeping the distance to the next step', () => {
    // Paused 03-10 with reminder-2 (+14, 03-19) 9 days ahead; the second instalment (04-30) is missed: resumed 05-03, reminder-2 9 days later (05-12).
    expect(timeline([plan('2026-03-10', [['2026-03-31', '600.00'], ['2026-04-30', '600.00']]), paid('2026-03-31', '600.00')]).slice(2, 5)).toEqual([
      ['2026-03-10', 'paused', 'plan'],
      ['2026-05-03', 'resumed', 'plan-broken'],
      ['2026-05-12', 'email', 'reminder-2'],
    ]);
  });

  it('changes nothing with a plan that does not add up to what is open', () => {
    expect(timeline([plan('2026-03-10', [['2026-03-31', '600.00']])])).toEqual(timeline());
  });
});

describe('a policy that takes over mid-run', () => {
  it('passes over the steps behind it, and goes on as a late entry would: never an escalation first, never ended for want of a step', () => {
    // Due 03-05 under the standard policy; on 06-20 another version takes over. Everything it would have done is behind, legal
    // (+90, 06-03) included: instead of a run flagged for legal on a step nobody took, final-notice (+30) runs on 06-20 (a
    // Saturday: 06-22), the agency 15 days after 06-20 (07-05, a Sunday: 07-06), legal 60 days after it (08-19).
    const lines = timeline([], invoice({ policySince: isoDate('2026-06-20') }));
    expect(lines).toEqual([
      ['2026-06-22', 'email', 'final-notice'],
      ['2026-07-06', 'agency-handover', 'agency'],
      ['2026-08-19', 'legal-flag', 'legal'],
    ]);
  });

  it('keeps the schedule when a contact step lies ahead of the day it takes over', () => {
    expect(timeline([], invoice({ policySince: isoDate('2026-03-20') }))).toEqual([
      ['2026-03-26', 'call-task', 'call'],
      ['2026-04-06', 'email', 'final-notice'],
      ['2026-04-20', 'agency-handover', 'agency'],
      ['2026-06-03', 'legal-flag', 'legal'],
    ]);
  });
});
