import type { LedgerStores } from '../adapters/ledger';
import { addDays, type IsoDate } from '../domain/calendar';
import { agingBucketOf, AGING_BUCKETS, collectionsInvoiceOf, executionNameOf, standardDso, type AgingBucket } from '../domain/collections';
import { openClaimsOf, standingOfRecord } from '../domain/receivables';
import { isPositive, sumDecimals, type Decimal } from '../domain/money';
import { planNextStep } from '../domain/policy';
import { segmentPolicyOf } from './plan-view';

/** How a run's situation reads in the invoice list. */
const STATE_LABEL: Readonly<Record<string, string>> = {
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

/** What the console lists of an invoice: where it stands today and what comes next. */
export async function invoiceSummaries(ledger: Pick<LedgerStores, 'settings' | 'customers' | 'snapshot' | 'cases'>, day: IsoDate) {
  const rows = [];
  const settings = await ledger.settings.current();
  const segments = new Map((await ledger.customers.all()).map((customer) => [customer.id, customer.segment]));
  for (const key of await ledger.snapshot.invoiceKeys()) {
    const found = await ledger.cases.get(key);
    if (!found) continue;
    const invoice = collectionsInvoiceOf(found.record);
    const standing = standingOfRecord(found.record, found.events, day);
    const open = standing.open;
    const { policy } = segmentPolicyOf(settings, segments.get(found.record.customerId));
    const { next } = planNextStep({ invoice, events: found.events, doneSteps: found.doneSteps, policy, today: day });
    const { dueDate } = invoice;
    rows.push({
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
      aging: isPositive(open) ? agingBucketOf(dueDate, day) : null,
      state: next.kind === 'run' ? 'step due' : (STATE_LABEL[next.reason] ?? next.reason),
      nextStep: next.kind === 'run' ? { step: next.step.id, on: next.on } : next.kind === 'wait' && next.until ? { step: null, on: next.until } : null,
      issueDate: invoice.issueDate,
      steps: found.timeline.length,
    });
  }
  return rows;
}

/** Open amounts per aging bucket and currency. */
export const agingOf = (rows: Awaited<ReturnType<typeof invoiceSummaries>>) => {
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

export const snapshotOf = (rows: Awaited<ReturnType<typeof invoiceSummaries>>, day: IsoDate): PortfolioSnapshot[] => {
  const aging = agingOf(rows);
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  return currencies.map((currency) => {
    const mine = rows.filter((row) => row.currency === currency);
    const open = sumDecimals(mine.filter((row) => isPositive(row.openAmount)).map((row) => row.openAmount));
    const sales = sumDecimals(mine.filter((row) => row.issueDate > addDays(day, -90) && row.issueDate <= day).map((row) => row.amountDue));
    return { date: day, currency, open, aging: aging[currency] ?? (Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, '0'])) as Record<AgingBucket, Decimal>), dso: standardDso(open, sales, 90) };
  });
};
