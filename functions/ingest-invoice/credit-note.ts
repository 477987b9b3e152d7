import type { LedgerStores } from '../adapters/ledger';
import { earlierOf, type IsoDate } from '../domain/calendar';
import { today, type Clock } from '../domain/clock';
import type { LedgerInvoice } from '../domain/intake';
import { isPositive } from '../domain/money';
import { recordEvent, type RecordEventDeps } from '../record-event/record';

export interface CreditNoteDeps extends RecordEventDeps {
  readonly ledger: RecordEventDeps['ledger'] & Pick<LedgerStores, 'accounts'>;
  readonly clock: Clock;
}

/**
 * Applies an ingested credit note: to the invoice it names (BT-25, of the same seller, in the same
 * currency), whose open amount drops and whose run closes as credited when nothing is left; else
 * to its customer's account, as credit for a person to allocate. Once, however often the file comes:
 * the event and the account fact take the credit note's file as their id. Says what it did.
 */
export async function applyCreditNote(record: LedgerInvoice, deps: CreditNoteDeps): Promise<string | null> {
  const { invoice } = record;
  const amount = invoice.totals.due;
  if (invoice.kind !== 'credit-note' || amount === null || !isPositive(amount)) return null;
  const id = `credit-note:${record.documentSha256}`;
  // A credit note dated ahead counts from today: the ledger takes no fact from the future.
  const date: IsoDate = earlierOf(invoice.issueDate, today(deps.clock, record.collections.timeZone));
  const target = invoice.precedingInvoice ? await deps.ledger.cases.get({ sellerKey: record.key.sellerKey, number: invoice.precedingInvoice }) : undefined;
  if (target && target.record.invoice.kind === 'invoice' && target.record.invoice.currency === invoice.currency) {
    const result = await recordEvent(target.record.key, { type: 'credit-note', date, amount, creditNote: invoice.number }, id, deps);
    if (!('refused' in result)) return `credit note ${invoice.number} applied to invoice ${target.record.key.number}: ${invoice.currency} ${amount} credited`;
  }
  const named = invoice.precedingInvoice ? ` (it names invoice ${invoice.precedingInvoice}, ${target ? 'in another currency' : 'which the ledger does not have'})` : ' (it names no invoice)';
  await deps.ledger.accounts.record(record.customerId, { type: 'credit-note', id, date, amount, currency: invoice.currency, reference: `credit note ${invoice.number}` });
  return `credit note ${invoice.number}${named}: ${invoice.currency} ${amount} kept as the customer's credit, to allocate`;
}
