import { daysBetween, type IsoDate } from '../calendar';
import type { RecordedEvent } from '../collections';
import type { InvoiceKey, LedgerInvoice } from '../intake';
import { addDecimals, inCurrencyDigits, subtractDecimals, type Decimal } from '../money';
import type { DisputeReason } from '../policy';
import { applyMoney, inDateOrder, isMoneyFact, standingOfRecord, unsettled } from '../receivables';

/** A dispute recorded before reasons were asked for (or by a scenario) has none. */
export type DisputeReasonOrNone = DisputeReason | 'unspecified';

/** How a dispute ended: `open` while it waits for a decision. */
export type DisputeOutcome = 'open' | 'rejected' | 'upheld' | 'upheld-in-part';

/** One dispute of an invoice, from its raising to its resolution, as the ledger's events tell it. */
export interface Dispute {
  readonly invoice: InvoiceKey;
  readonly customerId: string;
  readonly currency: string;
  readonly raisedOn: IsoDate;
  readonly reason: DisputeReasonOrNone;
  readonly note: string | null;
  /** Raised by the customer on a collector's call (a call outcome), not by a dispute event. */
  readonly raisedOnCall: boolean;
  /** What was open of the invoice when it was raised: the amount in dispute. */
  readonly disputedAmount: Decimal;
  readonly outcome: DisputeOutcome;
  readonly resolvedOn: IsoDate | null;
  /** What the resolution credited, as the receivables ledger folds it (nothing while open or when rejected). */
  readonly credited: Decimal;
  readonly resolutionNote: string | null;
}

const ZERO = '0' as Decimal;

/**
 * An invoice's disputes up to the end of a day, in the order they were raised. They follow the
 * receivables ledger's fold: a dispute (raised, or reported on a call) opens one when none is
 * open, a resolution closes the open one, and a dispute raised while one is open is part of it.
 */
export function disputesOf(record: Pick<LedgerInvoice, 'key' | 'customerId' | 'invoice'>, events: readonly RecordedEvent[], day: IsoDate): Dispute[] {
  const { currency } = record.invoice;
  const disputes: Dispute[] = [];
  let standing = unsettled(record.invoice.totals.due ?? ZERO);
  let open: Dispute | null = null;
  for (const event of inDateOrder(events.filter((candidate) => candidate.date <= day))) {
    const before = standing;
    if (isMoneyFact(event)) standing = applyMoney(standing, event);
    const raised = event.type === 'dispute' || (event.type === 'call-outcome' && event.outcome === 'dispute') ? event : null;
    if (raised && open === null) {
      open = {
        invoice: record.key,
        customerId: record.customerId,
        currency,
        raisedOn: raised.date,
        reason: raised.reason ?? 'unspecified',
        note: raised.note ?? null,
        raisedOnCall: raised.type === 'call-outcome',
        disputedAmount: inCurrencyDigits(before.open, currency),
        outcome: 'open',
        resolvedOn: null,
        credited: ZERO,
        resolutionNote: null,
      };
    }
    if (event.type === 'dispute-resolved' && open !== null) {
      const credited = inCurrencyDigits(subtractDecimals(standing.credited, before.credited), currency);
      disputes.push({ ...open, outcome: event.outcome, resolvedOn: event.date, credited, resolutionNote: event.note ?? null });
      open = null;
    }
  }
  return open === null ? disputes : [...disputes, open];
}

/** An invoice as the dispute reads take it: its ledger record and events, as the case store gives them. */
export interface DisputedInvoice {
  readonly record: Pick<LedgerInvoice, 'key' | 'customerId' | 'invoice'>;
  readonly events: readonly RecordedEvent[];
}

/** A dispute waiting for a decision, as the console lists it. */
export interface OpenDispute extends Dispute {
  readonly customerName: string | null;
  /** Days since it was raised. */
  readonly ageDays: number;
  /** What is open of the invoice today. */
  readonly openAmount: Decimal;
}

/**
 * The disputes open at the end of a day across the invoices, oldest first: what a credit
 * controller has to decide. `customerName` names a customer by its id (null when unknown).
 */
