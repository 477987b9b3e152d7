import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock, type Activity, type ClockStallError } from '../../../local/asl/virtual-clock';

const START = new Date('2026-03-09T00:00:00.000Z');
const at = (offsetMs: number) => new Date(START.getTime() + offsetMs);
const DAY_MS = 86_400_000;

/** A clock that keeps every stall it sees: each test expects none. */
const clockWithStalls = () => {
  const stalls: ClockStallError[] = [];
  return { clock: new VirtualClock(START, { onStall: (error) => stalls.push(error) }), stalls };
};

/**
 * An activity parked on a virtual timer, as the interpreter's Wait state parks an execution. When
 * the timer fires the activity runs, and `fire` decides what it does next (end, park, work).
 */
const waiting = (clock: VirtualClock, name: string, ms: number, fire: (activity: Activity) => void) => {
  const activity = clock.activity(name, () => undefined);
  const timer = clock.within(activity, () => setTimeout(() => fire(activity), ms));
  return { activity, timer };
};

/** Virtual milliseconds since START. */
const elapsed = (clock: VirtualClock) => clock.now().getTime() - START.getTime();

describe('VirtualClock.runUntil', () => {
  it('fires every timer due at one instant before it waits for any of them to park', async () => {
    const { clock, stalls } = clockWithStalls();
    const fired: string[] = [];
    // The first stays running until the second has fired: a settle between the two would wait for it until it stalled.
    const first = waiting(clock, 'first', 1000, () => fired.push('first'));
    waiting(clock, 'second', 1000, (second) => {
      fired.push('second');
      first.activity.end();
      second.end();
    });

    await clock.runUntil(at(5000));

    expect(fired).toEqual(['first', 'second']);
    expect(stalls).toEqual([]);
    expect(clock.now()).toEqual(at(5000));
  });

  it('fires the timers of an instant in the order they were set, and the next instant once everything they woke has parked', async () => {
    const { clock, stalls } = clockWithStalls();
    const fired: string[] = [];
    let workDone = false;
    waiting(clock, 'c', 2000, (c) => {
      fired.push(`c at ${elapsed(clock)}, after a's work: ${workDone}`);
      c.end();
    });
    waiting(clock, 'a', 1000, (a) => {
      fired.push(`a at ${elapsed(clock)}`);
      // A handler's I/O, on real timers, then the end: the next instant waits for it.
      void clock.handler(a, 'work', () => new Promise<void>((resolve) => setImmediate(resolve))).then(() => {
        workDone = true;
        a.end();
      });
    });
    waiting(clock, 'b', 1000, (b) => {
      fired.push(`b at ${elapsed(clock)}`);
      b.end();
    });

    await clock.runUntil(at(3000));

    expect(fired).toEqual(['a at 1000', 'b at 1000', "c at 2000, after a's work: true"]);
    expect(stalls).toEqual([]);
  });

  it('leaves a timer cleared by an earlier timer of the same instant unfired', async () => {
    const { clock, stalls } = clockWithStalls();
    const fired: string[] = [];
    const later: { timer?: ReturnType<typeof setTimeout>; activity?: Activity } = {};
    waiting(clock, 'a', 1000, (a) => {
      fired.push('a');
      clearTimeout(later.timer);
      later.activity?.end();
      a.end();
    });
    Object.assign(later, waiting(clock, 'b', 1000, () => fired.push('b')));

    await clock.runUntil(at(5000));

    expect(fired).toEqual(['a']);
    expect(stalls).toEqual([]);
  });

  it('fires a timer that one of an instant sets for that same instant after the rest of the instant', async () => {
    const { clock, stalls } = clockWithStalls();
    const fired: string[] = [];
    waiting(clock, 'a', 1000, (a) => {
      fired.push('a');
      // Setting a timer parks the activity again.
      clock.within(a, () =>
        setTimeout(() => {
          fired.push(`a again at ${elapsed(clock)}`);
          a.end();
        }, 0),
      );
    });
    waiting(clock, 'b', 1000, (b) => {
      fired.push('b');
      b.end();
    });

    await clock.runUntil(at(5000));

    expect(fired).toEqual(['a', 'b', 'a again at 1000']);
    expect(stalls).toEqual([]);
  });

  it('returns at a quiet moment when stop says so, and fires nothing after it', async () => {
    const { clock } = clockWithStalls();
    const fired: string[] = [];
    const fire = (name: string) => (activity: Activity) => {
      fired.push(name);
      activity.end();
    };
    waiting(clock, 'a', 1000, fire('a'));
    waiting(clock, 'b', 2000, fire('b'));

    await clock.runUntil(at(5000), () => fired.length > 0);

    expect(fired).toEqual(['a']);
    expect(clock.now()).toEqual(at(1000));
    await clock.runUntil(at(5000));
    expect(fired).toEqual(['a', 'b']);
  });

  it('waits any length on its own timers: 60 days are one timer, past the 2^31 - 1 ms a Node timer takes', async () => {
    const { clock } = clockWithStalls();
    const fired: number[] = [];
    waiting(clock, 'long', 60 * DAY_MS, (activity) => {
      fired.push(elapsed(clock));
      activity.end();
    });

    await clock.runUntil(at(60 * DAY_MS - 1));
    expect(fired).toEqual([]);
    await clock.runUntil(at(61 * DAY_MS));
    expect(fired).toEqual([60 * DAY_MS]);
  });
});

