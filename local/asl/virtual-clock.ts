import { install } from '@sinonjs/fake-timers';

type InstalledClock = ReturnType<typeof install>;
import type { Clock } from '../../functions/domain/clock';

const realImmediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Time for the local host: a discrete-event scheduler. Timers (the ASL interpreter's waits and
 * task timeouts, retry back-offs, the host's own day boundaries) are virtual; I/O stays real.
 * The clock advances to the earliest pending timer only when no work is in flight, so months run
 * in seconds and the order of events is the same on every run.
 */
export class VirtualClock implements Clock {
  private inFlight = 0;
  private idle: (() => void)[] = [];

  private constructor(private readonly fake: InstalledClock) {}

  /** Fakes the timer functions (not Date, so request signing stays real) from `start` on. Start emulators before. */
  static install(start: Date): VirtualClock {
    return new VirtualClock(install({ now: start, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'], shouldClearNativeTimers: true }));
  }

  now(): Date {
    return new Date(this.fake.now);
  }

  /** Marks real work (a handler calling the emulators) so time does not move under it. */
  async busy<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Waits until nothing is in flight and the promise chains it started have reached their next timer. */
  async settle(): Promise<void> {
    for (let quietTurns = 0; quietTurns < 3; ) {
      if (this.inFlight > 0) {
        await new Promise<void>((resolve) => this.idle.push(resolve));
        quietTurns = 0;
      } else {
        await realImmediate();
        quietTurns++;
      }
    }
  }

  /** Runs every timer due up to the instant, in order, letting each one's work finish before the next. */
  async runUntil(instant: Date): Promise<void> {
    let reached = false;
    setTimeout(() => (reached = true), Math.max(0, instant.getTime() - this.fake.now));
    while (!reached) {
      await this.settle();
      await this.fake.nextAsync();
    }
    await this.settle();
  }

  uninstall(): void {
    this.fake.uninstall();
  }
}
