import { z } from 'zod';
import type { CollectionsLedger } from '../adapters/ledger';
import { StepTaskInput } from '../adapters/task-input';
import type { Clock } from '../domain/clock';
import { callTaskExpiry, openAmountOf } from '../domain/collections';
import { InvoiceNotFoundError } from '../domain/errors';
import { policyFrom } from '../domain/policy';

export const CallTaskInput = StepTaskInput.extend({ policy: z.unknown() });

export interface CallTaskDeps {
  readonly ledger: CollectionsLedger;
  readonly clock: Clock;
}

/** The CreateCallTask task: a worklist item for collectors, expiring after the policy's days; once per invoice and step. */
export async function createCallTask(input: z.infer<typeof CallTaskInput>, deps: CallTaskDeps) {
  const found = await deps.ledger.getCase(input.invoiceKey);
  if (!found) throw new InvoiceNotFoundError(input.invoiceKey.number);
  const expiresOn = callTaskExpiry(input.on, policyFrom(input.policy).callTaskExpiryDays);
  const openAmount = openAmountOf(found.record.invoice.totals.due ?? ('0' as never), found.events, input.on);
  await deps.ledger.openCallTask({
    invoiceKey: input.invoiceKey,
    stepId: input.step.id,
    createdOn: input.on,
    expiresOn,
    openAmount,
    currency: found.record.invoice.currency,
  });
  const outcome = await deps.ledger.completeStep(input.invoiceKey, {
    date: input.on,
    action: 'call-task',
    step: input.step.id,
    rank: input.step.rank,
    recordedAt: deps.clock.now().toISOString(),
    detail: { expiresOn, openAmount },
  });
  return { outcome, expiresOn };
}
