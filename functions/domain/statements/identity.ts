import { createHash } from 'node:crypto';
import { plainDecimal } from '../money';
import type { BankEntry, BankStatement, BankStatementFile } from './types';

/**
 * What makes an entry the same entry in another statement of the same account. The bank's own
 * reference (camt `AcctSvcrRef`, MT940 `:61:` reference after `//`, NONREF aside) when it gives
 * one; otherwise a fingerprint of every value the bank repeats when it reports the entry again:
 * dates, amount, direction, reversal, currency, references and remittance text.
 */
function entryKeyOf(statement: BankStatement, entry: BankEntry): string {
  const account = (statement.iban ?? statement.account).replace(/\s+/g, '').toUpperCase();
  if (entry.bankReference) return ['bank', account, entry.bankReference].join('\n');
  const compact = (text: string | undefined) => (text ?? '').replace(/\s+/g, '');
  const details = entry.details.map((detail) =>
    [detail.endToEndId, [detail.structuredReference ?? []].flat().join(','), compact(detail.remittanceUnstructured), compact(detail.information)].join('\t'),
  );
  return [
    'entry',
    account,
    entry.bookingDate ?? '',
    entry.valueDate ?? '',
    plainDecimal(entry.amount),
    entry.creditDebit,
    String(entry.reversal),
    entry.currency,
    entry.customerReference ?? '',
    entry.entryReference ?? '',
    compact(entry.additionalInfo),
    ...details,
  ].join('\n');
}

/**
 * A stable identity for booking a bank entry exactly once, whichever statement it arrives in:
 * a daily camt.053 and the weekly one covering the same day, or an MT940 and its corrected
 * re-send, give the entry the same identity, so it is booked once.
 *
 * The rule: SHA-256 of the account (its IBAN when valid), the entry's key, and `occurrence`.
 * The key is the bank's own reference when the bank gives one, else a fingerprint of booking
 * and value date, amount, direction, reversal, currency, references and remittance text.
 * `occurrence` is the entry's index among the entries of its file with the same key (0 for the
 * first), so two genuinely distinct entries that look identical on one day (two 50.00 card
 * payments without references) are two, and the second is still the second when a longer
 * statement of the same days is read: {@link entryIdentities} counts it.
 * @example entryIdentityOf(statement, entry, 0) // 'bank:3f1c…' or 'entry:9a0b…'
 */
export function entryIdentityOf(statement: BankStatement, entry: BankEntry, occurrence: number): string {
  const key = entryKeyOf(statement, entry);
  const kind = key.startsWith('bank\n') ? 'bank' : 'entry';
  return `${kind}:${createHash('sha256').update(`${key}\n#${occurrence}`).digest('hex')}`;
}

/** Every entry's identity, statement by statement, with occurrences counted across the whole file. */
export function entryIdentities(file: BankStatementFile): string[][] {
  const seen = new Map<string, number>();
  return file.statements.map((statement) =>
    statement.entries.map((entry) => {
      const key = entryKeyOf(statement, entry);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      return entryIdentityOf(statement, entry, occurrence);
    }),
  );
}
