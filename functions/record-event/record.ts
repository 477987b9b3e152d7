import { requireCase, type CollectionsCase, type LedgerStores } from '../adapters/ledger';
import type { Workflow } from '../adapters/workflow';
import type { IsoDate } from '../domain/calendar';
import { today, type Clock } from '../domain/clock';
import { idConflictOf, refusalOf, reopenedRunName, type EventRefusal } from '../domain/collections';
import { balanceOf } from '../domain/credit';
import type { InvoiceKey } from '../domain/intake';
import { isPositive } from '../domain/money';
import type { CollectionsEvent, CollectionsPolicy } from '../domain/policy';
import { openClaimsOf, standingOfRecord } from '../domain/receivables';
import { startRun } from '../sweep-overdue/sweep';

export interface RecordEventDeps {
  readonly ledger: Pick<LedgerStores, 'cases' | 'events' | 'receivables' | 'callTasks' | 'runs'>;
  readonly workflow: Workflow;
  readonly clock: Clock;
  /** The policy every run is started with (a scenario's); null or absent: each plan takes the customer's segment policy. */
  readonly runPolicy?: CollectionsPolicy | null;
}

export type RecordEventResult =
  | {
      readonly recorded: 'recorded' | 'duplicate';
      /** Whether a waiting run was woken; a run not waiting sees the event when it next plans. */
      readonly signalled: boolean;
      /** The execution started for a run that had ended and owes again (a payment came back); null when none was needed. */
      readonly reopened: string | null;
    }
  | { readonly refused: EventRefusal };

/**
 * Records a payment, returned payment, dispute, promise, call outcome or agency result, then
 * wakes the invoice's run: the ledger first, so a signal lost on the way loses nothing. The same
 * request id twice is one event, and the second completes whatever the first left undone (the
 * balance, the call tasks, the signal); the same id with other content is refused. A run that
 * ended as paid or credited and owes again gets a fresh execution, which resumes where it stood.
 * `recordedBy` (a console user, an IAM principal) is kept with the event and its audit entry.
 */
export async function recordEvent(invoiceKey: InvoiceKey, event: CollectionsEvent, requestId: string, deps: RecordEventDeps, recordedBy?: string): Promise<RecordEventResult> {
  const found = await requireCase(deps.ledger.cases, invoiceKey);
  const { invoice, collections } = found.record;
  const standingOn = (day: IsoDate) => standingOfRecord(found.record, found.events, day);
  const refused = refusalOf(event, requestId, {
    invoiceNumber: invoice.number,
    currency: invoice.currency,
    events: found.events,
    today: today(deps.clock, collections.timeZone),
    openOn: (day) => standingOn(day).open,
    claimsOpenOn: (day) => openClaimsOf(standingOn(day)),
    disputedOn: (day) => standingOn(day).disputed,
  });
  if (refused) return { refused };
  const recorded = { ...event, id: requestId, recordedAt: deps.clock.now().toISOString(), ...(recordedBy ? { recordedBy } : {}) };
  const written = await deps.ledger.events.record(invoiceKey, recorded);
  if (written.outcome === 'conflict') return { refused: idConflictOf(written.existing, invoice.number) };
  const events = written.outcome === 'recorded' ? [...found.events, recorded] : found.events;
  const balance = balanceOf(found.record, events);
  if (balance && found.record.customerId) await deps.ledger.receivables.keep(found.record.customerId, invoiceKey, balance);
  if (event.type === 'call-outcome') await deps.ledger.callTasks.close(invoiceKey, event.outcome);
  const signalled = found.wakeToken ? (await deps.workflow.signal(found.wakeToken, { event: event.type })) === 'woken' : false;
  // Only money taken back makes a settled invoice owe again; nothing else can reopen a closed run.
  const reopened = signalled || event.type !== 'payment-returned' ? null : await reopenEnded({ ...found, events }, deps);
  return { recorded: written.outcome, signalled, reopened };
}

/** Starts a fresh run for an invoice whose run closed and which owes again (after the facts just recorded), once per closing however often this is retried. */
async function reopenEnded(found: CollectionsCase, deps: RecordEventDeps): Promise<string | null> {
  const invoiceKey = found.record.key;
  const owes = isPositive(standingOfRecord(found.record, found.events, today(deps.clock, found.record.collections.timeZone)).open);
  const name = reopenedRunName(invoiceKey, found.timeline);
  if (!owes || name === null) return null;
  await startRun(invoiceKey, deps.runPolicy ?? null, deps, name);
  return name;
}