export function openDisputesOf(invoices: readonly DisputedInvoice[], day: IsoDate, customerName: (id: string) => string | null): OpenDispute[] {
  return invoices
    .flatMap(({ record, events }) =>
      disputesOf(record, events, day)
        .filter((dispute) => dispute.outcome === 'open')
        .map((dispute) => ({
          ...dispute,
          customerName: customerName(dispute.customerId),
          ageDays: daysBetween(dispute.raisedOn, day),
          openAmount: inCurrencyDigits(standingOfRecord(record, events, day).open, record.invoice.currency),
        })),
    )
    .sort((a, b) => a.raisedOn.localeCompare(b.raisedOn) || a.invoice.number.localeCompare(b.invoice.number));
}

/** Amounts of one currency: money of two currencies is never added. */
export interface DisputeAmounts {
  readonly currency: string;
  /** What was open of the invoices when they were disputed. */
  readonly disputed: Decimal;
  /** What resolutions credited. */
  readonly credited: Decimal;
}

/** Disputes counted under one key (a reason, a customer, a month), by outcome, with their amounts per currency. */
export interface DisputeTally {
  readonly key: string;
  readonly count: number;
  readonly outcomes: Readonly<Record<DisputeOutcome, number>>;
  readonly amounts: readonly DisputeAmounts[];
}

/** What the console's dispute analytics show: every dispute raised by a day, counted by reason, by customer and by the month it was raised. */
export interface DisputeAnalytics {
  readonly byReason: readonly DisputeTally[];
  readonly byCustomer: readonly DisputeTally[];
  /** Keyed `YYYY-MM`. */
  readonly byMonth: readonly DisputeTally[];
}

const NO_OUTCOMES: Readonly<Record<DisputeOutcome, number>> = { open: 0, rejected: 0, upheld: 0, 'upheld-in-part': 0 };

function tally(disputes: readonly Dispute[], keyOf: (dispute: Dispute) => string): DisputeTally[] {
  const tallies = new Map<string, { count: number; outcomes: Record<DisputeOutcome, number>; amounts: Map<string, DisputeAmounts> }>();
  for (const dispute of disputes) {
    const key = keyOf(dispute);
    const entry = tallies.get(key) ?? { count: 0, outcomes: { ...NO_OUTCOMES }, amounts: new Map<string, DisputeAmounts>() };
    entry.count++;
    entry.outcomes[dispute.outcome]++;
    const sum = entry.amounts.get(dispute.currency) ?? { currency: dispute.currency, disputed: ZERO, credited: ZERO };
    entry.amounts.set(dispute.currency, {
      currency: dispute.currency,
      disputed: inCurrencyDigits(addDecimals(sum.disputed, dispute.disputedAmount), dispute.currency),
      credited: inCurrencyDigits(addDecimals(sum.credited, dispute.credited), dispute.currency),
    });
    tallies.set(key, entry);
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, entry]) => ({ key, count: entry.count, outcomes: entry.outcomes, amounts: [...entry.amounts.values()].sort((a, b) => a.currency.localeCompare(b.currency)) }));
}

/** Calendar months, `YYYY-MM`, both included. */
export interface MonthRange {
  readonly from: string;
  readonly to: string;
}

/** Every month of a range, in order. @example monthsOf({ from: '2025-11', to: '2026-01' }) // ['2025-11', '2025-12', '2026-01'] */
export function monthsOf({ from, to }: MonthRange): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let key = from; key <= to; key = `${year}-${String(month).padStart(2, '0')}`) {
    months.push(key);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

/**
 * Every dispute raised by the end of a day across the invoices, counted by reason, by customer
 * (its id) and by month. Given months, only the disputes raised in them count, and every one of
 * them is in `byMonth`, a month without disputes at zero.
 */
export function disputeAnalyticsOf(invoices: readonly DisputedInvoice[], day: IsoDate, months?: MonthRange): DisputeAnalytics {
  const raised = invoices.flatMap(({ record, events }) => disputesOf(record, events, day));
  const disputes = months ? raised.filter((dispute) => dispute.raisedOn.slice(0, 7) >= months.from && dispute.raisedOn.slice(0, 7) <= months.to) : raised;
  const byMonth = tally(disputes, (dispute) => dispute.raisedOn.slice(0, 7));
  return {
    byReason: tally(disputes, (dispute) => dispute.reason),
    byCustomer: tally(disputes, (dispute) => dispute.customerId),
    byMonth: months ? monthsOf(months).map((month) => byMonth.find((entry) => entry.key === month) ?? { key: month, count: 0, outcomes: NO_OUTCOMES, amounts: [] }) : byMonth,
  };
}
