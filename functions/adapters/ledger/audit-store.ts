import type { AuditEntry, InvoiceKey } from '../../domain/intake';
import { IN_INVOICE, invoicePk, itemKey } from './keys';
import { valueOf, type LedgerTable } from './table';

/** Each invoice's audit trail. */
export interface AuditStore {
  /** Appends once: the same entry id again is a no-op. */
  append(key: InvoiceKey, entry: AuditEntry): Promise<void>;
  trail(key: InvoiceKey): Promise<AuditEntry[]>;
}

export class DynamoAuditStore implements AuditStore {
  constructor(private readonly table: LedgerTable) {}

  async append(key: InvoiceKey, entry: AuditEntry): Promise<void> {
    await this.table.put('PutItem audit', itemKey(invoicePk(key), `${IN_INVOICE.audit}${entry.at}#${entry.id}`), 'audit', entry);
  }

  async trail(key: InvoiceKey): Promise<AuditEntry[]> {
    return (await this.table.query('Query audit', invoicePk(key), IN_INVOICE.audit)).map((item) => valueOf<AuditEntry>(item));
  }
}
