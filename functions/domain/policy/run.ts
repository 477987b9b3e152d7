import { addDays, businessCalendar, daysBetween, laterOf, roll, type BusinessCalendar, type IsoDate } from '../calendar';
import { compareDecimals, isPositive, subtractDecimals, sumDecimals } from '../money';
import { applyMoney, isMoneyFact, openClaimsOf, unsettled, type MoneyFact } from '../receivables';
import type {
  Instalment,
  StepKind,
  CloseReason,
  CollectionRun,
  CollectionsAction,
  CollectionsEvent,
  CollectionsInvoice,
  CollectionsPolicy,
  PauseReason,
  ResumeReason,
  ScheduledStep,
  Transition,
} from './types';

const calendars = new WeakMap<CollectionsPolicy, BusinessCalendar>();
/** The policy's business calendar, built once per policy. */
export const calendarOf = (policy: CollectionsPolicy): BusinessCalendar => {
  let calendar = calendars.get(policy);
  if (!calendar) {
    calendar = businessCalendar(policy.holidays);
    calendars.set(policy, calendar);
  }
  return calendar;
};

/** The business day a scheduled step runs on. */
export const runDateOf = (scheduled: ScheduledStep, policy: CollectionsPolicy): IsoDate =>
  roll(scheduled.unrolledDate, calendarOf(policy));

const unchanged = (run: CollectionRun): Transition => ({ run, actions: [] });

/** A run before its invoice enters collections: every step scheduled from the due date. */
export function openRun(invoice: CollectionsInvoice, policy: CollectionsPolicy): CollectionRun {
  return {
    status: 'not-entered',
    standing: unsettled(invoice.amountDue),
    pending: policy.steps.map((step) => ({ step, unrolledDate: addDays(invoice.dueDate, step.offsetDays) })),
    pause: null,
    closedBefore: null,
    claimsPending: [],
  };
}

const isEscalation = (kind: StepKind): boolean => kind === 'agency-handover' || kind === 'legal-flag';

/**
 * Credit notes and invoices with nothing due never enter; the rest enter without the steps already
 * past. Late entry (catch-up): when what would run first is an escalation, or nothing is left,
 * the run starts with the last contact step due on or after the due date that is already past,
 * on the entry date, and the steps after it keep their distances to it.
 */
function enter(run: CollectionRun, invoice: CollectionsInvoice, policy: CollectionsPolicy, date: IsoDate): CollectionRun {
  if (invoice.kind === 'credit-note' || !isPositive(run.standing.open)) return { ...run, status: 'never', pending: [] };
  return { ...run, status: 'active', pending: catchUpPending(run.pending, policy, date, run.pending) };
}

/**
 * The steps a run goes on with from a day on which it (re-)enters: those dated from that day on;
 * but when the first of them is an escalation, or none is left, the last contact step due on or
 * after the due date among those behind (`behind`) runs that day instead, and every step after
 * it in the policy's order keeps its distance to it.
 */
function catchUpPending(ahead: readonly ScheduledStep[], policy: CollectionsPolicy, date: IsoDate, behind: readonly ScheduledStep[]): readonly ScheduledStep[] {
  const from = ahead.filter((scheduled) => runDateOf(scheduled, policy) >= date);
  if (from[0] && !isEscalation(from[0].step.kind)) return from;
  const missed = behind.filter((scheduled) => runDateOf(scheduled, policy) < date);
  const catchUp = missed.findLast((scheduled) => !isEscalation(scheduled.step.kind) && scheduled.step.offsetDays >= 0);
  if (!catchUp) return from;
  const shift = daysBetween(catchUp.unrolledDate, date);
  return policy.steps
    .slice(policy.steps.indexOf(catchUp.step))
    .map((step) => ({ step, unrolledDate: addDays(catchUp.unrolledDate, step.offsetDays - catchUp.step.offsetDays + shift) }));
}

/** The policy's schedule from the due date, as a run that entered on time would have it. */
const scheduleOf = (invoice: CollectionsInvoice, policy: CollectionsPolicy): ScheduledStep[] =>
  policy.steps.map((step) => ({ step, unrolledDate: addDays(invoice.dueDate, step.offsetDays) }));

