import { readFileSync } from 'node:fs';

/** What a process has used so far: the figures a benchmark adds up over `simulate --workers` processes. */
export interface ProcessUsage {
  /**
   * CPU seconds of the main thread, the one JavaScript runs on, without the garbage collector's
   * and libuv's threads; null where Linux's /proc is not there.
   */
  readonly mainThreadCpuSeconds: number | null;
  /** Peak resident set size. */
  readonly maxRssBytes: number;
}

/**
 * This process's usage. Node 20 has no per-thread CPU time (`process.threadCpuUsage` came in
 * Node 23), so it is read from the kernel: the first field of a thread's schedstat is the
 * nanoseconds it ran, and the main thread's id is the process's.
 * @example processUsage() // { mainThreadCpuSeconds: 3.21, maxRssBytes: 187_432_960 }
 */
export function processUsage(): ProcessUsage {
  let mainThreadCpuSeconds: number | null = null;
  try {
    mainThreadCpuSeconds = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // resourceUsage().maxRSS is getrusage's ru_maxrss, in kilobytes.
  return { mainThreadCpuSeconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}
