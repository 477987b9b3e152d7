import type { LedgerStores } from '../adapters/ledger';
import type { Workflow } from '../adapters/workflow';
import { today, type Clock } from '../domain/clock';
import { behaviourOf, byCustomer, portfolioOf, riskChanges, riskOf, segmentOf, type CustomerProfile } from '../domain/credit';

export interface ReviewDeps {
  readonly ledger: Pick<LedgerStores, 'settings' | 'snapshot' | 'customers' | 'riskChanges' | 'cases'>;
  /** Wakes the waiting runs of a customer whose segment changed. */
  readonly workflow: Pick<Workflow, 'signal'>;
  readonly clock: Clock;
}

export interface ReviewResult {
  readonly reviewed: number;
  /** Customers whose score, reasons or segment changed: each has a risk change recorded for the day. */
  readonly changed: number;
}

/**
 * The daily credit review: every customer's payment behaviour and risk score recomputed as of
 * today, its segment re-read from the rules, and what changed recorded in words. Run twice on a
 * day, the second run finds nothing changed.
 */
export async function reviewCredit(deps: ReviewDeps): Promise<ReviewResult> {
  const day = today(deps.clock);
  const settings = await deps.ledger.settings.current();
  let reviewed = 0;
  let changed = 0;
  // One scan of the ledger, not a query per invoice: the review reads every customer's every invoice anyway.
  const { customers, invoices } = await deps.ledger.snapshot.read();
  const historiesOf = byCustomer(portfolioOf(invoices, customers));
  for (const customer of customers) {
    const histories = historiesOf.get(customer.id) ?? [];
    const risk = riskOf(behaviourOf(histories, day));
    // Tags and limits may have changed since the scan: the segment is worked out on the profile as it is.
    const segmentFor = (profile: CustomerProfile) => segmentOf({ ...profile, risk }, histories, settings.segments, day).segment;
    const current = (await deps.ledger.customers.get(customer.id)) ?? customer;
    const segment = segmentFor(current);
    const changes = riskChanges(current.risk, risk);
    if (segment !== current.segment) changes.push(`segment ${current.segment} → ${segment}`);
    reviewed++;
    // Recorded before the profile moves on: after a crash between the two, the rerun finds the same change and records it once.
    if (changes.length > 0) {
      changed++;
      await deps.ledger.riskChanges.record({ customerId: customer.id, on: day, source: 'daily review', score: risk.score, grade: risk.grade, segment, changes });
    }
    const updated = await deps.ledger.customers.update(customer.id, (latest) => ({ ...latest, risk, segment: segmentFor(latest) }));
    // A run waiting for its old policy's next date re-plans now under the new one, rather than weeks later.
    if (updated && updated.segment !== current.segment) {
      for (const { wakeToken } of await deps.ledger.cases.ofCustomer(customer.id)) if (wakeToken) await deps.workflow.signal(wakeToken, { segmentChanged: `${current.segment} → ${updated.segment}` });
    }
  }
  return { reviewed, changed };
}
