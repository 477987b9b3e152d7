import type { CreditLedger } from '../adapters/credit-ledger';
import { today, type Clock } from '../domain/clock';
import { behaviourOf, portfolioOf, riskChanges, riskOf, segmentOf, type InvoiceHistory } from '../domain/credit';

export interface ReviewDeps {
  readonly ledger: Pick<CreditLedger, 'settings' | 'snapshot' | 'updateCustomer' | 'recordRiskChange'>;
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
  // One scan of the ledger, not a query per invoice: the review reads every customer's every invoice anyway.
  const { customers, invoices } = await deps.ledger.snapshot();
  const historiesOf = new Map<string, InvoiceHistory[]>();
  for (const history of portfolioOf(invoices, customers)) {
    const mine = historiesOf.get(history.customer) ?? [];
    mine.push(history);
    historiesOf.set(history.customer, mine);
  }
  for (const customer of customers) {
    const histories = historiesOf.get(customer.id) ?? [];
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
