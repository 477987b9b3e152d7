import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterReal, MAX_TIMER_MS, realTimers } from '../../../local/real-timers';

afterEach(() => vi.restoreAllMocks());

/** The timers afterReal sets, held instead of run: each test fires them itself, in order. */
const heldTimers = () => {
  const held: { readonly ms: number; readonly fire: () => void }[] = [];
  vi.spyOn(realTimers, 'setTimeout').mockImplementation(((fire: () => void, ms: number) => {
    held.push({ ms, fire });
    return held.length as unknown as ReturnType<typeof setTimeout>;
  }) as typeof realTimers.setTimeout);
  return held;
};

describe('afterReal', () => {
  it('waits a delay a Node timer cannot hold in links of at most 2^31 - 1 ms, then calls back once', () => {
    const held = heldTimers();
    const called: string[] = [];
    const delay = 2 * MAX_TIMER_MS + 5;

    afterReal(delay, () => called.push('done'));
    held[0]!.fire();
    held[1]!.fire();
    expect(called).toEqual([]);
    held[2]!.fire();

    expect(held.map((timer) => timer.ms)).toEqual([MAX_TIMER_MS, MAX_TIMER_MS, 5]);
    expect(called).toEqual(['done']);
  });

  it('is one timer for a delay a Node timer holds', () => {
    const held = heldTimers();
    const called: string[] = [];

    afterReal(60_000, () => called.push('done'));
    held[0]!.fire();

    expect(held.map((timer) => timer.ms)).toEqual([60_000]);
    expect(called).toEqual(['done']);
  });

  it('cancels whichever link is waiting', () => {
    const held = heldTimers();
    const cleared = vi.spyOn(realTimers, 'clearTimeout').mockImplementation(() => undefined);

    const cancel = afterReal(MAX_TIMER_MS + 1, () => undefined);
    held[0]!.fire();
    cancel();

    expect(cleared).toHaveBeenCalledWith(2);
  });
});
