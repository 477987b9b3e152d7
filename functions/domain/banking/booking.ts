import type { IsoDate } from '../calendar';
import type { InvoiceKey } from '../intake';
import type { BookedPayment, CreditEntry, CreditMatch, DebitEntry, MatchSuggestion, ReturnMatch } from '../matching';
import { compareDecimals, inCurrencyDigits, isPositive, subtractDecimals, sumDecimals, type Decimal } from '../money';
import type { CollectionsEvent } from '../policy';
import type { AccountFact } from '../receivables';
import type { StatementLine } from './lines';

/** Part of a bank line applied to one invoice. */
export interface LineAllocation {
  readonly key: InvoiceKey;
  readonly amount: Decimal;
}

/** Who decided: the matching rules, or a person by name. */
export interface DecidedBy {
  readonly by: string;
  readonly at: string;
}

/** What became of a bank line: what it paid, what it took back, or that it waits for a person. */
export type Decision =
  | ({
      readonly kind: 'payment';
      readonly customerId: string;
      readonly allocations: readonly LineAllocation[];
      /** Left over after the allocations: unapplied cash on the customer. */
      readonly unapplied: Decimal;
      /** The matching rule, or `assigned` by a person. */
      readonly rule: string;
      readonly confidence: number;
    } & DecidedBy)
  | ({
      readonly kind: 'return';
      readonly customerId: string;
      /** The line of the payment taken back. */
      readonly paymentLineId: string;
      readonly returned: readonly LineAllocation[];
      readonly unappliedReturned: Decimal;
      readonly rule: string;
    } & DecidedBy)
  | { readonly kind: 'unmatched'; readonly reason: string; readonly suggestions: readonly MatchSuggestion[] }
  | { readonly kind: 'other'; readonly reason: string };

/** A bank line as the ledger books it: once, with what it is and what became of it. */
export interface BookedLine {
  readonly line: Omit<StatementLine, 'details'>;
  readonly credit?: CreditEntry;
  readonly debit?: DebitEntry;
  readonly decision: Decision;
  /** The archived statement file it first came in. */
  readonly sourceFile: string;
  readonly bookedAt: string;
}

/** The matching engine's answer to a credit, as a decision. */
export function decisionOfCredit(match: CreditMatch, at: string): Decision {
  if (match.kind === 'unmatched') return { kind: 'unmatched', reason: match.reason, suggestions: match.suggestions };
  return {
    kind: 'payment',
    customerId: match.customerId,
    allocations: match.allocations,
    unapplied: match.unapplied,
    rule: match.rule,
    confidence: match.confidence,
    by: 'matching',
    at,
  };
}

/** The return matcher's answer to a debit, as a decision. */
export function decisionOfReturn(match: ReturnMatch, customerOf: (paymentLineId: string) => string, at: string): Decision {
  if (match.kind === 'unmatched') return { kind: 'unmatched', reason: match.reason === 'no-payment' ? 'no booked payment found for this return' : match.reason, suggestions: [] };
  return {
    kind: 'return',
    customerId: customerOf(match.payment.paymentId),
    paymentLineId: match.payment.paymentId,
    returned: match.returned,
    unappliedReturned: match.unappliedReturned,
    rule: match.rule,
    by: 'matching',
    at,
  };
}

/** A payment booked from a statement, as the return matcher sees it, with the customer it was booked to. */
export type BankPayment = BookedPayment & { readonly customerId: string };

/** A booked credit as the return matcher sees it. */
export const bookedPaymentOf = (booked: BookedLine): BankPayment | null => {
  if (booked.decision.kind !== 'payment' || !booked.credit) return null;
  const { credit } = booked;
  return {
    paymentId: booked.line.lineId,
    entryId: booked.line.lineId,
    customerId: booked.decision.customerId,
    allocations: booked.decision.allocations,
    amount: credit.amount,
    currency: credit.currency,
    bookingDate: credit.bookingDate,
    ...(credit.endToEndId ? { endToEndId: credit.endToEndId } : {}),
    ...(credit.counterpartyIban ? { counterpartyIban: credit.counterpartyIban } : {}),
    references: [...credit.structuredReferences, ...credit.remittanceTexts],
  };
};

/** The id of the payment event a bank line's n-th allocation records on its invoice: the same line twice is the same event. */
export const bankEventId = (lineId: string, index: number): string => `bank:${lineId}:${index}`;

/** What a decision records: events on invoices (which also wake their runs) and facts on the customer's account. */
export interface DecisionEffects {
  readonly events: readonly { readonly key: InvoiceKey; readonly id: string; readonly event: CollectionsEvent }[];
  readonly accountFacts: readonly { readonly customerId: string; readonly fact: AccountFact }[];
}

