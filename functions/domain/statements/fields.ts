import Big from 'big.js';
import { parseIsoDate, type IsoDate } from '../calendar';
import { readDecimal, type Decimal } from '../money';
import { StatementRefusedError, type StatementLimits, type StatementReadErrorCode } from './types';

/** Bounds far above real statements (a year of a busy account's entries) and low enough for a 1 GB Lambda. */
export const DEFAULT_STATEMENT_LIMITS: StatementLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxEntries: 200_000,
  maxDetailsPerEntry: 50_000,
  maxLineChars: 10_000,
  maxLines: 4_000_000,
  maxIdentifierChars: 140,
};

/**
 * An amount as written, without its sign, or the refusal naming where it is: not a decimal, or
 * more digits than the ledger stores ({@link readDecimal}).
 */
export function unsignedAmount(text: string, where: string, code: StatementReadErrorCode): Decimal {
  const reading = readDecimal(text);
  if (!reading.ok) {
    const why = reading.reason === 'too-many-digits' ? 'has more digits than any amount' : 'is not a decimal amount';
    throw new StatementRefusedError(code, `${where}: amount '${text.slice(0, 40)}' ${why}`);
  }
  if (reading.value.startsWith('-')) throw new StatementRefusedError(code, `${where}: amount '${text}' is negative; the direction is given apart`);
  return reading.value;
}

/** The balance amount signed by its direction: '-' for a debit, no sign for a credit or zero. */
export const signedBalance = (amount: Decimal, debit: boolean): Decimal =>
  debit && !new Big(amount).eq(0) ? (`-${amount}` as Decimal) : amount;

/** A calendar date from 'YYYY-MM-DD' or the date part of a date-time, as written (no time-zone conversion). */
export function datePart(text: string, where: string, code: StatementReadErrorCode): IsoDate {
  const date = parseIsoDate(text.slice(0, 10));
  if (!date) throw new StatementRefusedError(code, `${where}: '${text.slice(0, 40)}' is not a date (YYYY-MM-DD)`);
  return date;
}

/** The identifier, refused when longer than any bank writes one. */
export function boundedIdentifier(text: string, where: string, limits: StatementLimits, code: StatementReadErrorCode): string {
  if (text.length > limits.maxIdentifierChars) {
    throw new StatementRefusedError(code, `${where}: ${text.length} characters, more than the ${limits.maxIdentifierChars} any identifier has`);
  }
  return text;
}
