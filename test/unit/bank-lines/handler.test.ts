import type { APIGatewayProxyEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as HandlerModule from '../../../functions/bank-lines/handler';
import type { BankLinesDeps } from '../../../functions/bank-lines/deps';
import { MAX_ALLOCATIONS, MAX_BODY_BYTES, MAX_KEY_LENGTH } from '../../../functions/bank-lines/input';
import type { BookedLine } from '../../../functions/domain/banking';
import { lambdaContext } from '../../support/lambda';

let makeHandler: typeof HandlerModule.makeHandler;

beforeAll(async () => {
  // The handler module builds its cloud clients at import, as at a cold start; nothing here reaches them.
  Object.assign(process.env, { LEDGER_TABLE: 'unused', STATE_MACHINE_ARN: 'unused', AWS_REGION: 'eu-central-1' });
  ({ makeHandler } = await import('../../../functions/bank-lines/handler'));
});

const CALLER = 'arn:aws:sts::123456789012:assumed-role/Reconciler/alice';
const queued = { line: { lineId: 'bank:queued' }, decision: { kind: 'unmatched' } } as unknown as BookedLine;

/** A ledger that knows one queued line, and records what was asked of it: a refused request reads nothing. */
function fakeDeps(): { deps: BankLinesDeps; reads: string[] } {
  const reads: string[] = [];
  const bank = {
    get: async (lineId: string) => {
      reads.push(`bank.get ${lineId}`);
      return lineId === queued.line.lineId ? queued : undefined;
    },
    unmatched: async () => {
      reads.push('bank.unmatched');
      return [queued];
    },
  };
  const refuse = (name: string) => () => {
    throw new Error(`the test did not expect ${name}`);
  };
  const deps = { ledger: { bank }, workflow: { start: refuse('start'), signal: refuse('signal') }, clock: { now: () => new Date('2026-03-20T10:00:00Z') } };
  return { deps: deps as unknown as BankLinesDeps, reads };
}

const request = (httpMethod: string, resource: string, options: { path?: Record<string, string>; body?: unknown; caller?: string | null } = {}): APIGatewayProxyEvent =>
  ({
    httpMethod,
    resource,
    pathParameters: options.path ?? null,
    body: options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    requestContext: { requestId: 'api-req-1', identity: { userArn: options.caller === undefined ? CALLER : options.caller } },
  }) as unknown as APIGatewayProxyEvent;

async function call(event: APIGatewayProxyEvent, fake = fakeDeps()): Promise<{ status: number; body: Record<string, unknown>; reads: string[] }> {
  const response = await makeHandler(fake.deps)(event, lambdaContext('bank-lines'));
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown>, reads: fake.reads };
}

const assign = (lineId: string, body: unknown, caller?: string | null) =>
  call(request('POST', '/bank-lines/{lineId}/assign', { path: { lineId }, body, caller }));
const credit = (customerId: string, body: unknown) => call(request('POST', '/customers/{customerId}/credit', { path: { customerId }, body }));

const invoice = { sellerKey: 'vat:DE000000000', number: 'INV-1001' };
const assignment = { customerId: 'C-1', allocations: [{ invoice, amount: '400.00' }] };
const refund = { id: 'r-1', kind: 'refund', currency: 'EUR', amount: '10.00', reference: 'refund to IBAN on file' };
const long = 'x'.repeat(MAX_KEY_LENGTH + 1);

