import type { IsoDate } from '../calendar';
import type { CreditEntry, DebitEntry } from '../matching';
import { isPositive, type Decimal } from '../money';
import type { BankEntry, BankStatement, BankStatementFile, CreditDebit, EntryDetail } from '../statements';

/**
 * One payment of a statement: an entry, or one transaction of a batch entry whose details carry
 * their own amounts (a batch of SEPA credits booked as one sum). What is booked once, and matched.
 */
export interface StatementLine {
  /** The entry's identity (`entryIdentityOf`), with `/N` for the N-th transaction of a batch. */
  readonly lineId: string;
  readonly statementId: string;
  readonly account: string;
  readonly bookingDate: IsoDate;
  readonly amount: Decimal;
  readonly currency: string;
  readonly creditDebit: CreditDebit;
  readonly reversal: boolean;
  /** BOOK, PDNG, INFO; absent where the format has none (MT940 books everything it lists). */
  readonly status?: string;
  readonly details: readonly EntryDetail[];
  readonly additionalInfo?: string;
  readonly bankReference?: string;
}

/** A batch is split when every one of its several transactions says how much it was. */
const splitsBatch = (entry: BankEntry): boolean => entry.details.length > 1 && entry.details.every((detail) => detail.amount !== undefined);

const lineOf = (statement: BankStatement, entry: BankEntry, lineId: string, amount: Decimal, details: readonly EntryDetail[]): StatementLine => ({
  lineId,
  statementId: statement.id,
  account: statement.iban ?? statement.account,
  bookingDate: (entry.bookingDate ?? entry.valueDate ?? statement.toDate ?? statement.closingBalance?.date)!,
  amount,
  currency: entry.currency,
  creditDebit: entry.creditDebit,
  reversal: entry.reversal,
  ...(entry.status ? { status: entry.status } : {}),
  details,
  ...(entry.additionalInfo ? { additionalInfo: entry.additionalInfo } : {}),
  ...(entry.bankReference ? { bankReference: entry.bankReference } : {}),
});

/** Whether an entry has a day it was booked on: one without any date cannot be placed in a ledger. */
const isDated = (statement: BankStatement, entry: BankEntry): boolean =>
  Boolean(entry.bookingDate ?? entry.valueDate ?? statement.toDate ?? statement.closingBalance?.date);

/**
 * The payment lines of a statement file, with the identities its entries got from
 * `entryIdentities` (same shape: per statement, per entry).
 */
export function statementLines(file: BankStatementFile, identities: readonly (readonly string[])[]): StatementLine[] {
  return file.statements.flatMap((statement, s) =>
    statement.entries.flatMap((entry, e) => {
      const id = identities[s]![e]!;
      if (!isDated(statement, entry)) return [];
      if (!splitsBatch(entry)) return [lineOf(statement, entry, id, entry.amount, entry.details)];
      return entry.details.map((detail, d) => lineOf(statement, entry, `${id}/${d}`, detail.amount!, [detail]));
    }),
  );
}

/** What a line is for the receivables: a payment in, a payment taken back, or neither (and why). */
export type LineKind =
  | { readonly kind: 'credit'; readonly entry: CreditEntry }
  | { readonly kind: 'return'; readonly entry: DebitEntry }
  | { readonly kind: 'other'; readonly reason: string };

const structuredReferencesOf = (details: readonly EntryDetail[]): string[] => details.flatMap((detail) => [detail.structuredReference ?? []].flat());

const textsOf = (line: StatementLine): string[] =>
  [
    ...line.details.flatMap((detail) => [detail.remittanceUnstructured, detail.information, detail.additionalInfo]),
    line.additionalInfo,
  ].filter((text): text is string => Boolean(text && text.trim()));

/** The first of a value the line's details carry. */
const first = <K extends keyof EntryDetail>(line: StatementLine, key: K): EntryDetail[K] | undefined => line.details.find((detail) => detail[key] !== undefined)?.[key];

/**
 * What a line means for receivables. A credit not reversed is a payment to match. A debit that
 * reverses a credit, or carries a return reason, takes a payment back. Entries only pending or
 * for information are not booked yet; a reversal of a debit and other debits (fees, payments
 * out) are not the customers'.
 */
export function kindOfLine(line: StatementLine): LineKind {
  if (line.status && line.status !== 'BOOK') return { kind: 'other', reason: `status ${line.status}: not booked by the bank yet` };
  if (!isPositive(line.amount)) return { kind: 'other', reason: 'no amount' };
  const references = structuredReferencesOf(line.details);
  const endToEndId = first(line, 'endToEndId');
  if (line.creditDebit === 'CRDT') {
    if (line.reversal) return { kind: 'other', reason: 'a reversal of a debit' };
    const name = first(line, 'counterpartyName');
    const iban = first(line, 'counterpartyIban');
    return {
      kind: 'credit',
      entry: {
        entryId: line.lineId,
        amount: line.amount,
        currency: line.currency,
        bookingDate: line.bookingDate,
        structuredReferences: references,
        remittanceTexts: textsOf(line),
        ...(endToEndId ? { endToEndId } : {}),
        ...(name ? { counterpartyName: name } : {}),
        ...(iban ? { counterpartyIban: iban } : {}),
      },
    };
  }
  const returnReason = first(line, 'returnReason') ?? first(line, 'returnReasonProprietary');
  if (!line.reversal && !returnReason) return { kind: 'other', reason: 'a payment out' };
  const iban = first(line, 'counterpartyIban');
  return {
    kind: 'return',
    entry: {
      entryId: line.lineId,
      amount: line.amount,
      currency: line.currency,
      bookingDate: line.bookingDate,
      references: [...references, ...textsOf(line)],
      ...(endToEndId ? { endToEndId, originalEndToEndId: endToEndId } : {}),
      ...(iban ? { counterpartyIban: iban } : {}),
      ...(returnReason ? { returnReason } : {}),
    },
  };
}
