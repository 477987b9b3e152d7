import { execFile } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { staleReason } from '../bin/compiled-cli.js';
import { portfolioTimeline, type TimelineLine } from '../functions/domain/policy';
import { processUsage } from '../local/process-usage';
import { collectionsInvoiceOfScenario } from '../local/simulate/scenario';
import type { SimulationLine } from '../local/simulate/result';
import { simulateInWorkers } from '../local/simulate/workers';
import { portfolio } from '../test/support/collections-portfolio';
import type { Row, Table } from './table';
import { secondsPerPass } from './timing';

/** Published prices (eu-central-1, 2026): Step Functions Standard, Lambda arm64, SES, DynamoDB on demand. */
const PRICE = {
  perTransition: 0.025 / 1000,
  perInvocation: 0.2 / 1_000_000,
  perGbSecond: 0.0000133334,
  perEmail: 0.1 / 1000,
  perWrite: 1.25 / 1_000_000,
  perRead: 0.25 / 1_000_000,
};
/** Assumed per Lambda invocation: 100 ms at 1 GB, two reads and two writes. */
const ASSUMED = { gbSeconds: 0.1, reads: 2, writes: 2 };

const MB = 1024 * 1024;

/** One size's figures, as its process reports them. */
export interface CollectionsRun {
  readonly row: Row;
  /** Where the workflow's timeline first differs from the engine's; null when they are the same line for line. */
  readonly difference: string | null;
}

/** What check-simulate compares of a line: date, invoice, action, step or reason. */
const keyOf = (line: SimulationLine | TimelineLine): string =>
  [line.date, line.invoice, line.action, 'step' in line ? line.step : 'reason' in line ? line.reason : ''].join(' ');

/**
 * Where two timelines of a scenario first differ, line by line, or null. Each is put in the order
 * of date, then the invoice's place in the scenario, keeping an invoice's lines of a day in the
 * order its timeline gives them: across invoices, a day's lines are ordered differently by design
 * (the engine takes every invoice's events before every step; the workflow orders by the instant
 * it recorded them).
 */
export function firstDifference(workflow: readonly SimulationLine[], engine: readonly TimelineLine[], invoiceOrder: readonly string[]): string | null {
  const place = new Map(invoiceOrder.map((number, index) => [number, index]));
  const ordered = (lines: readonly (SimulationLine | TimelineLine)[]) =>
    [...lines].sort((a, b) => a.date.localeCompare(b.date) || place.get(a.invoice)! - place.get(b.invoice)!).map(keyOf);
  const [ours, theirs] = [ordered(workflow), ordered(engine)];
  for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
    if (ours[i] !== theirs[i]) return `line ${i + 1}: workflow ${ours[i] ?? '(no more lines)'}, engine ${theirs[i] ?? '(no more lines)'}`;
  }
  return null;
}

/**
 * Runs one portfolio through the workflow in `workers` processes and through the pure policy
 * engine, in this process (bench/collections-child.ts): the figures of one row.
 */
