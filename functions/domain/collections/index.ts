import { addDays, daysBetween, type IsoDate } from '../calendar';
import type { InvoiceKey, LedgerInvoice } from '../intake';
import { sha256Hex } from '../intake';
import { daysOutstanding, isPositive, type Decimal } from '../money';
import type { CollectionsAction, CollectionsEvent, CollectionsInvoice, StepKind } from '../policy';
import { dueDateOfRecord } from '../receivables';

export { describeEvent, idConflictOf, refusalOf, sameContent, type EventContext, type EventRefusal } from './acceptance';

/** An event as the ledger keeps it: the fact, when it was recorded, and its id (the same request twice is one event). */
export type RecordedEvent = CollectionsEvent & {
  readonly id: string;
  readonly recordedAt: string;
  /** Who sent it: the console's signed-in user, or the IAM principal of an operations API call; absent for the system's own. */
  readonly recordedBy?: string;
  /** The order the ledger took it in, per invoice: two events recorded in one millisecond keep the order they came in. */
  readonly sequence?: number;
};

/** An invoice's events in the order they were recorded: by the ledger's sequence, else (events from before it kept one) by when, then id. */
export const inRecordedOrder = (events: readonly RecordedEvent[]): RecordedEvent[] =>
  [...events].sort((a, b) =>
    a.sequence !== undefined && b.sequence !== undefined ? a.sequence - b.sequence : a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id),
  );

/** One line of an invoice's collections timeline: a step carried out or a state change, on a calendar date. */
export type TimelineEntry = CollectionsAction & {
  /** Orders a day's lines: state changes (in the order they happened) before steps. */
  readonly rank: string;
  /** When the workflow recorded it, UTC. */
  readonly recordedAt: string;
  /** What a person reading the trail wants to know: amount asked, message id, task, package. */
  readonly detail?: Readonly<Record<string, string>>;
};

/** A collector's call task: open until an outcome is recorded or it expires. */
export interface CallTask {
  readonly invoiceKey: InvoiceKey;
  readonly stepId: string;
  readonly createdOn: IsoDate;
  /** The last day it is open: from the day after, with no outcome recorded, it has expired. */
  readonly expiresOn: IsoDate;
  readonly openAmount: Decimal;
  /** The late-payment claims open beside the principal (absent on tasks from before claims were booked). */
  readonly claimsOpen?: Decimal;
  readonly currency: string;
  /** What the customer is asked to quote when paying, for the collector to give on the call (the matching domain's `referenceToQuote`). */
  readonly reference: string;
  /** The collector a credit manager gave it to; absent or null: nobody's yet. */
  readonly assignment?: CallTaskAssignment | null;
}

/** Who a call task is given to (null: back to nobody), by whom and when (UTC). */
export interface CallTaskAssignment {
  readonly collector: string | null;
  readonly by: string;
  readonly at: string;
}

/** What the collections policy sees of a ledger invoice. */
export const collectionsInvoiceOf = (record: LedgerInvoice): CollectionsInvoice => ({
  number: record.invoice.number,
  kind: record.invoice.kind,
  issueDate: record.invoice.issueDate,
  dueDate: dueDateOfRecord(record),
  amountDue: record.invoice.totals.due ?? ('0' as Decimal),
  entryDate: record.collections.entryDate,
  ...(record.collections.policySince ? { policySince: record.collections.policySince } : {}),
});


/**
 * The execution name of an invoice's collections run: its number first, so an admin finds it in
 * the Step Functions console by typing the number, then a hash of seller and number, so two
 * sellers' invoice 1001 never share one. At most 80 characters of [A-Za-z0-9-_].
 * @example executionNameOf({ sellerKey: 'vat:DE123', number: 'INV/2026/7' }) // 'INV-2026-7-3f1a9c0b2d4e'
 */
export const executionNameOf = (key: InvoiceKey): string =>
  `${key.number.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 66)}-${sha256Hex(`${key.sellerKey}\n${key.number}`).slice(0, 12)}`;

/**
 * The execution name of a run started again after it closed (a returned payment): the invoice's
 * own, numbered by how many times it closed, so a retry starts nothing twice. Null while the last
 * state change is not a closing: the run that is there still sees the fact when it next plans.
 */
