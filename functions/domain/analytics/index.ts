import { addDays, type IsoDate } from '../calendar';
import { agingBucketOf, AGING_BUCKETS, type AgingBucket } from '../collections';
import { atLeastZero, compareDecimals, daysOutstanding, isPositive, oneDecimal, percentage, subtractDecimals, sumDecimals, type Decimal } from '../money';

/** An invoice as receivables analytics see it: what was billed, when due, what was paid when. */
export interface Receivable {
  readonly number: string;
  readonly customer: string;
  readonly segment: string;
  readonly currency: string;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  /** BT-115 as billed. */
  readonly amount: Decimal;
  readonly payments: readonly { readonly date: IsoDate; readonly amount: Decimal }[];
  /** The day it was credited (a dispute upheld), if it was: nothing is open from then on. */
  readonly creditedOn: IsoDate | null;
}

/** What is open of an invoice at the end of a day: billed less paid, never below zero; nothing before it is issued. */
export const openOn = (receivable: Receivable, day: IsoDate): Decimal => {
  if (receivable.issueDate > day || (receivable.creditedOn !== null && receivable.creditedOn <= day)) return '0' as Decimal;
  const paid = receivable.payments.filter((payment) => payment.date <= day).map((payment) => payment.amount);
  return atLeastZero(subtractDecimals(receivable.amount, sumDecimals(paid)));
};

const salesIn = (receivables: readonly Receivable[], from: IsoDate, to: IsoDate): Decimal =>
  sumDecimals(receivables.filter((r) => r.issueDate >= from && r.issueDate <= to).map((r) => r.amount));

const openTotal = (receivables: readonly Receivable[], day: IsoDate): Decimal => sumDecimals(receivables.map((r) => openOn(r, day)));

/** Open amounts by aging bucket at the end of a day (days past due: current, 1-30, 31-60, 61-90, over 90). */
export function aging(receivables: readonly Receivable[], day: IsoDate): Record<AgingBucket, Decimal> {
  const buckets = Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, [] as Decimal[]])) as Record<AgingBucket, Decimal[]>;
  for (const receivable of receivables) {
    const open = openOn(receivable, day);
    if (isPositive(open)) buckets[agingBucketOf(receivable.dueDate, day)].push(open);
  }
  return Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, sumDecimals(buckets[bucket])])) as Record<AgingBucket, Decimal>;
}

/**
 * DSO, standard method: open receivables at the end of the day ÷ sales of the `periodDays` days
 * up to it × periodDays. Null without sales in the period.
 */
export function dsoStandard(receivables: readonly Receivable[], day: IsoDate, periodDays = 90): Decimal | null {
  const sales = salesIn(receivables, addDays(day, 1 - periodDays), day);
  return isPositive(sales) ? daysOutstanding(openTotal(receivables, day), sales, periodDays) : null;
}

/**
 * DSO, countback method: the open receivables are matched against sales going back 30-day
 * periods from the day; each period fully covered counts its 30 days, the last one its share.
 * Null when `maxPeriods` periods of sales do not cover what is open.
 */
export function dsoCountback(receivables: readonly Receivable[], day: IsoDate, maxPeriods = 24): Decimal | null {
  let remaining = openTotal(receivables, day);
  if (!isPositive(remaining)) return '0.0' as Decimal;
  for (let period = 0; period < maxPeriods; period++) {
    const to = addDays(day, -30 * period);
    const sales = salesIn(receivables, addDays(to, -29), to);
    if (compareDecimals(sales, remaining) >= 0) {
      return oneDecimal(sumDecimals([String(30 * period) as Decimal, daysOutstanding(remaining, sales, 30)]));
    }
    remaining = subtractDecimals(remaining, sales);
  }
  return null;
}

/**
 * Collection effectiveness index over a period, in percent: of what could have been collected
 * (receivables open at the start plus the period's sales, less what is still open and not yet
 * due at the end), the share that was.
 */
export function cei(receivables: readonly Receivable[], from: IsoDate, to: IsoDate): Decimal | null {
  const beginning = openTotal(receivables, addDays(from, -1));
  const sales = salesIn(receivables, from, to);
  const endingTotal = openTotal(receivables, to);
  const endingCurrent = sumDecimals(receivables.filter((r) => r.dueDate >= to).map((r) => openOn(r, to)));
  const collectable = subtractDecimals(sumDecimals([beginning, sales]), endingCurrent);
  if (!isPositive(collectable)) return null;
  return percentage(subtractDecimals(sumDecimals([beginning, sales]), endingTotal), collectable);
}

export interface Figures {
  readonly open: Decimal;
  readonly aging: Record<AgingBucket, Decimal>;
  readonly dsoStandard: Decimal | null;
  readonly dsoCountback: Decimal | null;
  /** CEI over the 90 days up to the day. */
  readonly cei: Decimal | null;
}

export const figuresOf = (receivables: readonly Receivable[], day: IsoDate): Figures => ({
  open: openTotal(receivables, day),
  aging: aging(receivables, day),
  dsoStandard: dsoStandard(receivables, day),
  dsoCountback: dsoCountback(receivables, day),
  cei: cei(receivables, addDays(day, -89), day),
});

/** Figures per customer, per segment and in total, one currency at a time (amounts never mix currencies). */
export function report(receivables: readonly Receivable[], day: IsoDate) {
  const currencies = [...new Set(receivables.map((r) => r.currency))].sort();
  return currencies.map((currency) => {
    const mine = receivables.filter((r) => r.currency === currency);
    const by = (key: (r: Receivable) => string) =>
      Object.fromEntries([...new Set(mine.map(key))].sort().map((value) => [value, figuresOf(mine.filter((r) => key(r) === value), day)]));
    return { currency, asOf: day, total: figuresOf(mine, day), bySegment: by((r) => r.segment), byCustomer: by((r) => r.customer) };
  });
}