export async function measureCollections(size: number, workers: number): Promise<CollectionsRun> {
  const scenario = portfolio(size);
  const engine = () =>
    portfolioTimeline(scenario.invoices.map((invoice) => collectionsInvoiceOfScenario(invoice, scenario.policy)), scenario.events, scenario.policy, scenario.start, scenario.until);
  // The first pass compiles the engine; the figure is of passes after it, as long as one second.
  const expected = engine();
  const engineSeconds = await secondsPerPass(() => {
    engine();
  }, 1000);

  const before = processUsage();
  const started = performance.now();
  const result = await simulateInWorkers(scenario, workers);
  const seconds = (performance.now() - started) / 1000;
  const after = processUsage();

  const transitions = result.executions.reduce((sum, e) => sum + e.transitions, 0);
  const invocations = result.executions.reduce((sum, e) => sum + e.invocations, 0);
  const steps = result.lines.filter((line) => 'step' in line).length;
  const cost =
    transitions * PRICE.perTransition +
    invocations * (PRICE.perInvocation + ASSUMED.gbSeconds * PRICE.perGbSecond + ASSUMED.reads * PRICE.perRead + ASSUMED.writes * PRICE.perWrite) +
    result.emailsSent * PRICE.perEmail;
  const parentCpu = before.mainThreadCpuSeconds === null || after.mainThreadCpuSeconds === null ? null : after.mainThreadCpuSeconds - before.mainThreadCpuSeconds;
  const cpu = [parentCpu, ...result.workers.map((usage) => usage.mainThreadCpuSeconds)];
  const known = cpu.includes(null) ? null : (cpu as number[]);
  const difference = firstDifference(result.lines, expected, scenario.invoices.map((invoice) => invoice.number));
  return {
    row: {
      invoices: size,
      workers: Math.max(1, result.workers.length),
      'timeline = engine': difference === null ? `yes, ${result.lines.length} lines` : `NO (${result.lines.length} lines, engine ${expected.length})`,
      'wall s': seconds,
      'CPU s': known ? known.reduce((sum, seconds) => sum + seconds, 0) : 'n/a',
      'of it parent': parentCpu ?? 'n/a',
      'busiest process CPU s': known ? Math.max(...known) : 'n/a',
      'engine s': engineSeconds,
      ratio: seconds / engineSeconds,
      'transitions / invoice': transitions / size,
      'transitions / step': transitions / Math.max(1, steps),
      'Lambda calls / invoice': invocations / size,
      'e-mails': result.emailsSent,
      'peak RSS MB': Math.max(after.maxRssBytes, ...result.workers.map((usage) => usage.maxRssBytes)) / MB,
      'AWS $ / invoice': (cost / size).toFixed(5),
      'still running': result.executions.filter((e) => e.status !== 'SUCCEEDED' && e.status !== 'FAILED').length,
      // Wall time means little on a shared machine without it; CPU seconds mean more.
      'load 1 min': loadavg()[0]!,
    },
    difference,
  };
}

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const childScript = fileURLToPath(new URL('./collections-child.ts', import.meta.url));

/**
 * One size in a process of its own, so that neither its memory, nor the SES emulator's store,
 * nor the JIT's state carries over to the next size.
 */
export async function benchCollections(size: number, workers: number): Promise<CollectionsRun> {
  const { stdout } = await run(process.execPath, ['--disable-warning=DEP0066', '--import', 'tsx', childScript, String(size), String(workers)], {
    cwd: repoRoot,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as CollectionsRun;
}

/** The table of the runs, the first difference of any timeline that is not the engine's below it. */
export function collectionsTable(runs: readonly CollectionsRun[]): Table {
  // As bin/simulate-worker.js decides.
  const stale = process.env.CREDITCTL_FROM_SOURCE === '1' ? 'CREDITCTL_FROM_SOURCE=1' : staleReason();
  return {
    title: 'Collections: generated portfolios over 180 days through the state machine, handlers and emulators, each size in a process of its own',
    rows: runs.map(({ row }) => row),
    notes: [
      'ratio: wall time against the pure policy engine on the same portfolio, in the same process; sizes with --collections 100,1000, processes with --workers 1,2',
      'CPU s: of the main threads (JavaScript), the workers\' and their parent\'s, which with one worker ran the simulation itself; peak RSS: the largest process\'s',
      'busiest process CPU s: the wall time\'s floor with a core per process, whatever else runs on the machine',
      `load 1 min: the machine's load average as the size ended; above its ${availableParallelism()} cores, other work shared them and the wall time`,
      'timeline = engine: line by line (date, invoice, action, step or reason), a day\'s lines by invoice in the portfolio\'s order',
      `worker processes ran ${stale === undefined ? 'the compiled CLI (dist/)' : `the TypeScript sources (${stale})`}`,
      ...runs.flatMap(({ row, difference }) => (difference === null ? [] : [`${row.invoices} invoices, ${row.workers} workers: first difference at ${difference}`])),
    ],
  };
}
