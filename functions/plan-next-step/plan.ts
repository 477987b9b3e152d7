import { requireCase, type CollectionsCase, type LedgerStores } from '../adapters/ledger';
import { inCurrencyDigits, isPositive } from '../domain/money';
import { openClaimsOf, standingOfRecord } from '../domain/receivables';
import { instantAt, today, type Clock } from '../domain/clock';
import type { IsoDate } from '../domain/calendar';
import { callTaskExpiries, callTaskExpiry, collectionsInvoiceOf, type TimelineEntry } from '../domain/collections';
import type { InvoiceKey } from '../domain/intake';
import { policyLabel, ruleOfSegment } from '../domain/credit';
import type { LedgerInvoice } from '../domain/intake';
import {
  planNextStep,
  policyFrom,
  stepsBehind,
  upcomingSteps,
  type CollectionsAction,
  type CollectionsPolicy,
  type NextStep,
  type PolicyStep,
  type StepKind,
} from '../domain/policy';

/** Steps run from this hour of the customer's day: nobody wants a reminder at midnight. */
export const STEP_HOUR = 6;
/**
 * The longest single wait: a longer one is cut into waits of this length, each followed by a
 * fresh plan. Timers over 2^31 - 1 ms (24.8 days) fire at once in Node and so in the local
 * interpreter, and a run paused without a date still looks again now and then.
 */
export const MAX_WAIT_SECONDS = 24 * 86_400;

export interface PlanDeps {
  readonly ledger: Pick<LedgerStores, 'cases' | 'timeline' | 'callTasks' | 'settings' | 'customers' | 'runs' | 'events' | 'audit'>;
  readonly clock: Clock;
}

/** The policy a plan runs under, and the label its timeline lines and the execution history show. */
interface ChosenPolicy {
  readonly policy: CollectionsPolicy;
  /** `<name> v<version>` of a published policy, or `execution input`. */
  readonly version: string;
}

/**
 * The policy of this plan: the one the execution was started with, if any (a scenario's), or else
 * the current version of the policy of the customer's segment as it is now, so a segment change
 * or a newly published version applies from the next planned step on.
 */
async function choosePolicy(policyDocument: unknown, record: LedgerInvoice, deps: PlanDeps): Promise<ChosenPolicy> {
  if (policyDocument !== null && policyDocument !== undefined) return { policy: policyFrom(policyDocument), version: 'execution input' };
  const [settings, customer] = await Promise.all([deps.ledger.settings.current(), deps.ledger.customers.get(record.customerId)]);
  const rule = ruleOfSegment(settings.segments, customer?.segment ?? '');
  const version = settings.policies[rule.policy]!;
  return { policy: version.policy, version: policyLabel(version) };
}

/** What the state machine routes on: a step to run now, a wait, or the end. */
export type PlanOutput =
  | {
      readonly action: StepKind;
      /** `policy`: the policy version the step runs under, recorded on its timeline line. */
      readonly step: { readonly id: string; readonly kind: StepKind; readonly rank: string; readonly policy: string };
      readonly on: IsoDate;
      /** How long to wait after this step before planning again. */
      readonly waitSeconds: number;
      /** The policy the step's task reads (expiry days, the next step's date in a reminder). */
      readonly policy: CollectionsPolicy;
    }
  | { readonly action: 'wait'; readonly reason: string; readonly wakeOn: IsoDate | null; readonly waitSeconds: number; readonly policyVersion: string }
  | { readonly action: 'end'; readonly reason: string; readonly waitSeconds: number; readonly policyVersion: string };

const secondsUntil = (from: Date, to: Date): number => Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 1000)));

/** Timeline lines for the state changes, ranked by their order within their day. */
const stateChangeLines = (changes: readonly CollectionsAction[], recordedAt: string): TimelineEntry[] => {
  const perDay = new Map<string, number>();
  return changes.map((change) => {
    const index = perDay.get(change.date) ?? 0;
    perDay.set(change.date, index + 1);
    return { ...change, rank: `1-${String(index).padStart(3, '0')}`, recordedAt };
  });
};

