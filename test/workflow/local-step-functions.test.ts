import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkClient } from '../../functions/adapters/sdk-clients';
import { FileExecutionStore } from '../../local/asl/execution-store';
import { LocalStepFunctions, type Json, type LocalFunction } from '../../local/asl/local-step-functions';
import { VirtualClock, type ClockStallError } from '../../local/asl/virtual-clock';
import { LOCAL_AWS } from '../../local/emulators';
import { COLLECTIONS_ASL_PATH, COLLECTIONS_TASK_FUNCTIONS, type CollectionsPlaceholder } from '../../statemachines';

const DAY = 86_400;
const hosts: LocalStepFunctions[] = [];
const folders: string[] = [];
afterEach(async () => {
  hosts.splice(0).forEach((host) => host.stopAll());
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

const invoiceKey = { sellerKey: 's', number: 'INV-1' };

/**
 * The collections definition with stand-in functions: a plan that runs one e-mail step, waits a
 * day, then ends. Enough to watch the host: starts, waits on the virtual clock, wakes by signal.
 */
const standIns = (calls: string[], parked: string[], plannedIn: Json[] = []): Record<CollectionsPlaceholder, LocalFunction> => {
  const record = (name: string): LocalFunction => async () => {
    calls.push(name);
    return { done: true };
  };
  const functions = Object.fromEntries(Object.keys(COLLECTIONS_TASK_FUNCTIONS).map((key) => [key, record(key)])) as Record<CollectionsPlaceholder, LocalFunction>;
  functions.PlanNextStepFunctionArn = async (input): Promise<Json> => {
    calls.push('plan');
    plannedIn.push((input as { execution: Json }).execution);
    const plans = calls.filter((call) => call === 'plan').length;
    if (plans === 1) return { action: 'email', step: { id: 'reminder-1', kind: 'email', rank: '2-001', policy: 'standard v0' }, on: '2026-03-09', waitSeconds: 30 * DAY, policy: {} };
    if (plans === 2) return { action: 'wait', reason: 'schedule', wakeOn: '2026-03-10', waitSeconds: DAY };
    return { action: 'end', reason: 'paid', waitSeconds: 1 };
  };
  functions.ParkRunFunctionArn = async (input) => {
    parked.push(String((input as { taskToken: string }).taskToken));
    return null;
  };
  return functions;
};

const hostWith = async (clock: VirtualClock, functions: Record<CollectionsPlaceholder, LocalFunction>, store?: FileExecutionStore) => {
  const host = new LocalStepFunctions(await readFile(COLLECTIONS_ASL_PATH, 'utf8'), functions, clock, store);
  hosts.push(host);
  return host;
};

describe('LocalStepFunctions', () => {
  it('starts one run per name, waits on the virtual clock, and wakes by signal or by its timeout', async () => {
    const clock = new VirtualClock(new Date('2026-03-09T06:00:00Z'));
    const calls: string[] = [];
    const parked: string[] = [];
    const host = await hostWith(clock, standIns(calls, parked));

    expect(await host.start('INV-1', { invoiceKey, policy: null })).toBe('started');
    expect(await host.start('INV-1', { invoiceKey, policy: null })).toBe('already-started');
    await clock.settle();
    expect(calls).toEqual(['plan', 'SendReminderFunctionArn']);
    expect(parked).toHaveLength(1);

    // Woken at once by a signal (a recorded payment): the run plans again, without waiting 30 days.
    expect(await host.signal(parked[0]!, { event: 'payment' })).toBe('woken');
    expect(await host.signal(parked[0]!, { event: 'payment' })).toBe('not-waiting');
    await clock.settle();
    expect(calls).toEqual(['plan', 'SendReminderFunctionArn', 'plan']);
    expect(clock.now().toISOString()).toBe('2026-03-09T06:00:00.000Z');

    // The next wait ends by its timeout, a virtual day later. Ten transitions: plan, route, step, wait; plan, route, wait; plan, route, end.
    await clock.runUntil(new Date('2026-03-10T06:00:01Z'));
    expect(calls).toEqual(['plan', 'SendReminderFunctionArn', 'plan', 'plan']);
    expect(host.list()).toEqual([expect.objectContaining({ name: 'INV-1', status: 'SUCCEEDED', transitions: 10, invocations: 6 })]);
    expect(host.execution('INV-1')?.history.at(-1)).toMatchObject({ type: 'ExecutionSucceeded', timestamp: '2026-03-10T06:00:00.000Z' });
  });

  it('keeps an execution in its store and resumes it where it stood, waiting only what was left of its wait', async () => {
    const folder = await mkdtemp(`${tmpdir()}/credit-control-executions-`);
    folders.push(folder);
    const calls: string[] = [];
    const parked: string[] = [];
    const plannedIn: Json[] = [];
    const first = new VirtualClock(new Date('2026-03-09T06:00:00Z'));
    const before = await hostWith(first, standIns(calls, parked, plannedIn), new FileExecutionStore(folder));
    await before.start('INV-1', { invoiceKey, policy: null });
    await first.settle();
    await first.runUntil(new Date('2026-03-19T06:00:00Z'));
    before.suspendAll();
    expect(calls).toEqual(['plan', 'SendReminderFunctionArn']);

    // Another process: the same store, the clock where the first stopped.
    const second = new VirtualClock(new Date('2026-03-19T06:00:00Z'));
    const after = await hostWith(second, standIns(calls, parked, plannedIn), new FileExecutionStore(folder));
    expect(after.resume()).toEqual({ resumed: 1, finished: 0 });
    expect(await after.start('INV-1', { invoiceKey, policy: null })).toBe('already-started');
    await second.settle();
    // The wait state is entered again (a new token), and times out 30 days after the first wait began, not after the restart.
    expect(calls).toEqual(['plan', 'SendReminderFunctionArn']);
    expect(parked).toHaveLength(2);
    await second.runUntil(new Date('2026-04-08T05:59:59Z'));
    expect(calls).toEqual(['plan', 'SendReminderFunctionArn']);
    await second.runUntil(new Date('2026-04-08T06:00:00Z'));
    expect(calls).toEqual(['plan', 'SendReminderFunctionArn', 'plan']);
    // $$.Execution.StartTime is the execution's start on the virtual clock, before and after the restart: what bounds its waits.
    expect(plannedIn).toEqual([
      { name: 'INV-1', startedAt: '2026-03-09T06:00:00.000Z' },
      { name: 'INV-1', startedAt: '2026-03-09T06:00:00.000Z' },
    ]);
    // The history is one: before and after the restart.
    expect(after.execution('INV-1')?.history.filter((event) => event.type === 'StateEntered').map((event) => event.state)).toEqual([
      'PlanNextStep',
      'RouteNextStep',
      'SendReminder',
      'WaitForDateOrSignal',
      'WaitForDateOrSignal',
      'PlanNextStep',
      'RouteNextStep',
      'WaitForDateOrSignal',
    ]);
  });

  it('runs a handler on real timers: an SDK retry back-off inside a step does not wait for virtual time', async () => {
    // A server that resets the first connection: the SDK retries after a back-off (a setTimeout) while the step holds the clock.
    let requests = 0;
    const flaky: Server = createServer((request, response) => {
      requests++;
      if (requests === 1) {
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ TableNames: [] }));
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const dynamodb = sdkClient(DynamoDBClient, { ...LOCAL_AWS, endpoint: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`, maxAttempts: 3 });
    try {
      const clock = new VirtualClock(new Date('2026-03-09T06:00:00Z'));
      const calls: string[] = [];
      const functions = standIns(calls, []);
      functions.SendReminderFunctionArn = async () => {
        await dynamodb.send(new ListTablesCommand({}));
        calls.push('reminder sent after a retry');
        return null;
      };
      const host = await hostWith(clock, functions);
      await host.start('INV-1', { invoiceKey, policy: null });
      await clock.settle();
      expect(requests).toBe(2);
      expect(calls).toEqual(['plan', 'reminder sent after a retry']);
    } finally {
      dynamodb.destroy();
      flaky.close();
    }
  });

  it('ends a step whose function never answers with a States.Timeout after its timeout, in real time', async () => {
    const clock = new VirtualClock(new Date('2026-03-09T06:00:00Z'));
    const calls: string[] = [];
    const functions = standIns(calls, []);
    functions.SendReminderFunctionArn = () => new Promise(() => undefined);
    const definition = JSON.parse(await readFile(COLLECTIONS_ASL_PATH, 'utf8')) as { States: Record<string, { TimeoutSeconds?: number; Retry?: unknown }> };
    // One second instead of sixty, and no retries: the bound is the state's own TimeoutSeconds.
    definition.States.SendReminder = { ...definition.States.SendReminder, TimeoutSeconds: 1, Retry: [] };
    const host = new LocalStepFunctions(JSON.stringify(definition), functions, clock);
    hosts.push(host);
    await host.start('INV-1', { invoiceKey, policy: null });
    await clock.settle();
    const history = host.execution('INV-1')?.history ?? [];
    expect(history.find((event) => event.type === 'StateFailed')).toMatchObject({ state: 'SendReminder', error: 'States.Timeout' });
    expect(calls).toEqual(['plan', 'RecordFailureFunctionArn']);
    expect(host.execution('INV-1')?.status).toBe('FAILED');
  });

  it('abandons, with a message, an execution that stops moving without waiting on a timer or a token', async () => {
    const stalls: ClockStallError[] = [];
    const clock = new VirtualClock(new Date('2026-03-09T06:00:00Z'), { stallAfterMs: 200, onStall: (error) => stalls.push(error) });
    const calls: string[] = [];
    const host = await hostWith(clock, standIns(calls, []));
    // A lost promise inside the interpreter: the run is neither in a handler nor parked.
    const lost = clock.activity('LOST', () => undefined);
    await host.start('INV-1', { invoiceKey, policy: null });
    await clock.settle();
    expect(stalls.map((error) => error.message)).toEqual([expect.stringMatching(/^execution LOST ran for \d+ s without reaching a wait/)]);
    expect(lost.state).toBe('ended');
    expect(host.execution('INV-1')?.status).toBe('RUNNING');
  });
});
