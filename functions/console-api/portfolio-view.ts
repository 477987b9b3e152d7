import { z } from 'zod';
import type { LedgerStores } from '../adapters/ledger';
import type { CollectionsCase } from '../adapters/ledger/case-store';
import { addDays, daysOverdue, type IsoDate } from '../domain/calendar';
import { agingBucketOf, AGING_BUCKETS, collectionsInvoiceOf, executionNameOf, standardDso, type AgingBucket } from '../domain/collections';
import { openClaimsOf, standingOfRecord } from '../domain/receivables';
import { isPositive, sumDecimals, type Decimal } from '../domain/money';
import { planNextStep, type CollectionsPolicy, type NextStep, type PlanInput, type StepKind } from '../domain/policy';
import { segmentPolicyOf } from './plan-view';
import { byAmountInCurrency, matchesText, oneOf, pageOf, PAGE_PARAMETERS, sortedBy, sortParameters, textParameter, type Page, type SortOrder } from './query';

type Reason = Exclude<NextStep, { kind: 'run' }>['reason'];

/** How a run's situation reads in the invoice list: every reason a run waits or ends has its words. */
const STATE_LABEL: Readonly<Record<Reason, string>> = {
  schedule: 'in collections',
  'not-entered': 'not yet in collections',
  dispute: 'paused: dispute',
  promise: 'paused: promise',
  plan: 'paused: instalment plan',
  paid: 'closed: paid',
  credited: 'closed: credited',
  'written-off': 'closed: written off',
  claims: 'principal settled: claims open',
  'claims-waived': 'closed: claims waived',
  'legal-flag': 'flagged for legal',
  'not-collectable': 'nothing to collect',
};
const STEP_DUE = 'step due';
/** Every state an invoice of the list can be in, in words. */
export const INVOICE_STATES = [STEP_DUE, ...Object.values(STATE_LABEL)] as [string, ...string[]];

/** The step a run takes next, by name, and its day. */
export interface NamedStep {
  readonly id: string;
  readonly kind: StepKind;
  readonly on: IsoDate;
}

/** Waits followed to find the step a run takes: a broken promise resumes the schedule, whose wait ends in a step. */
const MAX_WAITS_FOLLOWED = 4;

/**
 * What comes next of a run, named: the step due now, or, of a run that waits until a day, the
 * step it takes then if nothing is recorded before (planNextStep asked as of that day, and of the
 * next, where that day only ends a wait). Null when it waits for an event (a dispute's
 * resolution), or ends.
 */
export function namedNextStep(next: NextStep, input: PlanInput): NamedStep | null {
  let then = next;
  for (let waits = 0; waits <= MAX_WAITS_FOLLOWED; waits++) {
    if (then.kind === 'run') return { id: then.step.id, kind: then.step.kind, on: then.on };
    if (then.kind === 'end' || then.until === null) return null;
    then = planNextStep({ ...input, today: then.until }).next;
  }
  return null;
}

/** What the console lists of an invoice: where it stands today and what comes next. */
export async function invoiceSummaries(ledger: Pick<LedgerStores, 'settings' | 'customers' | 'snapshot' | 'cases'>, day: IsoDate) {
  const rows = [];
  const settings = await ledger.settings.current();
  const segments = new Map((await ledger.customers.all()).map((customer) => [customer.id, customer.segment]));
  for (const key of await ledger.snapshot.invoiceKeys()) {
    const found = await ledger.cases.get(key);
    if (!found) continue;
    rows.push(invoiceSummaryOf(found, segmentPolicyOf(settings, segments.get(found.record.customerId)).policy, day));
  }
  return rows;
}

/** Where one invoice stands on a day under its policy, and what comes next: its row in the list, and the head of its page. */
export function invoiceSummaryOf(found: CollectionsCase, policy: CollectionsPolicy, day: IsoDate) {
  const { key } = found.record;
  const invoice = collectionsInvoiceOf(found.record);
  const standing = standingOfRecord(found.record, found.events, day);
  const open = standing.open;
  const input = { invoice, events: found.events, doneSteps: found.doneSteps, policy, today: day };
  const { next } = planNextStep(input);
  const { dueDate } = invoice;
  const isOpen = isPositive(open);
  return {
    key,
    number: key.number,
    execution: executionNameOf(key),
    customer: found.record.invoice.buyer.name,
    customerId: found.record.customerId,
    currency: found.record.invoice.currency,
    amountDue: invoice.amountDue,
    openAmount: open,
    claimsOpen: openClaimsOf(standing),
    overpaid: standing.overpaid,
    dueDate,
    daysOverdue: isOpen ? daysOverdue(dueDate, day) : 0,
    aging: isOpen ? agingBucketOf(dueDate, day) : null,
    state: next.kind === 'run' ? STEP_DUE : STATE_LABEL[next.reason],
    nextStep: namedNextStep(next, input),
    issueDate: invoice.issueDate,
    steps: found.timeline.length,
  };
}

