import { z } from 'zod';
import { parseIsoDate, type IsoDate } from '../domain/calendar';
import { STEP_KINDS } from '../domain/policy';

/** The inputs the collections state machine passes its Tasks, checked at the handler's door. */
export const InvoiceKeySchema = z.object({ sellerKey: z.string().min(1), number: z.string().min(1) });

export const IsoDateSchema = z.string().transform((text, ctx): IsoDate => {
  const date = parseIsoDate(text);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: `not a calendar date (YYYY-MM-DD): ${text}` });
    return z.NEVER;
  }
  return date;
});

/**
 * `policy`: the policy version the plan chose, recorded on the step's timeline line. `occurrence`:
 * for a step that ran under an earlier policy and runs again under a new one, the day that one
 * took over, so what was done once (an e-mail sent) is not taken for this run of it.
 */
export const PlannedStepSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(STEP_KINDS),
  rank: z.string(),
  policy: z.string().optional(),
  occurrence: IsoDateSchema.optional(),
});

/** What every step Task gets: the invoice, the step the plan chose, and the day it runs. */
export const StepTaskInput = z.object({ invoiceKey: InvoiceKeySchema, step: PlannedStepSchema, on: IsoDateSchema });
export type StepTaskInput = z.infer<typeof StepTaskInput>;
