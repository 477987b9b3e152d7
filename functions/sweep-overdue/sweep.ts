import type { LedgerStores } from '../adapters/ledger';
import type { Workflow } from '../adapters/workflow';
import { today, type Clock } from '../domain/clock';
import { executionNameOf } from '../domain/collections';
import type { CollectionsPolicy } from '../domain/policy';

export interface SweepDeps {
  readonly ledger: Pick<LedgerStores, 'runs'>;
  readonly workflow: Workflow;
  readonly clock: Clock;
  /** A policy every run is started with (a scenario's); null: each plan takes the customer's segment policy. */
  readonly policy: CollectionsPolicy | null;
}

export interface SweepResult {
  readonly started: number;
  readonly alreadyStarted: number;
}

/**
 * The daily sweep: every open invoice whose collections start date has come gets its run. The
 * execution is named after the invoice, so a second sweep (or a retried one) starts nothing twice.
 */
export async function sweep(deps: SweepDeps): Promise<SweepResult> {
  let started = 0;
  let alreadyStarted = 0;
  for (const invoiceKey of await deps.ledger.runs.invoicesToStart(today(deps.clock))) {
    const name = executionNameOf(invoiceKey);
    const outcome = await deps.workflow.start(name, { invoiceKey, policy: deps.policy });
    if (outcome === 'started') started++;
    else alreadyStarted++;
    await deps.ledger.runs.markStarted(invoiceKey, name);
  }
  return { started, alreadyStarted };
}
