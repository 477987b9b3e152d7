import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../../functions/domain/clock';
import { realTimers } from '../real-timers';

/**
 * Something that moves on the virtual clock: an execution of the state machine. It is either
 * running (time must not move under it) or parked (waiting only on a virtual timer or a task
 * token), and it says so itself: the clock never infers it from idleness.
 */
export class Activity {
  state: 'running' | 'parked' | 'ended' = 'running';
  /** Handler invocations of this activity in flight: their I/O runs on real timers. */
  handlers = 0;
  /** Where it stands, for the message when it stalls. */
  where = 'starting';
  /** Real time of its last change, for stall detection. */
  changedAt = Date.now();
  /** Its virtual timers not yet fired or cancelled: ending it or asking its next wake reads these, not every run's. */
  readonly pending = new Set<VirtualTimer>();

  constructor(
    readonly clock: VirtualClock,
    readonly name: string,
    /** Ends an activity that exceeded its bound, with the error that says why. */
    readonly abandon: (error: ClockStallError) => void,
  ) {}

  run(): void {
    this.clock.transition(this, 'running');
  }

  park(): void {
    this.clock.transition(this, 'parked');
  }

  end(): void {
    this.clock.transition(this, 'ended');
  }

  /** The earliest virtual instant one of its timers is due, if any. */
  nextWake(): Date | null {
    return this.clock.nextWakeOf(this);
  }
}

/** An activity that ran for longer than the clock's bound without reaching a timer or a token. */
export class ClockStallError extends Error {
  override readonly name = 'ClockStallError';
}

class VirtualTimer {
  cancelled = false;
  /** In the clock's queue: not fired yet, nor dropped as cancelled. */
  queued = false;
  constructor(
    readonly at: number,
    readonly seq: number,
    readonly owner: Activity,
    readonly fire: () => void,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.owner.pending.delete(this);
    if (this.queued) this.owner.clock.timerCancelled();
  }

  // Node's Timeout interface, so code that calls these on a timer handle works on virtual ones.
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return true;
  }
}

/**
 * Which timers are virtual: those set by code running inside an activity's scope (the ASL
 * interpreter's task timeouts and retry waits). Everything else, handlers included (they run
 * through `VirtualClock.handler`), gets the real timer functions: the SDK's retry back-off and socket
 * timeouts, the emulators, the host's own pacing. The scope follows async continuations, so an
 * interpreter awaiting a handler is still in its scope after the handler's I/O.
 */
const scope = new AsyncLocalStorage<Activity>();
let routed = false;

/** The activity whose scope the caller runs in: the execution whose interpreter called a handler. */
export const currentActivity = (): Activity | undefined => scope.getStore();

const routeTimers = (): void => {
  if (routed) return;
  routed = true;
  const virtualOr = <A extends unknown[]>(callback: (...args: A) => void, ms: number | undefined, args: A) => {
    const owner = scope.getStore();
    if (!owner) return realTimers.setTimeout(callback, ms, ...args);
    return owner.clock.schedule(owner, ms ?? 0, () => callback(...args));
  };
  const setTimeoutRouted = Object.assign(
    <A extends unknown[]>(callback: (...args: A) => void, ms?: number, ...args: A) => virtualOr(callback, ms, args),
    { __promisify__: globalThis.setTimeout.__promisify__ },
  );
  globalThis.setTimeout = setTimeoutRouted as unknown as typeof globalThis.setTimeout;
  globalThis.clearTimeout = ((handle: unknown) => {
    if (handle instanceof VirtualTimer) handle.cancel();
    else realTimers.clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  }) as typeof globalThis.clearTimeout;
};

export interface VirtualClockOptions {
  /**
   * Real milliseconds an activity may run, between handlers, without reaching a wait before it is
   * abandoned. Between two handlers the interpreter only moves from state to state, which takes
   * microseconds; a handler has its own bound, its state's timeout. @default 30000
   */
  readonly stallAfterMs?: number;
  /** Told of each activity abandoned for stalling. */
  readonly onStall?: (error: ClockStallError) => void;
}

