import { TextDecoder } from 'node:util';
import { parseIsoDate, type IsoDate } from '../calendar';
import type { Decimal } from '../money';
import { boundedIdentifier, signedBalance, unsignedAmount } from './fields';
import { isValidIban } from './iban';
import {
  StatementRefusedError,
  type Balance,
  type BankEntry,
  type BankStatement,
  type BankStatementFile,
  type EntryDetail,
  type StatementLimits,
} from './types';

/**
 * A field's tag at the start of a line: `:20:`, `:28C:`, `:60F:`, and the non-SWIFT `:NS:` some
 * German banks add (read as a field of its own, so it never lengthens a `:86:`). `:940:` (three
 * digits) is a header, not a field.
 */
const FIELD_TAG = /^:(\d{2}[A-Z]?|NS):/;
/** SWIFT envelope and message-end lines, and the `:940:` / `940` header lines some banks write. */
const ENVELOPE_LINE = /^(\{[1-5]:|-\}|-$|:?940:?$|$)/;
/** SOH and ETX around a SWIFT message (mBank writes them on lines of their own). */
const TRANSMISSION_CONTROLS = /^\x01|\x03$/g;

/**
 * `:61:` as SWIFT defines it: value date YYMMDD, optional entry date MMDD, mark (C, D, RC, RD), an
 * optional funds-code letter, the amount with a decimal comma, the transaction type (N, F or S and
 * three characters), then the references. Amounts are read past SWIFT's 15 characters (Rabobank
 * pads them with zeros) and without the comma (Knab writes '500'): the digits' own bound, 18 before
 * the point, still holds ({@link unsignedAmount}).
 */
const STATEMENT_LINE = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d[\d,]{0,29})([NFS][A-Z0-9]{3})(.*)$/;
/** `:60F:` and its siblings: mark, date YYMMDD, currency, amount with a decimal comma. */
const BALANCE = /^([CD])(\d{6})([A-Z]{3})(\d[\d,]{0,29})$/;
const MT_AMOUNT = /^\d+(,\d*)?$/;
const NO_REFERENCE = 'NONREF';

/** Whether the text has the fields of an MT940 message, wherever its first field starts. */
export const looksLikeMt940 = (text: string): boolean => /^:20:/m.test(text) && /^:25[P]?:/m.test(text) && /^:60[FM]:/m.test(text);

interface Field {
  readonly tag: string;
  readonly lines: string[];
  /** 1-based line of the tag, for refusals. */
  readonly line: number;
}

/**
 * Reads an MT940 file: one statement per `:20:` block. SWIFT envelopes, header lines and prose
 * before the first field belong to no field; `:86:` belongs to the `:61:` it directly follows.
 */
export function readMt940(text: string, limits: StatementLimits): BankStatementFile {
  return { format: 'mt940', statements: statementBlocks(fieldsOf(text, limits)).map((block) => statementOf(block, limits)) };
}

/** MT940 text from bytes: UTF-8 or ASCII, as SWIFT's character set is a subset of both; anything else is refused, not guessed. */
export function decodeMt940(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new StatementRefusedError('invalid-encoding', 'the file is UTF-16 (byte-order mark): MT940 is read as UTF-8 or ASCII');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (err) {
    throw new StatementRefusedError(
      'invalid-encoding',
      `line ${lineOfFirstInvalidUtf8(bytes)} is not valid UTF-8: MT940 is read as UTF-8 or ASCII (save the file as UTF-8; ISO-8859-1 is not guessed)`,
      { cause: err },
    );
  }
}

/** The line of the first byte sequence that is not UTF-8: the lenient decoder replaces it with U+FFFD. */
function lineOfFirstInvalidUtf8(bytes: Uint8Array): number {
  const text = new TextDecoder('utf-8').decode(bytes);
  const replaced = text.indexOf('\uFFFD');
  return text.slice(0, Math.max(0, replaced)).split('\n').length;
}

