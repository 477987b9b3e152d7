import { assignCredit, type AssignableItem, type BookedLine, type Decision, type LineAllocation } from '../domain/banking';
import { compareDecimals } from '../domain/money';
import { today } from '../domain/clock';
import { standingOfRecord } from '../domain/receivables';
import { applyDecision, type BookingDeps } from './book';

/** A person's assignment of a bank line waiting in the queue: to a customer, and to its invoices with the amounts. */
export interface LineAssignment {
  readonly customerId: string;
  readonly allocations: readonly LineAllocation[];
}

const isSameAssignment = (decision: Decision, assignment: LineAssignment, who: string): boolean =>
  decision.kind === 'payment' &&
  decision.rule === 'assigned' &&
  decision.by === who &&
  decision.customerId === assignment.customerId &&
  decision.allocations.length === assignment.allocations.length &&
  decision.allocations.every(
    (allocation, index) =>
      allocation.key.sellerKey === assignment.allocations[index]!.key.sellerKey &&
      allocation.key.number === assignment.allocations[index]!.key.number &&
      compareDecimals(allocation.amount, assignment.allocations[index]!.amount) === 0,
  );

export type AssignOutcome =
  | { readonly ok: true; readonly booked: BookedLine }
  | { readonly ok: false; readonly status: 400 | 404 | 409; readonly problem: string };

/**
 * Books a line from the unmatched queue as a person assigned it, recording who and when with the
 * decision; the payments then go where matching's would have (invoices woken, the rest unapplied
 * cash on the customer). Two people assigning one line at once: the first wins, the second is told.
 */
export async function assignLine(lineId: string, assignment: LineAssignment, who: string, deps: BookingDeps): Promise<AssignOutcome> {
  const booked = await deps.ledger.bank.get(lineId);
  if (!booked) return { ok: false, status: 404, problem: `no bank line ${lineId}` };
  if (booked.decision.kind !== 'unmatched') {
    // The same person's same assignment again is a retry: it completes what the first left undone, and records nothing twice.
    if (isSameAssignment(booked.decision, assignment, who)) {
      await applyDecision(booked, deps);
      return { ok: true, booked };
    }
    return { ok: false, status: 409, problem: `bank line ${lineId} is already booked (${booked.decision.kind}${'by' in booked.decision ? ` by ${booked.decision.by}` : ''})` };
  }
  const day = today(deps.clock);
  const items: AssignableItem[] = [];
  for (const allocation of assignment.allocations) {
    const found = await deps.ledger.cases.get(allocation.key);
    if (!found) continue;
    items.push({
      key: found.record.key,
      customerId: found.record.customerId,
      currency: found.record.invoice.currency,
      open: standingOfRecord(found.record, found.events, day).open,
    });
  }
  const outcome = assignCredit(booked, assignment, items, { by: who, at: deps.clock.now().toISOString() });
  if (!outcome.ok) return { ok: false, status: 400, problem: outcome.problem };
  if (!(await deps.ledger.bank.decide(lineId, outcome.decision))) return { ok: false, status: 409, problem: `bank line ${lineId} was assigned by someone else meanwhile` };
  const decided = { ...booked, decision: outcome.decision };
  await applyDecision(decided, deps);
  return { ok: true, booked: decided };
}