/**
 * Time for the local host: a discrete-event scheduler. It advances to the earliest pending
 * virtual timer only when it knows that nothing is in flight: every activity (an execution) has
 * parked itself on a timer or a token, and no host work (an intake delivery, the sweep, a
 * recorded event) is running. That is explicit bookkeeping, not a guess from quiet turns of the
 * event loop, so it cannot advance under work nor wait for work that is not there. I/O never runs
 * on virtual timers, so no request waits on a time that only it could make pass.
 */
export class VirtualClock implements Clock {
  private nowMs: number;
  /** Pending timers, earliest first and by the order they were set; a cancelled one is dropped when it comes up. */
  private readonly timers = new TimerQueue();
  private sequence = 0;
  private busyWork = 0;
  private readonly running = new Set<Activity>();
  private quiet: (() => void)[] = [];
  private lastChange = Date.now();
  private readonly stallAfterMs: number;

  constructor(
    start: Date,
    private readonly options: VirtualClockOptions = {},
  ) {
    routeTimers();
    this.nowMs = start.getTime();
    this.stallAfterMs = options.stallAfterMs ?? 30_000;
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  /** A new activity, running, whose timers are virtual inside `within`. */
  activity(name: string, abandon: (error: ClockStallError) => void): Activity {
    const activity = new Activity(this, name, abandon);
    this.running.add(activity);
    this.changed();
    return activity;
  }

  /** Runs `work` in the activity's scope: the timers it sets, and its continuations', are virtual and its own. */
  within<T>(activity: Activity, work: () => T): T {
    return scope.run(activity, work);
  }

  /** Runs a handler of the activity: its timers are real, and a timer the activity sets meanwhile is a timeout, not a wait. */
  async handler<T>(activity: Activity, where: string, work: () => Promise<T>): Promise<T> {
    activity.handlers++;
    activity.where = where;
    this.changed(activity);
    try {
      return await scope.exit(work);
    } finally {
      activity.handlers--;
      this.changed(activity);
    }
  }

  /** Host work that must finish before time moves (an intake delivery, the sweep, an event recorded). */
  async busy<T>(work: () => Promise<T>): Promise<T> {
    this.busyWork++;
    this.changed();
    try {
      return await scope.exit(work);
    } finally {
      this.busyWork--;
      this.changed();
    }
  }

  /**
   * Runs every virtual timer due up to the instant, an instant at a time: all the timers due at
   * the earliest instant fire together (by the order they were set), then it waits until
   * everything they woke has parked again, then the next instant. Then it stands at the instant.
   * Returns early, at a quiet moment, when `stop` says so.
   */
  async runUntil(instant: Date, stop: () => boolean = () => false): Promise<void> {
    for (;;) {
      await this.settle();
      if (stop()) return;
      const due = this.takeTimersDueFirstBy(instant.getTime());
      if (due.length === 0) break;
      this.nowMs = Math.max(this.nowMs, due[0]!.at);
      // One settle per instant, not per timer: the runs woken together run side by side, as in
      // AWS, and the timeline is the same, since each records what it did at this one instant.
      for (const timer of due) {
        // An earlier timer of the instant may have cleared it, or ended its activity.
        if (timer.cancelled) continue;
        timer.owner.run();
        scope.run(timer.owner, timer.fire);
      }
    }
    this.nowMs = Math.max(this.nowMs, instant.getTime());
  }

  /** Waits until no activity runs and no host work is in flight; abandons an activity stalled past the bound. */
  async settle(): Promise<void> {
    while (this.busyWork > 0 || this.running.size > 0) {
      const waitMs = Math.max(1, this.lastChange + this.stallAfterMs - Date.now());
      let timer: ReturnType<typeof realTimers.setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.quiet.push(resolve);
        timer = realTimers.setTimeout(resolve, waitMs);
      });
      realTimers.clearTimeout(timer);
      this.abandonStalled();
    }
  }

  /** @internal for Activity */
  transition(activity: Activity, state: Activity['state']): void {
    if (activity.state === 'ended') return;
    activity.state = state;
    if (state === 'running') this.running.add(activity);
    else this.running.delete(activity);
    if (state === 'ended') for (const timer of activity.pending) timer.cancel();
    this.changed(activity);
  }

  /** @internal for Activity */
  nextWakeOf(activity: Activity): Date | null {
    let at = Infinity;
    for (const timer of activity.pending) at = Math.min(at, timer.at);
    return Number.isFinite(at) ? new Date(at) : null;
  }

  /** @internal for VirtualTimer: a timer in the queue was cancelled. */
  timerCancelled(): void {
    this.timers.noteCancelled();
  }

  /** @internal for the routed setTimeout */
  schedule(owner: Activity, ms: number, fire: () => void): VirtualTimer {
    const timer = new VirtualTimer(this.nowMs + Math.max(0, ms), this.sequence++, owner, fire);
    this.timers.push(timer);
    owner.pending.add(timer);
    // A timer set while none of the activity's handlers runs is the interpreter waiting (a Wait
    // state, a retry back-off): the activity parks. One set during a handler is that task's timeout.
    if (owner.handlers === 0 && owner.state === 'running') owner.park();
    return timer;
  }

  /** Takes the timers due at the earliest instant up to the limit, in the order they were set. */
  private takeTimersDueFirstBy(limit: number): VirtualTimer[] {
    const first = this.timers.peek();
    if (!first || first.at > limit) return [];
    const due: VirtualTimer[] = [];
    while (this.timers.peek()?.at === first.at) {
      const timer = this.timers.pop()!;
      timer.owner.pending.delete(timer);
      due.push(timer);
    }
    return due;
  }

  private changed(activity?: Activity): void {
    this.lastChange = Date.now();
    if (activity) activity.changedAt = this.lastChange;
    if (this.busyWork === 0 && this.running.size === 0) this.quiet.splice(0).forEach((resolve) => resolve());
  }

  private abandonStalled(): void {
    const now = Date.now();
    for (const activity of [...this.running]) {
      if (activity.handlers > 0 || now - activity.changedAt < this.stallAfterMs) continue;
      const error = new ClockStallError(
        `execution ${activity.name} ran for ${Math.round((now - activity.changedAt) / 1000)} s without reaching a wait (last at ${activity.where}); it is stopped so that time can go on`,
      );
      activity.end();
      this.options.onStall?.(error);
      activity.abandon(error);
    }
  }
}

