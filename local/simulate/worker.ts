// One process of `creditctl simulate --workers N` (workers.ts forks it through bin/simulate-worker.js):
// runs its part of the scenario with its own emulators and virtual clock, answers once, and exits.
import { processUsage } from '../process-usage';
import { simulatePart } from './simulate';
import type { WorkerReply, WorkerRequest } from './workers';

// The channel closes when the parent ends, however it ends (SIGKILL too): a worker never outlives it.
process.once('disconnect', () => process.exit(1));

process.once('message', async (message) => {
  const { scenario, invoices } = message as WorkerRequest;
  let reply: WorkerReply;
  try {
    reply = { kind: 'done', part: await simulatePart(scenario, invoices), usage: processUsage() };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    reply = { kind: 'failed', error: { name: error.name, message: error.message, stack: error.stack } };
  }
  // Exits rather than waits for the event loop to drain: nothing is left to do, and a handle left open must not keep the parent waiting.
  process.send!(reply, (err: Error | null) => process.exit(err ? 1 : 0));
});