describe('VirtualClock with many runs waiting', () => {
  it('fires timers in the order of their instants, then of their setting, whatever order they were set and cleared in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ ms: fc.integer({ min: 0, max: 50 }), cleared: fc.boolean() }), { maxLength: 60 }), async (timers) => {
        const { clock, stalls } = clockWithStalls();
        const fired: number[] = [];
        const set = timers.map(({ ms }, index) => waiting(clock, `run-${index}`, ms, (activity) => {
          fired.push(index);
          activity.end();
        }));
        timers.forEach(({ cleared }, index) => cleared && set[index]!.activity.end());

        await clock.runUntil(at(100));

        const expected = timers.flatMap(({ ms, cleared }, index) => (cleared ? [] : [{ ms, index }]));
        expect(fired).toEqual(expected.sort((a, b) => a.ms - b.ms || a.index - b.index).map(({ index }) => index));
        expect(stalls).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('fires the timers left in order after most of a large queue was cancelled (the queue rebuilt without them)', async () => {
    const { clock, stalls } = clockWithStalls();
    const fired: number[] = [];
    // Instants that interleave, several runs to an instant: 500 runs, 400 of them ended before their time.
    const runs = Array.from({ length: 500 }, (_, index) => waiting(clock, `run-${index}`, ((index * 37) % 50) + 1, (activity) => {
      fired.push(index);
      activity.end();
    }));
    runs.forEach(({ activity }, index) => index % 5 !== 0 && activity.end());

    await clock.runUntil(at(100));

    const kept = runs.map((_, index) => index).filter((index) => index % 5 === 0);
    expect(fired).toEqual(kept.sort((a, b) => ((a * 37) % 50) - ((b * 37) % 50) || a - b));
    expect(stalls).toEqual([]);
  });

  it("tells each run its own next wake, and forgets an ended run's timers", async () => {
    const { clock } = clockWithStalls();
    const early = waiting(clock, 'early', 1000, (activity) => activity.end());
    const late = waiting(clock, 'late', 3000, (activity) => activity.end());
    const ended = waiting(clock, 'ended', 500, () => expect.unreachable('an ended run is not woken'));
    ended.activity.end();

    expect([early.activity.nextWake(), late.activity.nextWake(), ended.activity.nextWake()]).toEqual([at(1000), at(3000), null]);
    await clock.runUntil(at(2000));
    expect([early.activity.nextWake(), late.activity.nextWake()]).toEqual([null, at(3000)]);
  });
});
