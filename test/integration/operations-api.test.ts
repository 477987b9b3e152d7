import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerStores, type LedgerStores } from '../../functions/adapters/ledger';
import type { Workflow } from '../../functions/adapters/workflow';
import { isoDate } from '../../functions/domain/calendar';
import { fixedClock } from '../../functions/domain/clock';
import { standingOn } from '../../functions/domain/receivables';
import { exposureOfBalances, historyOf } from '../../functions/domain/credit';
import { openOn } from '../../functions/domain/analytics';
import type { InvoiceKey } from '../../functions/domain/intake';
import type { Decimal } from '../../functions/domain/money';
import type * as HandlerModule from '../../functions/record-event/handler';
import { clientsFor, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';
import type { ScenarioInvoice } from '../../local/simulate/scenario';
import { lambdaContext } from '../support/lambda';
import { storeInvoice } from '../support/stored-invoice';

let emulators: Emulators;
let dynamodb: DynamoDBClient;
let ledger: LedgerStores;
let table: string;
let tables = 0;
let makeHandler: typeof HandlerModule.makeHandler;

beforeAll(async () => {
  // The handler module builds its cloud clients at import, as at a cold start.
  Object.assign(process.env, { LEDGER_TABLE: 'unused', STATE_MACHINE_ARN: 'unused', AWS_REGION: 'eu-central-1', POWERTOOLS_LOG_LEVEL: 'SILENT' });
  emulators = await startEmulators();
  ({ dynamodb } = clientsFor(emulators));
  ({ makeHandler } = await import('../../functions/record-event/handler'));
});
afterAll(async () => emulators?.stop());
beforeEach(async () => {
  table = `opsapi-${++tables}`;
  await createLedgerTable(dynamodb, table);
  ledger = ledgerStores(dynamodb, table);
});

const noRun: Workflow = { start: async () => 'started', signal: async () => 'not-waiting' };
const NOW = '2026-03-20T10:00:00Z';

/** An invoice in the ledger, linked to its customer so that it has a balance, as ingest leaves it. */
const stored = async (overrides: Partial<ScenarioInvoice> = {}): Promise<{ key: InvoiceKey; customerId: string }> => {
  const { key, customerId } = await storeInvoice(ledger, overrides);
  return { key, customerId };
};

const request = (body: unknown): APIGatewayProxyEvent =>
  ({ body: typeof body === 'string' ? body : JSON.stringify(body), requestContext: { requestId: 'api-req-1' } }) as unknown as APIGatewayProxyEvent;

const post = async (body: unknown, deps: { ledger?: LedgerStores; now?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> => {
  const handler = makeHandler({ ledger: deps.ledger ?? ledger, workflow: noRun, clock: fixedClock(deps.now ?? NOW) });
  const response: APIGatewayProxyResult = await handler(request(body), lambdaContext('record-event'));
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
};

/** What the customer's balance item says is open on its one invoice of 1200.00. */
const openOf = async (customerId: string): Promise<string | undefined> => (await ledger.receivables.balances(customerId))[0]?.open;

describe('POST /events refuses nonsense with 400, naming the field', () => {
  const invoice = { sellerKey: 'vat:DE000000000', number: 'INV-1001' };
  const payment = { invoice, id: 'p-1', type: 'payment', date: '2026-03-20', amount: '400.00' };

  it.each([
    ['a negative payment', { ...payment, amount: '-1000.00' }, 'body.amount: "-1000.00" is not more than zero'],
    ['a zero payment', { ...payment, amount: '0.00' }, 'body.amount: "0.00" is not more than zero'],
    ['an amount with an exponent', { ...payment, amount: '1e3' }, 'body.amount: "1e3" is not a decimal amount (e.g. "1200.00")'],
    ['an amount as a number', { ...payment, amount: 400 }, 'body.amount: must be a decimal amount string, e.g. "1200.00"'],
    ['an amount of 16 digits', { ...payment, amount: '1234567890123456' }, 'body.amount: "1234567890123456" has 16 digits before the point; at most 15'],
    ['five digits after the point', { ...payment, amount: '1.00001' }, 'body.amount: "1.00001" has 5 digits after the point; at most 4'],
    ['a date that is no date', { ...payment, date: '2026-02-30' }, 'body.date: "2026-02-30" is not a calendar date (YYYY-MM-DD)'],
    ['a date before 2000', { ...payment, date: '1999-12-31' }, 'body.date: "1999-12-31" is before 2000-01-01'],
    ['an unknown field', { ...payment, note: 'hi' }, 'body.note: not a field of a payment event'],
    ['a field named like an inherited property', '{"invoice":{"sellerKey":"vat:DE000000000","number":"INV-1001"},"type":"dispute","date":"2026-03-20","toString":"x"}', 'body.toString: not a field of a dispute event'],
    ['a field of another outcome', { invoice, type: 'call-outcome', outcome: 'no-answer', date: '2026-03-20', promisedDate: '2026-03-25' }, 'body.promisedDate: not a field of a call-outcome event'],
    ['an unknown field of the invoice', { ...payment, invoice: { ...invoice, customer: 'C-1' } }, 'body.invoice: Unrecognized key: "customer"'],
    ['an over-long id', { ...payment, id: 'x'.repeat(129) }, 'body.id: Too big: expected string to have <=128 characters'],
    ['a promise kept before it was made', { invoice, type: 'promise', date: '2026-03-20', promisedDate: '2026-03-01' }, 'body.promisedDate: 2026-03-01 is not between the day of the promise (2026-03-20) and a year after it (2027-03-21)'],
    ['a body that is not JSON', '{"type": "payment"', 'the request body is not JSON'],
    ['a body that is a JSON array', '[]', 'the request body is not a JSON object'],
  ])('refuses %s', async (_name, body, message) => {
    await stored();
    expect(await post(body)).toEqual({ status: 400, body: { message } });
  });

  it('refuses a body over 16 kB before parsing it, with 413', async () => {
    const response = await post({ ...payment, padding: 'x'.repeat(16 * 1024) });
    expect(response).toEqual({ status: 413, body: { message: expect.stringMatching(/^the request body is 16\d{3} bytes; an event is at most 16384$/) } });
  });

  it('refuses a date more than a day after today, naming both, and takes tomorrow', async () => {
    const { customerId } = await stored();
    expect(await post({ ...payment, date: '9999-12-31' })).toEqual({
      status: 400,
      body: { code: 'future-date', message: 'date 9999-12-31 is in the future: today is 2026-03-20, and an event may be dated at most a day ahead' },
    });
    expect((await post({ ...payment, date: '2026-03-22' })).status).toBe(400);
    expect((await post({ ...payment, date: '2026-03-21' })).status).toBe(201);
    expect(await openOf(customerId)).toBe('800');
  });

  it("refuses more digits after the point than the invoice's currency has, naming it", async () => {
    await stored({ currency: 'JPY', amountDue: '120000' as Decimal });
    expect(await post({ ...payment, amount: '400.50' })).toEqual({
      status: 400,
      body: { code: 'amount-digits', message: 'amount: "400.50" has 2 digits after the point; JPY amounts have 0 (invoice INV-1001 is in JPY)' },
    });
    expect((await post({ ...payment, amount: '400' })).status).toBe(201);
  });

  it('takes three digits after the point for a currency that has three', async () => {
    const { customerId } = await stored({ currency: 'KWD', amountDue: '1200.000' as Decimal });
    expect((await post({ ...payment, amount: '400.125' })).status).toBe(201);
    expect(await openOf(customerId)).toBe('799.875');
  });
});

describe('POST /events with an id already recorded', () => {
  const invoice = { sellerKey: 'vat:DE000000000', number: 'INV-1001' };
  const payment = { invoice, id: 'bank-tx-4711', type: 'payment', date: '2026-03-20', amount: '400.00' };

  it('answers 200 duplicate for the same content, and applies the payment once', async () => {
    const { customerId } = await stored();
    expect(await post(payment)).toEqual({ status: 201, body: { recorded: 'recorded', signalled: false, reopened: null } });
    expect(await post(payment, { now: '2026-03-25T10:00:00Z' })).toEqual({ status: 200, body: { recorded: 'duplicate', signalled: false, reopened: null } });
    expect(await openOf(customerId)).toBe('800');
  });

  it('answers 409 naming the first event for other content, and records nothing', async () => {
    const { key, customerId } = await stored();
    await post(payment);
    const response = await post({ ...payment, amount: '4000.00' });
    expect(response).toEqual({
      status: 409,
      body: {
        code: 'id-conflict',
        message:
          'event id bank-tx-4711 is already recorded for invoice INV-1001 with other content: payment dated 2026-03-20 (amount 400.00), ' +
          'recorded at 2026-03-20T10:00:00.000Z; send a new event under a new id',
        first: { id: 'bank-tx-4711', type: 'payment', date: '2026-03-20', amount: '400.00', recordedAt: '2026-03-20T10:00:00.000Z' },
      },
    });
    expect((await ledger.cases.get(key))?.events).toHaveLength(1);
    expect(await openOf(customerId)).toBe('800');
  });

  it('finds the conflict when writing, where a request with the same id came first meanwhile', async () => {
    const { key } = await stored();
    await ledger.events.record(key, { type: 'dispute', date: isoDate('2026-03-19'), id: 'same', recordedAt: '2026-03-19T08:00:00.000Z' });
    expect(await ledger.events.record(key, { type: 'dispute', date: isoDate('2026-03-20'), id: 'same', recordedAt: NOW })).toEqual({
      outcome: 'conflict',
      existing: { type: 'dispute', date: '2026-03-19', id: 'same', recordedAt: '2026-03-19T08:00:00.000Z' },
    });
  });
});

describe('POST /events with a returned payment', () => {
  const invoice = { sellerKey: 'vat:DE000000000', number: 'INV-1001' };
  const payment = { invoice, id: 'pay-1', type: 'payment', date: '2026-03-10', amount: '1200.00' };
  const returned = { invoice, id: 'ret-1', type: 'payment-returned', date: '2026-03-18', amount: '1200.00', paymentId: 'pay-1', reason: 'AC04 account closed' };

  it('reopens what the payment paid: the open amount, the balance and the reports show it open again', async () => {
    const { key, customerId } = await stored();
    expect((await post(payment)).status).toBe(201);
    expect(await openOf(customerId)).toBe('0');
    expect((await post(returned)).status).toBe(201);

    const found = (await ledger.cases.get(key))!;
    expect(standingOn('1200.00' as Decimal, found.events, isoDate('2026-03-17')).open).toBe('0');
    expect(standingOn('1200.00' as Decimal, found.events, isoDate('2026-03-18')).open).toBe('1200');
    const balances = await ledger.receivables.balances(customerId);
    expect(balances[0]?.open).toBe('1200');
    expect(exposureOfBalances(balances, 'EUR')).toBe('1200.00');
    const history = historyOf(found.record, found.events, customerId, 'new')!;
    expect([openOn(history, isoDate('2026-03-17')), openOn(history, isoDate('2026-03-18'))]).toEqual(['0', '1200']);
  });

  it('refuses more than is left of the payment, a payment it does not know, and a return before the payment, with 409', async () => {
    const { customerId } = await stored();
    await post({ ...payment, amount: '500.00' });
    expect((await post({ ...returned, amount: '200.00' })).status).toBe(201);
    expect(await post({ ...returned, id: 'ret-2', amount: '300.01' })).toEqual({
      status: 409,
      body: { code: 'return-exceeds-payment', message: 'amount 300.01 is more than is left of payment pay-1 (500.00 paid on 2026-03-10, 300 not yet returned)' },
    });
    expect(await post({ ...returned, id: 'ret-3', paymentId: 'pay-9' })).toEqual({
      status: 409,
      body: { code: 'unknown-payment', message: 'invoice INV-1001 has no payment with event id pay-9: a returned payment names the payment it takes back by its id' },
    });
    expect(await post({ ...returned, id: 'ret-4', amount: '1.00', date: '2026-03-09' })).toEqual({
      status: 409,
      body: { code: 'return-before-payment', message: 'date 2026-03-09 is before payment pay-1 was made (2026-03-10)' },
    });
    expect((await post({ ...returned, id: 'ret-5', amount: '300.00' })).status).toBe(201);
    expect(await openOf(customerId)).toBe('1200');
  });
});

describe('POST /events after a half-done write', () => {
  const invoice = { sellerKey: 'vat:DE000000000', number: 'INV-1001' };

  /**
   * A ledger on its own client whose first balance update fails, as a throttled or timed-out call would: the fault is injected, the rest
   * is real. The client is new, so the middleware is there before its first send, when the client caches its stack (sdkClient).
   */
  const ledgerFailingOnceOnBalance = (): { ledger: LedgerStores; failures: () => number } => {
    const client = clientsFor(emulators).dynamodb;
    let failures = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: { pk?: { S?: string } } };
        if (context.commandName === 'UpdateItemCommand' && input.Key?.pk?.S?.startsWith('CUSTOMER#') && failures === 0) {
          failures++;
          throw new Error('injected: connection reset during the balance update');
        }
        return next(args);
      },
      // At build: before the SDK's retries.
      { step: 'build', name: 'failOnceOnBalance' },
    );
    return { ledger: ledgerStores(client, table), failures: () => failures };
  };

  it.each([
    ['payment', { invoice, id: 'bank-tx-1', type: 'payment', date: '2026-03-20', amount: '400.00' }, '400'],
    ['returned payment', { invoice, id: 'ret-1', type: 'payment-returned', date: '2026-03-20', amount: '150.00', paymentId: 'bank-tx-0' }, '950'],
  ])('completes the balance update of a %s on the retry, once', async (_name, body, openAfter) => {
    const { key, customerId } = await stored();
    await post({ invoice, id: 'bank-tx-0', type: 'payment', date: '2026-03-19', amount: '400.00' });
    const openBefore = await openOf(customerId);
    const faulty = ledgerFailingOnceOnBalance();

    const first = await post(body, { ledger: faulty.ledger });
    expect(faulty.failures()).toBe(1);
    expect(first).toEqual({ status: 503, body: { message: 'the event could not be completely recorded; send the same request again, with the same id, to complete it' } });
    // Half done: the event is in the ledger, its balance is not.
    expect((await ledger.cases.get(key))?.events.map((event) => event.id)).toContain(body.id);
    expect(await openOf(customerId)).toBe(openBefore);

    expect(await post(body, { ledger: faulty.ledger })).toEqual({ status: 200, body: { recorded: 'duplicate', signalled: false, reopened: null } });
    expect(await post(body, { ledger: faulty.ledger })).toEqual({ status: 200, body: { recorded: 'duplicate', signalled: false, reopened: null } });
    expect(await openOf(customerId)).toBe(openAfter);
    expect((await ledger.audit.trail(key)).filter((entry) => entry.id === body.id)).toHaveLength(1);
  });
});
