import type { InvoiceHeader, InvoiceKey } from '../intake';
import { compactIban } from './match-index';
import { formatRf, isValidRf, rfReferenceOf, rfReferencesIn } from './rf';
import { isSearchable, tokensOf } from './tokens';
import type { OpenItem } from './types';

/** What the references of an invoice are read from: its key and its payment instructions (BG-16). */
export interface InvoiceWithPayment {
  readonly key: InvoiceKey;
  readonly invoice: Pick<InvoiceHeader, 'payment'>;
}

/**
 * The references matching finds an invoice by: its own remittance information (BT-83), when it
 * gives one, and the RF reference the system generates for it.
 * @example referencesOf(record) // { paymentReference: 'PO 4711-A', rfReference: 'RF…' }
 */
export const referencesOf = (record: InvoiceWithPayment): Pick<OpenItem, 'paymentReference' | 'rfReference'> => {
  const reference = record.invoice.payment?.remittanceInformation;
  return { ...(reference ? { paymentReference: reference } : {}), rfReference: rfReferenceOf(record.key) };
};

/**
 * Whether matching can find a payment by the invoice's BT-83: whole as a creditor reference, or in
 * a payer's text, which needs a digit and three characters ({@link isSearchable}) and no RF inside
 * it, since creditor references are blanked out of payers' texts before the words are read.
 */
const isMatchableReference = (reference: string): boolean =>
  isValidRf(reference) || (rfReferencesIn(reference).length === 0 && isSearchable(tokensOf(reference)));

/**
 * The reference a payer is asked to quote, in reminders and wherever the invoice is shown: the
 * invoice's own BT-83 when matching can find a payment by it (the payer has seen it on the
 * invoice), else the RF reference generated for the invoice. Either way the payment it comes with
 * is matched to this invoice (`rf-reference` or `payment-reference`). Creditor references are
 * printed in groups of four.
 * @example referenceToQuote({ key, invoice: { payment: null } }) // 'RF47 0D3K …', the invoice's RF
 * @example referenceToQuote({ key, invoice: { payment: { remittanceInformation: 'PO 4711-A', … } } }) // 'PO 4711-A'
 */
export const referenceToQuote = (record: InvoiceWithPayment): string => {
  const { paymentReference, rfReference } = referencesOf(record);
  if (paymentReference === undefined || !isMatchableReference(paymentReference)) return formatRf(rfReference);
  return isValidRf(paymentReference) ? formatRf(paymentReference) : paymentReference;
};

/**
 * An IBAN in its paper format (ISO 13616): upper case, in groups of four, so a person can read it
 * out and type it without losing a digit.
 * @example formatIban('de89370400440532013000') // 'DE89 3704 0044 0532 0130 00'
 */
export const formatIban = (iban: string): string => compactIban(iban).match(/.{1,4}/g)?.join(' ') ?? '';
