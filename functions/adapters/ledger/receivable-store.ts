import { NumberValue } from '@aws-sdk/lib-dynamodb';
import type { IsoDate } from '../../domain/calendar';
import type { BalanceChange, InvoiceBalance } from '../../domain/credit';
import type { InvoiceKey } from '../../domain/intake';
import type { Decimal } from '../../domain/money';
import { customerInvoiceSk, customerPk, IN_CUSTOMER, itemKey } from './keys';
import type { LedgerTable } from './table';

/** Each customer's invoices, with the balance of each: what exposure is read from, in one query. */
export interface ReceivableStore {
  /** Links an invoice to its customer, once, with the balance it starts from (none: not a receivable). */
  link(customerId: string, key: InvoiceKey, opening: { readonly currency: string; readonly amount: Decimal } | null): Promise<void>;
  unlink(customerId: string, key: InvoiceKey): Promise<void>;
  /** Applies an event's change to the invoice's balance, once per event id; nothing where the invoice has no balance. */
  apply(customerId: string, key: InvoiceKey, eventId: string, change: BalanceChange): Promise<void>;
  /** The balances of a customer's invoices that are receivables. */
  balances(customerId: string): Promise<InvoiceBalance[]>;
  /** The keys of every invoice linked to the customer. */
  invoiceKeys(customerId: string): Promise<InvoiceKey[]>;
}

const linkKey = (customerId: string, key: InvoiceKey) => itemKey(customerPk(customerId), customerInvoiceSk(IN_CUSTOMER.invoice, key));

/** An amount as the exact text DynamoDB keeps: the table reads one a double would round as a NumberValue. */
const exact = (value: unknown): Decimal => (value instanceof NumberValue ? value.value : String(value)) as Decimal;

export class DynamoReceivableStore implements ReceivableStore {
  constructor(private readonly table: LedgerTable) {}

  async link(customerId: string, key: InvoiceKey, opening: { readonly currency: string; readonly amount: Decimal } | null): Promise<void> {
    // Numbers, not strings: DynamoDB adds them exactly (38 digits) as payments come.
    const balance = opening ? { currency: opening.currency, amount: NumberValue.from(opening.amount), paid: NumberValue.from('0') } : {};
    await this.table.put('PutItem customer invoice', linkKey(customerId, key), 'customer-invoice', { key, ...balance });
  }

  async unlink(customerId: string, key: InvoiceKey): Promise<void> {
    await this.table.delete('DeleteItem customer invoice', linkKey(customerId, key));
  }

  async apply(customerId: string, key: InvoiceKey, eventId: string, change: BalanceChange): Promise<void> {
    await this.table.update(
      'UpdateItem customer balance',
      linkKey(customerId, key),
      'paid' in change
        ? { expression: 'ADD paid :paid, appliedEvents :ids', values: { ':paid': NumberValue.from(change.paid), ':ids': new Set([eventId]) } }
        : { expression: 'SET closedOn = if_not_exists(closedOn, :date) ADD appliedEvents :ids', values: { ':date': change.closedOn, ':ids': new Set([eventId]) } },
      // Once per event: a second delivery finds its id applied; no balance yet (not linked, not a receivable): nothing to do.
      { expression: 'attribute_exists(paid) AND NOT contains(appliedEvents, :id)', values: { ':id': eventId } },
    );
  }

  async balances(customerId: string): Promise<InvoiceBalance[]> {
    return (await this.table.query('Query customer balances', customerPk(customerId), IN_CUSTOMER.invoice))
      .filter((item) => item.paid !== undefined)
      .map((item) => ({
        key: item.key as InvoiceKey,
        currency: String(item.currency),
        amount: exact(item.amount),
        paid: exact(item.paid),
        closedOn: (item.closedOn ?? null) as IsoDate | null,
      }));
  }

  async invoiceKeys(customerId: string): Promise<InvoiceKey[]> {
    return (await this.table.query('Query customer invoices', customerPk(customerId), IN_CUSTOMER.invoice)).map((item) => item.key as InvoiceKey);
  }
}
