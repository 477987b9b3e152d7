import { addDays, type IsoDate } from '../calendar';
import { instalmentMet, nextWakeDate, runDateOf } from './run';
import { replayPortfolio, type PortfolioEvent, type TimelineLine } from './timeline';
import type {
  CloseReason,
  CollectionRun,
  CollectionsAction,
  CollectionsEvent,
  CollectionsInvoice,
  CollectionsPolicy,
  PauseReason,
  PolicyStep,
  StepKind,
} from './types';

/** What a collections run does next. */
export type NextStep =
  /** Run this step now: it is due on or before today and has not run. */
  | { readonly kind: 'run'; readonly step: PolicyStep; readonly on: IsoDate }
  /** Nothing to do until the date (null: until an event arrives). */
  | { readonly kind: 'wait'; readonly until: IsoDate | null; readonly reason: 'schedule' | 'not-entered' | 'claims' | PauseReason }
  /** The run is over. */
  | { readonly kind: 'end'; readonly reason: CloseReason | 'legal-flag' | 'not-collectable' };

export interface PlanInput {
  readonly invoice: CollectionsInvoice;
  /** The invoice's events recorded so far, in the order they were recorded. */
  readonly events: readonly CollectionsEvent[];
  /** Ids of the steps already carried out. */
  readonly doneSteps: ReadonlySet<string>;
  readonly policy: CollectionsPolicy;
  readonly today: IsoDate;
}

export interface Plan {
  readonly next: NextStep;
  /** The state changes (paused, resumed, closed) up to today, for the audit trail; steps are recorded when they run. */
  readonly stateChanges: readonly CollectionsAction[];
}

/** One invoice's run replayed from its entry to the end of today, over its facts known by then. */
function replayToday({ invoice, events, policy, today }: Omit<PlanInput, 'doneSteps'>): { readonly lines: TimelineLine[]; readonly run: CollectionRun } {
  const addressed: PortfolioEvent[] = events.filter((event) => event.date <= today).map((event) => ({ ...event, invoice: invoice.number }));
  const { lines, runs } = replayPortfolio([invoice], addressed, policy, invoice.entryDate, today);
  return { lines, run: runs.get(invoice.number)! };
}

/**
 * Given the invoice, its events so far, the policy and today: what happens next and when. The
 * run is replayed from its entry, so the answer depends only on the recorded facts, never on
 * how often or how late the workflow asks.
 */
export function planNextStep(input: PlanInput): Plan {
  const { invoice, doneSteps, policy, today } = input;
  const { lines, run } = replayToday(input);
  const stateChanges = lines.filter((line) => !('step' in line)).map(({ invoice: _invoice, ...action }) => action);
  // A step left undone (a run that woke late) still runs, unless the invoice was settled since;
  // once the principal is settled, only the claims schedule's steps are left to run.
  const runnable = run.status === 'claiming' ? policy.claimsSchedule : [...policy.steps, ...policy.claimsSchedule];
  const undone = lines.find((line) => 'step' in line && !doneSteps.has(line.step) && runnable.some((step) => step.id === line.step));
  if (undone && 'step' in undone && run.status !== 'closed' && run.status !== 'never') {
    const step = runnable.find((candidate) => candidate.id === undone.step)!;
    return { next: { kind: 'run', step, on: undone.date }, stateChanges };
  }
  const reminders = planRemindersOf(run, policy).filter((reminder) => !doneSteps.has(reminder.step.id) && reminder.date <= today && today <= reminder.until);
  if (reminders[0]) return { next: { kind: 'run', step: reminders[0].step, on: today }, stateChanges };
  switch (run.status) {
    case 'never':
      return { next: { kind: 'end', reason: 'not-collectable' }, stateChanges };
    case 'closed': {
      const closed = [...stateChanges].reverse().find((change) => change.action === 'closed');
      return { next: { kind: 'end', reason: closed && closed.action === 'closed' ? closed.reason : 'paid' }, stateChanges };
    }
    case 'flagged':
      return { next: { kind: 'end', reason: 'legal-flag' }, stateChanges };
    case 'not-entered':
      return { next: { kind: 'wait', until: invoice.entryDate, reason: 'not-entered' }, stateChanges };
    case 'paused': {
      const nextReminder = planRemindersOf(run, policy).find((reminder) => !doneSteps.has(reminder.step.id) && today <= reminder.until)?.date ?? null;
      const wake = nextWakeDate(run, invoice, policy);
      const until = nextReminder !== null && (wake === null || nextReminder < wake) ? nextReminder : wake;
      return { next: { kind: 'wait', until, reason: run.pause?.reason ?? 'dispute' }, stateChanges };
    }
    case 'claiming':
      return { next: { kind: 'wait', until: nextWakeDate(run, invoice, policy), reason: 'claims' }, stateChanges };
    case 'active':
      return { next: { kind: 'wait', until: nextWakeDate(run, invoice, policy), reason: 'schedule' }, stateChanges };
  }
}

