import type { CreditHoldAlert } from '../../domain/credit';
import type { InvoiceKey } from '../../domain/intake';
import { customerInvoiceSk, customerPk, IN_CUSTOMER, itemKey } from './keys';
import { valueOf, type LedgerTable } from './table';

/** Credit-hold alerts, one per customer and invoice. */
export interface CreditHoldStore {
  /** Records an alert once per customer and invoice: a redelivered ingest raises none again. */
  record(alert: CreditHoldAlert): Promise<'recorded' | 'duplicate'>;
  withdraw(customerId: string, key: InvoiceKey): Promise<void>;
  ofCustomer(customerId: string): Promise<CreditHoldAlert[]>;
  /** Every alert, newest first. */
  all(): Promise<CreditHoldAlert[]>;
}

const alertKey = (customerId: string, key: InvoiceKey) => itemKey(customerPk(customerId), customerInvoiceSk(IN_CUSTOMER.alert, key));

export class DynamoCreditHoldStore implements CreditHoldStore {
  constructor(private readonly table: LedgerTable) {}

  async record(alert: CreditHoldAlert): Promise<'recorded' | 'duplicate'> {
    return (await this.table.put('PutItem credit hold', alertKey(alert.customerId, alert.invoice), 'credit-hold', alert)) ? 'recorded' : 'duplicate';
  }

  async withdraw(customerId: string, key: InvoiceKey): Promise<void> {
    await this.table.delete('DeleteItem credit hold', alertKey(customerId, key));
  }

  async ofCustomer(customerId: string): Promise<CreditHoldAlert[]> {
    return (await this.table.query('Query credit holds', customerPk(customerId), IN_CUSTOMER.alert)).map((item) => valueOf<CreditHoldAlert>(item));
  }

  async all(): Promise<CreditHoldAlert[]> {
    return (await this.table.scan('Scan credit holds', ['credit-hold'])).map((item) => valueOf<CreditHoldAlert>(item)).sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  }
}