/** On the day a new policy took over, an active run goes on as a late entry would: what is behind is passed over, never an escalation first. */
function reenter(run: CollectionRun, invoice: CollectionsInvoice, policy: CollectionsPolicy, date: IsoDate): CollectionRun {
  if (run.status !== 'active' && run.status !== 'paused') return run;
  return { ...run, pending: catchUpPending(run.pending, policy, date, scheduleOf(invoice, policy)) };
}

/** Days from a date to the next pending step; null when none is pending. */
const daysToNext = (run: CollectionRun, policy: CollectionsPolicy, date: IsoDate): number | null => {
  const next = run.pending[0];
  return next ? Math.max(0, daysBetween(date, runDateOf(next, policy))) : null;
};

/** Days from a settling to the principal's next step: kept so that a returned payment resumes the run where it stood. */
const distanceKept = (run: CollectionRun, policy: CollectionsPolicy, date: IsoDate): number | null =>
  run.pause ? run.pause.remainingDays : daysToNext(run, policy, date);

/** The steps still pending are kept, with the distance to the next: a returned payment resumes from there. */
const close = (run: CollectionRun, policy: CollectionsPolicy, date: IsoDate, reason: CloseReason): Transition => ({
  run: { ...run, status: 'closed', pause: null, closedBefore: distanceKept(run, policy, date), claimsPending: [] },
  actions: [{ date, action: 'closed', reason }],
});

/**
 * The principal is settled. With claims open, the run does not close as if nothing were owed: it
 * goes on with the policy's claims schedule from that day, unless they are below the policy's
 * threshold (whoever records the run's end records their waiver) or the invoice was written off.
 */
function settle(run: CollectionRun, policy: CollectionsPolicy, date: IsoDate): Transition {
  const { settledBy } = run.standing;
  const claimsOpen = openClaimsOf(run.standing);
  if (settledBy === null || settledBy === 'written-off' || compareDecimals(claimsOpen, policy.waiveClaimsBelow) < 0 || !isPositive(claimsOpen)) {
    return close(run, policy, date, settledBy ?? 'paid');
  }
  return {
    run: {
      ...run,
      status: 'claiming',
      pause: null,
      closedBefore: distanceKept(run, policy, date),
      claimsPending: policy.claimsSchedule.map((step) => ({ step, unrolledDate: addDays(date, step.offsetDays) })),
    },
    actions: [{ date, action: 'claims', reason: settledBy }],
  };
}

function pause(run: CollectionRun, policy: CollectionsPolicy, date: IsoDate, reason: PauseReason, brokenOn: IsoDate | null): Transition {
  return {
    run: { ...run, status: 'paused', pause: { reason, remainingDays: daysToNext(run, policy, date), brokenOn } },
    actions: [{ date, action: 'paused', reason }],
  };
}

/** Resuming keeps the remaining distance: the next step moves to date + r, the later ones keep their spacing to it. */
function resume(run: CollectionRun, date: IsoDate, reason: ResumeReason, remaining: number | null): Transition {
  const next = run.pending[0];
  const shift = next && remaining !== null ? daysBetween(next.unrolledDate, addDays(date, remaining)) : 0;
  return {
    run: {
      ...run,
      status: 'active',
      pause: null,
      closedBefore: null,
      claimsPending: [],
      pending: run.pending.map((scheduled) => ({ ...scheduled, unrolledDate: addDays(scheduled.unrolledDate, shift) })),
    },
    actions: [{ date, action: 'resumed', reason }],
  };
}

const isLive = (run: CollectionRun): boolean => run.status === 'active' || run.status === 'paused';

const promise = (run: CollectionRun, policy: CollectionsPolicy, date: IsoDate, promisedDate: IsoDate): Transition =>
  run.status === 'active'
    ? pause(run, policy, date, 'promise', laterOf(addDays(promisedDate, policy.promiseGraceDays + 1), addDays(date, 1)))
    : unchanged(run);

const dispute = (run: CollectionRun, policy: CollectionsPolicy, date: IsoDate): Transition =>
  run.status === 'active' ? pause(run, policy, date, 'dispute', null) : unchanged(run);

/** The legal step comes forward to the date; the steps it overtakes never run, since it ends the run. */
function bringLegalForward(run: CollectionRun, date: IsoDate): Transition {
  const legalAt = run.pending.findIndex((scheduled) => scheduled.step.kind === 'legal-flag');
  const legal = run.pending[legalAt];
  if (!legal) return unchanged(run);
  const pending = [{ ...legal, unrolledDate: date }, ...run.pending.slice(legalAt + 1)];
  const pauseNow = run.pause ? { ...run.pause, remainingDays: 0 } : null;
  return unchanged({ ...run, pending, pause: pauseNow });
}

