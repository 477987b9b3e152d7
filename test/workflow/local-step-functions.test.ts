import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStepFunctions, type Json, type LocalFunction } from '../../local/asl/local-step-functions';
import { VirtualClock } from '../../local/asl/virtual-clock';
import { COLLECTIONS_ASL_PATH, COLLECTIONS_TASK_FUNCTIONS, type CollectionsPlaceholder } from '../../statemachines';

const DAY = 86_400;
let clock: VirtualClock | undefined;
afterEach(() => clock?.uninstall());

/**
 * The collections definition with stand-in functions: a plan that runs one e-mail step, waits a
 * day, then ends. Enough to watch the host: starts, waits on the virtual clock, wakes by signal.
 */
const standIns = (calls: string[], parked: string[]): Record<CollectionsPlaceholder, LocalFunction> => {
  let plans = 0;
  const record = (name: string): LocalFunction => async () => {
    calls.push(name);
    return { done: true };
  };
  const functions = Object.fromEntries(Object.keys(COLLECTIONS_TASK_FUNCTIONS).map((key) => [key, record(key)])) as Record<CollectionsPlaceholder, LocalFunction>;
  functions.PlanNextStepFunctionArn = async (): Promise<Json> => {
    calls.push('plan');
    plans += 1;
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

describe('LocalStepFunctions', () => {
  it('starts one run per name, waits on the virtual clock, and wakes by signal or by its timeout', async () => {
    clock = VirtualClock.install(new Date('2026-03-09T06:00:00Z'));
    const calls: string[] = [];
    const parked: string[] = [];
    const host = new LocalStepFunctions(await readFile(COLLECTIONS_ASL_PATH, 'utf8'), standIns(calls, parked), clock);

    expect(await host.start('INV-1', { invoiceKey: { sellerKey: 's', number: 'INV-1' }, policy: null })).toBe('started');
    expect(await host.start('INV-1', { invoiceKey: { sellerKey: 's', number: 'INV-1' }, policy: null })).toBe('already-started');
    await clock.settle();
    expect(calls).toEqual(['plan', 'SendReminderFunctionArn']);
    expect(parked).toHaveLength(1);

    // Woken at once by a signal (a recorded payment): the run plans again, without waiting 30 days.
    expect(await host.signal(parked[0]!, { event: 'payment' })).toBe('woken');
    expect(await host.signal(parked[0]!, { event: 'payment' })).toBe('not-waiting');
    await clock.settle();
    expect(calls).toEqual(['plan', 'SendReminderFunctionArn', 'plan']);

    // The next wait ends by its timeout, a virtual day later. Ten transitions: plan, route, step, wait; plan, route, wait; plan, route, end.
    await clock.runUntil(new Date('2026-03-10T06:00:01Z'));
    expect(calls).toEqual(['plan', 'SendReminderFunctionArn', 'plan', 'plan']);
    expect(host.list()).toEqual([expect.objectContaining({ name: 'INV-1', status: 'SUCCEEDED', transitions: 10, invocations: 6 })]);
    expect(host.execution('INV-1')?.history.at(-1)).toMatchObject({ type: 'ExecutionSucceeded', timestamp: '2026-03-10T06:00:00.000Z' });
  });
});
