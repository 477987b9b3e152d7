/** One way of processing a whole set of inputs, timed as a unit. */
export type Pass = () => Promise<void> | void;

export interface RoundsOptions {
  /** Time spent running every pass before any timing: the JIT settles and the heap grows to its working size. @default 500 */
  readonly warmupMs?: number;
  /** Each pass repeats until a round has run this long. @default 500 */
  readonly roundMs?: number;
  /** Rounds per pass; the median is reported. @default 7 */
  readonly rounds?: number;
}

export interface PassTiming {
  /** Median over the rounds of the seconds one pass took. */
  readonly seconds: number;
  /** Each round's seconds per pass, in the order run. */
  readonly rounds: readonly number[];
}

/** Median of several timings: steadier than the mean on a shared machine. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Seconds per pass, the pass repeated until `forMs` have gone by (once at the least). */
export async function secondsPerPass(pass: Pass, forMs: number): Promise<number> {
  let passes = 0;
  const started = performance.now();
  do {
    await pass();
    passes++;
  } while (performance.now() - started < forMs);
  return (performance.now() - started) / 1000 / passes;
}

/**
 * Times several passes in interleaved rounds (A B C, then C B A, ...) rather than one after the
 * other: this 2-core VM's speed drifts by tens of percent over a minute, and interleaving lets
 * every pass see the same drift, so their ratios stay meaningful even when the absolute figures move.
 * @example const { bare, read } = await timeRounds({ bare: () => parseAll(), read: () => readAll() });
 */
export async function timeRounds<K extends string>(passes: Readonly<Record<K, Pass>>, options: RoundsOptions = {}): Promise<Record<K, PassTiming>> {
  const { warmupMs = 500, roundMs = 500, rounds = 7 } = options;
  const names = Object.keys(passes) as K[];
  for (const name of names) await secondsPerPass(passes[name], warmupMs / names.length);
  const timings = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) timings.get(name)!.push(await secondsPerPass(passes[name], roundMs));
  }
  // Filled for every key just below, before anyone sees it.
  const result = {} as Record<K, PassTiming>;
  for (const [name, seconds] of timings) result[name] = { seconds: median(seconds), rounds: seconds };
  return result;
}

/** The median and range of the per-round ratio of two passes timed in the same rounds. */
export function roundRatios(numerator: PassTiming, denominator: PassTiming): { median: number; min: number; max: number } {
  const ratios = numerator.rounds.map((seconds, round) => seconds / denominator.rounds[round]!);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}
