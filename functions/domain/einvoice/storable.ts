import { isIsoCurrencyCode } from '../iso4217';
import { InvoiceReadError, type CanonicalInvoice, type Party } from './types';

/**
 * UTF-8 bytes of an identifier (BT-1, party ids, VAT id, electronic address and its scheme, BT-25).
 * Ledger keys are composed of them: `INVOICE#<seller key>#<number>` as a partition key (at most 2,048
 * bytes in DynamoDB) and inside sort keys (at most 1,024), where the seller key is one identifier, an
 * address with its scheme, or a name cut to 200 characters (at most 605 bytes). With 200 bytes each,
 * the longest sort key, a call task's, stays near 880 bytes. Real identifiers are far shorter (UN/EDIFACT
 * document numbers are an..35, VAT ids at most 14 characters).
 */
export const MAX_IDENTIFIER_BYTES = 200;

/** Characters of a name or other free text: names, address lines, payment terms, exemption reasons. */
export const MAX_TEXT_CHARS = 4_000;

/**
 * UTF-8 bytes of the invoice without its lines, as JSON: the ledger keeps it in one item, and
 * DynamoDB's item limit is 400 KB; the rest is left for the keys and the collections state.
 */
export const MAX_HEADER_BYTES = 256 * 1024;

// C0 and C1 controls and DEL: a terminal acts on them (ESC, CSI U+009B) when the CLI or a log prints the term.
// Whitespace has been collapsed to spaces by then; XML 1.0 already refuses most of C0 in the document itself.
const CONTROL_CHAR = /[\u0000-\u001F\u007F-\u009F]/;

type Kind = 'identifier' | 'text';
type Term = readonly [term: string, value: string | null, kind: Kind];

const codePointOf = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function checkTerm([term, value, kind]: Term): void {
  if (value === null) return;
  const control = CONTROL_CHAR.exec(value);
  if (control) throw new InvoiceReadError('invalid-value', `${term} contains the control character ${codePointOf(control[0])}`);
  if (kind === 'identifier' && utf8Bytes(value) > MAX_IDENTIFIER_BYTES) {
    throw new InvoiceReadError(
      'invalid-value',
      `${term} is ${utf8Bytes(value)} bytes long: the ledger keys identifiers of at most ${MAX_IDENTIFIER_BYTES} bytes (UTF-8)`,
    );
  }
  if (kind === 'text' && value.length > MAX_TEXT_CHARS) {
    throw new InvoiceReadError('invalid-value', `${term} is ${value.length} characters long: at most ${MAX_TEXT_CHARS} are read`);
  }
}

const partyTerms = (party: Party, role: 'seller' | 'buyer'): Term[] => {
  const bt = (seller: number, buyer: number) => `BT-${role === 'seller' ? seller : buyer} ${role}`;
  const address = party.address;
  return [
    [`${bt(27, 44)} name`, party.name, 'text'],
    [`${bt(28, 45)} trading name`, party.tradingName, 'text'],
    [`${bt(29, 46)} identifier`, party.identifier, 'identifier'],
    [`${bt(30, 47)} legal registration identifier`, party.legalRegistrationId, 'identifier'],
    [`${bt(31, 48)} VAT identifier`, party.vatId, 'identifier'],
    [`${bt(34, 49)} electronic address`, party.electronicAddress, 'identifier'],
    [`${bt(34, 49)} electronic address scheme`, party.electronicAddressScheme, 'identifier'],
    [`${bt(41, 56)} contact point`, party.contactName, 'text'],
    [`${bt(42, 57)} contact telephone`, party.phone, 'text'],
    [`${bt(43, 58)} contact e-mail`, party.email, 'text'],
    ...(address?.lines ?? []).map((line): Term => [`${role} address line`, line, 'text']),
    [`${role} city`, address?.city ?? null, 'text'],
    [`${role} post code`, address?.postCode ?? null, 'text'],
    [`${role} country subdivision`, address?.countrySubdivision ?? null, 'text'],
    [`${role} country code`, address?.countryCode ?? null, 'text'],
  ];
};

function checkCurrency(code: string | null, term: string): void {
  if (code === null || isIsoCurrencyCode(code)) return;
  const shown = JSON.stringify(code.length > 40 ? `${code.slice(0, 40)}...` : code);
  throw new InvoiceReadError('invalid-value', `${term} ${shown} is not an ISO 4217 currency code (three upper-case letters, e.g. EUR)`);
}

/**
 * Refuses what the ledger cannot store or a terminal should not print: a currency not on ISO 4217,
 * an identifier too long for a key, free text past its bound, control characters, a header too large
 * for one item. Amounts are bounded where they are read (readDecimal in money.ts). Syntax-independent, so
 * one check serves UBL and CII.
 */
export function checkStorable(invoice: CanonicalInvoice): void {
  checkCurrency(invoice.currency, 'BT-5 invoice currency code');
  checkCurrency(invoice.taxCurrency, 'BT-6 VAT accounting currency code');
  const terms: Term[] = [
    ['BT-1 invoice number', invoice.number, 'identifier'],
    ['BT-24 specification identifier', invoice.customizationId, 'text'],
    ['BT-3 invoice type code', invoice.typeCode, 'text'],
    ['BT-10 buyer reference', invoice.buyerReference, 'text'],
    ['BT-13 purchase order reference', invoice.orderReference, 'text'],
    ['BT-25 preceding invoice reference', invoice.precedingInvoice, 'identifier'],
    ['BT-20 payment terms', invoice.paymentTerms, 'text'],
    ...partyTerms(invoice.seller, 'seller'),
    ...partyTerms(invoice.buyer, 'buyer'),
    ...invoice.vatBreakdown.flatMap((vat): Term[] => [
      ['BT-118 VAT category code', vat.categoryCode, 'text'],
      ['BT-120 VAT exemption reason', vat.exemptionReason, 'text'],
    ]),
    ['BT-81 payment means code', invoice.payment?.meansCode ?? null, 'text'],
    ['BT-83 remittance information', invoice.payment?.remittanceInformation ?? null, 'text'],
    ['BT-84 payment account identifier', invoice.payment?.iban ?? null, 'text'],
    ['BT-86 payment service provider identifier', invoice.payment?.bic ?? null, 'text'],
    ...invoice.lines.flatMap((line): Term[] => [
      [`BT-126 line identifier of line ${line.id}`, line.id, 'text'],
      [`BT-130 unit of measure of line ${line.id}`, line.unitCode, 'text'],
      [`BT-153 item name of line ${line.id}`, line.name, 'text'],
    ]),
  ];
  terms.forEach(checkTerm);
  const { lines: _lines, ...header } = invoice;
  const headerBytes = utf8Bytes(JSON.stringify(header));
  if (headerBytes > MAX_HEADER_BYTES) {
    throw new InvoiceReadError(
      'too-large',
      `the invoice without its lines is ${headerBytes} bytes: the ledger keeps at most ${MAX_HEADER_BYTES} bytes per invoice (too many VAT breakdowns or address lines?)`,
    );
  }
}
