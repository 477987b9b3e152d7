import type { LedgerStores } from '../adapters/ledger';
import type { BookedLine } from '../domain/banking';
import type { UnmatchedReason } from '../domain/matching';

/** Why matching left a line to a person, in the words of the README's matching section. */
const REASONS: Readonly<Record<string, string>> = {
  'not-a-credit': 'not a payment in',
  ambiguous: 'a rule found more than one way to read it',
  'currency-mismatch': 'a reference names an invoice in another currency',
  'below-threshold': 'only weak candidates, below the confidence that books without a person',
  'no-candidate': 'no rule found a candidate',
} satisfies Record<UnmatchedReason, string>;

// A return's reason is already in words.
const explained = (reason: string): string => REASONS[reason] ?? reason;

/** One line of the unmatched queue: what the bank says of it, why it waits, and matching's suggestions with whose they are. */
function queuedLine(booked: BookedLine, names: ReadonlyMap<string, string>) {
  const { line, credit, debit, decision } = booked;
  if (decision.kind !== 'unmatched') return [];
  return [
    {
      lineId: line.lineId,
      bookingDate: line.bookingDate,
      amount: line.amount,
      currency: line.currency,
      direction: line.creditDebit,
      payer: { name: credit?.counterpartyName ?? null, iban: credit?.counterpartyIban ?? debit?.counterpartyIban ?? null },
      references: credit?.structuredReferences ?? debit?.references ?? [],
      texts: credit?.remittanceTexts ?? [],
      endToEndId: credit?.endToEndId ?? debit?.endToEndId ?? null,
      reason: decision.reason,
      why: explained(decision.reason),
      // Only a credit can be assigned to invoices; a return without its payment is for a person to trace.
      assignable: credit !== undefined,
      suggestions: decision.suggestions.map((suggestion) => ({ ...suggestion, customerName: names.get(suggestion.customerId) ?? null })),
      bookedAt: booked.bookedAt,
    },
  ];
}

/** The bank lines waiting for a person, oldest first, with their suggestions. */
export async function unmatchedQueue(ledger: Pick<LedgerStores, 'bank' | 'customers'>) {
  const [queued, customers] = await Promise.all([ledger.bank.unmatched(), ledger.customers.all()]);
  const names = new Map(customers.map((customer) => [customer.id, customer.name]));
  return queued.flatMap((booked) => queuedLine(booked, names));
}

/** The statement files received, newest first, with what each booked. */
export async function statementsReceived(ledger: Pick<LedgerStores, 'bank'>) {
  return (await ledger.bank.statements()).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}
