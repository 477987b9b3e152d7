import { z } from 'zod';
import { addDays, parseIsoDate, type IsoDate } from '../calendar';
import { readAmount, type Decimal } from '../money';
import { DISPUTE_REASONS, type CollectionsEvent } from './types';

/** No event of this ledger is older: an earlier date is a typing slip (0026 for 2026), not a fact. */
const EARLIEST_EVENT_DATE = '2000-01-01';
/** A promise further out than this is an instalment plan, not a promise to pay. */
const MAX_PROMISE_DAYS = 366;
/** Free text (a bank's return reason) is a line for a person, not a document. */
const MAX_TEXT_LENGTH = 200;
/** A note on a dispute is what the customer said and what was found: a paragraph, not a document. */
const MAX_NOTE_LENGTH = 1000;
/** An event id is the client's key for its retries: long enough for any bank reference or UUID. */
export const MAX_EVENT_ID_LENGTH = 128;

const calendarDate = z.string({ error: 'must be a date (YYYY-MM-DD)' }).max(10, 'must be a date (YYYY-MM-DD)').transform((text, ctx): IsoDate => {
  const parsed = parseIsoDate(text);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a calendar date (YYYY-MM-DD)` });
    return z.NEVER;
  }
  return parsed;
});

/** The day something happened: a calendar date, not before 2000. Whether it lies in the future is for whoever knows today. */
const date = calendarDate.refine((day) => day >= EARLIEST_EVENT_DATE, { error: (issue) => `${JSON.stringify(issue.input)} is before ${EARLIEST_EVENT_DATE}` });

/** Amounts follow the one rule of money.ts; the invoice's currency narrows the digits after the point once the ledger is read. */
const AMOUNT_ERROR = 'must be a decimal amount string, e.g. "1200.00"';
export const AmountSchema = z.string({ error: AMOUNT_ERROR }).max(32, AMOUNT_ERROR).transform((text, ctx): Decimal => {
  const read = readAmount(text);
  if (!read.ok) {
    ctx.addIssue({ code: 'custom', message: read.problem });
    return z.NEVER;
  }
  return read.amount;
});

/** A promised date lies on or after the day the promise was made, and within a year of it. */
const promisedInTime = <T extends { readonly date: IsoDate; readonly promisedDate: IsoDate }>(event: T, ctx: z.core.$RefinementCtx<T>): void => {
  const latest = addDays(event.date, MAX_PROMISE_DAYS);
  if (event.promisedDate < event.date || event.promisedDate > latest) {
    ctx.addIssue({
      code: 'custom',
      path: ['promisedDate'],
      message: `${event.promisedDate} is not between the day of the promise (${event.date}) and a year after it (${latest})`,
    });
  }
};

/** A plan longer than this is not an instalment plan but a loan. */
const MAX_INSTALMENTS = 60;

/** Instalments come in date order, each on or after the day the plan is made. */
const instalmentsInOrder = (plan: { readonly date: IsoDate; readonly instalments: readonly { readonly date: IsoDate }[] }, ctx: z.core.$RefinementCtx<unknown>): void => {
  plan.instalments.forEach((instalment, index) => {
    const before = index === 0 ? plan.date : plan.instalments[index - 1]!.date;
    if (index === 0 ? instalment.date < before : instalment.date <= before) {
      ctx.addIssue({ code: 'custom', path: ['instalments', index, 'date'], message: `${instalment.date} is not after ${index === 0 ? `the plan's date (${before})` : `the instalment before it (${before})`}` });
    }
  });
};

const disputeReason = z.enum(DISPUTE_REASONS, { error: `must be one of ${DISPUTE_REASONS.join(', ')}` });
const note = z.string().trim().min(1, 'is empty: leave it out, or say what was found').max(MAX_NOTE_LENGTH).optional();

const Instalments = z.array(z.object({ date: calendarDate, amount: AmountSchema }).strict()).min(1).max(MAX_INSTALMENTS);

/** A collections event as people and systems send it (operations API, scenarios): checked, never trusted. */
export const CollectionsEventSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('payment'), date, amount: AmountSchema }),
    z.object({
      type: z.literal('payment-returned'),
      date,
      amount: AmountSchema,
      paymentId: z.string().min(1).max(MAX_EVENT_ID_LENGTH),
      reason: z.string().max(MAX_TEXT_LENGTH).optional(),
    }),
    z.object({ type: z.literal('dispute'), date, reason: disputeReason.optional(), note }),
    z.discriminatedUnion('outcome', [
      z.object({ type: z.literal('dispute-resolved'), date, outcome: z.enum(['rejected', 'upheld']), note }),
      z.object({ type: z.literal('dispute-resolved'), date, outcome: z.literal('upheld-in-part'), amount: AmountSchema, note }),
    ]),
    z.object({ type: z.literal('promise'), date, promisedDate: calendarDate }).superRefine(promisedInTime),
    z.discriminatedUnion('outcome', [
      z.object({ type: z.literal('call-outcome'), date, outcome: z.literal('promise'), promisedDate: calendarDate }).superRefine(promisedInTime),
      z.object({ type: z.literal('call-outcome'), date, outcome: z.literal('plan'), instalments: Instalments }).superRefine(instalmentsInOrder),
      z.object({ type: z.literal('call-outcome'), date, outcome: z.literal('dispute'), reason: disputeReason.optional(), note }),
      z.object({ type: z.literal('call-outcome'), date, outcome: z.enum(['no-answer', 'wrong-contact']) }),
    ]),
    z.object({ type: z.literal('agency-result'), date, outcome: z.enum(['recovered', 'unrecoverable']) }),
    z.object({ type: z.literal('plan'), date, instalments: Instalments }).superRefine(instalmentsInOrder),
    z.object({
      type: z.literal('claims-waived'),
      date,
      reason: z.string().trim().min(1, 'say why the claims are waived').max(MAX_TEXT_LENGTH),
      by: z.string().trim().min(1, 'say who waives the claims').max(MAX_TEXT_LENGTH),
    }),
  ],
  { error: 'unknown event type (one of payment, payment-returned, dispute, dispute-resolved, promise, plan, call-outcome, agency-result, claims-waived)' },
) satisfies z.ZodType<CollectionsEvent>;

/**
 * The fields of a request that the event it parsed to does not have: zod drops what it does not
 * know, so what was dropped was not asked for (a `promisedDate` on a `no-answer` call outcome too).
 * @example unknownFields({ type: 'dispute', date: '2026-03-20', amount: '5' }, dispute) // ['amount']
 */
export const unknownFields = (sent: object, parsed: object, envelope: readonly string[] = []): string[] =>
  Object.keys(sent).filter((field) => !Object.hasOwn(parsed, field) && !envelope.includes(field));

/** The first problem zod found, as one line naming where: `events[2].amount: "12,5" is not a decimal amount`. */
export const describeInvalid = (error: z.ZodError, where: string): string => {
  const issue = error.issues[0];
  if (!issue) return `${where}: invalid`;
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  return `${where}${path}: ${issue.message}`;
};