export const reopenedRunName = (key: InvoiceKey, timeline: readonly TimelineEntry[]): string | null => {
  // In the order they were recorded: a fact dated back (a payment booked days later) closes the run
  // on an earlier date than a change it recorded before the fact was known.
  const changes = timeline
    .filter((entry) => entry.action === 'closed' || entry.action === 'resumed')
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  if (changes.at(-1)?.action !== 'closed') return null;
  const closings = changes.filter((entry) => entry.action === 'closed').length;
  return `${executionNameOf(key).slice(0, 72)}-r${closings}`;
};

/** Step Functions' longest execution name. */
const MAX_EXECUTION_NAME = 80;

/**
 * The execution name of the run an execution hands on to near its year's end: its own, with the
 * run's year counted on (`-y2`, `-y3`, ...), so a retried hand-on starts nothing twice and the
 * name still starts with the invoice number.
 * @example handedOnRunName('INV-2026-7-3f1a9c0b2d4e') // 'INV-2026-7-3f1a9c0b2d4e-y2'
 * @example handedOnRunName('INV-2026-7-3f1a9c0b2d4e-y2') // 'INV-2026-7-3f1a9c0b2d4e-y3'
 */
export const handedOnRunName = (current: string): string => {
  const [, base = current, year = '1'] = /^(.*)-y(\d+)$/.exec(current) ?? [];
  const suffix = `-y${Number(year) + 1}`;
  return `${base.slice(0, MAX_EXECUTION_NAME - suffix.length)}${suffix}`;
};

/** The last day a call task created on a date is open. */
export const callTaskExpiry = (createdOn: IsoDate, callTaskExpiryDays: number): IsoDate => addDays(createdOn, callTaskExpiryDays);

/**
 * Which of an invoice's open call tasks have expired by a day (their step ids), and the day the
 * first of the others expires (null when none is left): the run wakes then to close it.
 * @example callTaskExpiries([{ stepId: 'call', expiresOn: '2026-03-31' }], '2026-04-01') // { expired: ['call'], nextOn: null }
 */
export function callTaskExpiries(open: readonly Pick<CallTask, 'stepId' | 'expiresOn'>[], day: IsoDate): { readonly expired: readonly string[]; readonly nextOn: IsoDate | null } {
  const expired = open.filter((task) => day > task.expiresOn).map((task) => task.stepId);
  const left = open.filter((task) => task.expiresOn >= day).map((task) => addDays(task.expiresOn, 1));
  return { expired, nextOn: left.length > 0 ? left.reduce((a, b) => (a < b ? a : b)) : null };
}


/** The timeline line of a step carried out on its day, with what a person wants to know of it. */
export const stepLine = (
  planned: { readonly step: { readonly id: string; readonly kind: StepKind; readonly rank: string; readonly policy?: string | undefined }; readonly on: IsoDate },
  recordedAt: Date,
  detail?: Readonly<Record<string, string>>,
): TimelineEntry => {
  const withPolicy = { ...detail, ...(planned.step.policy ? { policy: planned.step.policy } : {}) };
  return {
    date: planned.on,
    action: planned.step.kind,
    step: planned.step.id,
    rank: planned.step.rank,
    recordedAt: recordedAt.toISOString(),
    ...(Object.keys(withPolicy).length > 0 ? { detail: withPolicy } : {}),
  };
};

/** The aging buckets of receivables, by days past the due date. */
export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', 'over-90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/**
 * Where an open amount stands on a date: not yet due (or due today) is current.
 * @example agingBucketOf(isoDate('2026-03-05'), isoDate('2026-04-05')) // '31-60'
 */
export const agingBucketOf = (dueDate: IsoDate, today: IsoDate): AgingBucket => {
  const overdue = daysBetween(dueDate, today);
  if (overdue <= 0) return 'current';
  if (overdue <= 30) return '1-30';
  if (overdue <= 60) return '31-60';
  if (overdue <= 90) return '61-90';
  return 'over-90';
};

/**
 * Days sales outstanding, standard method: open receivables ÷ credit sales of the period × days
 * in the period, to one decimal; null without sales in the period.
 * @example standardDso('45000.00', '90000.00', 90) // '45.0'
 */
export const standardDso = (openReceivables: Decimal, sales: Decimal, periodDays: number): Decimal | null =>
  isPositive(sales) ? daysOutstanding(openReceivables, sales, periodDays) : null;
