import type { IsoDate } from '../calendar';
import type { RecordedEvent } from '../collections';
import type { LedgerInvoice } from '../intake';
import { isPositive, type Decimal } from '../money';
import { standingOfRecord } from '../receivables';
import type { InvoiceFigures } from './exposure';

/** The last day any fact can carry: a balance kept beside the customer counts every fact recorded. */
const END_OF_TIME = '9999-12-31' as IsoDate;

/**
 * What the ledger keeps of an invoice beside its customer, so that exposure is one read: what is
 * open and what was over-paid after all its facts, as the receivables ledger folds them; null for
 * a document that is not a receivable (a credit note, nothing due).
 */
export const balanceOf = (record: LedgerInvoice, events: readonly RecordedEvent[]): InvoiceFigures | null => {
  const billed: Decimal | null = record.invoice.totals.due;
  if (record.invoice.kind !== 'invoice' || billed === null || !isPositive(billed)) return null;
  const standing = standingOfRecord(record, events, END_OF_TIME);
  return { currency: record.invoice.currency, open: standing.open, overpaid: standing.overpaid, facts: events.length };
};
