import Big from 'big.js';
import { addDays, type IsoDate } from '../calendar';
import { inCurrencyDigits, minorUnitsOf, type Decimal } from '../money';
import type { FixedCompensation, InterestRules, PartyKind } from './rules';
import { statutoryInterestRules } from './statutory';

/** What is open of the principal after the movements of a day (the invoice, a payment, a payment returned). */
export interface PrincipalMovement {
  readonly on: IsoDate;
  readonly open: Decimal;
}

export interface AccrualInput {
  /** A key of the rules' `jurisdictions` ('EU', 'DE', 'FR', 'GB' in the shipped data). */
  readonly jurisdiction: string;
  readonly party: PartyKind;
  /** The invoice's currency (BT-5): the minor unit the interest is rounded to, and whether a fixed sum applies. */
  readonly currency: string;
  readonly dueDate: IsoDate;
  /** In any order; on a day with several, the last listed is what is open at the end of that day. Nothing is open before the first. */
  readonly principal: readonly PrincipalMovement[];
  /** The last day interest accrues for. */
  readonly asOf: IsoDate;
}

/** Consecutive days of one half-year with the same principal: what a person checks a claim with. */
export interface InterestPeriod {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly days: number;
  readonly principal: Decimal;
  readonly referenceRatePercent: Decimal;
  readonly marginPercent: Decimal;
  readonly annualRatePercent: Decimal;
  /** principal × annualRatePercent × days ÷ 36,500, to 10 places: unrounded to the currency, since only the total is. */
  readonly interest: Decimal;
}

export interface Accrual {
  /** The sum of the periods, rounded half-up to the currency's minor unit once. */
  readonly interest: Decimal;
  readonly periods: readonly InterestPeriod[];
  /** The fixed sum for recovery costs; null when the law gives none, nothing was late, or the invoice is not in the sum's currency. */
  readonly compensation: { readonly amount: Decimal; readonly currency: string } | null;
  /** The law the figures rest on, for the e-mail or statement that claims them. */
  readonly law: string;
}

export type AccrualErrorCode = 'unknown-jurisdiction' | 'unknown-series' | 'rate-missing';

export type AccrualResult =
  | { readonly ok: true; readonly accrual: Accrual }
  | { readonly ok: false; readonly error: { readonly code: AccrualErrorCode; readonly message: string } };

const DAY_COUNT_PERCENT = 36_500; // actual/365, with the rate in percent

// Floors a quotient exactly: with DP 0 and rounding down, div() gives the whole part and nothing is lost.
const Whole = Big();
Whole.DP = 0;
Whole.RM = Big.roundDown;

