import { inRecordedOrder, type RecordedEvent } from '../../domain/collections';
import type { CustomerProfile } from '../../domain/credit';
import type { InvoiceKey, LedgerInvoice } from '../../domain/intake';
import { profileOf } from './customer-store';
import { invoicePk, PK } from './keys';
import { valueOf, type LedgerTable } from './table';

/** Everything a report needs from the ledger, read in one pass. */
export interface LedgerSnapshot {
  readonly customers: readonly CustomerProfile[];
  readonly invoices: readonly { readonly record: LedgerInvoice; readonly events: readonly RecordedEvent[] }[];
}

/** Whole-table reads, by a scan: for reports, the daily review and the local console's small ledgers. */
export interface SnapshotReader {
  /** Customers, invoices and their events in one scan of the table: what a portfolio report reads. */
  read(): Promise<LedgerSnapshot>;
  /** Every invoice's key. */
  invoiceKeys(): Promise<InvoiceKey[]>;
}

export class DynamoSnapshotReader implements SnapshotReader {
  constructor(private readonly table: LedgerTable) {}

  async read(): Promise<LedgerSnapshot> {
    const events = new Map<string, RecordedEvent[]>();
    const invoices: LedgerInvoice[] = [];
    const customers: CustomerProfile[] = [];
    for (const item of await this.table.scan('Scan snapshot', ['customer', 'invoice', 'event'])) {
      if (item.itemType === 'customer') customers.push(profileOf(item));
      else if (item.itemType === 'invoice') invoices.push(valueOf<LedgerInvoice>(item));
      else {
        const pk = String(item[PK]);
        const list = events.get(pk) ?? [];
        list.push(valueOf<RecordedEvent>(item));
        events.set(pk, list);
      }
    }
    // The scan gives an invoice's events by their ids; the case store's order is the order they were recorded in.
    return { customers, invoices: invoices.map((record) => ({ record, events: inRecordedOrder(events.get(invoicePk(record.key)) ?? []) })) };
  }

  async invoiceKeys(): Promise<InvoiceKey[]> {
    return (await this.table.scan('Scan invoice keys', ['invoice'], ['key'])).map((item) => item.key as InvoiceKey);
  }
}
