import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import { behaviourOf, riskChanges, riskOf, settledOn, type InvoiceHistory } from '../../../../functions/domain/credit';
import { receivableOf } from '../../../../functions/domain/analytics';
import type { IsoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';
import { factsOf } from '../../../support/receivable-facts';

const paid = (date: string, amount: string) => ({ date: isoDate(date), amount: amount as Decimal });

type Payments = Parameters<typeof factsOf>[0];
interface Rest extends Partial<Pick<InvoiceHistory, 'promises' | 'disputedOn'>> {
  readonly payments?: Payments;
  readonly creditedOn?: IsoDate;
}

const invoice = (number: string, due: string, amount: string, { payments, creditedOn, ...rest }: Rest = {}): InvoiceHistory => ({
  ...receivableOf(
    { number, customer: 'C1', segment: 'standard', currency: 'EUR', issueDate: isoDate('2026-01-01'), dueDate: isoDate(due), amount: amount as Decimal },
    factsOf(payments, creditedOn ?? null),
  ),
  promises: [],
  disputedOn: [],
  ...rest,
});

const day = isoDate('2026-06-30');

describe('payment behaviour and risk', () => {
  // Worked out by hand as of 2026-06-30:
  //   A 1000 due 01-31 paid 01-30: 0 days late; B 3000 due 02-28 paid 03-10: 10 days; C 2000 due 05-31 paid in two parts, the last 06-20: 20 days.
  //   average (0 + 10 + 20) / 3 = 10.0; weighted (0·1000 + 10·3000 + 20·2000) / 6000 = 11.666… = 11.7; late 2 of 3 = 66.7 %.
  //   D 500 due 04-15, open, promised for 04-25 (broken: still open after the 2 grace days), 76 days past due.
  //   E 200 due 06-15, disputed 05-02.
  const history = [
    invoice('A', '2026-01-31', '1000.00', { payments: [paid('2026-01-30', '1000.00')] }),
    invoice('B', '2026-02-28', '3000.00', { payments: [paid('2026-03-10', '3000.00')] }),
    invoice('C', '2026-05-31', '2000.00', { payments: [paid('2026-06-20', '500.00'), paid('2026-06-01', '1500.00')] }),
    invoice('D', '2026-04-15', '500.00', { promises: [{ madeOn: isoDate('2026-04-20'), promisedDate: isoDate('2026-04-25') }] }),
    invoice('E', '2026-06-15', '200.00', { disputedOn: [isoDate('2026-05-02')] }),
  ];

  it('counts an invoice whose payment came back as settled only when it is paid again', () => {
    const payments = [paid('2026-03-30', '100.00'), paid('2026-04-03', '-100.00')];
    expect(settledOn(invoice('R', '2026-03-31', '100.00', { payments }))).toBeNull();
    expect(settledOn(invoice('R', '2026-03-31', '100.00', { payments: [...payments, paid('2026-04-20', '100.00')] }))).toBe('2026-04-20');
  });

  it('settles an invoice on the day its payments first cover it', () => {
    expect(settledOn(history[2]!)).toBe('2026-06-20');
    expect(settledOn(history[3]!)).toBeNull();
    expect(settledOn(invoice('X', '2026-01-31', '10.00', { payments: [paid('2026-01-02', '10.00')], creditedOn: isoDate('2026-01-05') }))).toBeNull();
  });

  it('measures days beyond terms, share late, broken promises, disputes and long overdue amounts', () => {
    const behaviour = behaviourOf(history, day);
    expect(behaviour).toMatchObject({
      settled: 3,
      averageDaysBeyondTerms: '10.0',
      weightedDaysBeyondTerms: '11.7',
      shareLatePercent: '66.7',
      brokenPromises: 1,
      disputes: 1,
      longOverdue: { EUR: '500.00' },
      // Settled since 04-02: C (20 days); before: A and B, (0·1000 + 10·3000) / 4000 = 7.5.
      trend: { recent: '20.0', earlier: '7.5' },
    });
  });

  it('scores each factor with its reason: 11 + 13 + 10 + 10 + 5 = 49, medium', () => {
    const risk = riskOf(behaviourOf(history, day));
    expect(risk.score).toBe(49);
    expect(risk.grade).toBe('medium');
    expect(risk.reasons.map((reason) => [reason.factor, reason.points])).toEqual([
      ['paid-late', 13],
      ['days-beyond-terms', 11],
      ['broken-promises', 10],
      ['long-overdue', 10],
      ['disputes', 5],
    ]);
    expect(risk.reasons.map((reason) => reason.text)).toEqual([
      'paid 66.7 % of its invoices after the due date',
      'pays 11.7 days beyond terms on average, weighted by amount (3 invoices settled in the last year)',
      'broke 1 promise to pay in the last year',
      'has EUR 500.00 more than 60 days past due',
      'raised 1 dispute in the last year',
    ]);
  });

  it('flags a punctual customer who starts paying late', () => {
    // Earlier: 0 and 0 days; recent: 14 days. Weighted 14000 / 3000 = 4.7 → 4 points; 1 of 3 late = 33.3 % → 6; drift 15: 25, medium.
    const drifting = [
      invoice('A', '2026-01-31', '1000.00', { payments: [paid('2026-01-31', '1000.00')] }),
      invoice('B', '2026-02-28', '1000.00', { payments: [paid('2026-02-27', '1000.00')] }),
      invoice('C', '2026-05-31', '1000.00', { payments: [paid('2026-06-14', '1000.00')] }),
    ];
    const risk = riskOf(behaviourOf(drifting, day));
    expect(risk.behaviour.trend).toEqual({ recent: '14.0', earlier: '0.0' });
    expect(risk.reasons[0]).toEqual({ factor: 'paying-later', points: 15, text: 'has started paying late: 14.0 days beyond terms in the last 90 days against 0.0 before' });
    expect(risk.score).toBe(25);
    expect(risk.grade).toBe('medium');
  });

  it('gives a customer with nothing against it a score of 0 and no reasons', () => {
    const risk = riskOf(behaviourOf([invoice('A', '2026-01-31', '1000.00', { payments: [paid('2026-01-20', '1000.00')] })], day));
    expect(risk).toMatchObject({ score: 0, grade: 'low', reasons: [] });
  });

  it('forgets what is more than a year old', () => {
    const old = [invoice('A', '2025-01-31', '1000.00', { payments: [paid('2025-03-31', '1000.00')], disputedOn: [isoDate('2025-02-01')] })];
    expect(behaviourOf(old, day)).toMatchObject({ settled: 0, weightedDaysBeyondTerms: null, disputes: 0 });
  });

  it('says in words what changed between two assessments', () => {
    const before = riskOf(behaviourOf(history.slice(0, 3), day));
    const after = riskOf(behaviourOf(history, day));
    expect(riskChanges(null, before)).toEqual(['first assessment: score 24 (low)']);
    expect(riskChanges(before, after)).toEqual([
      'score 24 → 49 (low → medium)',
      'new: broke 1 promise to pay in the last year',
      'new: has EUR 500.00 more than 60 days past due',
      'new: raised 1 dispute in the last year',
    ]);
    expect(riskChanges(after, after)).toEqual([]);
  });
});
