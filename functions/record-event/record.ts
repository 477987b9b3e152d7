import { requireCase, type CollectionsLedger } from '../adapters/ledger';
import type { Workflow } from '../adapters/workflow';
import type { Clock } from '../domain/clock';
import type { InvoiceKey } from '../domain/intake';
import type { CollectionsEvent } from '../domain/policy';

export interface RecordEventDeps {
  readonly ledger: CollectionsLedger;
  readonly workflow: Workflow;
  readonly clock: Clock;
}

export interface RecordEventResult {
  readonly recorded: 'recorded' | 'duplicate';
  /** Whether a waiting run was woken; a run not waiting sees the event when it next plans. */
  readonly signalled: boolean;
}

/**
 * Records a payment, dispute, promise, call outcome or agency result, then wakes the invoice's run:
 * the ledger first, so a signal lost on the way loses nothing. The same request id twice is one event.
 */
export async function recordEvent(
  invoiceKey: InvoiceKey,
  event: CollectionsEvent,
  requestId: string,
  deps: RecordEventDeps,
): Promise<RecordEventResult> {
  const found = await requireCase(deps.ledger, invoiceKey);
  const recorded = await deps.ledger.recordEvent(invoiceKey, { ...event, id: requestId, recordedAt: deps.clock.now().toISOString() });
  if (event.type === 'call-outcome') await deps.ledger.closeCallTasks(invoiceKey, event.outcome);
  const signalled = found.wakeToken ? (await deps.workflow.signal(found.wakeToken, { event: event.type })) === 'woken' : false;
  return { recorded, signalled };
}
