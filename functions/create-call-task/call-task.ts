import { z } from 'zod';
import { requireCase, type LedgerStores } from '../adapters/ledger';
import { StepTaskInput } from '../adapters/task-input';
import type { Clock } from '../domain/clock';
import { callTaskExpiry, stepLine } from '../domain/collections';
import { referenceToQuote } from '../domain/matching';
import { policyFrom } from '../domain/policy';
import { amountToCollect } from '../domain/receivables';

export const CallTaskInput = StepTaskInput.extend({ policy: z.unknown() });

export interface CallTaskDeps {
  readonly ledger: Pick<LedgerStores, 'cases' | 'callTasks' | 'timeline'>;
  readonly clock: Clock;
}

/** The CreateCallTask task: a worklist item for collectors, expiring after the policy's days; once per invoice and step. */
export async function createCallTask(input: z.infer<typeof CallTaskInput>, deps: CallTaskDeps) {
  const found = await requireCase(deps.ledger.cases, input.invoiceKey);
  const expiresOn = callTaskExpiry(input.on, policyFrom(input.policy).callTaskExpiryDays);
  const openAmount = amountToCollect(found.record, found.events, input.on);
  const reference = referenceToQuote(found.record);
  await deps.ledger.callTasks.open({
    invoiceKey: input.invoiceKey,
    stepId: input.step.id,
    createdOn: input.on,
    expiresOn,
    openAmount,
    currency: found.record.invoice.currency,
    reference,
  });
  const outcome = await deps.ledger.timeline.completeStep(input.invoiceKey, stepLine(input, deps.clock.now(), { expiresOn, openAmount, reference }));
  return { outcome, expiresOn };
}
