import { receivableOf } from '../analytics';
import type { IsoDate } from '../calendar';
import type { RecordedEvent } from '../collections';
import type { LedgerInvoice } from '../intake';
import { isPositive } from '../money';
import { dueDateOfRecord } from '../receivables';
import type { CustomerProfile } from './customers';
import type { InvoiceHistory } from './risk';

/**
 * An invoice's history as credit management reads it, or null for a document that is not a
 * receivable (a credit note, nothing due): its money history from the receivables ledger, and the
 * promises and disputes its customer made.
 */
export function historyOf(record: LedgerInvoice, events: readonly RecordedEvent[], customer: string, segment: string): InvoiceHistory | null {
  const { invoice } = record;
  const amount = invoice.totals.due;
  if (invoice.kind !== 'invoice' || amount === null || !isPositive(amount)) return null;
  const promises: { madeOn: IsoDate; promisedDate: IsoDate }[] = [];
  const disputedOn: IsoDate[] = [];
  for (const event of events) {
    if (event.type === 'promise') promises.push({ madeOn: event.date, promisedDate: event.promisedDate });
    if (event.type === 'call-outcome' && event.outcome === 'promise' && event.promisedDate) promises.push({ madeOn: event.date, promisedDate: event.promisedDate });
    if (event.type === 'dispute' || (event.type === 'call-outcome' && event.outcome === 'dispute')) disputedOn.push(event.date);
  }
  const receivable = receivableOf(
    { number: invoice.number, customer, segment, currency: invoice.currency, issueDate: invoice.issueDate, dueDate: dueDateOfRecord(record), amount },
    events,
  );
  return { ...receivable, promises, disputedOn };
}

/** Every receivable of the ledger, each under its customer and the customer's segment now. */
export function portfolioOf(
  invoices: readonly { readonly record: LedgerInvoice; readonly events: readonly RecordedEvent[] }[],
  customers: readonly Pick<CustomerProfile, 'id' | 'segment'>[],
): InvoiceHistory[] {
  const segmentOf = new Map(customers.map((customer) => [customer.id, customer.segment]));
  return invoices.flatMap(({ record, events }) => historyOf(record, events, record.customerId, segmentOf.get(record.customerId) ?? 'unassigned') ?? []);
}

/** Receivables grouped by customer, in one pass. */
export function byCustomer<T extends { readonly customer: string }>(receivables: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const receivable of receivables) {
    const mine = groups.get(receivable.customer);
    if (mine) mine.push(receivable);
    else groups.set(receivable.customer, [receivable]);
  }
  return groups;
}

/** The histories of a customer's invoices, from their records and events: exposure and behaviour are read from these. */
export const historiesOf = (
  cases: readonly { readonly record: LedgerInvoice; readonly events: readonly RecordedEvent[] }[],
  customer: Pick<CustomerProfile, 'id' | 'segment'>,
): InvoiceHistory[] => cases.flatMap((found) => historyOf(found.record, found.events, customer.id, customer.segment) ?? []);
