import type { Writable } from 'node:stream';
import { loadScenario } from '../simulate/scenario';
import { simulate } from '../simulate/simulate';

/**
 * `creditctl simulate SCENARIO.json`: the timeline as NDJSON on stdout, only once the whole run
 * succeeded, so a refused scenario prints no partial timeline.
 */
export async function simulateCommand(path: string, out: Writable): Promise<void> {
  const scenario = await loadScenario(path);
  const result = await simulate(scenario);
  out.write(result.lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
}