/**
 * The start of a day: the invoice enters on its entry date, then time-based changes (a promise
 * found broken) happen before the day's events and steps.
 */
export function beginDay(run: CollectionRun, invoice: CollectionsInvoice, policy: CollectionsPolicy, date: IsoDate): Transition {
  const arrived = run.status === 'not-entered' && date >= invoice.entryDate ? enter(run, invoice, policy, date) : run;
  const entered = invoice.policySince === date && invoice.policySince > invoice.entryDate ? reenter(arrived, invoice, policy, date) : arrived;
  if (entered.status === 'paused' && entered.pause?.brokenOn && date >= entered.pause.brokenOn) {
    if (entered.pause.reason === 'plan') return checkPlan(entered, policy, date);
    return resume(entered, date, 'promise-broken', entered.pause.remainingDays);
  }
  return unchanged(entered);
}

/**
 * What money does to a run: its standing moves (receivables' one fold); a live run whose invoice
 * is settled closes, with what settled it; a run closed as paid or credited that owes again (a
 * returned payment) resumes where it stood.
 */
function applyMoneyEvent(run: CollectionRun, policy: CollectionsPolicy, event: CollectionsEvent & MoneyFact): Transition {
  const standing = applyMoney(run.standing, event);
  const moved = { ...run, standing };
  if (isLive(run)) return standing.settledBy ? settle(moved, policy, event.date) : unchanged(moved);
  const reopened = (run.status === 'closed' || run.status === 'claiming') && isPositive(standing.open);
  if (reopened) return resume(moved, event.date, 'payment-returned', run.closedBefore);
  if (run.status === 'claiming' && !isPositive(openClaimsOf(standing))) {
    return {
      run: { ...moved, status: 'closed', claimsPending: [] },
      actions: [{ date: event.date, action: 'closed', reason: event.type === 'claims-waived' ? 'claims-waived' : 'paid' }],
    };
  }
  return unchanged(moved);
}

/** An event's effect; one that changes nothing (on a run not live, a second pause...) outputs nothing. */
export function applyEvent(run: CollectionRun, policy: CollectionsPolicy, event: CollectionsEvent): Transition {
  if (run.status === 'not-entered' || run.status === 'never') return unchanged(run);
  const moved = isMoneyFact(event) ? applyMoneyEvent(run, policy, event) : unchanged(run);
  if (moved.actions.length > 0 || !isLive(run)) return moved;
  return applyChaseEvent(moved.run, policy, event);
}

/** What an event that moves no money does to a live run: it pauses, resumes or brings the legal step forward. */
function applyChaseEvent(run: CollectionRun, policy: CollectionsPolicy, event: CollectionsEvent): Transition {
  switch (event.type) {
    case 'dispute':
      return dispute(run, policy, event.date);
    case 'dispute-resolved':
      // Upheld in full, the money event above closed the run; in part, collection resumes for the rest.
      if (run.pause?.reason !== 'dispute') return unchanged(run);
      return resume(run, event.date, event.outcome === 'upheld-in-part' ? 'dispute-upheld-in-part' : 'dispute-rejected', run.pause.remainingDays);
    case 'promise':
      return promise(run, policy, event.date, event.promisedDate);
    case 'call-outcome':
      if (event.outcome === 'promise' && event.promisedDate) return promise(run, policy, event.date, event.promisedDate);
      if (event.outcome === 'dispute') return dispute(run, policy, event.date);
      if (event.outcome === 'plan' && event.instalments) return plan(run, policy, event.date, event.instalments);
      return unchanged(run);
    case 'agency-result':
      return bringLegalForward(run, event.date);
    case 'plan':
      return plan(run, policy, event.date, event.instalments);
    default:
      return unchanged(run);
  }
}

/** The day an instalment is checked: the day after its date and the grace days, before that day's events. */
const checkedOn = (instalment: Instalment, policy: CollectionsPolicy): IsoDate => addDays(instalment.date, policy.promiseGraceDays + 1);

/**
 * An instalment plan on an active run, or one paused by a promise (the plan replaces it and keeps
 * its distance), pauses the run until an instalment is missed. A plan that does not add up to
 * what is open that day changes nothing.
 */