describe('POST /bank-lines/{lineId}/assign refuses nonsense with 400, naming the field, before reading the ledger', () => {
  it.each([
    ['a body that is not JSON', '{"customerId":', 'the request body is not JSON'],
    ['JSON null', null, 'the request body is not a JSON object'],
    ['a JSON array', '[]', 'the request body is not a JSON object'],
    ['an unknown field', { ...assignment, note: 'hi' }, 'body: Unrecognized key: "note"'],
    ['an unknown field in an allocation', { ...assignment, allocations: [{ invoice, amount: '1.00', vat: '0.19' }] }, 'body.allocations[0]: Unrecognized key: "vat"'],
    ['an unknown field in an invoice', { ...assignment, allocations: [{ invoice: { ...invoice, customer: 'C-1' }, amount: '1.00' }] }, 'body.allocations[0].invoice: Unrecognized key: "customer"'],
    ['no customer', { allocations: [] }, 'body.customerId: Invalid input: expected string, received undefined'],
    ['a customer id too long', { ...assignment, customerId: long }, `body.customerId: Too big: expected string to have <=${MAX_KEY_LENGTH} characters`],
    ['an invoice number too long', { ...assignment, allocations: [{ invoice: { ...invoice, number: long }, amount: '1.00' }] }, `body.allocations[0].invoice.number: Too big: expected string to have <=${MAX_KEY_LENGTH} characters`],
    ['an amount as a number', { ...assignment, allocations: [{ invoice, amount: 400 }] }, 'body.allocations[0].amount: must be a decimal amount string, e.g. "1200.00"'],
    ['a negative amount', { ...assignment, allocations: [{ invoice, amount: '-1.00' }] }, 'body.allocations[0].amount: "-1.00" is not more than zero'],
    ['an amount with an exponent', { ...assignment, allocations: [{ invoice, amount: '1e3' }] }, 'body.allocations[0].amount: "1e3" is not a decimal amount (e.g. "1200.00")'],
    ['one invoice twice', { ...assignment, allocations: [{ invoice, amount: '1.00' }, { invoice, amount: '2.00' }] }, 'body.allocations[1].invoice: invoice INV-1001 is allocated twice'],
    [
      'too many allocations',
      { ...assignment, allocations: Array.from({ length: MAX_ALLOCATIONS + 1 }, (_, index) => ({ invoice: { ...invoice, number: `INV-${index}` }, amount: '1.00' })) },
      `body.allocations: Too big: expected array to have <=${MAX_ALLOCATIONS} items`,
    ],
  ])('%s', async (_name, body, message) => {
    expect(await assign('bank:queued', body)).toEqual({ status: 400, body: { message }, reads: [] });
  });

  it('a line id too long', async () => {
    expect(await assign(long, assignment)).toEqual({ status: 400, body: { message: `lineId is ${MAX_KEY_LENGTH + 1} characters; at most ${MAX_KEY_LENGTH}` }, reads: [] });
  });

  it('refuses a body over the limit with 413, unparsed', async () => {
    const response = await assign('bank:queued', { ...assignment, customerId: 'x'.repeat(MAX_BODY_BYTES) });
    expect(response.status).toBe(413);
    expect(response.reads).toEqual([]);
  });
});

describe('POST /bank-lines/{lineId}/assign', () => {
  it('answers 404 for a line the ledger does not have', async () => {
    expect(await assign('bank:nowhere', assignment)).toEqual({ status: 404, body: { message: 'no bank line bank:nowhere' }, reads: ['bank.get bank:nowhere'] });
  });

  it('answers 403, reading nothing, when the request carries no caller identity to record with the decision', async () => {
    expect(await assign('bank:queued', assignment, null)).toEqual({ status: 403, body: { message: 'the request carries no caller identity' }, reads: [] });
  });
});

describe('POST /customers/{customerId}/credit refuses nonsense with 400 before reading the ledger', () => {
  it.each([
    ['a body that is not JSON', 'refund please', 'the request body is not JSON'],
    ['an unknown kind', { ...refund, kind: 'transfer' }, 'body.kind: unknown kind (one of allocate, refund)'],
    ['an unknown field', { ...refund, iban: 'DE02120300000000202051' }, 'body: Unrecognized key: "iban"'],
    ['a field of the other kind', { ...refund, invoice }, 'body: Unrecognized key: "invoice"'],
    ['no request id', { kind: 'refund', currency: 'EUR', amount: '10.00', reference: 'r' }, 'body.id: Invalid input: expected string, received undefined'],
    ['a request id too long', { ...refund, id: 'x'.repeat(129) }, 'body.id: Too big: expected string to have <=128 characters'],
    ['a currency that is none', { ...refund, currency: 'EURO' }, 'body.currency: "EURO" is not an ISO 4217 currency code'],
    ['more digits than the currency has', { ...refund, currency: 'JPY', amount: '10.5' }, 'body.amount: "10.5" has 1 digit after the point; JPY amounts have 0'],
    ['an allocation without its invoice', { id: 'a-1', kind: 'allocate', currency: 'EUR', amount: '10.00' }, 'body.invoice: Invalid input: expected object, received undefined'],
  ])('%s', async (_name, body, message) => {
    expect(await credit('C-1', body)).toEqual({ status: 400, body: { message }, reads: [] });
  });

  it('a customer id too long', async () => {
    expect(await credit(long, refund)).toEqual({ status: 400, body: { message: `customerId is ${MAX_KEY_LENGTH + 1} characters; at most ${MAX_KEY_LENGTH}` }, reads: [] });
  });
});

describe('GET /bank-lines/unmatched', () => {
  it('lists the queue, with how many wait', async () => {
    expect(await call(request('GET', '/bank-lines/unmatched'))).toEqual({ status: 200, body: { lines: [queued], total: 1 }, reads: ['bank.unmatched'] });
  });
});

describe('a route API Gateway does not have', () => {
  it('is 404', async () => {
    expect((await call(request('DELETE', '/bank-lines/{lineId}'))).status).toBe(404);
  });
});
