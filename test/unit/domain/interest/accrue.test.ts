import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoDate, type IsoDate } from '../../../../functions/domain/calendar';
import { compareDecimals, parseDecimal, type Decimal } from '../../../../functions/domain/money';
import { accruedInterest, type Accrual, type AccrualInput, type PrincipalMovement } from '../../../../functions/domain/interest';

/** A decimal for literals in tests: the text, checked. */
const d = (text: string): Decimal => {
  const value = parseDecimal(text);
  if (value === undefined) throw new RangeError(`not a decimal: '${text}'`);
  return value;
};
const moved = (on: string, open: string): PrincipalMovement => ({ on: isoDate(on), open: d(open) });

const accrual = (input: AccrualInput): Accrual => {
  const result = accruedInterest(input);
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.accrual;
};

// Every figure below is principal × (reference + margin) × days ÷ 36,500, summed, then rounded once.
describe('accruedInterest', () => {
  it('counts part-payments from the day they arrive, across the change of the ECB rate on 1 July', () => {
    // EU, business: 2025-H1 ECB 3.15 + 8 = 11.15 %; 2025-H2 ECB 2.15 + 8 = 10.15 %.
    // EUR 10,000.00 due 10 June 2025; 4,000 paid 20 June, 3,000 paid 15 July; as of 31 July.
    //   11-19 Jun   9 days × 10,000 × 11.15 = 1,003,500   ÷ 36,500 = 27.4931506849
    //   20-30 Jun  11 days ×  6,000 × 11.15 =   735,900   ÷ 36,500 = 20.1616438356
    //   1-14 Jul   14 days ×  6,000 × 10.15 =   852,600   ÷ 36,500 = 23.3589041096
    //   15-31 Jul  17 days ×  3,000 × 10.15 =   517,650   ÷ 36,500 = 14.1821917808
    //   sum 3,109,650 ÷ 36,500 = 85.1958904... -> EUR 85.20 (periods rounded one by one would give 85.19)
    const result = accrual({
      jurisdiction: 'EU', party: 'business', currency: 'EUR', dueDate: isoDate('2025-06-10'), asOf: isoDate('2025-07-31'),
      principal: [moved('2025-05-11', '10000.00'), moved('2025-06-20', '6000.00'), moved('2025-07-15', '3000.00')],
    });
    expect(result.interest).toBe('85.20');
    expect(result.periods.map((p) => [p.from, p.to, p.days, p.principal, p.annualRatePercent, p.interest])).toEqual([
      ['2025-06-11', '2025-06-19', 9, '10000', '11.15', '27.4931506849'],
      ['2025-06-20', '2025-06-30', 11, '6000', '11.15', '20.1616438356'],
      ['2025-07-01', '2025-07-14', 14, '6000', '10.15', '23.3589041096'],
      ['2025-07-15', '2025-07-31', 17, '3000', '10.15', '14.1821917808'],
    ]);
    expect(result.compensation).toEqual({ amount: '40.00', currency: 'EUR' });
  });

  it('gives a consumer in Germany 5 points over the Basiszinssatz and no lump sum', () => {
    // DE, consumer, § 288 (1) BGB: Basiszinssatz 1.27 (2025-H2 and 2026-H1) + 5 = 6.27 %.
    // EUR 2,000.00 due 15 December 2025, unpaid, as of 13 February 2026.
    //   16-31 Dec  16 days × 2,000 × 6.27 = 200,640 ÷ 36,500 =  5.4969863014
    //   1 Jan-13 Feb 44 days × 2,000 × 6.27 = 551,760 ÷ 36,500 = 15.1167123288
    //   sum 752,400 ÷ 36,500 = 20.6136986... -> EUR 20.61; § 288 (5) gives a consumer no EUR 40.
    const input: AccrualInput = {
      jurisdiction: 'DE', party: 'consumer', currency: 'EUR', dueDate: isoDate('2025-12-15'), asOf: isoDate('2026-02-13'),
      principal: [moved('2025-11-15', '2000.00')],
    };
    const consumer = accrual(input);
    expect(consumer.interest).toBe('20.61');
    expect(consumer.periods.map((p) => [p.days, p.referenceRatePercent, p.marginPercent, p.interest])).toEqual([
      [16, '1.27', '5', '5.4969863014'],
      [44, '1.27', '5', '15.1167123288'],
    ]);
    expect(consumer.compensation).toBeNull();
    // The same debt between businesses, § 288 (2) and (5): 1.27 + 9 = 10.27 %; 60 × 2,000 × 10.27 = 1,232,400 ÷ 36,500 = 33.7643... -> 33.76, and EUR 40.
    const business = accrual({ ...input, party: 'business' });
    expect([business.interest, business.compensation]).toEqual(['33.76', { amount: '40.00', currency: 'EUR' }]);
  });

  it('charges a UK debt of GBP 5,000 Bank Rate plus 8 points and the GBP 70 fixed sum', () => {
    // GB, business: Bank Rate 3.75 on 31 December 2025 (2026-H1) and on 30 June 2026 (2026-H2) + 8 = 11.75 %.
    // GBP 5,000.00 due 31 May 2026, unpaid, as of 30 July 2026.
    //   1-30 Jun  30 days × 5,000 × 11.75 = 1,762,500 ÷ 36,500 = 48.2876712329
    //   1-30 Jul  30 days × 5,000 × 11.75 = 1,762,500 ÷ 36,500 = 48.2876712329
    //   sum 3,525,000 ÷ 36,500 = 96.5753424... -> GBP 96.58; s. 5A: 1,000 <= 5,000 < 10,000 -> GBP 70.
    const result = accrual({
      jurisdiction: 'GB', party: 'business', currency: 'GBP', dueDate: isoDate('2026-05-31'), asOf: isoDate('2026-07-30'),
      principal: [moved('2026-05-01', '5000.00')],
    });
    expect(result.interest).toBe('96.58');
    expect(result.periods.map((p) => [p.days, p.referenceRatePercent, p.annualRatePercent])).toEqual([[30, '3.75', '11.75'], [30, '3.75', '11.75']]);
    expect(result.compensation).toEqual({ amount: '70.00', currency: 'GBP' });
  });

  it('picks the UK fixed sum by the debt open on the due date, at the band edges', () => {
    const sumFor = (debt: string) =>
      accrual({
        jurisdiction: 'GB', party: 'business', currency: 'GBP', dueDate: isoDate('2026-05-31'), asOf: isoDate('2026-06-01'),
        principal: [moved('2026-05-01', debt)],
      }).compensation?.amount;
    expect(['999.99', '1000.00', '9999.99', '10000.00'].map(sumFor)).toEqual(['40.00', '70.00', '70.00', '100.00']);
  });

  it('gives a UK consumer neither interest nor a fixed sum', () => {
    const result = accrual({
      jurisdiction: 'GB', party: 'consumer', currency: 'GBP', dueDate: isoDate('2026-05-31'), asOf: isoDate('2026-07-30'),
      principal: [moved('2026-05-01', '5000.00')],
    });
    expect([result.interest, result.periods, result.compensation]).toEqual(['0.00', [], null]);
  });

  it('charges a USD invoice under EU rules interest but not the EUR 40', () => {
    // EU, business, 2026-H1: 2.15 + 8 = 10.15 %. USD 1,200.00 due 31 March 2026, as of 30 April 2026.
    //   1-30 Apr 30 days × 1,200 × 10.15 = 365,400 ÷ 36,500 = 10.0109589... -> USD 10.01
    // The directive's EUR 40 is a sum in euro; a USD invoice is not owed it.
    const input: AccrualInput = {
      jurisdiction: 'EU', party: 'business', currency: 'USD', dueDate: isoDate('2026-03-31'), asOf: isoDate('2026-04-30'),
      principal: [moved('2026-03-01', '1200.00')],
    };
    const usd = accrual(input);
    expect([usd.interest, usd.compensation]).toEqual(['10.01', null]);
    expect(accrual({ ...input, currency: 'EUR' }).compensation).toEqual({ amount: '40.00', currency: 'EUR' });
  });

  it('rounds once, at the end, not day by day', () => {
    // EU, business, 10.15 %: EUR 100.00 due 31 March 2026, as of 10 April 2026.
    //   one day: 100 × 10.15 ÷ 36,500 = 0.0278082... (0.03 if rounded), so ten days rounded daily = 0.30;
    //   once: 10 × 100 × 10.15 = 10,150 ÷ 36,500 = 0.2780821... -> EUR 0.28.
    const result = accrual({
      jurisdiction: 'EU', party: 'business', currency: 'EUR', dueDate: isoDate('2026-03-31'), asOf: isoDate('2026-04-10'),
      principal: [moved('2026-03-01', '100.00')],
    });
    expect(result.interest).toBe('0.28');
  });

  it("rounds to the currency's minor unit: whole yen", () => {
    // JPY 100,000 × 10.15 × 30 = 30,450,000 ÷ 36,500 = 834.2465... -> JPY 834; no EUR 40 for a yen invoice.
    const result = accrual({
      jurisdiction: 'EU', party: 'business', currency: 'JPY', dueDate: isoDate('2026-03-31'), asOf: isoDate('2026-04-30'),
      principal: [moved('2026-03-01', '100000')],
    });
    expect([result.interest, result.compensation]).toEqual(['834', null]);
  });

  it('uses the principal open on each day, not the balance today (ERPNext #49621)', () => {
    // EU, business, 10.15 %: EUR 1,000.00 due 31 January 2026; 900 paid 15 March; as of 31 March.
    //   1 Feb-14 Mar 42 days × 1,000 × 10.15 = 426,300
    //   15-31 Mar    17 days ×   100 × 10.15 =  17,255
    //   sum 443,555 ÷ 36,500 = 12.1521917... -> EUR 12.15
    // Today's balance for every day since the due date: 59 × 100 × 10.15 = 59,885 ÷ 36,500 = 1.64, the figure to avoid.
    const result = accrual({
      jurisdiction: 'EU', party: 'business', currency: 'EUR', dueDate: isoDate('2026-01-31'), asOf: isoDate('2026-03-31'),
      principal: [moved('2026-01-01', '1000.00'), moved('2026-03-15', '100.00')],
    });
    expect(result.interest).toBe('12.15');
    expect(result.interest).not.toBe('1.64');
  });

  it('stops interest when the principal is paid late but keeps the compensation', () => {
    // 4 days (1-4 April) × 1,000 × 10.15 = 40,600 ÷ 36,500 = 1.1123... -> EUR 1.11; paid on 5 April, nothing after.
    const result = accrual({
      jurisdiction: 'EU', party: 'business', currency: 'EUR', dueDate: isoDate('2026-03-31'), asOf: isoDate('2026-06-30'),
      principal: [moved('2026-03-01', '1000.00'), moved('2026-04-05', '0')],
    });
    expect([result.interest, result.compensation]).toEqual(['1.11', { amount: '40.00', currency: 'EUR' }]);
  });

  it('refuses a day whose half-year the rate series does not cover, naming it', () => {
    const result = accruedInterest({
      jurisdiction: 'DE', party: 'business', currency: 'EUR', dueDate: isoDate('2026-12-20'), asOf: isoDate('2027-01-05'),
      principal: [moved('2026-12-01', '1000.00')],
    });
    expect(result.ok ? null : result.error.code).toBe('rate-missing');
    expect(result.ok ? '' : result.error.message).toContain('2027-H1');
  });

  it('needs no rate for days with nothing open, so a debt paid in 2026 is not refused as of 2027', () => {
    const result = accruedInterest({
      jurisdiction: 'DE', party: 'business', currency: 'EUR', dueDate: isoDate('2026-12-20'), asOf: isoDate('2027-01-05'),
      principal: [moved('2026-12-01', '1000.00'), moved('2026-12-30', '0')],
    });
    // 21-29 Dec: 9 days × 1,000 × (1.52 + 9) = 94,680 ÷ 36,500 = 2.5939... -> EUR 2.59 (on the unconfirmed 2026-H2 Basiszinssatz).
    expect(result.ok && result.accrual.interest).toBe('2.59');
  });

  it('refuses a jurisdiction the rules do not have', () => {
    const result = accruedInterest({
      jurisdiction: 'US', party: 'business', currency: 'USD', dueDate: isoDate('2026-03-31'), asOf: isoDate('2026-04-30'),
      principal: [moved('2026-03-01', '1200.00')],
    });
    expect(result.ok ? null : result.error.code).toBe('unknown-jurisdiction');
  });
});