function plan(run: CollectionRun, policy: CollectionsPolicy, date: IsoDate, instalments: readonly Instalment[]): Transition {
  const first = instalments[0];
  const addsUp = first !== undefined && compareDecimals(sumDecimals(instalments.map((instalment) => instalment.amount)), run.standing.open) === 0;
  if (!addsUp || !(run.status === 'active' || run.pause?.reason === 'promise')) return unchanged(run);
  const planned = { since: date, instalments, paidBefore: run.standing.paid, next: 0 };
  if (run.pause) {
    return {
      run: { ...run, pause: { reason: 'plan', remainingDays: run.pause.remainingDays, brokenOn: checkedOn(first, policy), plan: planned } },
      actions: [{ date, action: 'paused', reason: 'plan' }],
    };
  }
  const paused = pause(run, policy, date, 'plan', checkedOn(first, policy));
  return { ...paused, run: { ...paused.run, pause: { ...paused.run.pause!, plan: planned } } };
}

/** Whether the payments since a run's plan reach its instalments up to and including the one at `index`. */
export function instalmentMet(run: CollectionRun, index: number): boolean {
  const planned = run.pause?.plan;
  if (!planned) return false;
  const paidSince = subtractDecimals(run.standing.paid, planned.paidBefore);
  const due = sumDecimals(planned.instalments.slice(0, index + 1).map((instalment) => instalment.amount));
  return compareDecimals(paidSince, due) >= 0;
}

/** On its checking day, an instalment is met when the payments since the plan reach the instalments so far; the plan then waits for the next. */
function checkPlan(run: CollectionRun, policy: CollectionsPolicy, date: IsoDate): Transition {
  const planned = run.pause?.plan;
  if (!run.pause || !planned) return unchanged(run);
  let next = planned.next;
  while (planned.instalments[next] && checkedOn(planned.instalments[next]!, policy) <= date) {
    if (!instalmentMet(run, next)) return resume(run, date, 'plan-broken', run.pause.remainingDays);
    next++;
  }
  const upcoming = planned.instalments[next];
  return unchanged({ ...run, pause: { ...run.pause, brokenOn: upcoming ? checkedOn(upcoming, policy) : null, plan: { ...planned, next } } });
}

/**
 * The steps due on or before the date run, in order; a legal flag ends the run. Steps dated
 * before a new policy took over (`policySince`) are passed over: the policy they belong to was
 * not in force when they fell due.
 */
export function runDueSteps(run: CollectionRun, policy: CollectionsPolicy, date: IsoDate, policySince?: IsoDate): Transition {
  if (run.status === 'claiming') return runDueClaimsSteps(run, policy, date);
  if (run.status !== 'active') return unchanged(run);
  const actions: CollectionsAction[] = [];
  let pending = run.pending;
  while (pending[0] && runDateOf(pending[0], policy) <= date) {
    const { step } = pending[0];
    const passedOver = policySince !== undefined && date < policySince;
    pending = pending.slice(1);
    if (passedOver) continue;
    actions.push({ date, action: step.kind, step: step.id });
    if (step.kind === 'legal-flag') return { run: { ...run, status: 'flagged', pending: [] }, actions };
  }
  return { run: { ...run, pending }, actions };
}

/** The claims schedule's steps due on or before the date run, in order; after the last, the run waits for the claims to be paid or waived. */
function runDueClaimsSteps(run: CollectionRun, policy: CollectionsPolicy, date: IsoDate): Transition {
  const due = run.claimsPending.filter((scheduled) => runDateOf(scheduled, policy) <= date);
  if (due.length === 0) return unchanged(run);
  return {
    run: { ...run, claimsPending: run.claimsPending.slice(due.length) },
    actions: due.map(({ step }) => ({ date, action: step.kind, step: step.id })),
  };
}

/** The next date on which the run changes by itself (a step, an entry, a promise found broken); null when only an event can change it. */
export function nextWakeDate(run: CollectionRun, invoice: CollectionsInvoice, policy: CollectionsPolicy): IsoDate | null {
  switch (run.status) {
    case 'not-entered':
      return invoice.entryDate;
    case 'active':
      return run.pending[0] ? runDateOf(run.pending[0], policy) : null;
    case 'paused':
      return run.pause?.brokenOn ?? null;
    case 'claiming':
      return run.claimsPending[0] ? runDateOf(run.claimsPending[0], policy) : null;
    default:
      return null;
  }
}
