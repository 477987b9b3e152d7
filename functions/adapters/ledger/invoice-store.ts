import type { InvoiceKey, LedgerInvoice } from '../../domain/intake';
import { LedgerUnavailableError } from '../errors';
import { COLLECTIONS_START_INDEX } from '../ledger-schema';
import { INVOICE_SK, invoicePk, itemKey, type ItemKey } from './keys';
import { valueOf, type LedgerTable } from './table';

/** What became of an invoice offered to the ledger. */
export type AddOutcome =
  | { readonly outcome: 'added' }
  | {
      /** duplicate: the same file; same-invoice: the same invoice from another file; conflict: another invoice under the key. */
      readonly outcome: 'duplicate' | 'same-invoice' | 'conflict';
      readonly existing: LedgerInvoice;
    };

/** Invoices, once per seller and number. */
export interface InvoiceStore {
  add(record: LedgerInvoice): Promise<AddOutcome>;
  get(key: InvoiceKey): Promise<LedgerInvoice | undefined>;
  /** Deletes the invoice item only while it still holds this record's file, so another file's is never touched. */
  withdraw(record: LedgerInvoice): Promise<void>;
}

export const invoiceItemKey = (key: InvoiceKey): ItemKey => itemKey(invoicePk(key), INVOICE_SK);

/** The sparse index attributes of an invoice waiting for its collections run; none for one that never enters. */
const collectionsStartOf = (record: LedgerInvoice): Record<string, string> => {
  const startOn = record.collections.startOn;
  return startOn ? { [COLLECTIONS_START_INDEX.partitionKey]: startOn.slice(0, 7), [COLLECTIONS_START_INDEX.sortKey]: startOn } : {};
};

export class DynamoInvoiceStore implements InvoiceStore {
  constructor(private readonly table: LedgerTable) {}

  async add(record: LedgerInvoice): Promise<AddOutcome> {
    if (await this.table.put('PutItem', invoiceItemKey(record.key), 'invoice', { ...record, ...collectionsStartOf(record) })) return { outcome: 'added' };
    const existing = await this.get(record.key);
    if (!existing) throw new LedgerUnavailableError(this.table.tableName, 'GetItem after a failed condition');
    if (existing.documentSha256 === record.documentSha256) return { outcome: 'duplicate', existing };
    if (existing.contentSha256 === record.contentSha256) return { outcome: 'same-invoice', existing };
    return { outcome: 'conflict', existing };
  }

  async get(key: InvoiceKey): Promise<LedgerInvoice | undefined> {
    const item = await this.table.get('GetItem', invoiceItemKey(key));
    return item ? valueOf<LedgerInvoice>(item) : undefined;
  }

  async withdraw(record: LedgerInvoice): Promise<void> {
    await this.table.delete('DeleteItem invoice', invoiceItemKey(record.key), {
      expression: 'documentSha256 = :sha',
      values: { ':sha': record.documentSha256 },
    });
  }
}
