import type { InvoiceBalance, InvoiceFigures } from '../../domain/credit';
import type { InvoiceKey } from '../../domain/intake';
import type { Decimal } from '../../domain/money';
import { customerInvoiceSk, customerPk, IN_CUSTOMER, itemKey } from './keys';
import type { LedgerTable } from './table';

/** Each customer's invoices, with the balance of each: what exposure is read from, in one query. */
export interface ReceivableStore {
  /** Links an invoice to its customer, once. */
  link(customerId: string, key: InvoiceKey): Promise<void>;
  unlink(customerId: string, key: InvoiceKey): Promise<void>;
  /** Keeps an invoice's figures beside its customer; figures from fewer facts than those kept are stale and change nothing. */
  keep(customerId: string, key: InvoiceKey, figures: InvoiceFigures): Promise<void>;
  /** The balances of a customer's invoices that are receivables. */
  balances(customerId: string): Promise<InvoiceBalance[]>;
  /** The keys of every invoice linked to the customer. */
  invoiceKeys(customerId: string): Promise<InvoiceKey[]>;
}

const linkKey = (customerId: string, key: InvoiceKey) => itemKey(customerPk(customerId), customerInvoiceSk(IN_CUSTOMER.invoice, key));


export class DynamoReceivableStore implements ReceivableStore {
  constructor(private readonly table: LedgerTable) {}

  async link(customerId: string, key: InvoiceKey): Promise<void> {
    await this.table.put('PutItem customer invoice', linkKey(customerId, key), 'customer-invoice', { key });
  }

  async unlink(customerId: string, key: InvoiceKey): Promise<void> {
    await this.table.delete('DeleteItem customer invoice', linkKey(customerId, key));
  }

  async keep(customerId: string, key: InvoiceKey, figures: InvoiceFigures): Promise<void> {
    await this.table.update(
      'UpdateItem customer balance',
      linkKey(customerId, key),
      {
        expression: 'SET #key = :key, currency = :currency, #open = :open, overpaid = :overpaid, facts = :facts',
        names: { '#key': 'key', '#open': 'open' },
        values: { ':key': key, ':currency': figures.currency, ':open': figures.open, ':overpaid': figures.overpaid, ':facts': figures.facts },
      },
      // Two recordings at once each write what they read; the one that read more facts wins.
      { expression: 'attribute_not_exists(facts) OR facts <= :facts', values: { ':facts': figures.facts } },
    );
  }

  async balances(customerId: string): Promise<InvoiceBalance[]> {
    return (await this.table.query('Query customer balances', customerPk(customerId), IN_CUSTOMER.invoice))
      .filter((item) => item.open !== undefined)
      .map((item) => ({
        key: item.key as InvoiceKey,
        currency: String(item.currency),
        open: item.open as Decimal,
        overpaid: item.overpaid as Decimal,
        facts: Number(item.facts),
      }));
  }

  async invoiceKeys(customerId: string): Promise<InvoiceKey[]> {
    return (await this.table.query('Query customer invoices', customerPk(customerId), IN_CUSTOMER.invoice)).map((item) => item.key as InvoiceKey);
  }
}