/** The fields in file order, each with its continuation lines, within the line bounds. */
function fieldsOf(text: string, limits: StatementLimits): Field[] {
  const fields: Field[] = [];
  let current: Field | undefined;
  let lineNumber = 0;
  let entries = 0;
  for (let start = 0; start <= text.length; ) {
    const end = nextLineEnd(text, start);
    if (++lineNumber > limits.maxLines) throw new StatementRefusedError('too-large', `more than ${limits.maxLines} lines`);
    if (end - start > limits.maxLineChars + 1) {
      throw new StatementRefusedError('invalid-mt940', `line ${lineNumber} is longer than ${limits.maxLineChars} characters`);
    }
    const line = text.slice(start, end).replace(/\r$/, '').replace(TRANSMISSION_CONTROLS, '');
    start = end + 1;
    const tag = FIELD_TAG.exec(line);
    if (tag?.[1]) {
      if (tag[1] === '61' && ++entries > limits.maxEntries) {
        throw new StatementRefusedError('too-many-entries', `more than ${limits.maxEntries} entries (:61:) in one file, at line ${lineNumber}`);
      }
      current = { tag: tag[1], lines: [line.slice(tag[0].length)], line: lineNumber };
      fields.push(current);
    } else if (ENVELOPE_LINE.test(line.trim())) {
      current = undefined;
    } else if (current && (current.tag === '86' || current.tag === '61')) {
      current.lines.push(line);
    } else {
      // Prose before the first field, or text after a one-line field: part of no field.
      current = undefined;
    }
  }
  return fields;
}

const nextLineEnd = (text: string, from: number): number => {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
};

/** The fields grouped into statements, each starting at its `:20:`. */
function statementBlocks(fields: readonly Field[]): Field[][] {
  const blocks: Field[][] = [];
  for (const field of fields) {
    if (field.tag === '20') blocks.push([field]);
    else if (blocks.length > 0) blocks[blocks.length - 1]!.push(field);
    else throw new StatementRefusedError('invalid-mt940', `field :${field.tag}: at line ${field.line} comes before any :20:`);
  }
  return blocks;
}

function statementOf(block: readonly Field[], limits: StatementLimits): BankStatement {
  const [reference] = block;
  const where = `statement at line ${reference?.line ?? 0}`;
  const first = (...tags: string[]) => block.find((field) => tags.includes(field.tag));
  const account = first('25', '25P');
  const opening = first('60F', '60M');
  const closing = first('62F', '62M');
  const number = first('28C', '28');
  if (!account) throw new StatementRefusedError('invalid-mt940', `${where} has no account (:25:)`);
  if (!opening) throw new StatementRefusedError('invalid-mt940', `${where} has no opening balance (:60F: or :60M:)`);
  const openingBalance = balanceOf(opening);
  const accountText = boundedIdentifier(oneLine(account), `:25: at line ${account.line}`, limits, 'invalid-mt940');
  const iban = ibanOf(accountText);
  const entries: BankEntry[] = [];
  block.forEach((field, i) => {
    if (field.tag !== '61') return;
    const next = block[i + 1];
    entries.push(entryOf(field, next?.tag === '86' ? next : undefined, openingBalance.currency, limits));
  });
  return {
    id: boundedIdentifier(oneLine(reference!), `:20: at line ${reference?.line ?? 0}`, limits, 'invalid-mt940'),
    ...(number && { number: oneLine(number) }),
    account: accountText,
    ...(iban && { iban }),
    currency: openingBalance.currency,
    openingBalance: openingBalance.balance,
    ...(closing && { closingBalance: balanceOf(closing).balance }),
    entries,
  };
}

const oneLine = (field: Field): string => (field.lines[0] ?? '').trim();

