import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProcessUsage } from '../process-usage';
import type { Scenario, ScenarioInvoice } from './scenario';
import { mergeParts, type SimulationPart, type SimulationResult } from './result';

/** What `simulate --workers` sends a worker: the whole scenario, and which of its invoices (by index) are the worker's. */
export interface WorkerRequest {
  readonly scenario: Scenario;
  readonly invoices: readonly number[];
}

/** A worker's one answer: its part of the simulation and what it used, or why it failed. */
export type WorkerReply =
  | { readonly kind: 'done'; readonly part: SimulationPart; readonly usage: ProcessUsage }
  | { readonly kind: 'failed'; readonly error: { readonly name: string; readonly message: string; readonly stack: string | undefined } };

export interface WorkersResult extends SimulationResult {
  /** What each worker process used; none when the scenario ran in this process. */
  readonly workers: readonly ProcessUsage[];
}

/** A worker process of `simulate --workers` that failed, or ended without answering: the whole simulation fails with it. */
export class SimulationWorkerError extends Error {
  override readonly name = 'SimulationWorkerError';
  constructor(
    /** 1-based, as in the message. */
    readonly worker: number,
    readonly workers: number,
    /** How many of the scenario's invoices it had. */
    readonly invoices: number,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`simulation worker ${worker} of ${workers} (${invoices} ${invoices === 1 ? 'invoice' : 'invoices'}) failed: ${reason}`, options);
  }
}

/**
 * Splits a scenario's invoices into at most `workers` parts, each a list of indices in the
 * scenario, keeping a customer's invoices (and so their events) in one part: what one invoice's
 * run decides may rest on its customer's other invoices, never on another customer's. The
 * customer is the scenario's (scenario.ts: the buyer's VAT id, identifier or name, else the
 * invoice itself). The customers with most invoices go first, each to the part with the fewest
 * so far, so the parts come out even and the same on every run.
 * @example partitionByCustomer([{ customer: 'A' }, { customer: 'B' }, { customer: 'A' }], 2) // [[0, 2], [1]]
 */
export function partitionByCustomer(invoices: readonly Pick<ScenarioInvoice, 'customer'>[], workers: number): number[][] {
  const byCustomer = new Map<string, number[]>();
  for (const [index, { customer }] of invoices.entries()) {
    const indices = byCustomer.get(customer);
    if (indices) indices.push(index);
    else byCustomer.set(customer, [index]);
  }
  const customers = [...byCustomer.values()].sort((a, b) => b.length - a.length);
  const parts = Array.from({ length: Math.min(workers, customers.length) }, (): number[] => []);
  for (const indices of customers) parts.reduce((fewest, part) => (part.length < fewest.length ? part : fewest)).push(...indices);
  return parts.map((part) => part.sort((a, b) => a - b));
}

/**
 * Invoices a worker process takes at the least when the user does not say how many: below that,
 * a worker's own start and its 180 daily sweeps cost more than sharing saves (a shared scenario of
 * a few invoices took twice the CPU in two processes; 1,000 invoices ran 1.97x faster in two).
 */
export const MIN_INVOICES_PER_WORKER = 100;

/** The processes `simulate` uses by default: the machine's cores, with at least {@link MIN_INVOICES_PER_WORKER} invoices each. */
export const defaultWorkerCount = (invoices: number, cores: number): number => Math.max(1, Math.min(cores, Math.floor(invoices / MIN_INVOICES_PER_WORKER)));

/**
 * `simulate` shared among `workers` processes, a customer's invoices in one: the same lines,
 * in the same order, as one process gives. One part runs in this process, without a worker.
 */
export async function simulateInWorkers(scenario: Scenario, workers: number): Promise<WorkersResult> {
  const parts = partitionByCustomer(scenario.invoices, workers);
  if (parts.length <= 1) {
    // Imported here: a process that only forks workers and merges their parts never loads the emulators, the SDK and the handlers.
    const { simulate } = await import('./simulate');
    return { ...(await simulate(scenario)), workers: [] };
  }
  const replies = await runWorkers(scenario, parts);
  return { ...mergeParts(replies.map(({ part }) => part)), workers: replies.map(({ usage }) => usage) };
}

const WORKER = fileURLToPath(new URL('../../bin/simulate-worker.js', import.meta.url));
/** Of a worker's stderr, the end is kept: it says why a worker that could not answer ended. */
const STDERR_KEPT = 2000;
const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

type Done = Extract<WorkerReply, { kind: 'done' }>;

async function runWorkers(scenario: Scenario, parts: readonly (readonly number[])[]): Promise<Done[]> {
  const children = parts.map(() =>
    // The launcher runs the worker as bin/creditctl.js runs the CLI (compiled or through tsx): none of this process's flags apply.
    fork(WORKER, [], { execArgv: ['--disable-warning=DEP0066', '--max-semi-space-size=32'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }),
  );
  const closed = children.map((child) => new Promise<void>((resolve) => child.once('close', () => resolve())));
  const release = killOnInterrupt(children);
  try {
    return await Promise.all(children.map((child, i) => replyOf(child, { scenario, invoices: parts[i]! }, i + 1, parts.length)));
  } finally {
    release();
    await Promise.all(closed);
  }
}

/** A worker's reply, once it has ended: its channel closed, so no message of it is still on the way. */
function replyOf(child: ChildProcess, request: WorkerRequest, worker: number, workers: number): Promise<Done> {
  const failure = (reason: string, options?: ErrorOptions) => new SimulationWorkerError(worker, workers, request.invoices.length, reason, options);
  return new Promise((resolve, reject) => {
    let reply: WorkerReply | undefined;
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-STDERR_KEPT)));
    child.once('message', (message) => (reply = message as WorkerReply));
    child.once('error', (err) => reject(failure(err.message, { cause: err })));
    child.once('close', (code, signal) => {
      if (reply?.kind === 'failed') reject(failure(reply.error.message, { cause: Object.assign(new Error(reply.error.message), reply.error) }));
      else if (reply?.kind === 'done' && code === 0) resolve(reply);
      else reject(failure(`it ended (${signal ?? `exit code ${code}`}) without its part${stderr.trim() ? `; its stderr ends: ${stderr.trim()}` : ''}`));
    });
    child.send(request);
  });
}

/**
 * While workers run, whatever ends this process ends them: a signal (Ctrl-C reaches the whole
 * process group, a `kill` only this process) or an exit. A worker whose parent dies even by
 * SIGKILL stops on its own (worker.ts). Returns the release, which also ends workers still running.
 */
function killOnInterrupt(children: readonly ChildProcess[]): () => void {
  const stop = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  const release = () => {
    stop();
    for (const signal of INTERRUPTS) process.off(signal, onSignal);
    process.off('exit', stop);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    // Listening took the signal's default action away: without another listener, end as it would have.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  for (const signal of INTERRUPTS) process.on(signal, onSignal);
  process.on('exit', stop);
  return release;
}
