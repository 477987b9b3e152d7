import { z } from 'zod';
import type { LedgerStores } from '../adapters/ledger';
import { InvoiceKeySchema } from '../adapters/task-input';
import type { Clock } from '../domain/clock';
import { sha256Hex } from '../domain/intake';

export const FailureInput = z.object({
  invoiceKey: InvoiceKeySchema,
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).passthrough(),
});

export interface FailureDeps {
  readonly ledger: Pick<LedgerStores, 'audit'>;
  readonly clock: Clock;
}

/** The RecordFailure task: a step that failed after its retries goes into the invoice's audit trail for a person. */
export async function recordFailure(input: z.infer<typeof FailureInput>, deps: FailureDeps): Promise<void> {
  const at = deps.clock.now().toISOString();
  const error = input.failure.Error ?? 'unknown error';
  await deps.ledger.audit.append(input.invoiceKey, {
    id: sha256Hex(`${at}\n${error}`).slice(0, 20),
    at,
    action: 'collections-step-failed',
    // The cause can quote the invoice back (a reminder's address): only the error name and its first line are kept.
    detail: `${error}: ${(input.failure.Cause ?? '').split('\n')[0]?.slice(0, 300) ?? ''}`,
  });
}
