import { daysBetween, type IsoDate } from '../calendar';
import { compareDecimals, readAmount, subtractDecimals, sumDecimals, type Decimal } from '../money';
import type { CollectionsEvent } from '../policy';
import type { RecordedEvent } from './index';

/** Why the ledger will not take an event: what the operations API answers, in words a person can act on. */
export type EventRefusal =
  /** The request is wrong for this invoice whatever else the ledger holds: an amount its currency cannot have, a date after tomorrow. */
  | { readonly code: 'amount-digits' | 'future-date'; readonly message: string }
  /** The id is taken by an event with other content: `first` is that event. */
  | { readonly code: 'id-conflict'; readonly message: string; readonly first: RecordedEvent }
  /** A returned payment that does not fit the payment it names. */
  | { readonly code: 'unknown-payment' | 'return-before-payment' | 'return-exceeds-payment'; readonly message: string }
  /** An instalment plan whose instalments do not add up to what is open on its date. */
  | { readonly code: 'plan-sum'; readonly message: string }
  /** A waiver of claims on an invoice with none open. */
  | { readonly code: 'no-claims'; readonly message: string }
  /** A dispute upheld in part on an invoice with no dispute open, or for more than is open. */
  | { readonly code: 'no-dispute' | 'dispute-amount'; readonly message: string };

/** What an event is checked against: the invoice it is for and today. */
export interface EventContext {
  /** BT-1, for the messages. */
  readonly invoiceNumber: string;
  /** BT-5: its minor units bound the amounts' digits. */
  readonly currency: string;
  /** The invoice's events as recorded so far. */
  readonly events: readonly RecordedEvent[];
  /** Today in the customer's time zone. */
  readonly today: IsoDate;
  /** What is open on the invoice at the end of a day, as the receivables ledger says: the principal, and the claims apart. */
  readonly openOn: (day: IsoDate) => Decimal;
  readonly claimsOpenOn: (day: IsoDate) => Decimal;
  /** Whether a dispute is open (raised and not resolved) at the end of a day. */
  readonly disputedOn: (day: IsoDate) => boolean;
}

/** Days after today an event may be dated: the sender's today may be ahead of the customer's. */
const DAYS_AHEAD_ALLOWED = 1;

// The fields the ledger adds to an event: not part of what was sent.
const contentOf = ({ id: _id, recordedAt: _at, recordedBy: _by, sequence: _sequence, ...content }: CollectionsEvent & Partial<Pick<RecordedEvent, 'id' | 'recordedAt' | 'recordedBy' | 'sequence'>>): CollectionsEvent =>
  content as CollectionsEvent;

const canonicalJson = (value: object): string =>
  JSON.stringify(value, (_key, field: unknown) =>
    field && typeof field === 'object' && !Array.isArray(field) ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => a.localeCompare(b))) : field,
  );

/** Whether two events say the same thing, field for field as sent (amounts as written: '400.0' is not '400.00'). */
export const sameContent = (a: CollectionsEvent, b: CollectionsEvent): boolean => canonicalJson(contentOf(a)) === canonicalJson(contentOf(b));

/** An event in one line. @example describeEvent(payment) // 'payment dated 2026-03-20 (amount 400.00)' */
export const describeEvent = (event: CollectionsEvent): string => {
  const { type, date, ...details } = contentOf(event);
  const listed = Object.entries(details).map(([field, value]) => `${field} ${String(value)}`);
  return `${type} dated ${date}${listed.length > 0 ? ` (${listed.join(', ')})` : ''}`;
};

/** The refusal of an event whose id an event with other content took first. */
export const idConflictOf = ({ sequence: _sequence, ...first }: RecordedEvent, invoiceNumber: string): EventRefusal => ({
  code: 'id-conflict',
  message:
    `event id ${first.id} is already recorded for invoice ${invoiceNumber} with other content: ${describeEvent(first)}, ` +
    `recorded at ${first.recordedAt}; send a new event under a new id`,
  first,
});

function dateRefusal(event: CollectionsEvent, today: IsoDate): EventRefusal | null {
  if (daysBetween(today, event.date) <= DAYS_AHEAD_ALLOWED) return null;
  return { code: 'future-date', message: `date ${event.date} is in the future: today is ${today}, and an event may be dated at most a day ahead` };
}

/** Every amount an event carries (an instalment plan's too) must be one the invoice's currency can have. */
function currencyRefusal(event: CollectionsEvent, context: EventContext): EventRefusal | null {
  const amounts = [
    ...('amount' in event ? [{ where: 'amount', amount: event.amount }] : []),
    ...('instalments' in event ? (event.instalments ?? []).map((instalment, index) => ({ where: `instalments[${index}].amount`, amount: instalment.amount })) : []),
  ];
  for (const { where, amount } of amounts) {
    const read = readAmount(amount, context.currency);
    if (!read.ok) return { code: 'amount-digits', message: `${where}: ${read.problem} (invoice ${context.invoiceNumber} is in ${context.currency})` };
  }
  return null;
}

