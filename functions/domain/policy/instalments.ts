import { addDays, type IsoDate } from '../calendar';
import { addDecimals, atLeastZero, subtractDecimals, type Decimal } from '../money';
import type { PlanInput } from './plan';
import { replayPortfolio, type TimelineLine } from './timeline';
import type { CollectionRun, Instalment } from './types';

/**
 * Where an instalment stands, as the run judges it: met (checked, or the invoice was paid), due
 * (the one the run checks next), upcoming (after it), missed (the one that broke the plan), or
 * cancelled (no longer asked for: the plan broke before it, or the invoice was credited or
 * written off).
 */
export type InstalmentStatus = 'met' | 'due' | 'upcoming' | 'missed' | 'cancelled';

/** One instalment of a plan, with the plan's total up to it. */
export interface PlannedInstalment extends Instalment {
  readonly runningTotal: Decimal;
  readonly status: InstalmentStatus;
}

/** How a plan stands: still pausing the run, or over, and since when. */
export type PlanState =
  | { readonly state: 'running' }
  /** The invoice was paid while the plan ran. */
  | { readonly state: 'kept'; readonly on: IsoDate }
  /** An instalment was missed: the run resumed on that day. */
  | { readonly state: 'broken'; readonly on: IsoDate }
  /** The invoice was credited or written off while the plan ran. */
  | { readonly state: 'ended'; readonly on: IsoDate; readonly by: 'credited' | 'written-off' };

/** An invoice's instalment plan as things stand on a day. */
export type InstalmentPlanStanding = PlanState & {
  /** The day the plan paused the run. */
  readonly date: IsoDate;
  readonly instalments: readonly PlannedInstalment[];
  /** Paid on the invoice since the plan was made, net of returns, up to the day asked about. */
  readonly paidSince: Decimal;
  /** Of the plan's total, what the payments since have not reached. */
  readonly left: Decimal;
};

type HeldPlan = NonNullable<NonNullable<CollectionRun['pause']>['plan']>;
type Input = Omit<PlanInput, 'doneSteps'>;

/** The run replayed from the invoice's entry to the end of a day: the same replay PlanNextStep makes. */
function replayTo({ invoice, events, policy }: Input, until: IsoDate): { readonly lines: readonly TimelineLine[]; readonly run: CollectionRun } {
  const addressed = events.map((event) => ({ ...event, invoice: invoice.number }));
  const { lines, runs } = replayPortfolio([invoice], addressed, policy, invoice.entryDate, until);
  return { lines, run: runs.get(invoice.number)! };
}

/**
 * The plan as the run last held it by the end of a day: the replay of the longest run of the
 * invoice's facts, in the order they count, that still leaves the run paused by it. A plan ended
 * by a payment or a credit that day is seen as it stood just before that fact.
 */
function heldBy(input: Input, until: IsoDate): HeldPlan | null {
  const counted = input.events.filter((event) => event.date <= until).sort((a, b) => a.date.localeCompare(b.date));
  for (let kept = counted.length; kept >= 0; kept--) {
    const held = replayTo({ ...input, events: counted.slice(0, kept) }, until).run.pause?.plan;
    if (held) return held;
  }
  return null;
}

/** What ended a plan, or that nothing did: its state, the day the run last held it (null: it holds it now), and how each instalment stands. */
interface Judgement {
  readonly state: PlanState;
  readonly heldOn: IsoDate | null;
  readonly status: (index: number, next: number) => InstalmentStatus;
}

function judge(end: TimelineLine | undefined): Judgement {
  if (!end) return { state: { state: 'running' }, heldOn: null, status: (index, next) => (index < next ? 'met' : index === next ? 'due' : 'upcoming') };
  if (end.action === 'closed' || end.action === 'claims') {
    // Paid in full, every instalment is covered, whether or not its day had come; claims left open beside the principal are not the plan's.
    if (end.action === 'claims' || end.reason === 'paid' || end.reason === 'claims-waived') return { state: { state: 'kept', on: end.date }, heldOn: end.date, status: () => 'met' };
    return { state: { state: 'ended', on: end.date, by: end.reason }, heldOn: end.date, status: (index, next) => (index < next ? 'met' : 'cancelled') };
  }
  // A plan breaks at the start of a day, on the one instalment checked that day: the one the run held next the day before.
  return { state: { state: 'broken', on: end.date }, heldOn: addDays(end.date, -1), status: (index, next) => (index < next ? 'met' : index === next ? 'missed' : 'cancelled') };
}

/**
 * An invoice's current instalment plan as things stand at the end of `today`: the last plan that
 * paused its run, each instalment's status as the run judged it, and whether the plan still runs.
 * Null when no plan ever paused the run (none was made, or none added up to what was open while
 * the run could take one). Everything comes from the replay PlanNextStep makes, so the console
 * can never tell another story than the workflow.
 * @example instalmentPlanOn({ invoice, events: [plan, payment], policy, today }) // { state: 'running', instalments: [{ status: 'met' }, { status: 'due' }], ... }
 */
export function instalmentPlanOn(input: Input): InstalmentPlanStanding | null {
  const { lines, run } = replayTo(input, input.today);
  const pausedAt = lines.findLastIndex((line) => line.action === 'paused' && line.reason === 'plan');
  const paused = lines[pausedAt];
  if (!paused) return null;
  // While a plan pauses the run nothing else pauses it: the next resumption or closing ends the plan.
  const { state, heldOn, status } = judge(lines.slice(pausedAt + 1).find((line) => line.action === 'resumed' || line.action === 'closed' || line.action === 'claims'));
  const held = heldOn === null ? run.pause?.plan : heldBy(input, heldOn);
  if (!held) return null;
  let runningTotal = '0' as Decimal;
  const instalments = held.instalments.map((instalment, index) => {
    runningTotal = addDecimals(runningTotal, instalment.amount);
    return { date: instalment.date, amount: instalment.amount, runningTotal, status: status(index, held.next) };
  });
  const paidSince = subtractDecimals(run.standing.paid, held.paidBefore);
  return { ...state, date: paused.date, instalments, paidSince, left: atLeastZero(subtractDecimals(runningTotal, paidSince)) };
}
