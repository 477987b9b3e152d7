import type { CollectionsCase, LedgerStores } from '../adapters/ledger';
import type { IsoDate } from '../domain/calendar';
import { collectionsInvoiceOf } from '../domain/collections';
import { ruleOfSegment, type PolicyVersion, type PublishedSettings } from '../domain/credit';
import { instalmentPlanOn, type CollectionsPolicy, type InstalmentPlanStanding } from '../domain/policy';

/**
 * The policy a run goes by when no scenario gave one: the current version of its customer's
 * segment's, as PlanNextStep chooses it. What the console says comes next, and of a plan, is
 * what that policy makes of the facts.
 */
export const segmentPolicyOf = (settings: PublishedSettings, segment: string | undefined): PolicyVersion =>
  settings.policies[ruleOfSegment(settings.segments, segment ?? '').policy]!;

/** The policy of a customer's runs, read from the ledger. */
export async function customerPolicyOf(ledger: Pick<LedgerStores, 'settings' | 'customers'>, customerId: string): Promise<CollectionsPolicy> {
  const [settings, customer] = await Promise.all([ledger.settings.current(), ledger.customers.get(customerId)]);
  return segmentPolicyOf(settings, customer?.segment).policy;
}

/** An invoice's instalment plan at the end of a day, as its run's replay has it; null when no plan paused the run. */
export const instalmentPlanOfCase = (found: Pick<CollectionsCase, 'record' | 'events'>, policy: CollectionsPolicy, day: IsoDate): InstalmentPlanStanding | null =>
  instalmentPlanOn({ invoice: collectionsInvoiceOf(found.record), events: found.events, policy, today: day });
