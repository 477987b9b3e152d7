import { addDays, daysBetween, type IsoDate } from '../calendar';
import { agingBucketOf, AGING_BUCKETS, type AgingBucket } from '../collections';
import { compareDecimals, daysOutstanding, isPositive, oneDecimal, percentage, subtractDecimals, sumDecimals, type Decimal } from '../money';
import { claimsOpenFromMovements, moneyHistoryOf, openFromMovements, type MoneyHistory } from '../receivables';

export { formatReport, type FormatReportOptions, type ReportFormat } from './format';

/** An invoice as receivables analytics see it: what was billed, when due, and its money history from the receivables ledger. */
export interface Receivable extends MoneyHistory {
  readonly number: string;
  readonly customer: string;
  readonly segment: string;
  readonly currency: string;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  /** BT-115 as billed. */
  readonly amount: Decimal;
}

/** A receivable from what was billed and the invoice's facts (payments, credits, returns…), as the receivables ledger folds them. */
export const receivableOf = (
  invoice: Omit<Receivable, keyof MoneyHistory>,
  events: readonly { readonly type: string; readonly date: IsoDate }[],
): Receivable => ({ ...invoice, ...moneyHistoryOf(invoice.amount, events) });

/** What is open of an invoice at the end of a day, as its movements left it; nothing before it is issued. */
export const openOn = (receivable: Receivable, day: IsoDate): Decimal =>
  receivable.issueDate > day ? ('0' as Decimal) : openFromMovements(receivable.amount, receivable.movements, day);

/** The day it was credited or written off in full, if it was: it is cancelled, not collected, from then on. */
const cancelledOn = (receivable: Receivable): IsoDate | null =>
  receivable.settled && receivable.settled.by !== 'paid' ? receivable.settled.on : null;

// The 30-day periods countback walks back through; the 90 days of standard DSO and CEI in figuresOf
// are exactly its first three, so one pass sorting sales into periods serves all three figures.
const PERIOD_DAYS = 30;
const FIGURES_PERIODS = 3;
const COUNTBACK_MAX_PERIODS = 24;

/**
 * Whether a receivable is in the figures as of a day: issued by then, and not credited by then. A
 * credited invoice is cancelled, not collected: counting it in sales would lower DSO, and its
 * disappearance from the open amounts would raise CEI, for money nobody paid.
 */
export const countsOn =
  (day: IsoDate) =>
  (receivable: Receivable): boolean => {
    const cancelled = cancelledOn(receivable);
    return receivable.issueDate <= day && (cancelled === null || cancelled > day);
  };

const salesIn = (receivables: readonly Receivable[], from: IsoDate, to: IsoDate): Decimal =>
  sumDecimals(receivables.filter((r) => countsOn(to)(r) && r.issueDate >= from).map((r) => r.amount));

const openTotal = (receivables: readonly Receivable[], day: IsoDate): Decimal => sumDecimals(receivables.map((r) => openOn(r, day)));

/** The 30-day period back from the day an issue date falls in (0: the day and the 29 before it); null when issued after the day. */
const periodBack = (issueDate: IsoDate, day: IsoDate): number | null => {
  const days = daysBetween(issueDate, day);
  return days < 0 ? null : Math.floor(days / PERIOD_DAYS);
};

/** Sales of each of the `periods` 30-day periods back from the day, in one pass. */
function salesByPeriod(receivables: readonly Receivable[], day: IsoDate, periods: number): Decimal[] {
  const amounts: Decimal[][] = Array.from({ length: periods }, () => []);
  for (const receivable of receivables.filter(countsOn(day))) {
    const period = periodBack(receivable.issueDate, day);
    if (period !== null && period < periods) amounts[period]!.push(receivable.amount);
  }
  return amounts.map(sumDecimals);
}

const emptyBuckets = (): Record<AgingBucket, Decimal[]> =>
  Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, [] as Decimal[]])) as Record<AgingBucket, Decimal[]>;

const sumBuckets = (buckets: Record<AgingBucket, Decimal[]>): Record<AgingBucket, Decimal> =>
  Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, sumDecimals(buckets[bucket])])) as Record<AgingBucket, Decimal>;

/** Open amounts by aging bucket at the end of a day (days past due: current, 1-30, 31-60, 61-90, over 90). */
export function aging(receivables: readonly Receivable[], day: IsoDate): Record<AgingBucket, Decimal> {
  const buckets = emptyBuckets();
  for (const receivable of receivables) {
    const open = openOn(receivable, day);
    if (isPositive(open)) buckets[agingBucketOf(receivable.dueDate, day)].push(open);
  }
  return sumBuckets(buckets);
}

