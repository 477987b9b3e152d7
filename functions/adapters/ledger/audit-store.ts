import type { AuditEntry, InvoiceKey } from '../../domain/intake';
import { customerPk, IN_CUSTOMER, IN_INVOICE, invoicePk, itemKey, USERS_PK } from './keys';
import { valueOf, type LedgerTable } from './table';

/** Each invoice's audit trail, and each customer's: what people changed of its profile. */
export interface AuditStore {
  /** Appends once: the same entry id again is a no-op. */
  append(key: InvoiceKey, entry: AuditEntry): Promise<void>;
  trail(key: InvoiceKey): Promise<AuditEntry[]>;
  /** Appends to a customer's trail once: the same entry id again is a no-op. */
  appendToCustomer(customerId: string, entry: AuditEntry): Promise<void>;
  customerTrail(customerId: string): Promise<AuditEntry[]>;
  /** Appends to the trail of the console's users (roles given and taken) once: the same entry id again is a no-op. */
  appendToUsers(entry: AuditEntry): Promise<void>;
  usersTrail(): Promise<AuditEntry[]>;
}

const USERS_AUDIT = 'AUDIT#';

export class DynamoAuditStore implements AuditStore {
  constructor(private readonly table: LedgerTable) {}

  async append(key: InvoiceKey, entry: AuditEntry): Promise<void> {
    await this.table.put('PutItem audit', itemKey(invoicePk(key), `${IN_INVOICE.audit}${entry.at}#${entry.id}`), 'audit', entry);
  }

  async trail(key: InvoiceKey): Promise<AuditEntry[]> {
    return (await this.table.query('Query audit', invoicePk(key), IN_INVOICE.audit)).map((item) => valueOf<AuditEntry>(item));
  }

  async appendToCustomer(customerId: string, entry: AuditEntry): Promise<void> {
    await this.table.put('PutItem customer audit', itemKey(customerPk(customerId), `${IN_CUSTOMER.audit}${entry.at}#${entry.id}`), 'audit', entry);
  }

  async customerTrail(customerId: string): Promise<AuditEntry[]> {
    return (await this.table.query('Query customer audit', customerPk(customerId), IN_CUSTOMER.audit)).map((item) => valueOf<AuditEntry>(item));
  }

  async appendToUsers(entry: AuditEntry): Promise<void> {
    await this.table.put('PutItem users audit', itemKey(USERS_PK, `${USERS_AUDIT}${entry.at}#${entry.id}`), 'audit', entry);
  }

  async usersTrail(): Promise<AuditEntry[]> {
    return (await this.table.query('Query users audit', USERS_PK, USERS_AUDIT)).map((item) => valueOf<AuditEntry>(item));
  }
}