const halfYearOf = (day: IsoDate): string => `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;

/**
 * numerator ÷ 36,500 rounded half-up to `digits` places, exactly: big.js divides to a fixed number
 * of places, and rounding that result again could move a figure lying just under a half up.
 */
const roundedQuotient = (numerator: Big, digits: number): Big => {
  const scaled = numerator.times(new Big(10).pow(digits));
  const whole = new Big(new Whole(scaled).div(DAY_COUNT_PERCENT)); // back to plain Big: a Whole divides to 0 places
  const remainder = scaled.minus(whole.times(DAY_COUNT_PERCENT));
  return (remainder.times(2).gte(DAY_COUNT_PERCENT) ? whole.plus(1) : whole).div(new Big(10).pow(digits));
};

const compensationFor = (table: FixedCompensation | null, currency: string, debt: Big): Accrual['compensation'] => {
  if (!table || table.currency !== currency.toUpperCase()) return null;
  const band = table.bands.find(({ below }) => below === null || debt.lt(below));
  return band ? { amount: inCurrencyDigits(band.amount, table.currency), currency: table.currency } : null;
};

/**
 * Statutory late-payment interest as the law computes it: simple interest for each calendar day
 * after the due date up to `asOf`, on the principal open at the end of that day (a part-payment
 * counts from the day it arrives, a returned payment from the day it goes back), at the reference
 * rate of that day's half-year plus the party's margin, actual/365; summed exactly and rounded
 * half-up to the currency's minor unit once. With it, the fixed compensation for a debt that was
 * open after its due date. A refusal names the jurisdiction or the half-year the rules lack.
 * @example accruedInterest({ jurisdiction: 'EU', party: 'business', currency: 'EUR', dueDate: '2026-03-31', principal: [{ on: '2026-03-01', open: '1200.00' }], asOf: '2026-04-30' }) // interest '10.01', compensation EUR 40.00
 */
export function accruedInterest(input: AccrualInput, rules: InterestRules = statutoryInterestRules): AccrualResult {
  const rule = rules.jurisdictions[input.jurisdiction];
  if (!rule) return { ok: false, error: { code: 'unknown-jurisdiction', message: `no interest rule for jurisdiction "${input.jurisdiction}"` } };
  const series = rules.series[rule.referenceSeries];
  if (!series) return { ok: false, error: { code: 'unknown-series', message: `${input.jurisdiction} names the rate series "${rule.referenceSeries}", which the rules lack` } };
  const rates = new Map(series.halfYears.map(({ halfYear, ratePercent }) => [halfYear, ratePercent]));
  const margin = rule.marginPercent[input.party];
  const movements = [...input.principal].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)); // stable: same-day order kept

  let pending = movements;
  let open = new Big(0);
  // Days come in order, so each movement is read once. A credit balance owes nothing, so it bears no interest either way.
  const advanceTo = (day: IsoDate): Big => {
    const firstLater = pending.findIndex((movement) => movement.on > day);
    const arrived = firstLater < 0 ? pending.length : firstLater;
    const latest = pending[arrived - 1];
    if (latest) open = new Big(latest.open);
    pending = pending.slice(arrived);
    return open.gt(0) ? open : new Big(0);
  };
  const openAtDue = advanceTo(input.dueDate);
  const late = input.asOf > input.dueDate && openAtDue.gt(0);

  const periods: { from: IsoDate; to: IsoDate; days: number; principal: Big; reference: Decimal; halfYear: string }[] = [];
  if (margin !== null) {
    for (let day = addDays(input.dueDate, 1); day <= input.asOf; day = addDays(day, 1)) {
      const principal = advanceTo(day);
      const halfYear = halfYearOf(day);
      // A day with nothing open needs no rate, so a debt paid in time is not refused for a half-year the data has yet to reach.
      const reference = principal.gt(0) ? rates.get(halfYear) : ('0' as Decimal);
      if (reference === undefined) {
        return { ok: false, error: { code: 'rate-missing', message: `${rule.referenceSeries} (${series.name}) has no rate for ${halfYear}: add it to the rules (${series.fixing})` } };
      }
      const last = periods[periods.length - 1];
      if (last && last.halfYear === halfYear && last.principal.eq(principal)) {
        last.to = day;
        last.days += 1;
      } else {
        periods.push({ from: day, to: day, days: 1, principal, reference, halfYear });
      }
    }
  }

  let numerator = new Big(0);
  const breakdown = periods
    .filter((period) => period.principal.gt(0))
    .map((period): InterestPeriod => {
      const sum = new Big(period.reference).plus(margin ?? 0);
      // A reference rate far enough below zero would have the creditor pay for being paid late; no interest is claimed then.
      const rate = sum.gt(0) ? sum : new Big(0);
      const product = period.principal.times(rate).times(period.days);
      numerator = numerator.plus(product);
      return {
        from: period.from,
        to: period.to,
        days: period.days,
        principal: period.principal.toFixed() as Decimal,
        referenceRatePercent: period.reference,
        marginPercent: (margin ?? '0') as Decimal,
        annualRatePercent: rate.toFixed() as Decimal,
        interest: product.div(DAY_COUNT_PERCENT).round(10, Big.roundHalfUp).toFixed(10) as Decimal,
      };
    });

  const digits = minorUnitsOf(input.currency);
  return {
    ok: true,
    accrual: {
      interest: roundedQuotient(numerator, digits).toFixed(digits) as Decimal,
      periods: breakdown,
      compensation: late ? compensationFor(rule.compensation[input.party], input.currency, openAtDue) : null,
      law: rule.law,
    },
  };
}