/**
 * When the first step a new policy would take is an escalation because the contact step its
 * catch-up starts with ran under the old policy, that contact step runs again: a run never
 * escalates first under a new policy. Only an e-mail is repeated; a handover never is.
 */
function contactToRepeat(upcoming: readonly string[], done: ReadonlySet<string>, policy: CollectionsPolicy): string[] {
  const kindOf = (id: string) => policy.steps.find((step) => step.id === id)?.kind;
  const first = upcoming.find((id) => !done.has(id));
  if (first === undefined || !(kindOf(first) === 'agency-handover' || kindOf(first) === 'legal-flag')) return [];
  const contact = upcoming.find((id) => kindOf(id) === 'email');
  return contact !== undefined && upcoming.indexOf(contact) < upcoming.indexOf(first) ? [contact] : [];
}

/** Orders a day's step lines: the policy's steps in its order, then a plan's reminders, then the claims schedule's. */
function rankOf(policy: CollectionsPolicy, step: PolicyStep): string {
  const at = policy.steps.indexOf(step);
  if (at >= 0) return `2-${String(at).padStart(3, '0')}`;
  const claimsAt = policy.claimsSchedule.indexOf(step);
  return claimsAt >= 0 ? `4-${String(claimsAt).padStart(3, '0')}` : `3-${step.id}`;
}

/**
 * A run that ends with claims still open ended because they were below the policy's threshold:
 * the ledger records their waiver, by the policy, so what is owed reads the same everywhere. Its
 * id is the day the principal was settled, so a retried plan records it once.
 */
async function waiveClaimsLeft(found: CollectionsCase, policy: CollectionsPolicy, day: IsoDate, deps: PlanDeps, now: Date): Promise<void> {
  const standing = standingOfRecord(found.record, found.events, day);
  const open = openClaimsOf(standing);
  if (!isPositive(open) || standing.settledOn === null) return;
  await deps.ledger.events.record(found.record.key, {
    type: 'claims-waived',
    date: standing.settledOn,
    reason: `${inCurrencyDigits(open, found.record.invoice.currency)} left open when the principal was settled is below the policy's waiveClaimsBelow (${policy.waiveClaimsBelow})`,
    by: 'policy',
    id: `claims-waived:policy:${standing.settledOn}`,
    recordedAt: now.toISOString(),
  });
}

/**
 * Closes the invoice's call tasks that expired with no outcome, each with a line in its audit
 * trail, and returns the day the first of the others expires: the run wakes then to close it, so
 * the worklist never shows a task the policy gave up on.
 */
async function expireCallTasks(invoiceKey: InvoiceKey, day: IsoDate, opening: { readonly stepId: string; readonly expiresOn: IsoDate } | null, deps: PlanDeps, now: Date): Promise<IsoDate | null> {
  const open = (await deps.ledger.callTasks.ofInvoice(invoiceKey)).filter((task) => task.status === 'open');
  const { expired, nextOn } = callTaskExpiries(opening ? [...open, opening] : open, day);
  for (const task of open.filter((candidate) => expired.includes(candidate.stepId))) {
    await deps.ledger.callTasks.expire(invoiceKey, task.stepId, day);
    await deps.ledger.audit.append(invoiceKey, {
      id: `call-task-expired-${task.stepId}`,
      at: now.toISOString(),
      action: 'call-task-expired',
      detail: `call task ${task.stepId} of ${task.createdOn} expired after ${task.expiresOn} with no outcome recorded`,
    });
  }
  return nextOn;
}

/**
 * The PlanNextStep task: replays the invoice's facts through the policy engine, records the
 * state changes it finds, and tells the state machine what to do and how long to wait after.
 */
