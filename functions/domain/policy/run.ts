import { addDays, businessCalendar, daysBetween, laterOf, roll, type BusinessCalendar, type IsoDate } from '../calendar';
import { addDecimals, isPositive, subtractDecimals, type Decimal } from '../money';
import type {
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

/** BT-9, or the issue date plus the policy's default terms where the invoice has none. */
export const effectiveDueDate = (invoice: CollectionsInvoice, policy: CollectionsPolicy): IsoDate =>
  invoice.dueDate ?? addDays(invoice.issueDate, policy.defaultTermsDays);

/** The business day a scheduled step runs on. */
export const runDateOf = (scheduled: ScheduledStep, policy: CollectionsPolicy): IsoDate =>
  roll(scheduled.unrolledDate, calendarOf(policy));

const unchanged = (run: CollectionRun): Transition => ({ run, actions: [] });

/** A run before its invoice enters collections: every step scheduled from the due date. */
export function openRun(invoice: CollectionsInvoice, policy: CollectionsPolicy): CollectionRun {
  const due = effectiveDueDate(invoice, policy);
  return {
    status: 'not-entered',
    openAmount: invoice.amountDue,
    pending: policy.steps.map((step) => ({ step, unrolledDate: addDays(due, step.offsetDays) })),
    pause: null,
  };
}

/** Credit notes and invoices with nothing due never enter; the rest enter without the steps already past. */
function enter(run: CollectionRun, invoice: CollectionsInvoice, policy: CollectionsPolicy, date: IsoDate): CollectionRun {
  if (invoice.kind === 'credit-note' || !isPositive(run.openAmount)) return { ...run, status: 'never', pending: [] };
  return { ...run, status: 'active', pending: run.pending.filter((scheduled) => runDateOf(scheduled, policy) >= date) };
}

const close = (run: CollectionRun, date: IsoDate, reason: CloseReason): Transition => ({
  run: { ...run, status: 'closed', pending: [], pause: null },
  actions: [{ date, action: 'closed', reason }],
});

function pause(run: CollectionRun, policy: CollectionsPolicy, date: IsoDate, reason: PauseReason, brokenOn: IsoDate | null): Transition {
  const next = run.pending[0];
  const remainingDays = next ? Math.max(0, daysBetween(date, runDateOf(next, policy))) : null;
  return {
    run: { ...run, status: 'paused', pause: { reason, remainingDays, brokenOn } },
    actions: [{ date, action: 'paused', reason }],
  };
}

/** Resuming keeps the remaining distance: the next step moves to date + r, the later ones keep their spacing to it. */
function resume(run: CollectionRun, date: IsoDate, reason: ResumeReason): Transition {
  const next = run.pending[0];
  const remaining = run.pause?.remainingDays ?? null;
  const shift = next && remaining !== null ? daysBetween(next.unrolledDate, addDays(date, remaining)) : 0;
  return {
    run: {
      ...run,
      status: 'active',
      pause: null,
      pending: run.pending.map((scheduled) => ({ ...scheduled, unrolledDate: addDays(scheduled.unrolledDate, shift) })),
    },
    actions: [{ date, action: 'resumed', reason }],
  };
}

/**
 * The open amount after an event: a payment lowers it, a returned payment raises it again, an
 * agency's recovery settles it. The one computation of what is open: the run, the reminders and
 * the reports all reach it through here.
 */
export const openAmountAfter = (open: Decimal, event: CollectionsEvent): Decimal => {
  switch (event.type) {
    case 'payment':
      return subtractDecimals(open, event.amount);
    case 'payment-returned':
      return addDecimals(open, event.amount);
    case 'agency-result':
      return event.outcome === 'recovered' ? ('0' as Decimal) : open;
    default:
      return open;
  }
};

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
  const entered = run.status === 'not-entered' && date >= invoice.entryDate ? enter(run, invoice, policy, date) : run;
  if (entered.status === 'paused' && entered.pause?.brokenOn && date >= entered.pause.brokenOn) {
    return resume(entered, date, 'promise-broken');
  }
  return unchanged(entered);
}

/** An event's effect; one that changes nothing (on a run not live, a second pause...) outputs nothing. */
export function applyEvent(run: CollectionRun, policy: CollectionsPolicy, event: CollectionsEvent): Transition {
  if (!isLive(run)) return unchanged(run);
  switch (event.type) {
    case 'payment': {
      const paid = { ...run, openAmount: openAmountAfter(run.openAmount, event) };
      return isPositive(paid.openAmount) ? unchanged(paid) : close(paid, event.date, 'paid');
    }
    case 'payment-returned':
      // Later steps ask for the amount reopened. A run already closed as paid stays closed here:
      // its execution has ended, and reopening it needs a new one (README, "Returned payments").
      return unchanged({ ...run, openAmount: openAmountAfter(run.openAmount, event) });
    case 'dispute':
      return dispute(run, policy, event.date);
    case 'dispute-resolved':
      if (run.pause?.reason !== 'dispute') return unchanged(run);
      return event.outcome === 'upheld' ? close(run, event.date, 'credited') : resume(run, event.date, 'dispute-rejected');
    case 'promise':
      return promise(run, policy, event.date, event.promisedDate);
    case 'call-outcome':
      if (event.outcome === 'promise' && event.promisedDate) return promise(run, policy, event.date, event.promisedDate);
      if (event.outcome === 'dispute') return dispute(run, policy, event.date);
      return unchanged(run);
    case 'agency-result':
      return event.outcome === 'recovered'
        ? close({ ...run, openAmount: openAmountAfter(run.openAmount, event) }, event.date, 'paid')
        : bringLegalForward(run, event.date);
  }
}

/** The steps due on or before the date run, in order; a legal flag ends the run. */
export function runDueSteps(run: CollectionRun, policy: CollectionsPolicy, date: IsoDate): Transition {
  if (run.status !== 'active') return unchanged(run);
  const actions: CollectionsAction[] = [];
  let pending = run.pending;
  while (pending[0] && runDateOf(pending[0], policy) <= date) {
    const { step } = pending[0];
    pending = pending.slice(1);
    actions.push({ date, action: step.kind, step: step.id });
    if (step.kind === 'legal-flag') return { run: { ...run, status: 'flagged', pending: [] }, actions };
  }
  return { run: { ...run, pending }, actions };
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
    default:
      return null;
  }
}
