import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { staleReason } from '../bin/compiled-cli.js';
import type { Row, Table } from './table';
import { roundRatios, timeRounds, type RoundsOptions } from './timing';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = 'bin/creditctl.js';

/** The goal: `creditctl --help` and a one-file parse within this many times `node -e 0`. */
export const START_RATIO_GOAL = 3;

// One process per pass: a round of 500 ms runs each several times, the slow tsx parse once or twice.
const ROUNDS: Required<RoundsOptions> = { warmupMs: 2_000, roundMs: 500, rounds: 9 };

interface Launch {
  readonly label: string;
  readonly args: readonly string[];
  /** Runs the TypeScript sources through tsx instead of dist/, as when dist/ is stale. */
  readonly fromSource?: boolean;
}

export interface StartFigures {
  readonly file: string;
  readonly rounds: Required<RoundsOptions>;
  /** dist/ was stale or missing and the bench built it first. */
  readonly built: boolean;
  readonly launches: readonly { label: string; ms: number; ratio: { median: number; min: number; max: number } }[];
}

// A hung process would hold the bench forever: kill it after a minute, far beyond any start.
const spawnOnce = (launch: Launch) => async () => {
  await run(process.execPath, launch.args, {
    cwd: ROOT,
    timeout: 60_000,
    env: { ...process.env, CREDITCTL_FROM_SOURCE: launch.fromSource ? '1' : '' },
  });
};

/** Builds dist/ when it is not up to date, so "compiled" times the compiled CLI and nothing else. */
async function ensureBuilt(): Promise<boolean> {
  if (staleReason() === undefined) return false;
  await run(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, timeout: 120_000 });
  const stale = staleReason();
  if (stale !== undefined) throw new Error(`dist/ is still stale after a build: ${stale}`);
  return true;
}

/**
 * Wall time of whole CLI processes, from spawn to exit, against `node -e 0` timed in the same
 * rounds: the compiled CLI (dist/) and the TypeScript sources through tsx, each for `--help` and
 * for `parse` of one small file.
 */
export async function benchCliStart(file: string): Promise<StartFigures> {
  const built = await ensureBuilt();
  const launches: Launch[] = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'creditctl --help (compiled)', args: [CLI, '--help'] },
    { label: 'creditctl parse (compiled)', args: [CLI, 'parse', file] },
    { label: 'creditctl --help (sources, tsx)', args: [CLI, '--help'], fromSource: true },
    { label: 'creditctl parse (sources, tsx)', args: [CLI, 'parse', file], fromSource: true },
  ];
  const timings = await timeRounds(Object.fromEntries(launches.map((launch) => [launch.label, spawnOnce(launch)])), ROUNDS);
  const baseline = timings['node -e 0']!;
  return {
    file,
    rounds: ROUNDS,
    built,
    launches: launches.map(({ label }) => ({ label, ms: timings[label]!.seconds * 1000, ratio: roundRatios(timings[label]!, baseline) })),
  };
}

/** The start figures as a table for people. */
export function cliStartTable(figures: StartFigures): Table {
  const rows: Row[] = figures.launches.map(({ label, ms, ratio }) => ({
    process: label,
    ms: ms.toFixed(0),
    'vs node -e 0': `${ratio.median.toFixed(2)}x (${ratio.min.toFixed(2)}-${ratio.max.toFixed(2)})`,
  }));
  const compiled = figures.launches.filter(({ label }) => label.endsWith('(compiled)'));
  const met = compiled.every(({ ratio }) => ratio.median <= START_RATIO_GOAL);
  return {
    title: `CLI start: whole processes, spawn to exit (median of ${figures.rounds.rounds} interleaved rounds of >= ${figures.rounds.roundMs} ms each)`,
    rows,
    notes: [
      `parse reads ${figures.file}. vs node -e 0: median of the per-round ratios, range in brackets.`,
      `compiled: dist/, as npm ci builds it${figures.built ? ' (it was stale: the bench built it first)' : ''}; sources: CREDITCTL_FROM_SOURCE=1, what runs while dist/ is stale.`,
      `Goal: compiled --help and parse within ${START_RATIO_GOAL}x node -e 0: ${met ? 'met' : 'NOT met'}.`,
    ],
  };
}
