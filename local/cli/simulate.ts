import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { loadScenario } from '../simulate/scenario';
import { simulate } from '../simulate/simulate';
import { withProgress } from './progress';

/**
 * `creditctl simulate SCENARIO.json`: the timeline as NDJSON on stdout, only once the whole run
 * succeeded, so a refused scenario prints no partial timeline.
 */
export async function simulateCommand(path: string, out: Writable): Promise<void> {
  const scenario = await loadScenario(path);
  const result = await withProgress(`simulate ${basename(path)}`, () => simulate(scenario));
  out.write(result.lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
}