const standardFrom = (open: Decimal, sales: Decimal, periodDays: number): Decimal | null =>
  isPositive(sales) ? daysOutstanding(open, sales, periodDays) : null;

/**
 * DSO, standard method: open receivables at the end of the day ÷ sales of the `periodDays` days
 * up to it × periodDays. Null without sales in the period.
 */
export function dsoStandard(receivables: readonly Receivable[], day: IsoDate, periodDays = 90): Decimal | null {
  return standardFrom(openTotal(receivables, day), salesIn(receivables, addDays(day, 1 - periodDays), day), periodDays);
}

/** Countback over sales per 30-day period, latest first; null without sales, or when they do not cover what is open. */
function countbackFrom(open: Decimal, periodSales: readonly Decimal[]): Decimal | null {
  let remaining = open;
  if (!periodSales.some(isPositive)) return null;
  if (!isPositive(remaining)) return '0.0' as Decimal;
  for (const [period, sales] of periodSales.entries()) {
    if (compareDecimals(sales, remaining) >= 0) {
      return oneDecimal(sumDecimals([String(PERIOD_DAYS * period) as Decimal, daysOutstanding(remaining, sales, PERIOD_DAYS)]));
    }
    remaining = subtractDecimals(remaining, sales);
  }
  return null;
}

/**
 * DSO, countback method: the open receivables are matched against sales going back 30-day
 * periods from the day; each period fully covered counts its 30 days, the last one its share.
 * Null when `maxPeriods` periods of sales do not cover what is open.
 */
export function dsoCountback(receivables: readonly Receivable[], day: IsoDate, maxPeriods = COUNTBACK_MAX_PERIODS): Decimal | null {
  return countbackFrom(openTotal(receivables, day), salesByPeriod(receivables, day, maxPeriods));
}

/** What CEI is computed from: open at the start and the end, the period's sales, and what is open but not yet due at the end. */
interface CeiInputs {
  readonly beginning: Decimal;
  readonly sales: Decimal;
  readonly endingTotal: Decimal;
  readonly endingCurrent: Decimal;
}

function ceiFrom({ beginning, sales, endingTotal, endingCurrent }: CeiInputs): Decimal | null {
  const collectable = subtractDecimals(sumDecimals([beginning, sales]), endingCurrent);
  if (!isPositive(collectable)) return null;
  return percentage(subtractDecimals(sumDecimals([beginning, sales]), endingTotal), collectable);
}

/**
 * Collection effectiveness index over a period, in percent: of what could have been collected
 * (receivables open at the start plus the period's sales, less what is still open and not yet
 * due at the end), the share that was.
 */
export function cei(all: readonly Receivable[], from: IsoDate, to: IsoDate): Decimal | null {
  const receivables = all.filter(countsOn(to));
  return ceiFrom({
    beginning: openTotal(receivables, addDays(from, -1)),
    sales: salesIn(receivables, from, to),
    endingTotal: openTotal(receivables, to),
    endingCurrent: sumDecimals(receivables.filter((r) => r.dueDate >= to).map((r) => openOn(r, to))),
  });
}

export interface Figures {
  /** The principal open. */
  readonly open: Decimal;
  /** The late-payment claims open beside it (interest and compensation booked, less paid and waived). */
  readonly claimsOpen: Decimal;
  readonly aging: Record<AgingBucket, Decimal>;
  readonly dsoStandard: Decimal | null;
  readonly dsoCountback: Decimal | null;
  /** CEI over the 90 days up to the day. */
  readonly cei: Decimal | null;
}

/**
 * What one receivable adds to the figures as of a day. Worked out once per receivable: a report
 * sums it into its total, its segment and its customer, and openOn is most of the cost.
 */
interface Contribution {
  readonly receivable: Receivable;
  /** Open at the end of the day. */
  readonly open: Decimal;
  readonly claimsOpen: Decimal;
  /** Open at the end of the day before the 90 days of CEI. */
  readonly openBefore: Decimal;
  readonly bucket: AgingBucket;
  /** The 30-day period back from the day it was issued in; null when issued after the day. */
  readonly period: number | null;
}

/** Works out contributions as of a day; the day before CEI's 90 days is computed once, not per receivable. */
function contributionsAsOf(day: IsoDate): (receivable: Receivable) => Contribution {
  const beforeCei = addDays(day, -PERIOD_DAYS * FIGURES_PERIODS);
  return (receivable) => ({
    receivable,
    open: openOn(receivable, day),
    claimsOpen: receivable.issueDate > day ? ('0' as Decimal) : claimsOpenFromMovements(receivable.movements, day),
    openBefore: openOn(receivable, beforeCei),
    bucket: agingBucketOf(receivable.dueDate, day),
    period: periodBack(receivable.issueDate, day),
  });
}

