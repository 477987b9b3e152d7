import { sha256Hex, type InvoiceKey } from '../intake';

// ISO 11649: 'RF', two check digits, 1 to 21 letters or digits; printed in groups of four.
const RF_SHAPE = /^RF\d{2}[A-Z0-9]{1,21}$/;
const MAX_RF_LENGTH = 25;

/** The reference as banks carry it electronically: no spaces, upper case. @example compactRf('rf18 5390 0754 7034') // 'RF18539007547034' */
export const compactRf = (text: string): string => text.replace(/\s+/g, '').toUpperCase();

/** ISO 7064 MOD 97-10 remainder of an upper-case alphanumeric string, letters read as A = 10 … Z = 35. */
const mod97 = (alphanumeric: string): number => {
  let remainder = 0;
  for (let at = 0; at < alphanumeric.length; at += 1) {
    const code = alphanumeric.charCodeAt(at);
    remainder = code <= 57 ? (remainder * 10 + code - 48) % 97 : (remainder * 100 + code - 55) % 97; // '0' is 48, 'A' is 65 → 10
  }
  return remainder;
};

/**
 * Whether the text is an ISO 11649 creditor reference with correct check digits; spaces and
 * case are ignored, as on paper. The first four characters move to the end and the whole must
 * leave 1 modulo 97.
 * @example isValidRf('RF18 5390 0754 7034') // true
 * @example isValidRf('RF17 5390 0754 7034') // false: wrong check digits
 */
export const isValidRf = (text: string): boolean => {
  const rf = compactRf(text);
  return RF_SHAPE.test(rf) && mod97(rf.slice(4) + rf.slice(0, 4)) === 1;
};

/** The reference with its check digits computed for a body of 1 to 21 upper-case letters or digits. @example rfWithBody('2348231') // 'RF712348231' */
export const rfWithBody = (body: string): string => {
  const checkDigits = 98 - mod97(`${body}RF00`);
  return `RF${String(checkDigits).padStart(2, '0')}${body}`;
};

// 80 bits of SHA-256 written in base 36 fit 16 characters (36^16 > 2^80).
const RF_BODY_HEX_DIGITS = 20;
const RF_BODY_LENGTH = 16;

/**
 * A creditor reference derived from the seed alone, so it needs no storage and every process
 * computes the same one. The body is 80 bits of the seed's SHA-256 in base 36 (16 characters,
 * 20 with 'RF' and the check digits). Two of n seeds share a reference with probability about
 * n² / 2^81: 4 × 10^-13 for a million invoices, 4 × 10^-9 for a hundred million. Should two
 * open invoices share one all the same, matching finds both and leaves the payment to a person.
 * @example rfReferenceFor('vat:DE123\nINV-1001') // 'RF' + 2 check digits + 16 characters
 */
export const rfReferenceFor = (seed: string): string => {
  const bits = BigInt(`0x${sha256Hex(seed).slice(0, RF_BODY_HEX_DIGITS)}`);
  return rfWithBody(bits.toString(36).toUpperCase().padStart(RF_BODY_LENGTH, '0'));
};

/** The creditor reference of an invoice: seller and number, which identify it in the ledger. */
export const rfReferenceOf = (key: InvoiceKey): string => rfReferenceFor(`${key.sellerKey}\n${key.number}`);

/** The reference in groups of four, for print (ISO 11649's paper format). @example formatRf('RF18539007547034') // 'RF18 5390 0754 7034' */
export const formatRf = (rf: string): string => compactRf(rf).match(/.{1,4}/g)?.join(' ') ?? '';

const isAlphanumeric = (char: string | undefined): boolean => char !== undefined && /[A-Z0-9]/.test(char);

interface FoundRf {
  readonly rf: string;
  readonly start: number;
  /** Just past its last character. */
  readonly end: number;
}

/** Every valid creditor reference that starts at `start` (at 'RF') and ends where a word does. */
const referencesFrom = (text: string, start: number): FoundRf[] => {
  const found: FoundRf[] = [];
  let compact = 'RF';
  for (let at = start + 2; at < text.length && compact.length < MAX_RF_LENGTH; at += 1) {
    const char = text[at];
    if (char === undefined) break;
    if (/\s/.test(char)) {
      // Spaces separate the printed groups; anything else ends the reference.
      if (!isAlphanumeric(text[at + 1])) break;
      continue;
    }
    if (!isAlphanumeric(char)) break;
    compact += char;
    if (!isAlphanumeric(text[at + 1]) && isValidRf(compact)) found.push({ rf: compact, start, end: at + 1 });
  }
  return found;
};

const foundIn = (upper: string): FoundRf[] => [...upper.matchAll(/(?<![A-Z0-9])RF/g)].flatMap((match) => referencesFrom(upper, match.index));

/**
 * The valid creditor references written anywhere in a text, with or without the groups'
 * spaces, compacted. A payer's text may run a reference into the next word with a space
 * ('RF18 5390 0754 7034 1200 EUR'), so each length that ends a word and passes the check is
 * given; the index decides which one is ours.
 * @example rfReferencesIn('Payment rf18 5390 0754 7034, thanks') // ['RF18539007547034']
 */
export const rfReferencesIn = (text: string): string[] => foundIn(text.toUpperCase()).map(({ rf }) => rf);

/**
 * The text in upper case with its valid creditor references blanked out, so the groups of
 * someone else's RF ('RF18 5390 0754 7034') are not read as invoice numbers.
 * @example withoutRfReferences('RF18 5390 0754 7034 Rechnung 1001') // '                    RECHNUNG 1001'
 */
export const withoutRfReferences = (text: string): string => {
  const upper = text.toUpperCase();
  let masked = upper;
  for (const { start, end } of foundIn(upper)) masked = `${masked.slice(0, start)}${' '.repeat(end - start)}${masked.slice(end)}`;
  return masked;
};