/**
 * The events and account facts a decision on a line records; each with an id derived from the
 * line, so recording them again records nothing. `paid` is, for a return, what the payment it
 * takes back paid on each invoice.
 */
export function effectsOf(booked: BookedLine, paid: readonly LineAllocation[]): DecisionEffects {
  const { decision, line } = booked;
  const date: IsoDate = line.bookingDate;
  const reference = booked.credit?.endToEndId ?? line.bankReference ?? line.lineId;
  if (decision.kind === 'payment') {
    return {
      events: decision.allocations.map((allocation, index) => ({
        key: allocation.key,
        id: bankEventId(line.lineId, index),
        event: { type: 'payment', date, amount: inCurrencyDigits(allocation.amount, line.currency) },
      })),
      accountFacts: isPositive(decision.unapplied)
        ? [{ customerId: decision.customerId, fact: { type: 'receipt', id: `bank:${line.lineId}`, date, amount: decision.unapplied, currency: line.currency, reference } }]
        : [],
    };
  }
  if (decision.kind === 'return') {
    return {
      events: decision.returned.map((allocation, index) => {
        const original = paid.findIndex((payment) => payment.key.sellerKey === allocation.key.sellerKey && payment.key.number === allocation.key.number);
        return {
          key: allocation.key,
          id: bankEventId(line.lineId, index),
          event: {
            type: 'payment-returned',
            date,
            amount: inCurrencyDigits(allocation.amount, line.currency),
            paymentId: bankEventId(decision.paymentLineId, Math.max(0, original)),
            ...(booked.debit?.returnReason ? { reason: booked.debit.returnReason } : {}),
          },
        };
      }),
      accountFacts: isPositive(decision.unappliedReturned)
        ? [
            {
              customerId: decision.customerId,
              fact: { type: 'receipt-returned', id: `bank:${line.lineId}`, date, amount: decision.unappliedReturned, currency: line.currency, reference },
            },
          ]
        : [],
    };
  }
  return { events: [], accountFacts: [] };
}

/** An invoice with what is open on it, as a person's assignment is checked against. */
export interface AssignableItem {
  readonly key: InvoiceKey;
  readonly customerId: string;
  readonly currency: string;
  readonly open: Decimal;
}

/** Why an assignment cannot be booked, in words for the person; or the decision it books. */
export type AssignmentOutcome = { readonly ok: true; readonly decision: Decision } | { readonly ok: false; readonly problem: string };

/**
 * A person's assignment of an unmatched credit: to invoices (each at most what is open on it, all
 * of one customer and in the line's currency, together at most the line's amount) with the rest
 * left as unapplied cash on that customer, or to a customer alone.
 */
export function assignCredit(
  booked: BookedLine,
  assignment: { readonly customerId: string; readonly allocations: readonly LineAllocation[] },
  items: readonly AssignableItem[],
  decided: DecidedBy,
): AssignmentOutcome {
  if (booked.decision.kind !== 'unmatched' || !booked.credit) return { ok: false, problem: 'this line is not waiting for a person' };
  for (const allocation of assignment.allocations) {
    const item = items.find((candidate) => candidate.key.sellerKey === allocation.key.sellerKey && candidate.key.number === allocation.key.number);
    if (!item) return { ok: false, problem: `invoice ${allocation.key.number} has nothing open` };
    if (item.customerId !== assignment.customerId) return { ok: false, problem: `invoice ${allocation.key.number} is another customer's` };
    if (item.currency !== booked.credit.currency) return { ok: false, problem: `invoice ${allocation.key.number} is in ${item.currency}, the payment in ${booked.credit.currency}` };
    if (!isPositive(allocation.amount)) return { ok: false, problem: `the amount for invoice ${allocation.key.number} must be more than zero` };
    if (compareDecimals(allocation.amount, item.open) > 0) return { ok: false, problem: `${allocation.amount} is more than the ${item.open} open on invoice ${allocation.key.number}` };
  }
  const allocated = sumDecimals(assignment.allocations.map((allocation) => allocation.amount));
  if (compareDecimals(allocated, booked.credit.amount) > 0) return { ok: false, problem: `the allocations (${allocated}) are more than the payment (${booked.credit.amount})` };
  return {
    ok: true,
    decision: {
      kind: 'payment',
      customerId: assignment.customerId,
      allocations: assignment.allocations,
      unapplied: subtractDecimals(booked.credit.amount, allocated),
      rule: 'assigned',
      confidence: 1,
      ...decided,
    },
  };
}