/** The figures of a group of receivables from their contributions, in one pass over them. */
function figuresFrom(contributions: readonly Contribution[], day: IsoDate): Figures {
  const open: Decimal[] = [];
  const claimsOpen: Decimal[] = [];
  const openBefore: Decimal[] = [];
  const current: Decimal[] = [];
  const buckets = emptyBuckets();
  const periodAmounts: Decimal[][] = Array.from({ length: COUNTBACK_MAX_PERIODS }, () => []);
  for (const contribution of contributions) {
    const { receivable, period } = contribution;
    open.push(contribution.open);
    claimsOpen.push(contribution.claimsOpen);
    openBefore.push(contribution.openBefore);
    if (receivable.dueDate >= day) current.push(contribution.open);
    // Closed ones go into their bucket too: a zero adds nothing, and skipping it would cost a comparison each.
    buckets[contribution.bucket].push(contribution.open);
    if (period !== null && period < COUNTBACK_MAX_PERIODS) periodAmounts[period]!.push(receivable.amount);
  }
  const openTotal = sumDecimals(open);
  const periodSales = periodAmounts.map(sumDecimals);
  const recentSales = sumDecimals(periodSales.slice(0, FIGURES_PERIODS));
  return {
    open: openTotal,
    claimsOpen: sumDecimals(claimsOpen),
    aging: sumBuckets(buckets),
    dsoStandard: standardFrom(openTotal, recentSales, PERIOD_DAYS * FIGURES_PERIODS),
    dsoCountback: countbackFrom(openTotal, periodSales),
    cei: ceiFrom({ beginning: sumDecimals(openBefore), sales: recentSales, endingTotal: openTotal, endingCurrent: sumDecimals(current) }),
  };
}

/** Open, aging, DSO (standard over 90 days, countback over up to 24 periods of 30) and CEI over the 90 days up to the day. */
export const figuresOf = (receivables: readonly Receivable[], day: IsoDate): Figures => figuresFrom(receivables.filter(countsOn(day)).map(contributionsAsOf(day)), day);

/** One currency's figures as of a day: in total, per segment and per customer, keys in sorted order. */
export interface CurrencyReport {
  readonly currency: string;
  readonly asOf: IsoDate;
  readonly total: Figures;
  readonly bySegment: Readonly<Record<string, Figures>>;
  readonly byCustomer: Readonly<Record<string, Figures>>;
}

/** The contributions of one currency, split by segment and by customer as they are gathered. */
interface CurrencyGroup {
  readonly all: Contribution[];
  readonly bySegment: Map<string, Contribution[]>;
  readonly byCustomer: Map<string, Contribution[]>;
}

const pushTo = <T>(groups: Map<string, T[]>, key: string, item: T): void => {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
};

/** Every receivable's contribution, grouped by currency, segment and customer in one pass. */
function groupByCurrency(receivables: readonly Receivable[], day: IsoDate): Map<string, CurrencyGroup> {
  const currencies = new Map<string, CurrencyGroup>();
  const contributionOf = contributionsAsOf(day);
  for (const receivable of receivables) {
    if (!countsOn(day)(receivable)) continue;
    let group = currencies.get(receivable.currency);
    if (!group) currencies.set(receivable.currency, (group = { all: [], bySegment: new Map(), byCustomer: new Map() }));
    const contribution = contributionOf(receivable);
    group.all.push(contribution);
    pushTo(group.bySegment, receivable.segment, contribution);
    pushTo(group.byCustomer, receivable.customer, contribution);
  }
  return currencies;
}

// Sorted by code unit, as Array.prototype.sort does by default, so the order is the same on every machine.
const sortedKeys = <T>(map: ReadonlyMap<string, T>): string[] => [...map.keys()].sort();

const figuresByKey = (groups: ReadonlyMap<string, readonly Contribution[]>, day: IsoDate): Record<string, Figures> =>
  Object.fromEntries(sortedKeys(groups).map((key) => [key, figuresFrom(groups.get(key)!, day)]));

/** Figures per customer, per segment and in total, one currency at a time (amounts never mix currencies). */
export function report(receivables: readonly Receivable[], day: IsoDate): CurrencyReport[] {
  const currencies = groupByCurrency(receivables, day);
  return sortedKeys(currencies).map((currency) => {
    const group = currencies.get(currency)!;
    return {
      currency,
      asOf: day,
      total: figuresFrom(group.all, day),
      bySegment: figuresByKey(group.bySegment, day),
      byCustomer: figuresByKey(group.byCustomer, day),
    };
  });
}
