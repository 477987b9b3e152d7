import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { ledgerFromEnv, logger } from '../adapters/env';
import type { CollectionsLedger } from '../adapters/ledger';
import { StepTaskInput } from '../adapters/task-input';
import { systemClock, type Clock } from '../domain/clock';
import { callTaskExpiry, openAmountOf } from '../domain/collections';
import { InvoiceNotFoundError } from '../domain/errors';
import { policyFrom } from '../domain/policy';

const CallTaskInput = StepTaskInput.extend({ policy: z.unknown() });

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

export const makeHandler = (deps: CallTaskDeps) =>
  middy<unknown, Awaited<ReturnType<typeof createCallTask>>>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const input = CallTaskInput.parse(event);
      logger.appendKeys({ invoiceNumber: input.invoiceKey.number, stepId: input.step.id });
      return createCallTask(input, deps);
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), clock: systemClock });
