import type { CreditLedger } from '../adapters/credit-ledger';
import { today, type Clock } from '../domain/clock';
import { behaviourOf, riskChanges, riskOf, segmentOf } from '../domain/credit';

export interface ReviewDeps {
  readonly ledger: Pick<CreditLedger, 'settings' | 'customers' | 'customerHistories' | 'updateCustomer' | 'recordRiskChange'>;
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
  const settings = await deps.ledger.settings();
  let reviewed = 0;
  let changed = 0;
  for (const customer of await deps.ledger.customers()) {
    const histories = await deps.ledger.customerHistories(customer);
    const risk = riskOf(behaviourOf(histories, day));
    const segment = segmentOf({ ...customer, risk }, histories, settings.segments, day).segment;
    const changes = riskChanges(customer.risk, risk);
    if (segment !== customer.segment) changes.push(`segment ${customer.segment} → ${segment}`);
    reviewed++;
    await deps.ledger.updateCustomer(customer.id, (current) => ({ ...current, risk, segment }));
    if (changes.length === 0) continue;
    changed++;
    await deps.ledger.recordRiskChange({ customerId: customer.id, on: day, source: 'daily review', score: risk.score, grade: risk.grade, segment, changes });
  }
  return { reviewed, changed };
}
