import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerStores, type LedgerStores } from '../../functions/adapters/ledger';
import type { Workflow } from '../../functions/adapters/workflow';
import { isoDate } from '../../functions/domain/calendar';
import { fixedClock } from '../../functions/domain/clock';
import { openDisputesOf } from '../../functions/domain/disputes';
import { standingOfRecord } from '../../functions/domain/receivables';
import type * as HandlerModule from '../../functions/record-event/handler';
import { clientsFor, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';
import { lambdaContext } from '../support/lambda';
import { storeInvoice } from '../support/stored-invoice';

let emulators: Emulators;
let dynamodb: DynamoDBClient;
let ledger: LedgerStores;
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
  const table = `disputes-${++tables}`;
  await createLedgerTable(dynamodb, table);
  ledger = ledgerStores(dynamodb, table);
});

const noRun: Workflow = { start: async () => 'started', signal: async () => 'not-waiting' };
const invoice = { sellerKey: 'vat:DE000000000', number: 'INV-1001' };

const post = async (body: object): Promise<{ status: number; body: Record<string, unknown> }> => {
  const handler = makeHandler({ ledger, workflow: noRun, clock: fixedClock('2026-03-20T10:00:00Z') });
  const request = { body: JSON.stringify(body), requestContext: { requestId: 'api-req-1' } } as unknown as APIGatewayProxyEvent;
  const response: APIGatewayProxyResult = await handler(request, lambdaContext('record-event'));
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
};

describe('POST /events with a dispute', () => {
  it('keeps its reason and note, and the disputes list reads them back', async () => {
    const record = await storeInvoice(ledger);
    const dispute = { invoice, id: 'd-1', type: 'dispute', date: '2026-03-12', reason: 'not-received', note: 'delivery note 4711 not signed by the buyer' };
    expect((await post(dispute)).status).toBe(201);
    const found = await ledger.cases.get(record.key);
    expect(found?.events).toEqual([expect.objectContaining({ type: 'dispute', reason: 'not-received', note: 'delivery note 4711 not signed by the buyer' })]);
    expect(openDisputesOf([found!], isoDate('2026-03-20'), () => 'Acme GmbH')).toEqual([
      expect.objectContaining({ invoice: record.key, reason: 'not-received', note: 'delivery note 4711 not signed by the buyer', ageDays: 8, customerName: 'Acme GmbH', openAmount: '1200.00' }),
    ]);
  });

  it('refuses a reason off the list, naming the list', async () => {
    await storeInvoice(ledger);
    expect(await post({ invoice, id: 'd-1', type: 'dispute', date: '2026-03-12', reason: 'too-expensive' })).toEqual({
      status: 400,
      body: { message: 'body.reason: must be one of pricing, quantity, quality, not-received, duplicate, terms, other' },
    });
  });
});

describe('POST /events with a dispute upheld in part', () => {
  it('credits the part: what is open falls by it, in the ledger and the customer balance', async () => {
    const record = await storeInvoice(ledger);
    expect((await post({ invoice, id: 'd-1', type: 'dispute', date: '2026-03-12', reason: 'quantity' })).status).toBe(201);
    expect(await post({ invoice, id: 'r-1', type: 'dispute-resolved', date: '2026-03-20', outcome: 'upheld-in-part', amount: '1200.01' })).toEqual({
      status: 409,
      body: { code: 'dispute-amount', message: 'amount 1200.01 is more than is open on invoice INV-1001 on 2026-03-20 (1200): a dispute upheld in part credits at most what is open' },
    });
    expect((await post({ invoice, id: 'r-2', type: 'dispute-resolved', date: '2026-03-20', outcome: 'upheld-in-part', amount: '199.99', note: 'two crates short' })).status).toBe(201);
    const found = await ledger.cases.get(record.key);
    expect(standingOfRecord(found!.record, found!.events, isoDate('2026-03-20'))).toMatchObject({ open: '1000.01', credited: '199.99', disputed: false, settledBy: null });
    expect((await ledger.receivables.balances(record.customerId))[0]?.open).toBe('1000.01');
  });

  it('refuses a part without an open dispute, and one with more digits than the currency has', async () => {
    await storeInvoice(ledger);
    expect(await post({ invoice, id: 'r-1', type: 'dispute-resolved', date: '2026-03-20', outcome: 'upheld-in-part', amount: '100.00' })).toMatchObject({ status: 409, body: { code: 'no-dispute' } });
    expect((await post({ invoice, id: 'd-1', type: 'dispute', date: '2026-03-12' })).status).toBe(201);
    expect(await post({ invoice, id: 'r-2', type: 'dispute-resolved', date: '2026-03-20', outcome: 'upheld-in-part', amount: '100.001' })).toMatchObject({ status: 400, body: { code: 'amount-digits' } });
  });
});