/**
 * The pending timers as a binary heap on (instant, order set): the clock takes the earliest in
 * log time however many runs wait (a portfolio's simulation has one timer per parked run). A
 * cancelled timer (a wait a signal ended) leaves when it reaches the top, or, since it holds its
 * run's callback until then, when the cancelled ones are half the queue: then the queue is rebuilt
 * without them (a sorted array is a heap), which costs no more than their own pushes did.
 */
class TimerQueue {
  private heap: VirtualTimer[] = [];
  private cancelledInside = 0;

  push(timer: VirtualTimer): void {
    timer.queued = true;
    const heap = this.heap;
    let at = heap.push(timer) - 1;
    while (at > 0) {
      const up = (at - 1) >> 1;
      if (!earlier(heap[at]!, heap[up]!)) break;
      [heap[at], heap[up]] = [heap[up]!, heap[at]!];
      at = up;
    }
  }

  /** The earliest timer not cancelled, left in the queue. */
  peek(): VirtualTimer | undefined {
    while (this.heap[0]?.cancelled) this.pop();
    return this.heap[0];
  }

  pop(): VirtualTimer | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top) {
      top.queued = false;
      if (top.cancelled) this.cancelledInside--;
    }
    const last = heap.pop();
    if (heap.length === 0 || !last) return top;
    heap[0] = last;
    let at = 0;
    for (;;) {
      const [left, right] = [2 * at + 1, 2 * at + 2];
      let least = at;
      if (left < heap.length && earlier(heap[left]!, heap[least]!)) least = left;
      if (right < heap.length && earlier(heap[right]!, heap[least]!)) least = right;
      if (least === at) return top;
      [heap[at], heap[least]] = [heap[least]!, heap[at]!];
      at = least;
    }
  }

  noteCancelled(): void {
    this.cancelledInside++;
    if (this.cancelledInside < 64 || this.cancelledInside * 2 < this.heap.length) return;
    for (const timer of this.heap) if (timer.cancelled) timer.queued = false;
    this.heap = this.heap.filter((timer) => !timer.cancelled).sort((a, b) => (earlier(a, b) ? -1 : 1));
    this.cancelledInside = 0;
  }
}

const earlier = (a: VirtualTimer, b: VirtualTimer): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);
