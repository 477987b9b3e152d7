import { z } from 'zod';
import type { LedgerStores } from '../adapters/ledger';
import type { IsoDate } from '../domain/calendar';
import { disputeAnalyticsOf, monthsOf, openDisputesOf, type DisputeAnalytics, type MonthRange, type OpenDispute } from '../domain/disputes';
import { DISPUTE_REASONS } from '../domain/policy';
import { RequestRefusedError } from './http';
import { byAmountInCurrency, matchesText, oneOf, pageOf, PAGE_PARAMETERS, sortedBy, sortParameters, textParameter, type Page, type SortOrder } from './query';

const DISPUTE_SORTS = ['age', 'disputed', 'customer', 'number'] as const;

/** What `GET /api/disputes` takes: a part of the customer's name or id, a reason, the sort (the oldest first unless asked), the page. */
export const DISPUTE_QUERY = {
  customer: textParameter.optional(),
  reason: oneOf([...DISPUTE_REASONS, 'unspecified']).optional(),
  ...sortParameters(DISPUTE_SORTS, 'age', 'desc'),
  ...PAGE_PARAMETERS,
};
export type DisputeQuery = z.output<z.ZodObject<typeof DISPUTE_QUERY>>;

const byNumber = (a: OpenDispute, b: OpenDispute): number => a.invoice.number.localeCompare(b.invoice.number) || a.invoice.sellerKey.localeCompare(b.invoice.sellerKey);

const COMPARISONS: Readonly<Record<(typeof DISPUTE_SORTS)[number], (order: SortOrder) => (a: OpenDispute, b: OpenDispute) => number>> = {
  age: () => (a, b) => a.ageDays - b.ageDays || byNumber(a, b),
  disputed: (order) => (a, b) => byAmountInCurrency((row: OpenDispute) => ({ currency: row.currency, amount: row.disputedAmount }), order)(a, b) || byNumber(a, b),
  customer: () => (a, b) => (a.customerName ?? a.customerId).localeCompare(b.customerName ?? b.customerId) || byNumber(a, b),
  number: () => byNumber,
};

/** The open disputes a request asks for: filtered, sorted, one page. */
export function disputePage(disputes: readonly OpenDispute[], query: DisputeQuery): Page<OpenDispute> {
  const chosen = disputes.filter(
    (dispute) => (query.reason === undefined || dispute.reason === query.reason) && (query.customer === undefined || matchesText(query.customer, dispute.customerId, dispute.customerName)),
  );
  return pageOf(sortedBy(chosen, COMPARISONS[query.sort](query.order), query.order), query);
}

/** The disputes waiting for a decision at the end of a day, as a request asks for them. */
export async function disputesList(ledger: Pick<LedgerStores, 'snapshot'>, day: IsoDate, query: DisputeQuery): Promise<Page<OpenDispute>> {
  const { invoices, customers } = await ledger.snapshot.read();
  const names = new Map(customers.map((customer) => [customer.id, customer.name]));
  return disputePage(openDisputesOf(invoices, day, (id) => names.get(id) ?? null), query);
}

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');
/** What `GET /api/disputes/analytics` takes: the first and last month, both included. */
export const DISPUTE_ANALYTICS_QUERY = { from: month.optional(), to: month.optional() };
export type DisputeAnalyticsQuery = z.output<z.ZodObject<typeof DISPUTE_ANALYTICS_QUERY>>;

/** Months the analytics count at most: ten years of complaints. */
export const MAX_ANALYTICS_MONTHS = 120;
/** Months the analytics count when asked for none: the year up to this month. */
const DEFAULT_ANALYTICS_MONTHS = 12;

/** The months a request asks for: up to `to` (this month unless given), from `from` (a year before unless given); refused backwards or over {@link MAX_ANALYTICS_MONTHS}. */
export function analyticsRange(query: DisputeAnalyticsQuery, day: IsoDate): MonthRange {
  const to = query.to ?? day.slice(0, 7);
  const [year, monthOfYear] = to.split('-').map(Number) as [number, number];
  const back = year * 12 + monthOfYear - DEFAULT_ANALYTICS_MONTHS;
  const from = query.from ?? `${Math.floor(back / 12)}-${String((back % 12) + 1).padStart(2, '0')}`;
  if (from > to) throw new RequestRefusedError(400, `query.from: ${from} is after ${to}`);
  if (monthsOf({ from, to }).length > MAX_ANALYTICS_MONTHS) throw new RequestRefusedError(400, `query: at most ${MAX_ANALYTICS_MONTHS} months at once, not ${from} to ${to}`);
  return { from, to };
}

/** The dispute analytics of some months, with the names of the customers they count. */
export async function disputeAnalytics(ledger: Pick<LedgerStores, 'snapshot'>, day: IsoDate, range: MonthRange): Promise<MonthRange & DisputeAnalytics & { readonly customerNames: Record<string, string> }> {
  const { invoices, customers } = await ledger.snapshot.read();
  const analytics = disputeAnalyticsOf(invoices, day, range);
  const counted = new Set(analytics.byCustomer.map((tally) => tally.key));
  return { ...range, ...analytics, customerNames: Object.fromEntries(customers.filter((customer) => counted.has(customer.id)).map((customer) => [customer.id, customer.name])) };
}
