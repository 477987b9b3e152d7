import { z } from 'zod';
import { requireCase, type LedgerStores } from '../adapters/ledger';
import { StepTaskInput } from '../adapters/task-input';
import type { Clock } from '../domain/clock';
import { callTaskExpiry, stepLine } from '../domain/collections';
import { referenceToQuote } from '../domain/matching';
import { policyFrom } from '../domain/policy';
import { inCurrencyDigits, isPositive } from '../domain/money';
import { amountToCollect, openClaimsOf, standingOfRecord } from '../domain/receivables';

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
  // A call of the claims schedule is about the claims alone: the principal is settled by then.
  const claimsOpen = inCurrencyDigits(openClaimsOf(standingOfRecord(found.record, found.events, input.on)), found.record.invoice.currency);
  const reference = referenceToQuote(found.record);
  await deps.ledger.callTasks.open({
    invoiceKey: input.invoiceKey,
    stepId: input.step.id,
    createdOn: input.on,
    expiresOn,
    openAmount,
    ...(isPositive(claimsOpen) ? { claimsOpen } : {}),
    currency: found.record.invoice.currency,
    reference,
  });
  const detail = { expiresOn, openAmount, ...(isPositive(claimsOpen) ? { claimsOpen } : {}), reference };
  const outcome = await deps.ledger.timeline.completeStep(input.invoiceKey, stepLine(input, deps.clock.now(), detail));
  return { outcome, expiresOn };
}
