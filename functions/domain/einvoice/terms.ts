import { parseIsoDate, type IsoDate } from '../calendar';
import { MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, readDecimal, type Decimal } from '../money';
import { InvoiceReadError } from './types';

/** UNTDID 1001 codes that mean a credit note (EN 16931 code list and the CII corpus). */
const CREDIT_NOTE_TYPE_CODES = new Set(['81', '83', '261', '262', '296', '308', '381', '396', '420', '458', '532']);

export const isCreditNoteTypeCode = (typeCode: string | null): boolean =>
  typeCode !== null && CREDIT_NOTE_TYPE_CODES.has(typeCode);

/** An amount or quantity term: null when absent, refused when it is not an xs:decimal or has more digits than the ledger stores. */
export const decimalTerm = (text: string | null, term: string): Decimal | null => {
  if (text === null) return null;
  const reading = readDecimal(text);
  if (reading.ok) return reading.value;
  if (reading.reason === 'too-many-digits') {
    throw new InvoiceReadError(
      'invalid-value',
      `${term} '${text}' has more digits than the ledger stores (at most ${MAX_INTEGER_DIGITS} before the decimal point and ${MAX_FRACTION_DIGITS} after)`,
    );
  }
  const hint = /^\s*[+-]?\d+,\d+\s*$/.test(text) ? ' (a decimal comma: write it with a point)' : '';
  throw new InvoiceReadError('invalid-value', `${term} '${text}' is not a decimal number${hint}`);
};

/** A date term: null when absent, refused when it is not a real calendar date. */
export const dateTerm = (text: string | null, term: string): IsoDate | null => {
  if (text === null) return null;
  // xs:date may carry a time zone ('2026-03-05Z', '2026-03-05+01:00'); the calendar date is what counts.
  const date = parseIsoDate(text.replace(/(Z|[+-]\d{2}:\d{2})$/, ''));
  if (!date) throw new InvoiceReadError('invalid-value', `${term} '${text}' is not a calendar date (YYYY-MM-DD)`);
  return date;
};

/** A mandatory term: its value, or a refusal that names it. */
export const required = <T>(value: T | null, term: string): T => {
  if (value === null) throw new InvoiceReadError('missing-term', `${term} missing`);
  return value;
};
