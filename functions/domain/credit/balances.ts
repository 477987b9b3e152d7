import type { IsoDate } from '../calendar';
import type { RecordedEvent } from '../collections';
import type { LedgerInvoice } from '../intake';
import { negate, plainDecimal, type Decimal } from '../money';
import { historyOf } from './history';

/** What an event does to an invoice's balance: adds to what is paid (less, for a returned payment), or closes it. */
export type BalanceChange = { readonly paid: Decimal } | { readonly closedOn: IsoDate };

/** What the event does to its invoice's balance; null: nothing. */
export const balanceChangeOf = (event: RecordedEvent): BalanceChange | null => {
  switch (event.type) {
    case 'payment':
      return { paid: plainDecimal(event.amount) };
    case 'payment-returned':
      return { paid: negate(event.amount) };
    case 'dispute-resolved':
      return event.outcome === 'upheld' ? { closedOn: event.date } : null;
    case 'agency-result':
      return event.outcome === 'recovered' ? { closedOn: event.date } : null;
    default:
      return null;
  }
};

/** What an invoice's balance starts from, nothing paid yet; null for a document that is not a receivable. */
export const openingBalanceOf = (record: LedgerInvoice): { readonly currency: string; readonly amount: Decimal } | null => {
  const receivable = historyOf(record, [], record.customerId, '');
  return receivable ? { currency: receivable.currency, amount: receivable.amount } : null;
};
