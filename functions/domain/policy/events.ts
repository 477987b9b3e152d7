import { z } from 'zod';
import { parseIsoDate, type IsoDate } from '../calendar';
import { parseDecimal, type Decimal } from '../money';
import type { CollectionsEvent } from './types';

const date = z.string({ error: 'must be a date (YYYY-MM-DD)' }).transform((text, ctx): IsoDate => {
  const parsed = parseIsoDate(text);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a calendar date (YYYY-MM-DD)` });
    return z.NEVER;
  }
  return parsed;
});

const amount = z.string({ error: 'must be a decimal amount string, e.g. "1200.00"' }).transform((text, ctx): Decimal => {
  const parsed = parseDecimal(text);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a decimal amount (e.g. "1200.00")` });
    return z.NEVER;
  }
  return parsed;
});

/** A collections event as people and systems send it (operations API, scenarios): checked, never trusted. */
export const CollectionsEventSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('payment'), date, amount }),
    z.object({ type: z.literal('dispute'), date }),
    z.object({ type: z.literal('dispute-resolved'), date, outcome: z.enum(['rejected', 'upheld']) }),
    z.object({ type: z.literal('promise'), date, promisedDate: date }),
    z.discriminatedUnion('outcome', [
      z.object({ type: z.literal('call-outcome'), date, outcome: z.literal('promise'), promisedDate: date }),
      z.object({ type: z.literal('call-outcome'), date, outcome: z.enum(['no-answer', 'wrong-contact', 'dispute']) }),
    ]),
    z.object({ type: z.literal('agency-result'), date, outcome: z.enum(['recovered', 'unrecoverable']) }),
  ],
  { error: 'unknown event type (one of payment, dispute, dispute-resolved, promise, call-outcome, agency-result)' },
) satisfies z.ZodType<CollectionsEvent>;

/** The first problem zod found, as one line naming where: `events[2].amount: "12,5" is not a decimal amount`. */
export const describeInvalid = (error: z.ZodError, where: string): string => {
  const issue = error.issues[0];
  if (!issue) return `${where}: invalid`;
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  return `${where}${path}: ${issue.message}`;
};