export async function planStep(invoiceKey: InvoiceKey, policyDocument: unknown, deps: PlanDeps): Promise<PlanOutput> {
  const found = await requireCase(deps.ledger.cases, invoiceKey);
  const { policy, version } = await choosePolicy(policyDocument, found.record, deps);
  const { timeZone } = found.record.collections;
  const now = deps.clock.now();
  const day = today(deps.clock, timeZone);
  // The policy the run last went by: the one that last took over, else its last step's, or before any step the one the invoice came in under.
  const recorded = found.record.collections;
  const lastPolicy =
    recorded.policySince !== undefined
      ? recorded.policy
      : ([...found.timeline].reverse().find((line) => 'step' in line && line.detail?.policy)?.detail?.policy ?? recorded.policy);
  let input = { invoice: collectionsInvoiceOf(found.record), events: found.events, doneSteps: found.doneSteps, policy, today: day };
  if (lastPolicy !== undefined && lastPolicy !== version) {
    // From today the new policy runs the invoice as a late entry would: the steps it would have
    // taken before are passed over, and it never starts with an escalation or ends for want of a step.
    const changed = { ...input, invoice: { ...input.invoice, policySince: day } };
    const upcoming = upcomingSteps(changed);
    const kept = new Set(upcoming);
    const behind = stepsBehind(input).filter((entry) => !kept.has(entry.step));
    const why = `the run changed from ${lastPolicy} to ${version} on ${day}; the new policy applies from then on`;
    await deps.ledger.timeline.passOverSteps(invoiceKey, behind, why, now.toISOString());
    const again = contactToRepeat(upcoming, found.doneSteps, policy);
    await deps.ledger.timeline.reopenSteps(invoiceKey, again, `${why}, and it does not escalate before telling the customer`, now.toISOString());
    await deps.ledger.runs.changePolicy(invoiceKey, version, day);
    input = { ...changed, doneSteps: new Set([...found.doneSteps, ...behind.map((entry) => entry.step)].filter((step) => !again.includes(step))) };
  }
  const { next, stateChanges } = planNextStep(input);
  await deps.ledger.timeline.record(invoiceKey, stateChangeLines(stateChanges, now.toISOString()));

  if (next.kind === 'end') {
    // A run that ends leaves no call for a collector to make.
    await deps.ledger.callTasks.close(invoiceKey, next.reason);
    await waiveClaimsLeft(found, policy, day, deps, now);
    return { action: 'end', reason: next.reason, waitSeconds: 1, policyVersion: version };
  }
  // The call task the step planned now opens expires too: the wait after it ends by then at the latest.
  const opening = next.kind === 'run' && next.step.kind === 'call-task' ? { stepId: next.step.id, expiresOn: callTaskExpiry(day, policy.callTaskExpiryDays) } : null;
  const expiryWake = await expireCallTasks(invoiceKey, day, opening, deps, now);
  const waitFor = (step: NextStep): number => {
    if (step.kind === 'end') return 1;
    const planned = step.kind === 'run' ? step.on : step.until;
    const wakeOn = expiryWake !== null && (planned === null || expiryWake < planned) ? expiryWake : planned;
    return wakeOn === null ? MAX_WAIT_SECONDS : secondsUntil(now, instantAt(wakeOn < day ? day : wakeOn, STEP_HOUR, timeZone));
  };
  if (next.kind === 'wait') return { action: 'wait', reason: next.reason, wakeOn: next.until, waitSeconds: waitFor(next), policyVersion: version };
  if (now < instantAt(day, STEP_HOUR, timeZone)) {
    return { action: 'wait', reason: 'step-hour', wakeOn: day, waitSeconds: waitFor({ kind: 'wait', until: day, reason: 'schedule' }), policyVersion: version };
  }
  const afterStep = planNextStep({ ...input, doneSteps: new Set([...input.doneSteps, next.step.id]) }).next;
  const rank = rankOf(policy, next.step);
  const since = input.invoice.policySince;
  const ranBefore = since !== undefined && found.timeline.some((line) => 'step' in line && line.step === next.step.id && line.date < since);
  return {
    action: next.step.kind,
    step: { id: next.step.id, kind: next.step.kind, rank, policy: version, ...(ranBefore ? { occurrence: since } : {}) },
    on: day,
    waitSeconds: afterStep.kind === 'run' ? 1 : waitFor(afterStep),
    policy,
  };
}
