import type { CollectionsLedger } from '../adapters/ledger';
import type { StepTaskInput } from '../adapters/task-input';
import type { Clock } from '../domain/clock';
import { customerKeyOf } from '../domain/collections';
import { InvoiceNotFoundError } from '../domain/errors';

export interface LegalFlagDeps {
  readonly ledger: CollectionsLedger;
  readonly clock: Clock;
}

/** The FlagForLegal task: the invoice and its customer are flagged for legal action; the run ends after it. */
export async function flagForLegal(input: StepTaskInput, deps: LegalFlagDeps) {
  const found = await deps.ledger.getCase(input.invoiceKey);
  if (!found) throw new InvoiceNotFoundError(input.invoiceKey.number);
  await deps.ledger.flagForLegal(input.invoiceKey, customerKeyOf(found.record), input.on);
  const outcome = await deps.ledger.completeStep(input.invoiceKey, {
    date: input.on,
    action: 'legal-flag',
    step: input.step.id,
    rank: input.step.rank,
    recordedAt: deps.clock.now().toISOString(),
  });
  return { outcome };
}