/**
 * The steps the policy would have taken before today that no run took. When a run changes policy
 * (a customer moves to another segment, a policy gets a new version), these are passed over: the
 * new policy applies from today on, as it does for an invoice that enters collections late,
 * instead of sending everything it would have sent before at once.
 */
export function stepsBehind(input: PlanInput): { readonly step: string; readonly date: IsoDate }[] {
  const { doneSteps, today } = input;
  return replayToday(input).lines.flatMap((line) => ('step' in line && !doneSteps.has(line.step) && line.date < today ? [{ step: line.step, date: line.date }] : []));
}

/** The steps a run will still take as things stand today: those it takes today, and those pending. */
export function upcomingSteps(input: Omit<PlanInput, 'doneSteps'>): string[] {
  const { lines, run } = replayToday(input);
  return [...lines.flatMap((line) => ('step' in line && line.date >= input.today ? [line.step] : [])), ...run.pending.map((scheduled) => scheduled.step.id)];
}

/** The day the next pending step of a kind is scheduled, as things stand today (a final notice names the agency handover). */
export function upcomingStepDate(input: Omit<PlanInput, 'doneSteps'>, kind: StepKind): IsoDate | null {
  const pending = replayToday(input).run.pending.find((scheduled) => scheduled.step.kind === kind);
  return pending ? runDateOf(pending, input.policy) : null;
}

const PLAN_REMINDER = /^plan-reminder-(\d{4}-\d{2}-\d{2})-(\d+)$/;

/** Which plan (by its date) and which instalment (from 1) a plan reminder's step id is for; null for any other step. */
export function planReminderOf(stepId: string): { readonly since: IsoDate; readonly instalment: number } | null {
  const match = PLAN_REMINDER.exec(stepId);
  return match ? { since: match[1] as IsoDate, instalment: Number(match[2]) } : null;
}

/**
 * The reminders a running plan sends: an e-mail `planReminderDays` before each instalment still to
 * be checked and not yet met, on a day from the plan's on and up to the instalment's date. They
 * are the workflow's courtesy to the customer, not steps of the policy: the run's timeline has them
 * only as the e-mails they are.
 */
function planRemindersOf(run: CollectionRun, policy: CollectionsPolicy): { readonly step: PolicyStep; readonly date: IsoDate; readonly until: IsoDate }[] {
  const planned = run.status === 'paused' ? run.pause?.plan : undefined;
  if (!planned) return [];
  return planned.instalments.flatMap((instalment, index) => {
    const date = addDays(instalment.date, -policy.planReminderDays);
    if (index < planned.next || date < planned.since || instalmentMet(run, index)) return [];
    return [{ step: { id: `plan-reminder-${planned.since}-${index + 1}`, kind: 'email' as const, offsetDays: 0 }, date, until: instalment.date }];
  });
}
