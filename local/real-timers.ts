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
