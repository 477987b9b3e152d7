import { atLeastZero, compareDecimals, isPositive, plainDecimal, subtractDecimals, sumDecimals, type Decimal } from '../money';
import { lesserOf } from './allocate';
import { addToList, compactIban } from './match-index';
import type { Allocation, BookedPayment, DebitEntry, ReturnMatch, ReturnRule } from './types';

/** Booked payments by what a return carries of them; built once per statement. Read it only through {@link matchReturn}. */
export interface ReturnIndex {
  readonly byEndToEndId: ReadonlyMap<string, readonly BookedPayment[]>;
  readonly byReference: ReadonlyMap<string, readonly BookedPayment[]>;
  /** currency, amount and payer IBAN. */
  readonly byAmountAndIban: ReadonlyMap<string, readonly BookedPayment[]>;
}

// SEPA's placeholder end-to-end id: shared by every payment whose payer gave none.
const NOT_PROVIDED = 'NOTPROVIDED';
/** A reference shorter than this, or without a digit, is too common to tie a return to a payment. */
const MIN_REFERENCE_LENGTH = 4;

/** Letters and digits only, upper case: banks reformat references they pass back. */
const compactReference = (text: string): string => text.normalize('NFKC').toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');

const isDistinctive = (reference: string): boolean =>
  reference.length >= MIN_REFERENCE_LENGTH && /\d/.test(reference) && reference !== NOT_PROVIDED;

const amountAndIbanKey = (currency: string, amount: Decimal, iban: string): string => `${currency.toUpperCase()}|${plainDecimal(amount)}|${compactIban(iban)}`;

/** The index {@link matchReturn} reads, built in one pass over the booked payments. */
export function buildReturnIndex(payments: readonly BookedPayment[]): ReturnIndex {
  const byEndToEndId = new Map<string, BookedPayment[]>();
  const byReference = new Map<string, BookedPayment[]>();
  const byAmountAndIban = new Map<string, BookedPayment[]>();
  for (const payment of payments) {
    const endToEndId = compactReference(payment.endToEndId ?? '');
    if (isDistinctive(endToEndId)) addToList(byEndToEndId, endToEndId, payment);
    new Set(payment.references.map(compactReference).filter(isDistinctive)).forEach((reference) => addToList(byReference, reference, payment));
    if (payment.counterpartyIban) addToList(byAmountAndIban, amountAndIbanKey(payment.currency, payment.amount, payment.counterpartyIban), payment);
  }
  return { byEndToEndId, byReference, byAmountAndIban };
}

/** A payment the debit can return: same currency, booked on or before it, at least the amount returned. */
const canReturn = (debit: DebitEntry) => (payment: BookedPayment): boolean =>
  payment.currency.toUpperCase() === debit.currency.toUpperCase() &&
  payment.bookingDate <= debit.bookingDate &&
  compareDecimals(debit.amount, payment.amount) <= 0;

/** The latest payment booked on or before the return; the payment id breaks a tie, so the answer never depends on order. */
const nearestEarlier = (payments: readonly BookedPayment[]): BookedPayment | undefined =>
  [...payments].sort((a, b) => b.bookingDate.localeCompare(a.bookingDate) || a.paymentId.localeCompare(b.paymentId))[0];

function candidatesByRule(index: ReturnIndex, debit: DebitEntry): [ReturnRule, readonly BookedPayment[]][] {
  const endToEndIds = [debit.originalEndToEndId, debit.endToEndId].map((id) => compactReference(id ?? '')).filter(isDistinctive);
  const references = new Set(debit.references.map(compactReference).filter(isDistinctive));
  const iban = debit.counterpartyIban;
  return [
    ['original-end-to-end-id', endToEndIds.flatMap((id) => index.byEndToEndId.get(id) ?? [])],
    ['shared-reference', [...references].flatMap((reference) => index.byReference.get(reference) ?? [])],
    ['amount-and-iban', iban ? (index.byAmountAndIban.get(amountAndIbanKey(debit.currency, debit.amount, iban)) ?? []) : []],
  ];
}

/**
 * What a return takes back from each invoice: first the payment's unapplied cash (money no
 * invoice was owed, so nothing reopens for it), then the allocations in their booked order,
 * oldest due date first. Oldest first rather than in proportion: exact, with no cent of
 * rounding to place, and it reopens the invoice collections already chased longest.
 */
function takeBack(payment: BookedPayment, amount: Decimal): { returned: Allocation[]; unappliedReturned: Decimal } {
  const unapplied = atLeastZero(subtractDecimals(payment.amount, sumDecimals(payment.allocations.map((allocation) => allocation.amount))));
  const unappliedReturned = lesserOf(amount, unapplied);
  let remaining = subtractDecimals(amount, unappliedReturned);
  const returned: Allocation[] = [];
  for (const allocation of payment.allocations) {
    if (!isPositive(remaining)) break;
    const taken = lesserOf(remaining, allocation.amount);
    returned.push({ key: allocation.key, amount: taken });
    remaining = subtractDecimals(remaining, taken);
  }
  return { returned, unappliedReturned };
}

/**
 * The booked payment a returned or reversed payment takes back: by the original end-to-end id,
 * then by a reference both carry, then by the same amount from the same IBAN; among several,
 * the one booked nearest before the return. A partial return reopens invoices oldest first.
 * @example matchReturn(index, { ...debit, originalEndToEndId: 'E2E-42' }) // { kind: 'matched', rule: 'original-end-to-end-id', ... }
 */
export function matchReturn(index: ReturnIndex, debit: DebitEntry): ReturnMatch {
  if (!isPositive(debit.amount)) return { kind: 'unmatched', reason: 'not-a-debit' };
  for (const [rule, candidates] of candidatesByRule(index, debit)) {
    const payment = nearestEarlier(candidates.filter(canReturn(debit)));
    if (payment) return { kind: 'matched', rule, payment, ...takeBack(payment, debit.amount) };
  }
  return { kind: 'unmatched', reason: 'no-payment' };
}