function returnRefusal(returned: Extract<CollectionsEvent, { type: 'payment-returned' }>, context: EventContext): EventRefusal | null {
  const payment = context.events.find((event) => event.id === returned.paymentId);
  if (payment?.type !== 'payment') {
    return {
      code: 'unknown-payment',
      message: `invoice ${context.invoiceNumber} has no payment with event id ${returned.paymentId}: a returned payment names the payment it takes back by its id`,
    };
  }
  if (returned.date < payment.date) {
    return { code: 'return-before-payment', message: `date ${returned.date} is before payment ${payment.id} was made (${payment.date})` };
  }
  const earlier = context.events.flatMap((event) => (event.type === 'payment-returned' && event.paymentId === payment.id ? [event.amount] : []));
  const left = subtractDecimals(payment.amount, sumDecimals(earlier));
  if (compareDecimals(returned.amount, left) <= 0) return null;
  return {
    code: 'return-exceeds-payment',
    message: `amount ${returned.amount} is more than is left of payment ${payment.id} (${payment.amount} paid on ${payment.date}, ${left} not yet returned)`,
  };
}

/** A plan must cover what is open on its date exactly: more or less is named, so the person can correct it. */
function planRefusal(plan: { readonly date: IsoDate; readonly instalments: readonly { readonly amount: Decimal }[] }, context: EventContext): EventRefusal | null {
  const planned = sumDecimals(plan.instalments.map((instalment) => instalment.amount));
  const open = context.openOn(plan.date);
  const difference = subtractDecimals(planned, open);
  if (compareDecimals(difference, '0' as Decimal) === 0) return null;
  const off = difference.startsWith('-') ? `${difference.slice(1)} short` : `${difference} over`;
  return {
    code: 'plan-sum',
    message: `the instalments add up to ${planned}, but ${open} is open on invoice ${context.invoiceNumber} on ${plan.date} (${off}): a plan covers what is open exactly`,
  };
}

/** A waiver needs claims open on its date: one on nothing would record a decision about nothing. */
function claimsRefusal(date: IsoDate, context: EventContext): EventRefusal | null {
  if (compareDecimals(context.claimsOpenOn(date), '0' as Decimal) > 0) return null;
  return { code: 'no-claims', message: `invoice ${context.invoiceNumber} has no late-payment claims open on ${date}: there is nothing to waive` };
}

/**
 * A dispute upheld in part credits that part of what is open: there must be a dispute to uphold,
 * and the part cannot be more than is open (all that is open is the whole of it, upheld in full).
 */
function partRefusal(resolution: { readonly date: IsoDate; readonly amount: Decimal }, context: EventContext): EventRefusal | null {
  if (!context.disputedOn(resolution.date)) {
    return {
      code: 'no-dispute',
      message: `invoice ${context.invoiceNumber} has no open dispute on ${resolution.date}: record the dispute first, or credit the amount with a credit note`,
    };
  }
  const open = context.openOn(resolution.date);
  if (compareDecimals(resolution.amount, open) <= 0) return null;
  return {
    code: 'dispute-amount',
    message: `amount ${resolution.amount} is more than is open on invoice ${context.invoiceNumber} on ${resolution.date} (${open}): a dispute upheld in part credits at most what is open`,
  };
}

/**
 * Why the ledger refuses an event for an invoice, or null when it takes it. The same id again is
 * taken when it says the same (a retry: the ledger then completes what an earlier attempt left
 * half done) and refused, naming the first, when it says something else.
 */
export function refusalOf(event: CollectionsEvent, id: string, context: EventContext): EventRefusal | null {
  const first = context.events.find((recorded) => recorded.id === id);
  if (first) return sameContent(first, event) ? null : idConflictOf(first, context.invoiceNumber);
  return (
    dateRefusal(event, context.today) ??
    currencyRefusal(event, context) ??
    (event.type === 'payment-returned' ? returnRefusal(event, context) : null) ??
    (event.type === 'plan' || (event.type === 'call-outcome' && event.instalments) ? planRefusal({ date: event.date, instalments: event.instalments ?? [] }, context) : null) ??
    (event.type === 'claims-waived' ? claimsRefusal(event.date, context) : null) ??
    (event.type === 'dispute-resolved' && event.outcome === 'upheld-in-part' ? partRefusal(event, context) : null)
  );
}

