import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoDate } from '../../functions/domain/calendar';
import { executionNameOf } from '../../functions/domain/collections';
import type { Decimal } from '../../functions/domain/money';
import { STANDARD_POLICY, type CollectionsPolicy } from '../../functions/domain/policy';
import type { HistoryEvent } from '../../local/asl/local-step-functions';
import { lineOf, startCollectionsWorld, type CollectionsWorld } from '../support/collections-world';

// Each world runs months to a year of virtual time through the real state machine: seconds, more on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const worlds: CollectionsWorld[] = [];
afterEach(async () => Promise.all(worlds.splice(0).map((world) => world.stop())));

/** The states an execution entered, each with the virtual instant it entered it. */
const statesOf = (history: readonly HistoryEvent[] | undefined): string[] =>
  (history ?? []).flatMap((event) => (event.type === 'StateEntered' ? [`${event.timestamp} ${event.state}`] : []));

describe('a wait longer than a Node timer holds (2^31 - 1 ms, 24.8 days)', () => {
  it('is one wait of the state machine: a step 60 days after the last is waited for once, not cut into three', async () => {
    // The invoice (due 2026-03-05) has a step on its due date, and the next one 60 days later.
    const policy: CollectionsPolicy = {
      ...STANDARD_POLICY,
      steps: [
        { id: 'first', kind: 'email', offsetDays: 0 },
        { id: 'late', kind: 'email', offsetDays: 60 },
      ],
    };
    const world = await startCollectionsWorld(isoDate('2026-03-02'), policy);
    worlds.push(world);
    const { key } = await world.addInvoice({});

    await world.runDays(isoDate('2026-03-02'), isoDate('2026-05-05'));

    const execution = world.collections.stepFunctions.execution(executionNameOf(key));
    expect(statesOf(execution?.history)).toEqual([
      '2026-03-02T00:00:00.000Z PlanNextStep',
      '2026-03-02T00:00:00.000Z RouteNextStep',
      '2026-03-02T00:00:00.000Z WaitForDateOrSignal',
      '2026-03-05T06:00:00.000Z PlanNextStep',
      '2026-03-05T06:00:00.000Z RouteNextStep',
      '2026-03-05T06:00:00.000Z SendReminder',
      // One wait of 60 days, to the next step.
      '2026-03-05T06:00:00.000Z WaitForDateOrSignal',
      '2026-05-04T06:00:00.000Z PlanNextStep',
      '2026-05-04T06:00:00.000Z RouteNextStep',
      '2026-05-04T06:00:00.000Z SendReminder',
      // Nothing is due after the last step: the run waits for a signal, up to the end of its execution's span.
      '2026-05-04T06:00:00.000Z WaitForDateOrSignal',
    ]);
    expect((await world.timeline(key)).map((entry) => lineOf(entry))).toEqual(['2026-03-05 email first', '2026-05-04 email late']);
  });

  it("ends no execution past its year: a run waiting for a signal hands itself on at its execution's span's end, and the signal wakes the new one", async () => {
    const world = await startCollectionsWorld(isoDate('2026-03-02'));
    worlds.push(world);
    const { key } = await world.addInvoice({});
    const first = executionNameOf(key);
    // Disputed on 2026-03-11 and never resolved: nothing is due by a date from then on.
    await world.runDays(isoDate('2026-03-02'), isoDate('2026-03-11'), async (day) => {
      if (day === '2026-03-11') await world.collections.recordEvent(key, { type: 'dispute', date: day }, 'dispute-1');
    });

    // 364 days after the run started (2026-03-02 00:00) is 2027-03-01 00:00: the span's end.
    await world.clock.runUntil(new Date('2027-03-10T00:00:00.000Z'));

    const handedOn = world.collections.stepFunctions.execution(first);
    expect(handedOn).toMatchObject({ status: 'SUCCEEDED', stoppedAt: '2027-03-01T00:00:00.000Z' });
    // From the dispute on: one wait, to the span's end, then the hand-on.
    expect(statesOf(handedOn?.history).slice(-7)).toEqual([
      '2026-03-11T00:00:00.000Z PlanNextStep',
      '2026-03-11T00:00:00.000Z RouteNextStep',
      '2026-03-11T00:00:00.000Z WaitForDateOrSignal',
      '2027-03-01T00:00:00.000Z PlanNextStep',
      '2027-03-01T00:00:00.000Z RouteNextStep',
      '2027-03-01T00:00:00.000Z HandOnRun',
      '2027-03-01T00:00:00.000Z RunEnded',
    ]);
    expect(handedOn?.history.at(-1)).toMatchObject({ type: 'ExecutionSucceeded' });
    const next = world.collections.stepFunctions.execution(`${first}-y2`);
    expect(next).toMatchObject({ status: 'RUNNING', startedAt: '2027-03-01T00:00:00.000Z', input: { invoiceKey: key, policy: null } });
    expect(statesOf(next?.history)).toEqual([
      '2027-03-01T00:00:00.000Z PlanNextStep',
      '2027-03-01T00:00:00.000Z RouteNextStep',
      '2027-03-01T00:00:00.000Z WaitForDateOrSignal',
    ]);

    // The payment wakes the new execution through the token it left in the ledger, and the run closes.
    const answer = await world.collections.recordEvent(key, { type: 'payment', date: isoDate('2027-03-10'), amount: '1200.00' as Decimal }, 'payment-1');
    expect(answer.statusCode, answer.body).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ signalled: true });
    await world.clock.runUntil(new Date('2027-03-11T00:00:00.000Z'));
    expect(world.collections.stepFunctions.execution(`${first}-y2`)).toMatchObject({ status: 'SUCCEEDED' });
    expect((await world.timeline(key)).map((entry) => lineOf(entry)).slice(-1)).toEqual(['2027-03-10 closed paid']);
  });
});
