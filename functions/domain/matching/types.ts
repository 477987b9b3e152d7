import type { IsoDate } from '../calendar';
import type { InvoiceKey } from '../intake';
import type { Decimal } from '../money';

/** An invoice with something left to pay, as matching sees it. */
export interface OpenItem {
  readonly key: InvoiceKey;
  readonly customerId: string;
  /** BT-1, as the seller wrote it. */
  readonly number: string;
  readonly currency: string;
  /** What is left to pay: more than zero. */
  readonly openAmount: Decimal;
  readonly dueDate: IsoDate;
  readonly issueDate: IsoDate;
  /** BT-83: the invoice's own remittance information, when it gives one. */
  readonly paymentReference?: string;
  /** The ISO 11649 reference the system prints for this invoice ({@link rfReferenceOf}). */
  readonly rfReference: string;
}

/** Who pays for a customer: payer names and IBANs seen on its earlier payments, or its invoices' buyer name. */
export interface CustomerHints {
  readonly customerId: string;
  readonly names: readonly string[];
  readonly ibans: readonly string[];
}

/** Money in on the bank statement: one credit entry (camt.053 Ntry or MT940 :61:/:86:). */
export interface CreditEntry {
  readonly entryId: string;
  /** More than zero. */
  readonly amount: Decimal;
  readonly currency: string;
  readonly bookingDate: IsoDate;
  /** Structured creditor references (camt `Strd/CdtrRefInf/Ref`). */
  readonly structuredReferences: readonly string[];
  /** Unstructured remittance, additional entry information, MT940 :86: text. */
  readonly remittanceTexts: readonly string[];
  readonly endToEndId?: string;
  readonly counterpartyName?: string;
  readonly counterpartyIban?: string;
}

/**
 * How a payment was matched, strongest first. Stable strings: they are stored with the payment
 * and shown in the unmatched queue.
 */
export const MATCH_RULES = [
  'rf-reference',
  'payment-reference',
  'invoice-number',
  'end-to-end-id',
  'amount-and-payer',
  'amount-combination',
  'amount-only',
] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

/** Part of a payment applied to one invoice. */
export interface Allocation {
  readonly key: InvoiceKey;
  readonly amount: Decimal;
}

/** A possible match a person can accept from the unmatched queue. */
export interface MatchSuggestion {
  readonly rule: MatchRule;
  /** 0..1 */
  readonly confidence: number;
  readonly customerId: string;
  readonly allocations: readonly Allocation[];
  /** The part of the payment the allocations leave over: unapplied cash on the customer. */
  readonly unapplied: Decimal;
}

/**
 * Why an entry waits for a person: `ambiguous` when a rule found more than one way to read
 * it, `currency-mismatch` when a reference named an invoice in another currency,
 * `below-threshold` when only weak candidates were found, `no-candidate` when none was.
 */
export type UnmatchedReason = 'not-a-credit' | 'ambiguous' | 'currency-mismatch' | 'below-threshold' | 'no-candidate';

export type CreditMatch =
  | ({ readonly kind: 'matched' } & MatchSuggestion)
  | { readonly kind: 'unmatched'; readonly reason: UnmatchedReason; readonly suggestions: readonly MatchSuggestion[] };

export interface MatchOptions {
  /** The confidence from which a match is booked without a person. @default 0.9 ({@link DEFAULT_MATCH_THRESHOLD}) */
  readonly threshold?: number;
}

/** A credit that was booked: what a return or reversal is matched against. */
export interface BookedPayment {
  readonly paymentId: string;
  readonly entryId: string;
  /** In the order they were applied (oldest due date first, as {@link CreditMatch} gives them). */
  readonly allocations: readonly Allocation[];
  readonly amount: Decimal;
  readonly currency: string;
  readonly bookingDate: IsoDate;
  readonly endToEndId?: string;
  readonly counterpartyIban?: string;
  /** The references the credit carried (structured and remittance text). */
  readonly references: readonly string[];
}

/** Money out on the statement that returns or reverses an earlier credit (a SEPA R-transaction). */
export interface DebitEntry {
  readonly entryId: string;
  /** More than zero: the amount taken back. */
  readonly amount: Decimal;
  readonly currency: string;
  readonly bookingDate: IsoDate;
  readonly endToEndId?: string;
  /** The returned payment's end-to-end id, when the bank gives it (camt `RtrInf`/`OrgnlEndToEndId`). */
  readonly originalEndToEndId?: string;
  readonly references: readonly string[];
  readonly counterpartyIban?: string;
  /** The bank's return reason code (ISO 20022 ExternalReturnReason, e.g. 'AC04'). */
  readonly returnReason?: string;
}

/** How a return was tied to its payment, strongest first. */
export type ReturnRule = 'original-end-to-end-id' | 'shared-reference' | 'amount-and-iban';

export type ReturnMatch =
  | {
      readonly kind: 'matched';
      readonly rule: ReturnRule;
      readonly payment: BookedPayment;
      /** What the return takes back from each invoice: the invoices reopen by these amounts. */
      readonly returned: readonly Allocation[];
      /** What the return takes back from the payment's unapplied cash. */
      readonly unappliedReturned: Decimal;
    }
  | { readonly kind: 'unmatched'; readonly reason: 'not-a-debit' | 'no-payment' };
