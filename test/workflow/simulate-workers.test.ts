import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { timelineNdjson } from '../../local/cli/simulate';
import { loadScenario, type Scenario } from '../../local/simulate/scenario';
import { simulate } from '../../local/simulate/simulate';
import { SimulationWorkerError, simulateInWorkers } from '../../local/simulate/workers';
import { portfolio } from '../support/collections-portfolio';
import { einvoicePath } from '../support/shared';
import { withoutMessageIds } from '../support/simulation-output';

// Two simulations of a 60-invoice half-year: 15 s of CPU, but two minutes when the machine is loaded (load average 16 on 2 cores, measured).
vi.setConfig({ testTimeout: 300_000 });
/** Real time a worker process may take to appear, or to be gone: generous, for a loaded 2-core machine. */
const PROCESS_WAIT = { timeout: 60_000, interval: 100 };

/** The processes a process forked, by the kernel's account (Linux). */
const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);

/** Whether a process still runs: not gone, and not a zombie waiting for its new parent to reap it. */
const isRunning = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

/** A scenario file as the spec writes one, for a generated scenario. */
const scenarioFile = (scenario: Scenario): string =>
  JSON.stringify({
    start: scenario.start,
    until: scenario.until,
    invoices: scenario.invoices.map(({ entryDate, file: _file, ...invoice }) => ({
      ...Object.fromEntries(Object.entries(invoice).filter(([, value]) => value !== null)),
      ingestDate: entryDate,
    })),
    events: scenario.events,
  });

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credit-control-simulate-workers-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('simulateInWorkers', () => {
  it('gives a portfolio of several customers, in two workers, the lines one process gives, byte for byte but for the SES message ids', async () => {
    const scenario = portfolio(60, { customers: 7 });
    const oneProcess = await simulate(scenario);
    const twoWorkers = await simulateInWorkers(scenario, 2);

    expect(twoWorkers.workers).toHaveLength(2);
    expect(withoutMessageIds(timelineNdjson(twoWorkers.lines))).toBe(withoutMessageIds(timelineNdjson(oneProcess.lines)));
    expect(twoWorkers.emailsSent).toBe(oneProcess.emailsSent);
    const byName = (result: typeof oneProcess) => [...result.executions].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(twoWorkers)).toEqual(byName(oneProcess));
  });

  it("fails with the failing worker's message, and leaves no worker running", async () => {
    const file = join(dir, 'vanishing.xml');
    await copyFile(einvoicePath('dev/cii-xrechnung-03.06a.xml'), file);
    const path = join(dir, 'vanishing.json');
    await writeFile(
      path,
      JSON.stringify({
        start: '2026-06-01',
        until: '2026-07-31',
        invoices: [{ file, dueDate: '2026-06-10' }, { number: 'INV-2', customer: 'C-2', issueDate: '2026-05-01', dueDate: '2026-06-05', amountDue: '100.00' }],
      }),
    );
    const scenario = await loadScenario(path);
    // Read when the scenario was loaded, gone when its worker reads it again for the ledger.
    await rm(file);

    const failure = await simulateInWorkers(scenario, 2).then(
      () => expect.unreachable('the simulation succeeded without its invoice file'),
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(SimulationWorkerError);
    expect((failure as Error).message).toMatch(/^simulation worker [12] of 2 \(1 invoice\) failed: ENOENT: no such file or directory, open '.*vanishing\.xml'$/);
    expect(childrenOf(process.pid).filter(isRunning)).toEqual([]);
  });
});

describe('creditctl simulate --workers 2, interrupted', () => {
  let path = '';
  beforeAll(async () => {
    path = join(dir, 'long.json');
    // Long enough that its workers are still running when the command is interrupted.
    await writeFile(path, scenarioFile(portfolio(400, { customers: 40 })));
  });

  const started: ChildProcess[] = [];
  afterAll(() => started.forEach((child) => child.kill('SIGKILL')));

  it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)('ends its workers when it gets %s', async (signal) => {
    const command = spawn('node', ['bin/creditctl.js', 'simulate', '--workers', '2', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(command);
    let stderr = '';
    command.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const workers = await vi.waitFor(() => {
      const running = childrenOf(command.pid!).filter(isRunning);
      expect(running, `the command's workers; its stderr: ${stderr}`).toHaveLength(2);
      return running;
    }, PROCESS_WAIT);
    command.kill(signal);

    await vi.waitFor(() => expect(command.signalCode, `how the command ended; its stderr: ${stderr}`).toBe(signal), PROCESS_WAIT);
    await vi.waitFor(() => expect(workers.filter(isRunning)).toEqual([]), PROCESS_WAIT);
  });
});
