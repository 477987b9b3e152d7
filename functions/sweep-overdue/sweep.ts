import type { LedgerStores } from '../adapters/ledger';
import type { Workflow } from '../adapters/workflow';
import { today, type Clock } from '../domain/clock';
import { executionNameOf } from '../domain/collections';
import type { InvoiceKey } from '../domain/intake';
import type { CollectionsPolicy } from '../domain/policy';

/** What starting a run reaches: the workflow, and the invoice's run state in the ledger. */
export interface RunStartDeps {
  readonly ledger: Pick<LedgerStores, 'runs'>;
  readonly workflow: Workflow;
}

export interface SweepDeps extends RunStartDeps {
  readonly clock: Clock;
  /** A policy every run is started with (a scenario's); null: each plan takes the customer's segment policy. */
  readonly policy: CollectionsPolicy | null;
}

export interface SweepResult {
  readonly started: number;
  readonly alreadyStarted: number;
}

/**
 * Starts an invoice's collections run, then marks the invoice started, which takes it off the
 * start index: the sweep, ingest (an invoice stored with its start date come) and a returned
 * payment (a run started again, under `name`) all start runs here. A run of that name already
 * there is left as it is, so of two callers starting one invoice's run the second starts nothing.
 * @param policy the policy the run takes (a scenario's); null: each plan takes the customer's segment policy
 */
export async function startRun(
  invoiceKey: InvoiceKey,
  policy: CollectionsPolicy | null,
  deps: RunStartDeps,
  name: string = executionNameOf(invoiceKey),
): Promise<'started' | 'already-started'> {
  const outcome = await deps.workflow.start(name, { invoiceKey, policy });
  // After the start: a failure between the two leaves the invoice on the index, for the next sweep.
  await deps.ledger.runs.markStarted(invoiceKey, name);
  return outcome;
}

/**
 * The daily sweep: every open invoice whose collections start date has come and whose run ingest
 * did not start (one not yet due when it came in, or whose start failed) gets its run. The
 * execution is named after the invoice, so a second sweep (or a retried one) starts nothing twice.
 */
export async function sweep(deps: SweepDeps): Promise<SweepResult> {
  let started = 0;
  let alreadyStarted = 0;
  for (const invoiceKey of await deps.ledger.runs.invoicesToStart(today(deps.clock))) {
    if ((await startRun(invoiceKey, deps.policy, deps)) === 'started') started++;
    else alreadyStarted++;
  }
  return { started, alreadyStarted };
}
