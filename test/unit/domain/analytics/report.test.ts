import { describe, expect, it } from 'vitest';
import { aging, cei, dsoCountback, dsoStandard, openOn, receivableOf, report, type Receivable } from '../../../../functions/domain/analytics';
import { isoDate, type IsoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';
import type { MoneyFact } from '../../../../functions/domain/receivables';
import { factsOf } from '../../../support/receivable-facts';

const receivable = (
  number: string,
  customer: string,
  segment: string,
  issue: string,
  due: string,
  amount: string,
  rest: { readonly payments?: Parameters<typeof factsOf>[0]; readonly creditedOn?: IsoDate } = {},
): Receivable =>
  receivableOf(
    { number, customer, segment, currency: 'EUR', issueDate: isoDate(issue), dueDate: isoDate(due), amount: amount as Decimal },
    factsOf(rest.payments, rest.creditedOn ?? null),
  );

// A small portfolio, every figure below worked out by hand as of 2026-06-30.
const portfolio: Receivable[] = [
  receivable('A', 'C1', 'strategic', '2026-04-01', '2026-05-01', '1000.00', { payments: [{ date: isoDate('2026-05-10'), amount: '400.00' as Decimal }] }),
  receivable('B', 'C1', 'strategic', '2026-06-01', '2026-07-01', '500.00'),
  receivable('C', 'C2', 'standard', '2026-03-01', '2026-03-31', '300.00'),
  receivable('D', 'C2', 'standard', '2026-05-15', '2026-06-14', '200.00', { payments: [{ date: isoDate('2026-06-10'), amount: '200.00' as Decimal }] }),
  receivable('E', 'C2', 'standard', '2026-06-20', '2026-07-20', '100.00', { creditedOn: isoDate('2026-06-25') }),
];
const day = isoDate('2026-06-30');

describe('receivables analytics', () => {
  it('keeps what is open: billed less paid, nothing before issue or after a credit', () => {
    expect(portfolio.map((r) => openOn(r, day))).toEqual(['600', '500', '300', '0', '0']);
    expect(openOn(portfolio[0]!, isoDate('2026-03-31'))).toBe('0');
  });

  it('ages the open amounts by days past due: A is 60 days late, C 91', () =>
    expect(aging(portfolio, day)).toEqual({ current: '500', '1-30': '0', '31-60': '600', '61-90': '0', 'over-90': '300' }));

  // E, credited on 06-25, is cancelled, not a sale: the 90 days' sales are B 500 and D 200.
  it('computes DSO by the standard method: 1,400 open over 700 of sales in 90 days', () => expect(dsoStandard(portfolio, day)).toBe('180.0'));

  it('computes DSO by countback: 500 + 200 + nothing cover 700 of the 1,400, then 700 of A’s 1,000 in a fourth period', () =>
    expect(dsoCountback(portfolio, day)).toBe('111.0'));

  it('computes CEI: (1,300 + 700 − 1,400) ÷ (1,300 + 700 − 500 current) = 40 %', () => expect(cei(portfolio, isoDate('2026-04-02'), day)).toBe('40.0'));

  it('leaves out what is not issued yet, and has no DSO without sales', () => {
    expect(report(portfolio, isoDate('2026-02-28'))).toEqual([]);
    // On 03-01 only C is issued: 300 open over 300 of sales; countback covers it within the first period.
    expect(report(portfolio, isoDate('2026-03-01'))[0]?.total).toMatchObject({ open: '300', dsoStandard: '90.0', dsoCountback: '30.0' });
    // D, paid in full, and no sale in the 24 periods (720 days) before 2028-06-01: nothing to count back against.
    expect(dsoCountback([portfolio[3]!], isoDate('2026-12-31'))).toBe('0.0');
    expect(dsoCountback([portfolio[3]!], isoDate('2028-06-01'))).toBeNull();
  });

  it('reports per customer, per segment and in total, per currency', () => {
    const [eur] = report(portfolio, day);
    expect(eur?.total).toMatchObject({ open: '1400', dsoStandard: '180.0', dsoCountback: '111.0', cei: '40.0' });
    expect(eur?.byCustomer.C1?.open).toBe('1100');
    expect(eur?.bySegment.standard?.aging).toEqual({ current: '0', '1-30': '0', '31-60': '0', '61-90': '0', 'over-90': '300' });
  });

  it('reports the claims open beside the principal, from the day they are booked until paid', () => {
    const facts: MoneyFact[] = [
      { type: 'claim', date: isoDate('2026-04-14'), interest: '3.25' as Decimal, costs: '40.00' as Decimal, order: ['principal', 'interest', 'costs'] },
      { type: 'payment', date: isoDate('2026-05-02'), amount: '1010.00' as Decimal },
    ];
    const booked = receivableOf({ number: 'F', customer: 'C3', segment: 'standard', currency: 'EUR', issueDate: isoDate('2026-03-01'), dueDate: isoDate('2026-03-31'), amount: '1000.00' as Decimal }, facts);
    const [eur] = report([booked], isoDate('2026-04-30'));
    expect(eur?.total).toMatchObject({ open: '1000', claimsOpen: '43.25' });
    // 1010.00 paid: the principal first (EU), then 3.25 of interest and 6.75 of the EUR 40.
    expect(report([booked], isoDate('2026-05-31'))[0]?.total).toMatchObject({ open: '0', claimsOpen: '33.25' });
    expect(report([booked], isoDate('2026-04-13'))[0]?.total).toMatchObject({ claimsOpen: '0' });
  });
});
