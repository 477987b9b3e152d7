import type { IsoDate } from '../calendar';
import type { InvoiceKind } from '../einvoice';
import type { ClaimKind } from '../interest';
import type { Decimal } from '../money';
import type { SettledBy, Standing } from '../receivables';

export const STEP_KINDS = ['email', 'call-task', 'agency-handover', 'legal-flag'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * Why a customer disputes an invoice. The grounds are those of the Peppol Invoice Response's
 * status clarification reasons (OpenPeppol code list OPStatusReason,
 * https://docs.peppol.eu/poacc/upgrade-3/codelist/OPStatusReason/), in words a collector picks:
 * pricing PRI, quantity QTY, quality QUA, not-received DEL, terms PAY, other OTH. A duplicate (the
 * same delivery billed twice), which that list files under OTH, has its own code here: its answer
 * is a credit in full, and the analytics count it apart.
 */
export const DISPUTE_REASONS = ['pricing', 'quantity', 'quality', 'not-received', 'duplicate', 'terms', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** One contact or escalation, `offsetDays` from the due date (negative: before it). */
export interface PolicyStep {
  readonly id: string;
  readonly kind: StepKind;
  readonly offsetDays: number;
  /** Its e-mail claims the statutory interest accrued to its day and the fixed compensation. */
  readonly claims?: boolean;
}

/** A collections policy is data: steps in order of non-decreasing offset, and the settings that shape them. */
export interface CollectionsPolicy {
  readonly steps: readonly PolicyStep[];
  readonly holidays: readonly IsoDate[];
  readonly promiseGraceDays: number;
  readonly callTaskExpiryDays: number;
  readonly defaultTermsDays: number;
  /**
   * The steps that collect the claims left open once the principal is settled, `offsetDays` from
   * the day it was: a statement of the claim, then a call.
   */
  readonly claimsSchedule: readonly PolicyStep[];
  /** Claims left open below this, in the invoice's currency, are waived when the principal is settled, not chased. */
  readonly waiveClaimsBelow: Decimal;
  /** Days before each instalment of a plan that the customer is reminded of it. */
  readonly planReminderDays: number;
}

/** What collections needs to know of an invoice. */
export interface CollectionsInvoice {
  /** BT-1 */
  readonly number: string;
  readonly kind: InvoiceKind;
  readonly issueDate: IsoDate;
  /** The day it falls due: BT-9, or the default terms from its issue date (receivables' `dueDateOf`). */
  readonly dueDate: IsoDate;
  /** BT-115 */
  readonly amountDue: Decimal;
  /** The day the invoice was ingested: it enters collections then. */
  readonly entryDate: IsoDate;
  /**
   * The day the policy in force took over from another (a segment change, a new version): its
   * steps dated before then are passed over, and that day it re-enters as a late entry would.
   */
  readonly policySince?: IsoDate;
}

export type CollectionsEvent =
  | { readonly type: 'payment'; readonly date: IsoDate; readonly amount: Decimal }
  /** A payment the bank returned or the payer reversed: it takes back (part of) the payment recorded under `paymentId`. */
  | { readonly type: 'payment-returned'; readonly date: IsoDate; readonly amount: Decimal; readonly paymentId: string; readonly reason?: string }
  /** `reason` and `note`: what the customer disputes, in a code and a person's words (absent on disputes recorded before they were asked for). */
  | { readonly type: 'dispute'; readonly date: IsoDate; readonly reason?: DisputeReason; readonly note?: string }
  /** Rejected: all of it stays owed; upheld: the invoice is cancelled. `note`: why, for whoever answers the customer. */
  | { readonly type: 'dispute-resolved'; readonly date: IsoDate; readonly outcome: 'rejected' | 'upheld'; readonly note?: string }
  /** Upheld in part: `amount` is credited, the rest stays owed and its collection resumes. */
  | { readonly type: 'dispute-resolved'; readonly date: IsoDate; readonly outcome: 'upheld-in-part'; readonly amount: Decimal; readonly note?: string }
  | { readonly type: 'promise'; readonly date: IsoDate; readonly promisedDate: IsoDate }
  | {
      readonly type: 'call-outcome';
      readonly date: IsoDate;
      readonly outcome: 'no-answer' | 'wrong-contact' | 'promise' | 'dispute' | 'plan';
      readonly promisedDate?: IsoDate;
      /** For a plan agreed on the call. */
      readonly instalments?: readonly Instalment[];
      /** For a dispute raised on the call: as a dispute event's. */
      readonly reason?: DisputeReason;
      readonly note?: string;
    }
  | { readonly type: 'agency-result'; readonly date: IsoDate; readonly outcome: 'recovered' | 'unrecoverable' }
  /** A credit note (BT-25 names this invoice) credits the amount; `creditNote` is its number. */
  | { readonly type: 'credit-note'; readonly date: IsoDate; readonly amount: Decimal; readonly creditNote: string }
  /** Credit the customer held (unapplied cash, an unallocated credit note) applied to this invoice. */
  | { readonly type: 'allocation'; readonly date: IsoDate; readonly amount: Decimal; readonly reference?: string }
  /** What is open is not to be collected: it is written off. */
  | { readonly type: 'write-off'; readonly date: IsoDate; readonly reason?: string }
  /**
   * Late-payment claims booked by a step that claims them: the interest accrued since the last
   * booking and the fixed compensation, under `law`; `order` is how payments go to them.
   */
  | {
      readonly type: 'claim';
      readonly date: IsoDate;
      readonly interest: Decimal;
      readonly costs: Decimal;
      readonly order: readonly ClaimKind[];
      readonly step: string;
      readonly law: string;
    }
  /** A person gives up what is open of the claims, saying why; `by` is who (`policy` for claims below its threshold). */
  | { readonly type: 'claims-waived'; readonly date: IsoDate; readonly reason: string; readonly by: string }
  /** An instalment plan: dated amounts, in date order, summing to what is open on the plan's date. */
  | { readonly type: 'plan'; readonly date: IsoDate; readonly instalments: readonly Instalment[] };

/** One instalment of a plan. */
export interface Instalment {
  readonly date: IsoDate;
  readonly amount: Decimal;
}

export type PauseReason = 'dispute' | 'promise' | 'plan';
/** A returned payment reopens a run that was closed as paid; a dispute upheld in part resumes it for the rest. */
export type ResumeReason = 'dispute-rejected' | 'dispute-upheld-in-part' | 'promise-broken' | 'plan-broken' | 'payment-returned';
/** A run closes when the principal is settled and no claim is left open, or when its claims are waived after. */
export type CloseReason = SettledBy | 'claims-waived';

/** What a run did on a date (`shared/spec/collections-policy.md`, "creditctl simulate"). */
export type CollectionsAction =
  | { readonly date: IsoDate; readonly action: StepKind; readonly step: string }
  | { readonly date: IsoDate; readonly action: 'paused'; readonly reason: PauseReason }
  | { readonly date: IsoDate; readonly action: 'resumed'; readonly reason: ResumeReason }
  | { readonly date: IsoDate; readonly action: 'closed'; readonly reason: CloseReason }
  /** The principal is settled but claims are open: the run goes on with the policy's claims schedule. */
  | { readonly date: IsoDate; readonly action: 'claims'; readonly reason: 'paid' | 'credited' };

/** A step still to come, at its unrolled date (pauses shift it; it is rolled to a business day when it runs). */
export interface ScheduledStep {
  readonly step: PolicyStep;
  readonly unrolledDate: IsoDate;
}

/** The state of one invoice's collections, everything the next decision needs. */
export interface CollectionRun {
  /** `claiming`: the principal is settled and the claims schedule collects the claims left open. */
  readonly status: 'not-entered' | 'never' | 'active' | 'paused' | 'claiming' | 'closed' | 'flagged';
  /** What the invoice owes, as the receivables ledger folds its money facts. */
  readonly standing: Standing;
  readonly pending: readonly ScheduledStep[];
  readonly pause: {
    readonly reason: PauseReason;
    /** Days from the pause to the date the next step would have run; null when no step was pending. */
    readonly remainingDays: number | null;
    /** For a promise: the day it is found broken unless the invoice is settled before; for a plan, the day its next instalment is checked. */
    readonly brokenOn: IsoDate | null;
    /** For a plan: its instalments, what had been paid when it was made, and the instalment checked next. */
    readonly plan?: { readonly since: IsoDate; readonly instalments: readonly Instalment[]; readonly paidBefore: Decimal; readonly next: number };
  } | null;
  /** For a closed or claiming run: days from the closing to the step that was next, kept so that a returned payment resumes it where it stood. */
  readonly closedBefore: number | null;
  /** For a claiming run: the steps of the claims schedule still to come. */
  readonly claimsPending: readonly ScheduledStep[];
}

/** A run after something happened, with what it output. */
export interface Transition {
  readonly run: CollectionRun;
  readonly actions: readonly CollectionsAction[];
}
