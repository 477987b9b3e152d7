import { requireCase, type LedgerStores } from '../adapters/ledger';
import type { StepTaskInput } from '../adapters/task-input';
import type { Clock } from '../domain/clock';
import { stepLine } from '../domain/collections';

export interface LegalFlagDeps {
  readonly ledger: Pick<LedgerStores, 'cases' | 'runs' | 'timeline'>;
  readonly clock: Clock;
}

/** The FlagForLegal task: the invoice and its customer are flagged for legal action; the run ends after it. */
export async function flagForLegal(input: StepTaskInput, deps: LegalFlagDeps) {
  const found = await requireCase(deps.ledger.cases, input.invoiceKey);
  await deps.ledger.runs.flagForLegal(input.invoiceKey, found.record.customerId, input.on);
  const outcome = await deps.ledger.timeline.completeStep(input.invoiceKey, stepLine(input, deps.clock.now()));
  return { outcome };
}