// Due dates, and as-of dates up to 180 days after them, stay inside the shipped series (2012-H1 to 2026-H2).
const arbDueDate = fc.integer({ min: 0, max: 5290 }).map((n) => addDays(isoDate('2012-01-01'), n)); // up to 2026-06-26
const arbCents = fc.bigInt({ min: 0n, max: 10_000_000n }).map((cents) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}` as Decimal);
const arbCase = fc.record({
  dueDate: arbDueDate,
  jurisdiction: fc.constantFrom('EU', 'DE', 'FR', 'GB'),
  party: fc.constantFrom('business' as const, 'consumer' as const),
  currency: fc.constantFrom('EUR', 'GBP', 'USD', 'JPY'),
  moves: fc.array(fc.record({ offset: fc.integer({ min: -30, max: 180 }), open: arbCents }), { minLength: 1, maxLength: 6 }),
});
type Case = { dueDate: IsoDate; jurisdiction: string; party: 'business' | 'consumer'; currency: string; moves: { offset: number; open: Decimal }[] };
const inputOf = (c: Case, asOf: IsoDate): AccrualInput => ({
  jurisdiction: c.jurisdiction, party: c.party, currency: c.currency, dueDate: c.dueDate, asOf,
  principal: c.moves.map(({ offset, open }) => ({ on: addDays(c.dueDate, offset), open: c.currency === 'JPY' ? (open.split('.')[0] as Decimal) : open })),
});

describe('accruedInterest, for any debt', () => {
  it('is never negative, and never decreases as the as-of date moves on', () =>
    fc.assert(fc.property(arbCase, fc.integer({ min: -5, max: 120 }), fc.integer({ min: 0, max: 60 }), (c, first, more) => {
      const earlier = accrual(inputOf(c, addDays(c.dueDate, first)));
      const later = accrual(inputOf(c, addDays(c.dueDate, first + more)));
      return compareDecimals(earlier.interest, d('0')) >= 0 && compareDecimals(earlier.interest, later.interest) <= 0;
    })));

  it('is zero, with no compensation, when everything is paid by the due date', () =>
    fc.assert(fc.property(arbCase, fc.integer({ min: 0, max: 180 }), (c, after) => {
      const paid = { ...c, moves: [...c.moves.map((m) => ({ ...m, offset: Math.min(m.offset, 0) })), { offset: 0, open: d('0') }] };
      const result = accrual(inputOf(paid, addDays(c.dueDate, after)));
      return compareDecimals(result.interest, d('0')) === 0 && result.compensation === null && result.periods.length === 0;
    })));
});