/** One invoice as the list shows it. */
export type InvoiceSummary = Awaited<ReturnType<typeof invoiceSummaries>>[number];

const INVOICE_SORTS = ['number', 'customer', 'open', 'due', 'daysOverdue', 'state'] as const;

/** What `GET /api/invoices` takes: filters, the sort (most overdue first unless asked), the page. */
export const INVOICE_QUERY = {
  state: oneOf(INVOICE_STATES).optional(),
  customer: textParameter.optional(),
  aging: oneOf(AGING_BUCKETS).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR').optional(),
  ...sortParameters(INVOICE_SORTS, 'daysOverdue', 'desc'),
  ...PAGE_PARAMETERS,
};
export type InvoiceQuery = z.output<z.ZodObject<typeof INVOICE_QUERY>>;

const byNumber = (a: InvoiceSummary, b: InvoiceSummary): number => a.number.localeCompare(b.number) || a.key.sellerKey.localeCompare(b.key.sellerKey);
const byText = (text: (row: InvoiceSummary) => string) => (a: InvoiceSummary, b: InvoiceSummary): number => text(a).localeCompare(text(b)) || byNumber(a, b);

const COMPARISONS: Readonly<Record<(typeof INVOICE_SORTS)[number], (order: SortOrder) => (a: InvoiceSummary, b: InvoiceSummary) => number>> = {
  number: () => byNumber,
  customer: () => byText((row) => row.customer ?? ''),
  open: (order) => (a, b) => byAmountInCurrency((row: InvoiceSummary) => ({ currency: row.currency, amount: row.openAmount }), order)(a, b) || byNumber(a, b),
  due: () => byText((row) => row.dueDate),
  daysOverdue: () => (a, b) => a.daysOverdue - b.daysOverdue || byNumber(a, b),
  state: () => byText((row) => row.state),
};

/** The invoice list a request asks for: filtered, sorted, one page, with the states and currencies that occur (the page's filter choices) and today's aging of all. */
export function invoiceList(rows: readonly InvoiceSummary[], query: InvoiceQuery): Page<InvoiceSummary> & { readonly states: string[]; readonly currencies: string[]; readonly aging: ReturnType<typeof agingOf> } {
  const chosen = rows.filter(
    (row) =>
      (query.state === undefined || row.state === query.state) &&
      (query.customer === undefined || matchesText(query.customer, row.customerId, row.customer)) &&
      (query.aging === undefined || row.aging === query.aging) &&
      (query.currency === undefined || row.currency === query.currency),
  );
  return {
    ...pageOf(sortedBy(chosen, COMPARISONS[query.sort](query.order), query.order), query),
    states: INVOICE_STATES.filter((state) => rows.some((row) => row.state === state)),
    currencies: [...new Set(rows.map((row) => row.currency))].sort(),
    aging: agingOf(rows),
  };
}

/** Open amounts per aging bucket and currency. */
export const agingOf = (rows: readonly InvoiceSummary[]) => {
  const buckets: Record<string, Record<AgingBucket, Decimal>> = {};
  for (const row of rows) {
    if (!row.aging) continue;
    const perCurrency = (buckets[row.currency] ??= Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, '0'])) as Record<AgingBucket, Decimal>);
    perCurrency[row.aging] = sumDecimals([perCurrency[row.aging], row.openAmount]);
  }
  return buckets;
};


/** One day's picture of the portfolio: open receivables by aging bucket and DSO (90-day standard method), per currency. */
export interface PortfolioSnapshot {
  readonly date: IsoDate;
  readonly currency: string;
  readonly open: Decimal;
  readonly aging: Record<AgingBucket, Decimal>;
  readonly dso: Decimal | null;
}

export const snapshotOf = (rows: readonly InvoiceSummary[], day: IsoDate): PortfolioSnapshot[] => {
  const aging = agingOf(rows);
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  return currencies.map((currency) => {
    const mine = rows.filter((row) => row.currency === currency);
    const open = sumDecimals(mine.filter((row) => isPositive(row.openAmount)).map((row) => row.openAmount));
    const sales = sumDecimals(mine.filter((row) => row.issueDate > addDays(day, -90) && row.issueDate <= day).map((row) => row.amountDue));
    return { date: day, currency, open, aging: aging[currency] ?? (Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, '0'])) as Record<AgingBucket, Decimal>), dso: standardDso(open, sales, 90) };
  });
};
