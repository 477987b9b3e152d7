import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { loadScenario } from '../simulate/scenario';
import type { SimulationLine } from '../simulate/result';
import { availableParallelism } from 'node:os';
import { defaultWorkerCount, simulateInWorkers } from '../simulate/workers';
import { withProgress } from './progress';

export interface SimulateOptions {
  /** Processes sharing the scenario's invoices (a customer's in one); one runs it in this process. By default {@link defaultWorkerCount}. */
  readonly workers?: number;
}

/**
 * `creditctl simulate [--workers N] SCENARIO.json`: the timeline as NDJSON on stdout, only once
 * the whole run (every worker's part) succeeded, so a refused scenario prints no partial timeline.
 */
export async function simulateCommand(path: string, options: SimulateOptions, out: Writable): Promise<void> {
  const scenario = await loadScenario(path);
  const result = await withProgress(`simulate ${basename(path)}`, () => simulateInWorkers(scenario, options.workers ?? defaultWorkerCount(scenario.invoices.length, availableParallelism())));
  out.write(timelineNdjson(result.lines));
}

/** The timeline as `creditctl simulate` prints it: one JSON object per line. */
export const timelineNdjson = (lines: readonly SimulationLine[]): string => lines.map((line) => `${JSON.stringify(line)}\n`).join('');
