/**
 * The real timer functions, taken before the virtual clock fakes the global ones: the host's own
 * pacing (polling the drop folder, driving the virtual clock) runs on wall time.
 */
export const realTimers = {
  setTimeout: globalThis.setTimeout.bind(globalThis),
  clearTimeout: globalThis.clearTimeout.bind(globalThis),
  setInterval: globalThis.setInterval.bind(globalThis),
  clearInterval: globalThis.clearInterval.bind(globalThis),
};

/** The longest delay a Node timer holds: a longer one fires at once, with a TimeoutOverflowWarning. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls back after `ms` of wall time, however long: a delay past what a Node timer holds is
 * waited in links of at most MAX_TIMER_MS. Returns what cancels it.
 */
export const afterReal = (ms: number, callback: () => void): (() => void) => {
  let timer: ReturnType<typeof realTimers.setTimeout> | undefined;
  const wait = (left: number): void => {
    timer = realTimers.setTimeout(() => (left > MAX_TIMER_MS ? wait(left - MAX_TIMER_MS) : callback()), Math.min(left, MAX_TIMER_MS));
  };
  wait(ms);
  return () => realTimers.clearTimeout(timer);
};

/** Waits on wall time. */
export const sleepReal = (ms: number): Promise<void> => new Promise((resolve) => realTimers.setTimeout(resolve, ms));

/** Waits for the work, or for the given wall time, whichever comes first: for shutdown, which must not hang on work in flight. */
export const atMost = async (work: Promise<unknown>, ms: number): Promise<'done' | 'timed-out'> => {
  let timer: ReturnType<typeof realTimers.setTimeout> | undefined;
  const timedOut = new Promise<'timed-out'>((resolve) => (timer = realTimers.setTimeout(() => resolve('timed-out'), ms)));
  try {
    return await Promise.race([work.then(() => 'done' as const, () => 'done' as const), timedOut]);
  } finally {
    realTimers.clearTimeout(timer);
  }
};
