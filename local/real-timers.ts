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