/** The IBAN at the start of `:25:` (after an optional `BIC/`, before an optional currency), when its check digits hold. */
function ibanOf(account: string): string | undefined {
  const candidate = /^[A-Z]{2}\d{2}[A-Z0-9]+/.exec(account.replace(/^[A-Z0-9]{8}(?:[A-Z0-9]{3})?\//, ''))?.[0];
  if (!candidate) return undefined;
  if (isValidIban(candidate)) return candidate;
  // Some banks write the currency right after the IBAN ('NL68INGB0000012345EUR').
  const withoutCurrency = candidate.slice(0, -3);
  return /[A-Z]{3}$/.test(candidate) && isValidIban(withoutCurrency) ? withoutCurrency : undefined;
}

/** '1818,90' as '1818.90', '000000005000,00' as '5000.00', '80,' as '80'. */
function amountOf(text: string, where: string): Decimal {
  if (!MT_AMOUNT.test(text)) throw new StatementRefusedError('invalid-mt940', `${where}: amount '${text}' has more than one decimal comma`);
  const decimal = text.replace(',', '.').replace(/\.$/, '').replace(/^0+(?=\d)/, '');
  return unsignedAmount(decimal, where, 'invalid-mt940');
}

/** YYMMDD, with YY >= 80 read as 19YY (SWIFT's century rule). */
function dateOf(text: string, where: string): IsoDate {
  const year = Number(text.slice(0, 2));
  const date = parseIsoDate(`${year >= 80 ? 19 : 20}${text.slice(0, 2)}-${text.slice(2, 4)}-${text.slice(4, 6)}`);
  if (!date) throw new StatementRefusedError('invalid-mt940', `${where}: '${text}' is not a date (YYMMDD)`);
  return date;
}

/**
 * The entry date MMDD in the year that puts it closest to the value date: an entry booked on
 * 30 December with value 2 January belongs to the year before, one booked 2 January with value
 * 30 December to the year after.
 */
export function bookingDateNear(monthDay: string, valueDate: IsoDate): IsoDate | undefined {
  const year = Number(valueDate.slice(0, 4));
  const distance = (date: IsoDate) => Math.abs(Date.parse(date) - Date.parse(valueDate));
  let best: IsoDate | undefined;
  for (const candidate of [year, year - 1, year + 1]) {
    const date = parseIsoDate(`${candidate}-${monthDay.slice(0, 2)}-${monthDay.slice(2, 4)}`);
    if (date && (best === undefined || distance(date) < distance(best))) best = date;
  }
  return best;
}

function balanceOf(field: Field): { balance: Balance; currency: string } {
  const where = `:${field.tag}: at line ${field.line}`;
  const match = BALANCE.exec(oneLine(field));
  if (!match) throw new StatementRefusedError('invalid-mt940', `${where}: '${oneLine(field).slice(0, 40)}' is not a balance (mark, YYMMDD, currency, amount)`);
  const [, mark = '', date = '', currency = '', amount = ''] = match;
  return { balance: { amount: signedBalance(amountOf(amount, where), mark === 'D'), date: dateOf(date, where) }, currency };
}

function entryOf(field: Field, information: Field | undefined, currency: string, limits: StatementLimits): BankEntry {
  const where = `:61: at line ${field.line}`;
  const [first = '', ...rest] = field.lines;
  const match = STATEMENT_LINE.exec(first.trim());
  if (!match) {
    throw new StatementRefusedError(
      'invalid-mt940',
      `${where}: '${first.slice(0, 60)}' does not follow the :61: format (YYMMDD[MMDD], C/D/RC/RD, amount with a decimal comma, transaction type)`,
    );
  }
  const [, value = '', entryDate, mark = '', , amount = '', transactionType = '', references = ''] = match;
  const valueDate = dateOf(value, where);
  const bookingDate = entryDate === undefined ? undefined : bookingDateNear(entryDate, valueDate);
  if (entryDate !== undefined && !bookingDate) throw new StatementRefusedError('invalid-mt940', `${where}: entry date '${entryDate}' is not a date (MMDD)`);
  const [customer = '', bank = ''] = splitReferences(references);
  const supplementary = [bank.slice(16).trim(), ...rest.map((line) => line.trim())].filter(Boolean).join(' ');
  const reference = (text: string) => (text === '' || text === NO_REFERENCE ? undefined : boundedIdentifier(text, where, limits, 'invalid-mt940'));
  const customerReference = reference(customer.trim());
  const bankReference = reference(bank.slice(0, 16).trim());
  return {
    ...(bookingDate && { bookingDate }),
    valueDate,
    amount: amountOf(amount, where),
    // RC reverses a credit, so it takes money out: a debit; RD likewise is a credit.
    creditDebit: mark === 'C' || mark === 'RD' ? 'CRDT' : 'DBIT',
    reversal: mark.startsWith('R'),
    currency,
    ...(customerReference && { customerReference }),
    ...(bankReference && { bankReference }),
    transactionType,
    ...(supplementary && { supplementaryDetails: supplementary }),
    details: information ? [detailOf(information)] : [],
  };
}

/** Customer reference and bank reference, split at the first `//`. */
const splitReferences = (text: string): readonly [string, string] => {
  const split = text.indexOf('//');
  return split < 0 ? [text, ''] : [text.slice(0, split), text.slice(split + 2)];
};

function detailOf(field: Field): EntryDetail {
  const information = field.lines.join('\n');
  const flat = field.lines.join('');
  const endToEndId = endToEndIdOf(flat);
  const structuredReference = structuredReferenceOf(flat);
  return {
    information,
    ...(endToEndId && { endToEndId }),
    ...(structuredReference && { structuredReference }),
  };
}

/** The ISO maximum of an end-to-end id: longer text means the bank wrote something else behind it. */
const MAX_END_TO_END_ID = 35;
/** The keywords of German SEPA `:86:` text (DFÜ-Abkommen, appendix 3): each ends the value before it. */
const SEPA_KEYWORDS = /(EREF|KREF|MREF|CRED|DEBT|COAM|OAMT|SVWZ|ABWA|ABWE|IBAN|BIC)\+/;
/** German `:86:` layout: a three-digit business transaction code, then `?NN` subfields. */
const GERMAN_SUBFIELDS = /^\d{3}\?\d{2}/;
/** Subfields holding the purpose text: ?20-?29 and ?60-?63. */
const PURPOSE_SUBFIELD = /^(2\d|6[0-3])$/;

function endToEndIdOf(flat: string): string | undefined {
  const tagged = /\/EREF\/([^/]*)/.exec(flat)?.[1];
  const value = tagged ?? (GERMAN_SUBFIELDS.test(flat) ? germanEndToEndId(flat) : undefined);
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= MAX_END_TO_END_ID ? trimmed : undefined;
}

function germanEndToEndId(flat: string): string | undefined {
  const purpose = flat
    .split(/\?(?=\d{2})/)
    .slice(1)
    .filter((subfield) => PURPOSE_SUBFIELD.test(subfield.slice(0, 2)))
    .map((subfield) => subfield.slice(2))
    .join('');
  const start = purpose.indexOf('EREF+');
  if (start < 0) return undefined;
  const after = purpose.slice(start + 'EREF+'.length);
  const next = SEPA_KEYWORDS.exec(after);
  return next ? after.slice(0, next.index) : after;
}

/** ING `/REMI/STRD/<issuer>/<ref>/`, Rabobank `/CDTRREF/<ref>/`, ABN AMRO `/REMI/ISSUER: <issuer> REF: <ref>`. */
function structuredReferenceOf(flat: string): string | undefined {
  const reference =
    /\/REMI\/STRD\/[^/]*\/([^/]+)/.exec(flat)?.[1] ?? /\/CDTRREF\/([^/]+)/.exec(flat)?.[1] ?? /\/REMI\/ISSUER:.*?REF:\s*([^/]+)/.exec(flat)?.[1];
  return reference?.trim() || undefined;
}
