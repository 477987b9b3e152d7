import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerStores, type LedgerStores } from '../../functions/adapters/ledger';
import { fixedClock } from '../../functions/domain/clock';
import { isoDate } from '../../functions/domain/calendar';
import { executionNameOf } from '../../functions/domain/collections';
import { formatRf, rfReferenceOf } from '../../functions/domain/matching';
import type { Decimal } from '../../functions/domain/money';
import { STANDARD_POLICY } from '../../functions/domain/policy';
import { createCallTask } from '../../functions/create-call-task/call-task';
import { flagForLegal } from '../../functions/flag-for-legal/legal-flag';
import { handOverToAgency, type AgencyNotice } from '../../functions/hand-over-to-agency/handover';
import type { DocumentStore } from '../../functions/adapters/document-store';
import { EXECUTION_SPAN_SECONDS, planStep, type PlanExecution } from '../../functions/plan-next-step/plan';
import { sweep } from '../../functions/sweep-overdue/sweep';
import type { Workflow } from '../../functions/adapters/workflow';
import { clientsFor, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';
import { ledgerInvoiceForScenario } from '../../local/simulate/ledger-invoice';
import { lambdaContext } from '../support/lambda';
import type { ScenarioInvoice } from '../../local/simulate/scenario';
import { scenarioInvoice } from '../support/scenario-invoice';

let emulators: Emulators;
let dynamodb: DynamoDBClient;
let ledger: LedgerStores;
let tables = 0;

beforeAll(async () => {
  Object.assign(process.env, { LEDGER_TABLE: 'unused', DOCUMENTS_BUCKET: 'unused', STATE_MACHINE_ARN: 'unused', AWS_REGION: 'eu-central-1' });
  emulators = await startEmulators();
  ({ dynamodb } = clientsFor(emulators));
});
afterAll(async () => emulators?.stop());
beforeEach(async () => {
  const table = `collections-${++tables}`;
  await createLedgerTable(dynamodb, table);
  ledger = ledgerStores(dynamodb, table);
});


const stored = async (overrides: Partial<ScenarioInvoice> = {}) => {
  const record = await ledgerInvoiceForScenario(scenarioInvoice(overrides), STANDARD_POLICY);
  await ledger.invoices.add(record);
  return record;
};
const at = (instant: string) => ({ ledger, clock: fixedClock(instant) });
const DAY = 86_400;
/** The execution of the plans below, unless a test says otherwise: started the day before the invoice entered. */
const EXECUTION: PlanExecution = { name: 'INV-1001-run', startedAt: new Date('2026-03-01T00:00:00Z') };
/** A policy whose one step is 60 days after the due date (2026-03-05): 2026-05-04. */
const SIXTY_DAYS_ON = { steps: [{ id: 'late', kind: 'email', offsetDays: 60 }] };

describe('plan-next-step', () => {
  it('waits until 06:00 on the day of the first step, then runs it', async () => {
    const { key } = await stored();
    expect(await planStep(key, undefined, EXECUTION, at('2026-03-01T12:00:00Z'))).toMatchObject({ action: 'wait', wakeOn: '2026-03-02' });
    expect(await planStep(key, undefined, EXECUTION, at('2026-03-02T00:00:00Z'))).toMatchObject({ action: 'wait', reason: 'step-hour', waitSeconds: 6 * 3600 });
    expect(await planStep(key, undefined, EXECUTION, at('2026-03-02T06:00:00Z'))).toMatchObject({
      action: 'email',
      step: { id: 'pre-due', kind: 'email', rank: '2-000' },
      on: '2026-03-02',
      // after pre-due, reminder-1 is due on Monday 2026-03-09 at 06:00
      waitSeconds: 7 * 86_400,
    });
  });

  it('records a pause once, however often it plans', async () => {
    const { key } = await stored();
    await ledger.events.record(key, { type: 'dispute', date: isoDate('2026-03-11'), id: 'e1', recordedAt: '2026-03-11T09:00:00Z' });
    for (const step of ['pre-due', 'reminder-1']) {
      await ledger.timeline.completeStep(key, { date: isoDate('2026-03-09'), action: 'email', step, rank: '2', recordedAt: '2026-03-09T06:00:00Z' });
    }
    for (const instant of ['2026-03-11T10:00:00Z', '2026-03-12T06:00:00Z', '2026-03-12T06:00:00Z']) {
      expect(await planStep(key, undefined, EXECUTION, at(instant))).toMatchObject({ action: 'wait', reason: 'dispute' });
    }
    const timeline = (await ledger.cases.get(key))!.timeline.filter((line) => line.action === 'paused');
    expect(timeline).toEqual([expect.objectContaining({ date: '2026-03-11', action: 'paused', reason: 'dispute' })]);
  });

  it('waits as long as the plan says: 60 days to the next step are one wait, past what a Node timer holds', async () => {
    const { key } = await stored();
    expect(await planStep(key, SIXTY_DAYS_ON, EXECUTION, at('2026-03-05T06:00:00Z'))).toMatchObject({ action: 'wait', wakeOn: '2026-05-04', waitSeconds: 60 * DAY });
  });

  it("waits no longer than its execution's span, and at the span's end hands the run on to an execution named after its own", async () => {
    const { key } = await stored();
    // Started 364 days before 2026-03-09 06:00: its span ends four days before the step.
    const older = { name: executionNameOf(key), startedAt: new Date('2025-03-10T06:00:00Z') };
    expect(EXECUTION_SPAN_SECONDS).toBe(364 * DAY);
    expect(await planStep(key, SIXTY_DAYS_ON, older, at('2026-03-05T06:00:00Z'))).toMatchObject({ action: 'wait', wakeOn: '2026-05-04', waitSeconds: 4 * DAY });
    expect(await planStep(key, SIXTY_DAYS_ON, older, at('2026-03-09T06:00:00Z'))).toEqual({
      action: 'hand-on',
      name: `${executionNameOf(key)}-y2`,
      reason: 'schedule',
      wakeOn: '2026-05-04',
      policyVersion: 'execution input',
    });
    expect(await planStep(key, SIXTY_DAYS_ON, { ...older, name: `${executionNameOf(key)}-y2` }, at('2026-03-09T06:00:00Z'))).toMatchObject({
      action: 'hand-on',
      name: `${executionNameOf(key)}-y3`,
    });
  });

  it('waits for a signal alone when nothing is due by a date, until the end of its execution\'s span', async () => {
    const { key } = await stored();
    await ledger.events.record(key, { type: 'dispute', date: isoDate('2026-03-11'), id: 'e1', recordedAt: '2026-03-11T09:00:00Z' });
    for (const step of ['pre-due', 'reminder-1']) {
      await ledger.timeline.completeStep(key, { date: isoDate('2026-03-09'), action: 'email', step, rank: '2', recordedAt: '2026-03-09T06:00:00Z' });
    }
    // The span ends 364 days after 2026-03-01 00:00, at 2027-02-28 00:00: 353 days less 6 hours after the plan.
    expect(await planStep(key, undefined, EXECUTION, at('2026-03-12T06:00:00Z'))).toMatchObject({
      action: 'wait',
      reason: 'dispute',
      wakeOn: null,
      waitSeconds: 353 * DAY - 6 * 3600,
    });
  });

  it('ends a credit note at once', async () => {
    const { key } = await stored({ kind: 'credit-note' });
    expect(await planStep(key, undefined, EXECUTION, at('2026-03-02T07:00:00Z'))).toMatchObject({ action: 'end', reason: 'not-collectable' });
  });
});

describe('create-call-task and flag-for-legal', () => {
  it('opens one call task per invoice and step, expiring after the policy days', async () => {
    const { key } = await stored();
    const input = { invoiceKey: key, step: { id: 'call', kind: 'call-task' as const, rank: '2-003' }, on: isoDate('2026-03-26'), policy: undefined };
    expect(await createCallTask(input, at('2026-03-26T06:00:00Z'))).toEqual({ outcome: 'done', expiresOn: '2026-04-02' });
    expect(await createCallTask(input, at('2026-03-26T06:00:05Z'))).toEqual({ outcome: 'already-done', expiresOn: '2026-04-02' });
    // The invoice has no BT-83 of its own: the collector gives its RF reference, which matching books a payment by.
    const reference = formatRf(rfReferenceOf(key));
    expect(await ledger.callTasks.listOpen()).toEqual([expect.objectContaining({ stepId: 'call', openAmount: '1200.00', expiresOn: '2026-04-02', reference })]);
    expect((await ledger.cases.get(key))?.timeline).toEqual([expect.objectContaining({ action: 'call-task', detail: { expiresOn: '2026-04-02', openAmount: '1200.00', reference } })]);
    await ledger.callTasks.close(key, 'no-answer');
    expect(await ledger.callTasks.listOpen()).toEqual([]);
  });

  it('flags the invoice and its customer, once', async () => {
    const { key } = await stored();
    const input = { invoiceKey: key, step: { id: 'legal', kind: 'legal-flag' as const, rank: '2-006' }, on: isoDate('2026-06-03') };
    await flagForLegal(input, at('2026-06-03T06:00:00Z'));
    await flagForLegal(input, at('2026-06-03T06:00:01Z'));
    const { timeline } = (await ledger.cases.get(key))!;
    expect(timeline).toEqual([expect.objectContaining({ date: '2026-06-03', action: 'legal-flag', step: 'legal' })]);
  });
});

describe('hand-over-to-agency', () => {
  it('tells the agency the reference the customer quotes, in the notice and the package', async () => {
    const { key } = await stored({ number: 'INV-7' });
    // The final notice booked claims, under the EU rule: interest and the EUR 40, open beside the principal.
    const claim = { type: 'claim' as const, date: isoDate('2026-04-06'), interest: '8.55' as Decimal, costs: '40.00' as Decimal, order: ['principal', 'interest', 'costs'] as const, step: 'final-notice', law: 'Directive 2011/7/EU' };
    await ledger.events.record(key, { ...claim, order: [...claim.order], id: 'claim:final-notice:2026-04-06', recordedAt: '2026-04-06T06:00:00.000Z' });
    const packages = new Map<string, unknown>();
    const notices: AgencyNotice[] = [];
    const documents: DocumentStore = {
      fetch: async () => Promise.reject(new Error('not read by the handover')),
      exists: async (documentKey) => packages.has(documentKey),
      copy: async (_from, to) => void packages.set(to, 'original'),
      putJson: async (documentKey, value) => void packages.set(documentKey, value),
      delete: async (documentKey) => void packages.delete(documentKey),
    };
    const input = { invoiceKey: key, step: { id: 'agency', kind: 'agency-handover' as const, rank: '2-005' }, on: isoDate('2026-04-20') };
    const { packageKey } = await handOverToAgency(input, { ...at('2026-04-20T06:00:00Z'), documents, agencyId: 'agency-1', notifyAgency: async (notice) => notices.push(notice) });
    const reference = formatRf(rfReferenceOf(key));
    expect(notices).toEqual([expect.objectContaining({ invoiceNumber: 'INV-7', openAmount: '1200.00', claimsOpen: '48.55', reference })]);
    expect(packages.get(packageKey)).toMatchObject({ openAmount: '1200.00', claimsOpen: '48.55', claims: { open: { costs: '40.00', interest: '8.55' } }, reference });
  });
});

describe('sweep', () => {
  it('starts each invoice whose collections start has come once, by a name derived from the invoice', async () => {
    await stored({ number: 'INV-1', dueDate: isoDate('2026-03-05') });
    await stored({ number: 'INV-2', dueDate: isoDate('2026-04-20') });
    await stored({ number: 'CN-3', kind: 'credit-note' });
    const started: string[] = [];
    const workflow: Workflow = {
      start: async (name) => (started.includes(name) ? 'already-started' : (started.push(name), 'started')),
      signal: async () => 'not-waiting',
    };
    const deps = { ledger, workflow, clock: fixedClock('2026-03-02T01:00:00Z'), policy: STANDARD_POLICY };

    expect(await sweep(deps)).toEqual({ started: 1, alreadyStarted: 0 });
    expect(await sweep(deps)).toEqual({ started: 0, alreadyStarted: 0 });
    expect(started).toEqual([expect.stringMatching(/^INV-1-[0-9a-f]{12}$/)]);
    expect(await sweep({ ...deps, clock: fixedClock('2026-04-17T01:00:00Z') })).toEqual({ started: 1, alreadyStarted: 0 });
  });
});

describe('record-event (operations API)', () => {
  const noRun: Workflow = { start: async () => 'started', signal: async () => 'not-waiting' };
  const request = (body: unknown) =>
    ({ body: typeof body === 'string' ? body : JSON.stringify(body), requestContext: { requestId: 'api-req-1' } }) as unknown as APIGatewayProxyEvent;

  it('records an event and its audit entry once per id, and answers 201 then 200', async () => {
    const { key } = await stored();
    const { makeHandler } = await import('../../functions/record-event/handler');
    const handler = makeHandler({ ledger, workflow: noRun, clock: fixedClock('2026-03-20T10:00:00Z') });
    const body = { invoice: key, id: 'bank-tx-4711', type: 'payment', date: '2026-03-20', amount: '400.00' };

    expect(await handler(request(body), lambdaContext())).toMatchObject({ statusCode: 201 });
    expect(await handler(request(body), lambdaContext())).toMatchObject({ statusCode: 200, body: JSON.stringify({ recorded: 'duplicate', signalled: false, reopened: null }) });
    const found = await ledger.cases.get(key);
    expect(found?.events).toEqual([expect.objectContaining({ id: 'bank-tx-4711', type: 'payment', amount: '400.00' })]);
    expect((await ledger.audit.trail(key)).filter((entry) => entry.action === 'event-recorded')).toHaveLength(1);
  });

  it('keeps the order events came in, when two are recorded in the same millisecond', async () => {
    const { key } = await stored();
    const recordedAt = '2026-03-20T10:00:00.000Z';
    // The plan first, then the payment: ids that sort the other way round, one instant.
    await ledger.events.record(key, { type: 'plan', date: isoDate('2026-03-20'), instalments: [{ date: isoDate('2026-04-01'), amount: '1200.00' as Decimal }], id: 'z-plan', recordedAt });
    await ledger.events.record(key, { type: 'payment', date: isoDate('2026-03-20'), amount: '100.00' as Decimal, id: 'a-payment', recordedAt });
    expect((await ledger.cases.get(key))?.events.map((event) => event.id)).toEqual(['z-plan', 'a-payment']);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['a bad amount', { invoice: { sellerKey: 's', number: 'n' }, type: 'payment', date: '2026-03-20', amount: '12,5' }, /body\.amount: "12,5" is not a decimal amount/],
    ['an unknown type', { invoice: { sellerKey: 's', number: 'n' }, type: 'refund', date: '2026-03-20' }, /body\.type: unknown event type/],
    ['no invoice', { type: 'dispute', date: '2026-03-20' }, /body\.invoice/],
  ])('answers 400 naming the problem for %s', async (_name, body, message) => {
    const { makeHandler } = await import('../../functions/record-event/handler');
    const response = await makeHandler({ ledger, workflow: noRun, clock: fixedClock('2026-03-20T10:00:00Z') })(request(body), lambdaContext());
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).message).toMatch(message);
  });

  it('answers 404 for an invoice the ledger does not have', async () => {
    const { makeHandler } = await import('../../functions/record-event/handler');
    const response = await makeHandler({ ledger, workflow: noRun, clock: fixedClock('2026-03-20T10:00:00Z') })(
      request({ invoice: { sellerKey: 'vat:XX1', number: 'NOPE' }, type: 'dispute', date: '2026-03-20' }),
      lambdaContext(),
    );
    expect(response).toMatchObject({ statusCode: 404, body: JSON.stringify({ message: 'no invoice NOPE in the ledger' }) });
  });
});
