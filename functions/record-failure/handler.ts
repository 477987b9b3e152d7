import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { ledgerFromEnv, logger } from '../adapters/env';
import type { Ledger } from '../adapters/ledger';
import { InvoiceKeySchema } from '../adapters/task-input';
import { systemClock, type Clock } from '../domain/clock';
import { sha256Hex } from '../domain/intake';

const FailureInput = z.object({
  invoiceKey: InvoiceKeySchema,
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).passthrough(),
});

export interface FailureDeps {
  readonly ledger: Pick<Ledger, 'appendAudit'>;
  readonly clock: Clock;
}

/** The RecordFailure task: a step that failed after its retries goes into the invoice's audit trail for a person. */
export async function recordFailure(input: z.infer<typeof FailureInput>, deps: FailureDeps): Promise<void> {
  const at = deps.clock.now().toISOString();
  const error = input.failure.Error ?? 'unknown error';
  await deps.ledger.appendAudit(input.invoiceKey, {
    id: sha256Hex(`${at}\n${error}`).slice(0, 20),
    at,
    action: 'collections-step-failed',
    // The cause can quote the invoice back (a reminder's address): only the error name and its first line are kept.
    detail: `${error}: ${(input.failure.Cause ?? '').split('\n')[0]?.slice(0, 300) ?? ''}`,
  });
}

export const makeHandler = (deps: FailureDeps) =>
  middy<unknown, void>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const input = FailureInput.parse(event);
      logger.error('collections step failed', { invoiceNumber: input.invoiceKey.number, error: input.failure.Error });
      await recordFailure(input, deps);
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), clock: systemClock });
