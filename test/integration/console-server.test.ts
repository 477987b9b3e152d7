import { PutObjectCommand } from '@aws-sdk/client-s3';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request as httpRequest, type IncomingHttpHeaders, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { sleepReal } from '../../local/real-timers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDate, type IsoDate } from '../../functions/domain/calendar';
import { identitiesOf } from '../../functions/domain/credit';
import type { InvoiceKey, LedgerInvoice } from '../../functions/domain/intake';
import { rfReferenceOf } from '../../functions/domain/matching';
import type { Decimal } from '../../functions/domain/money';
import type { StatementOfAccount } from '../../functions/console-api/account-view';
import { SHUTDOWN_GRACE_MS, startConsoleServer, type ConsoleServer } from '../../local/console/server';
import { writeCamt053, type EntryDraft } from '../../local/demo/camt053-writer';
import { LOCAL_BUCKET } from '../../local/intake-host';
import type { ScenarioInvoice } from '../../local/simulate/scenario';
import { startSystemHost, type SystemHost } from '../../local/system-host';
import { einvoicePath } from '../support/shared';
import { signIn, type PageSession } from '../support/console-host';
import { storeInvoice } from '../support/stored-invoice';

const PEPPOL = einvoicePath('dev/ubl-peppol-base-example.xml');

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Call {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/** Sends one request as a client would, with full control of Host and Origin (fetch forbids both). */
const call = (base: string, { method = 'GET', path, headers = {}, body }: Call, agent?: Agent): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const sent = httpRequest(url, { method, headers, agent: agent ?? false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    sent.on('error', reject);
    sent.end(body);
  });

const message = (answer: Answer): string => (JSON.parse(answer.body) as { message: string }).message;

describe('the console server', () => {
  let dataDir: string;
  let host: SystemHost;
  let web: ConsoleServer;
  let token: string;
  let cookie: string;
  let origin: string;
  let snippet: InvoiceKey;
  /** A read as the signed-in admin's page makes it; `headers` override or add. */
  const get = (path: string, headers: Record<string, string> = {}) => call(web.url, { path, headers: { cookie, ...headers } });
  /** A change as the signed-in admin's page sends it; `headers` override or add. */
  const change = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(web.url, { method: 'POST', path, headers: { origin, cookie, 'content-type': 'application/json', 'x-csrf-token': token, ...headers }, body: JSON.stringify(body) });
  const today = async () => (JSON.parse((await get('/api/clock')).body) as { today: string }).today;

  beforeAll(async () => {
    dataDir = await mkdtemp(`${tmpdir()}/credit-control-console-server-`);
    let ingested: (key: InvoiceKey) => void = () => undefined;
    const added = new Promise<InvoiceKey>((resolve) => (ingested = resolve));
    host = await startSystemHost({
      dataDir,
      reset: true,
      daysPerSecond: 0,
      demo: false,
      startOn: '2017-11-20' as IsoDate,
      onIngest: (result) => result.outcome === 'added' && ingested(result.invoice.key),
      onError: () => undefined,
      onTimeline: () => undefined,
    });
    web = await startConsoleServer(host, 0);
    origin = web.url.slice(0, -1);
    await copyFile(PEPPOL, `${host.intake.dropDir}/peppol.xml`);
    snippet = await added;
    ({ cookie, csrfToken: token } = await signIn(web.url));
  }, 120_000);

  afterAll(async () => {
    await web?.close();
    await host?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('headers', () => {
    it.each(['/', '/app.js', '/style.css', '/sign-in.html', '/sign-in.js', '/cognito.js', '/sign-in.json', '/vendor/chart.umd.js', '/api/clock', '/api/invoices', '/api/bank/queue', '/api/nowhere', '/nowhere'])('sends nosniff, a strict CSP and no framing with %s', async (path) => {
      const { headers } = await get(path);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['content-security-policy']).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(headers['cache-control']).toBe('no-store');
      expect(headers['access-control-allow-origin']).toBeUndefined();
    });

    it('serves the archived original as a sandboxed download of opaque bytes', async () => {
      const answer = await get(`/api/original/${encodeURIComponent(snippet.sellerKey)}/Snippet1`);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/octet-stream');
      expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+"; filename\*=UTF-8''/);
      expect(answer.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.body).toBe(await readFile(PEPPOL, 'utf8'));
    });

    it('gives the signed-in page its session token and no other origin any CORS grant', async () => {
      expect(token).toMatch(/^[\w-]{43}$/);
      const preflight = await call(web.url, { method: 'OPTIONS', path: '/api/events', headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(405);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('the host', () => {
    it.each(['evil.example', '127.0.0.2', 'localhost', 'localhost:1'])('refuses requests addressed to %s', async (name) => {
      expect((await get('/', { host: name })).status).toBe(421);
      expect((await get('/api/clock', { host: name })).status).toBe(421);
    });

    it('refuses a rebound name even with the right port, for changes too', async () => {
      const port = new URL(web.url).port;
      const before = await today();
      const answer = await change('/api/clock', { advanceDays: 30 }, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` });
      expect(answer.status).toBe(421);
      expect(await today()).toBe(before);
    });

    it.each(['localhost', '[::1]'])('answers to %s on its own port', async (name) => {
      expect((await get('/api/clock', { host: `${name}:${new URL(web.url).port}` })).status).toBe(200);
    });
  });

  describe('changes', () => {
    it.each<[string, Record<string, string | undefined>]>([
      ['no Origin', { origin: undefined }],
      ['another origin', { origin: 'http://127.0.0.1:1' }],
      ['an opaque origin', { origin: 'null' }],
      ['another of its own names', { origin: 'http://localhost:{port}' }],
      ['no session token', { 'x-csrf-token': undefined }],
      ['a wrong session token', { 'x-csrf-token': 'x'.repeat(43) }],
      ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
      ['a same-site fetch', { 'sec-fetch-site': 'same-site' }],
    ])('refuses a change with %s (403) and changes nothing', async (_case, override) => {
      const port = new URL(web.url).port;
      const headers = Object.entries({ origin, cookie, 'content-type': 'application/json', 'x-csrf-token': token, ...override }).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, value.replace('{port}', port)] as const],
      );
      const before = await today();
      const answer = await call(web.url, { method: 'POST', path: '/api/clock', headers: Object.fromEntries(headers), body: JSON.stringify({ advanceDays: 30 }) });
      expect(answer.status).toBe(403);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(message(answer)).not.toBe('');
      expect(await today()).toBe(before);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('refuses a %s body (415)', async (type) => {
      const before = await today();
      expect((await change('/api/clock', { advanceDays: 30 }, { 'content-type': type })).status).toBe(415);
      expect(await today()).toBe(before);
    });

    it('refuses a declared body over 16 kB (413)', async () => {
      expect((await change('/api/events', { note: 'x'.repeat(17 * 1024) })).status).toBe(413);
    });

    it('refuses an undeclared body over 16 kB while it streams in, before it ends (413)', async () => {
      const answer = await new Promise<number>((resolve, reject) => {
        const sent: ClientRequest = httpRequest(new URL('/api/events', web.url), {
          method: 'POST',
          agent: false,
          headers: { origin, cookie, 'content-type': 'application/json', 'x-csrf-token': token, 'transfer-encoding': 'chunked' },
        });
        sent.on('response', (response) => {
          response.resume();
          resolve(response.statusCode!);
          sent.destroy();
        });
        sent.on('error', reject);
        // More than the limit, and the body never ends: only a server that counts as it reads can answer.
        sent.write(`{"note":"${'x'.repeat(20 * 1024)}`);
      });
      expect(answer).toBe(413);
    });

    it.each<[string, string]>([
      ['malformed JSON', '{"advanceDays":'],
      ['an empty body', ''],
      ['JSON null', 'null'],
      ['a JSON array', '[1]'],
      ['an unknown command', '{"rewind":1}'],
      ['a day count of zero', '{"advanceDays":0}'],
      ['a fractional day count', '{"advanceDays":1.5}'],
      ['a date in the past', '{"jumpTo":"2000-01-01"}'],
      ['not a date', '{"jumpTo":"soon"}'],
      ['two commands at once', '{"advanceDays":1,"daysPerSecond":1}'],
      ['a negative speed', '{"daysPerSecond":-1}'],
    ])('answers 400 to a clock command of %s', async (_case, body) => {
      const before = await today();
      const answer = await call(web.url, { method: 'POST', path: '/api/clock', headers: { origin, cookie, 'content-type': 'application/json', 'x-csrf-token': token }, body });
      expect(answer.status).toBe(400);
      expect(message(answer)).not.toBe('');
      expect(await today()).toBe(before);
    });

    it.each<[string, unknown]>([
      ['no invoice', { type: 'payment', amount: '1.00' }],
      ['an invoice without a number', { invoice: { sellerKey: 'GB1232434' }, type: 'payment', amount: '1.00' }],
      ['an unknown event type', { invoice: { sellerKey: 'GB1232434', number: 'Snippet1' }, type: 'gift' }],
      ['a payment without an amount', { invoice: { sellerKey: 'GB1232434', number: 'Snippet1' }, type: 'payment' }],
      ['a string for a body', 'payment'],
    ])('answers 400 to an event with %s', async (_case, body) => {
      expect((await change('/api/events', body)).status).toBe(400);
    });

    it('takes a change from its own page: the clock moves a day', async () => {
      const before = await today();
      const answer = await change('/api/clock', { advanceDays: 1 });
      expect(answer.status).toBe(200);
      expect(await today()).not.toBe(before);
      expect((JSON.parse(answer.body) as { today: string }).today).toBe(await today());
    });

    it('takes a collector\'s event from its own page', async () => {
      const answer = await change('/api/events', { invoice: snippet, type: 'call-outcome', outcome: 'no-answer' });
      expect(answer.status).toBeLessThan(300);
    });
  });

  describe('close', () => {
    /** A POST whose body never ends, held open once the server is in its handler (100-continue says so). */
    const stalledUpload = (url: string, page: PageSession) =>
      new Promise<{ ended: Promise<void> }>((resolve) => {
        const sent = httpRequest(new URL('/api/events', url), {
          method: 'POST',
          agent: false,
          headers: { origin: url.slice(0, -1), cookie: page.cookie, 'content-type': 'application/json', 'x-csrf-token': page.csrfToken, 'content-length': '100', expect: '100-continue' },
        });
        const ended = new Promise<void>((done) => sent.on('close', () => done()));
        sent.on('error', () => undefined);
        sent.on('continue', () => {
          sent.write('{"invoice":');
          resolve({ ended });
        });
        sent.flushHeaders();
      });

    it('ends within 5 s with an idle keep-alive connection and a stalled upload open', async () => {
      const server = await startConsoleServer(host, 0);
      const agent = new Agent({ keepAlive: true });
      const page = await signIn(server.url);
      await call(server.url, { path: '/api/clock', headers: { cookie: page.cookie } }, agent);
      const idle = Object.values(agent.freeSockets).flat();
      expect(idle.length).toBeGreaterThan(0);
      const idleClosed = Promise.all(idle.map((socket) => new Promise((done) => socket!.once('close', done))));
      const upload = await stalledUpload(server.url, page);

      const started = performance.now();
      await server.close();
      const elapsedMs = performance.now() - started;

      expect(elapsedMs).toBeLessThan(5_000);
      await idleClosed;
      await upload.ended;
      agent.destroy();
    });

    it('ends at once with only idle keep-alive connections open', async () => {
      const server = await startConsoleServer(host, 0);
      const agent = new Agent({ keepAlive: true });
      await Promise.all([call(server.url, { path: '/api/clock' }, agent), call(server.url, { path: '/api/invoices' }, agent)]);
      const started = performance.now();
      await server.close();
      expect(performance.now() - started).toBeLessThan(SHUTDOWN_GRACE_MS);
      agent.destroy();
    });
  });

  describe('routes', () => {
    it('answers 404 for no such path and 405 with Allow for a wrong method', async () => {
      expect((await get('/api/nowhere')).status).toBe(404);
      expect((await get('/nowhere')).status).toBe(404);
      const wrong = await call(web.url, { method: 'DELETE', path: '/api/clock' });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.allow).toBe('GET, POST');
      const posted = await call(web.url, { method: 'PUT', path: '/', headers: { origin, cookie, 'content-type': 'application/json', 'x-csrf-token': token }, body: '{}' });
      expect(posted.status).toBe(405);
      expect((await get('/api/events')).status).toBe(405);
    });

    it('answers 400, not 500, to a malformed path or query', async () => {
      expect((await get('/api/invoices/%E0%A4%A/x')).status).toBe(400);
      expect((await get('/api/customers/%')).status).toBe(400);
      expect((await get('/api/report?asOf=yesterday')).status).toBe(400);
      expect((await get('/api/invoices/nobody/nothing')).status).toBe(404);
      expect((await get('/api/original/nobody/nothing')).status).toBe(404);
    });
  });

  describe("a customer's late-payment terms", () => {
    interface Detail {
      readonly customer: { readonly party: string; readonly jurisdiction: string | null };
      readonly claims: { readonly jurisdiction: string | null; readonly chosen: boolean; readonly choices: { readonly parties: string[]; readonly jurisdictions: string[] } };
    }
    let id: string;
    const detail = async () => JSON.parse((await get(`/api/customers/${encodeURIComponent(id)}`)).body) as Detail;
    const setTerms = (body: unknown, headers: Record<string, string> = {}) => change(`/api/customers/${encodeURIComponent(id)}/claim-terms`, body, headers);

    beforeAll(async () => {
      ({ id } = await host.collections.ledger.customers.upsert({ identities: ['vat:FR40123456824'], name: 'Claire Martin', countryCode: 'FR' }, '2017-11-20T00:00:00.000Z'));
    });

    it("shows a new customer as a business under its country's rule, with the choices a person has", async () => {
      expect(await detail()).toMatchObject({
        customer: { party: 'business', jurisdiction: null },
        claims: { jurisdiction: 'FR', chosen: false, choices: { parties: ['business', 'consumer'], jurisdictions: ['EU', 'DE', 'FR', 'GB'] } },
      });
    });

    it('takes a party and a rule from its own page, and null back to the country', async () => {
      const chosen = await setTerms({ party: 'Consumer', jurisdiction: 'eu' });
      expect(chosen.status).toBe(200);
      expect(JSON.parse(chosen.body)).toMatchObject({ customer: { party: 'consumer', jurisdiction: 'EU' }, claims: { jurisdiction: 'EU', chosen: true } });
      expect(await detail()).toMatchObject({ claims: { jurisdiction: 'EU', chosen: true } });

      expect((await setTerms({ party: 'consumer', jurisdiction: null })).status).toBe(200);
      expect(await detail()).toMatchObject({ customer: { party: 'consumer', jurisdiction: null }, claims: { jurisdiction: 'FR', chosen: false } });
    });

    it.each<[string, unknown, RegExp]>([
      ['another party', { party: 'government', jurisdiction: null }, /party 'government' is not business or consumer/],
      ['a rule the interest rules do not have', { party: 'business', jurisdiction: 'AT' }, /jurisdiction 'AT' is none of the interest rules' jurisdictions \(EU, DE, FR, GB\)/],
      ['no jurisdiction', { party: 'business' }, /jurisdiction/],
      ['a number for a jurisdiction', { party: 'business', jurisdiction: 49 }, /jurisdiction/],
      ['a field it does not know', { party: 'business', jurisdiction: null, note: 'x' }, /note/],
      ['an over-long party', { party: 'b'.repeat(41), jurisdiction: null }, /party/],
    ])('answers 400 to %s and changes nothing', async (_case, body, problem) => {
      const before = await detail();
      const answer = await setTerms(body);
      expect(answer.status).toBe(400);
      expect(message(answer)).toMatch(problem);
      expect(await detail()).toEqual(before);
    });

    it('refuses a change without the session token (403) and answers 404 for no such customer', async () => {
      const before = await detail();
      expect((await setTerms({ party: 'business', jurisdiction: 'DE' }, { 'x-csrf-token': '' })).status).toBe(403);
      expect((await setTerms({ party: 'business', jurisdiction: 'DE' }, { origin: 'http://127.0.0.1:1' })).status).toBe(403);
      expect(await detail()).toEqual(before);
      expect((await change('/api/customers/C-nobody/claim-terms', { party: 'business', jurisdiction: null })).status).toBe(404);
    });
  });

  describe('the bank and customer accounts', () => {
    interface Queued {
      readonly lineId: string;
      readonly amount: string;
      readonly reason: string;
      readonly payer: { readonly name: string | null };
      readonly suggestions: readonly { readonly rule: string; readonly customerId: string; readonly allocations: readonly { readonly key: InvoiceKey; readonly amount: string }[] }[];
    }
    let customerX: string;
    let customerY: string;
    let b1: InvoiceKey;
    let b2: InvoiceKey;
    let b4: InvoiceKey;
    const queue = async () => JSON.parse((await get('/api/bank/queue')).body) as Queued[];
    const lineOf = async (amount: string) => (await queue()).find((line) => line.amount === amount)!;
    const accountOf = async (id: string) => JSON.parse((await get(`/api/customers/${encodeURIComponent(id)}/account`)).body) as StatementOfAccount;
    const assign = (lineId: string, body: unknown, headers: Record<string, string> = {}) => change(`/api/bank/lines/${encodeURIComponent(lineId)}/assign`, body, headers);
    const useCredit = (id: string, body: unknown) => change(`/api/customers/${encodeURIComponent(id)}/credit`, body);

    /** An invoice in the host's ledger as ingest leaves it: linked to its customer, with its balance. */
    async function stored(overrides: Partial<ScenarioInvoice>): Promise<{ key: InvoiceKey; customerId: string }> {
      const { key, customerId } = await storeInvoice(host.collections.ledger, { issueDate: isoDate('2017-10-01'), dueDate: isoDate('2017-11-01'), entryDate: isoDate('2017-10-01'), ...overrides });
      return { key, customerId };
    }

    const credit = (reference: string, amount: string, extra: Partial<EntryDraft> = {}): EntryDraft => ({
      amount: amount as Decimal,
      creditDebit: 'CRDT',
      bookingDate: isoDate('2017-11-18'),
      bankReference: reference,
      endToEndId: `E2E-${reference}`,
      counterparty: { name: 'Unknown Payer Ltd', iban: 'DE02120300000000202051' },
      unstructuredRemittance: 'Zahlung',
      ...extra,
    });

    beforeAll(async () => {
      ({ key: b1, customerId: customerX } = await stored({ number: 'BANK-1', customer: 'Bank Customer X', amountDue: '100.00' as Decimal }));
      ({ key: b2 } = await stored({ number: 'BANK-2', customer: 'Bank Customer X', amountDue: '250.00' as Decimal }));
      const b3 = await stored({ number: 'BANK-3', customer: 'Bank Customer Y', amountDue: '80.00' as Decimal });
      customerY = b3.customerId;
      ({ key: b4 } = await stored({ number: 'BANK-4', customer: 'Bank Customer Y', amountDue: '70.00' as Decimal }));
      const xml = writeCamt053({
        messageId: 'MSG-BANK',
        statementId: 'STMT-BANK',
        createdAt: '2017-11-18T18:00:00+01:00',
        iban: 'DE89370400440532013000',
        currency: 'EUR',
        openingBalance: '0.00' as Decimal,
        fromDate: isoDate('2017-11-18'),
        toDate: isoDate('2017-11-18'),
        // Only the amount names BANK-1 (a suggestion); nothing names the 40.00; BANK-3's RF reference pays it and 50.00 more.
        entries: [credit('Q1', '100.00'), credit('Q2', '40.00'), credit('P1', '130.00', { creditorReference: rfReferenceOf(b3.key) })],
      });
      const key = 'statements/console-test.xml';
      await host.intake.clients.s3.send(new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: key, Body: xml }));
      // The host books what lands under statements/, as the statement function does in AWS.
      const deadline = Date.now() + 60_000;
      while ((await host.collections.ledger.bank.statements()).length === 0 && Date.now() < deadline) await sleepReal(50);
      expect(await host.collections.ledger.bank.statements()).toEqual([expect.objectContaining({ payments: 1, unmatched: 2 })]);
    });

    it('lists the unmatched queue with why each line waits and its suggestions, and the statement files received', async () => {
      const lines = await queue();
      expect(lines.map((line) => line.amount).sort()).toEqual(['100.00', '40.00']);
      const suggested = await lineOf('100.00');
      expect(suggested).toMatchObject({ payer: { name: 'Unknown Payer Ltd' }, suggestions: [{ rule: 'amount-only', customerId: customerX, allocations: [{ key: b1 }] }] });
      expect(suggested.reason).not.toBe('');
      const statements = JSON.parse((await get('/api/bank/statements')).body) as unknown[];
      expect(statements).toEqual([expect.objectContaining({ format: 'camt.053.001.08', lines: 3, newLines: 3, payments: 1, returns: 0, unmatched: 2 })]);
    });

    it('refuses an assignment without the session token (403) and books nothing', async () => {
      const line = await lineOf('100.00');
      const { customerId, allocations } = line.suggestions[0]!;
      expect((await assign(line.lineId, { customerId, allocations }, { 'x-csrf-token': '' })).status).toBe(403);
      expect((await queue()).map((queued) => queued.lineId)).toContain(line.lineId);
    });

    it('accepts a suggestion in one request, as the console user, and the invoice is paid', async () => {
      const line = await lineOf('100.00');
      const { customerId, allocations } = line.suggestions[0]!;
      const answer = await assign(line.lineId, { customerId, allocations });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ decision: { kind: 'payment', rule: 'assigned', by: 'admin@local', customerId: customerX } });
      expect((await queue()).map((queued) => queued.lineId)).not.toContain(line.lineId);
      expect((await accountOf(customerX)).openItems.map((item) => item.key.number)).toEqual(['BANK-2']);
    });

    it('answers 400 with the problem to a bad amount, books a good one once however often it is sent, and 409 to another assignment', async () => {
      const line = await lineOf('40.00');
      const tooMuch = await assign(line.lineId, { customerId: customerX, allocations: [{ key: b2, amount: '45.00' }] });
      expect(tooMuch.status).toBe(400);
      expect(message(tooMuch)).toMatch(/more than the payment/);
      const notAnAmount = await assign(line.lineId, { customerId: customerX, allocations: [{ key: b2, amount: '4O.00' }] });
      expect(notAnAmount.status).toBe(400);
      expect(message(notAnAmount)).toMatch(/not a decimal amount/);
      expect((await queue()).map((queued) => queued.lineId)).toContain(line.lineId);

      expect((await assign(line.lineId, { customerId: customerX, allocations: [{ key: b2, amount: '40.00' }] })).status).toBe(200);
      // The same assignment again is a retry, answered as the first; another one is told the line is taken.
      expect((await assign(line.lineId, { customerId: customerX, allocations: [{ key: b2, amount: '40.00' }] })).status).toBe(200);
      const other = await assign(line.lineId, { customerId: customerX, allocations: [{ key: b2, amount: '30.00' }] });
      expect(other.status).toBe(409);
      expect(message(other)).toMatch(/already booked/);
      expect((await accountOf(customerX)).openItems).toMatchObject([{ key: { number: 'BANK-2' }, open: '210' }]);
    });

    it("shows a customer's statement of account: figures per currency, open items with days overdue, credits", async () => {
      const account = await accountOf(customerY);
      expect(account.currencies).toEqual([{ currency: 'EUR', open: '70', claimsOpen: '0', credit: '50', balance: '20' }]);
      expect(account.openItems).toEqual([expect.objectContaining({ key: b4, dueDate: '2017-11-01', open: '70', daysOverdue: expect.any(Number) })]);
      expect(account.openItems[0]!.daysOverdue).toBeGreaterThan(18);
      expect(account.credits).toEqual([expect.objectContaining({ source: 'receipt', amount: '50', currency: 'EUR' })]);
      expect((await get('/api/customers/C-nobody/account')).status).toBe(404);
    });

    it("allocates a customer's credit to an open invoice, and refuses a refund of more than the credit (400)", async () => {
      const allocated = await useCredit(customerY, { kind: 'allocate', requestId: 'allocate-0001', invoice: b4, currency: 'EUR', amount: '30.00' });
      expect(allocated.status).toBe(200);
      expect((JSON.parse(allocated.body) as StatementOfAccount).currencies).toEqual([{ currency: 'EUR', open: '40', claimsOpen: '0', credit: '20', balance: '20' }]);

      const tooMuch = await useCredit(customerY, { kind: 'refund', requestId: 'refund-0001', currency: 'EUR', amount: '100.00', reference: 'refund to the payer' });
      expect(tooMuch.status).toBe(400);
      expect(message(tooMuch)).toMatch(/more than the customer's credit of 20/);
      expect((await useCredit(customerY, { kind: 'refund', requestId: 'x', currency: 'EUR', amount: '1.00', reference: 'r' })).status).toBe(400);

      const refunded = await useCredit(customerY, { kind: 'refund', requestId: 'refund-0002', currency: 'EUR', amount: '20.00', reference: 'refund to the payer' });
      expect(refunded.status).toBe(200);
      const after = JSON.parse(refunded.body) as StatementOfAccount;
      expect(after.currencies).toEqual([{ currency: 'EUR', open: '40', claimsOpen: '0', credit: '0', balance: '40' }]);
      expect(after.credits.map((entry) => [entry.source, entry.amount])).toEqual([
        ['receipt', '50'],
        ['allocated', '-30'],
        ['refund', '-20'],
      ]);
    });
  });

  describe('instalment plans', () => {
    interface PlanShown {
      readonly state: string;
      readonly on?: string;
      readonly date: string;
      readonly paidSince: string;
      readonly left: string;
      readonly instalments: readonly { readonly date: string; readonly amount: string; readonly runningTotal: string; readonly status: string }[];
    }
    interface InvoiceShown {
      readonly principal: { readonly open: string };
      readonly plan: PlanShown | null;
      readonly events: readonly { readonly type: string }[];
      readonly timeline: readonly { readonly date: string; readonly action: string; readonly reason?: string }[];
    }
    let planned: LedgerInvoice;
    let refused: LedgerInvoice;
    const detailOf = async (key: InvoiceKey) => JSON.parse((await get(`/api/invoices/${encodeURIComponent(key.sellerKey)}/${encodeURIComponent(key.number)}`)).body) as InvoiceShown;
    const recordPlan = (key: InvoiceKey, instalments: readonly [IsoDate, string][], extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
      change('/api/events', { invoice: key, type: 'plan', instalments: instalments.map(([date, amount]) => ({ date, amount })), ...extra }, headers);
    const daysOn = async (days: number) => addDays(isoDate(await today()), days);

    beforeAll(async () => {
      // Overdue and in collections, each of a customer the ledger has a profile of.
      const invoiceOf = async (number: string, customer: string) => {
        const record = await storeInvoice(host.collections.ledger, { number, customer, amountDue: '900.00' as Decimal, issueDate: isoDate('2017-10-01'), dueDate: isoDate('2017-11-01'), entryDate: isoDate('2017-10-01') });
        await host.collections.ledger.customers.upsert({ identities: identitiesOf(record.invoice.buyer), name: customer }, host.clock.now().toISOString());
        return record;
      };
      planned = await invoiceOf('PLAN-1', 'Plan Customer P');
      refused = await invoiceOf('PLAN-2', 'Plan Customer R');
    });

    it("heads an invoice's page with the figures of its row in the list: due date, state, days overdue and the next step", async () => {
      const { rows } = JSON.parse((await get(`/api/invoices?customer=${encodeURIComponent('Plan Customer R')}`)).body) as { rows: { number: string; dueDate: string; state: string; daysOverdue: number; nextStep: unknown }[] };
      const row = rows.find((candidate) => candidate.number === 'PLAN-2')!;
      expect(row.daysOverdue).toBeGreaterThan(0);
      expect(await detailOf(refused.key)).toMatchObject({ dueDate: row.dueDate, state: row.state, daysOverdue: row.daysOverdue, nextStep: row.nextStep });
    });

    it('refuses a plan that does not add up to what is open (409), naming how much short, and records nothing', async () => {
      const answer = await recordPlan(refused.key, [[await daysOn(10), '300.00'], [await daysOn(40), '500.00']]);
      expect(answer.status).toBe(409);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'plan-sum' });
      expect(message(answer)).toMatch(/add up to 800, but 900 is open on invoice PLAN-2 on \d{4}-\d{2}-\d{2} \(100 short\)/);
      const over = await recordPlan(refused.key, [[await daysOn(10), '950.00']]);
      expect(message(over)).toMatch(/\(50 over\)/);
      expect(await detailOf(refused.key)).toMatchObject({ principal: { open: '900' }, plan: null, events: [] });
    });

    it('refuses a plan without the session token (403) and records nothing', async () => {
      expect((await recordPlan(refused.key, [[await daysOn(10), '900.00']], {}, { 'x-csrf-token': '' })).status).toBe(403);
      expect((await detailOf(refused.key)).events).toEqual([]);
    });

    it("records a plan from the page once however often it is sent, and shows it on the invoice, the customer's page and the statement of account", async () => {
      const first = await daysOn(10);
      const second = await daysOn(40);
      const instalments: [IsoDate, string][] = [[first, '400.00'], [second, '500.00']];
      const sent = await recordPlan(planned.key, instalments, { requestId: 'plan-request-0001' });
      expect(sent.status).toBe(201);
      // The same request again is a retry: answered, not recorded a second time.
      expect((await recordPlan(planned.key, instalments, { requestId: 'plan-request-0001' })).status).toBe(200);

      const shown = {
        state: 'running',
        date: await today(),
        paidSince: '0',
        left: '900',
        instalments: [
          { date: first, amount: '400.00', runningTotal: '400', status: 'due' },
          { date: second, amount: '500.00', runningTotal: '900', status: 'upcoming' },
        ],
      };
      const detail = await detailOf(planned.key);
      expect(detail.events.filter((event) => event.type === 'plan')).toHaveLength(1);
      expect(detail.plan).toEqual(shown);
      const page = JSON.parse((await get(`/api/customers/${encodeURIComponent(planned.customerId)}`)).body) as { invoices: { number: string; plan: PlanShown | null }[] };
      expect(page.invoices).toEqual([expect.objectContaining({ number: 'PLAN-1', plan: shown })]);
      const account = JSON.parse((await get(`/api/customers/${encodeURIComponent(planned.customerId)}/account`)).body) as StatementOfAccount;
      expect(account.openItems).toEqual([expect.objectContaining({ key: planned.key, plan: shown })]);
    });

    it('shows the plan broken the day after a missed instalment and its grace days, as the invoice list and the run say too', async () => {
      // The standard policy's 2 grace days: the first instalment, unpaid, is found missed 3 days after its date.
      const first = (await detailOf(planned.key)).plan!.instalments[0]!.date as IsoDate;
      const brokenOn = addDays(first, 3);
      // A day past it: the run wakes at its step hour, which the clock's time of day may not have reached on the day itself.
      expect((await change('/api/clock', { jumpTo: addDays(brokenOn, 1) })).status).toBe(200);
      const detail = await detailOf(planned.key);
      expect(detail.plan).toMatchObject({ state: 'broken', on: brokenOn, instalments: [{ status: 'missed' }, { status: 'cancelled' }] });
      const list = JSON.parse((await get('/api/invoices?limit=200')).body) as { rows: { number: string; state: string }[] };
      expect(list.rows.find((row) => row.number === 'PLAN-1')?.state).not.toBe('paused: instalment plan');
      expect(detail.timeline).toContainEqual(expect.objectContaining({ date: brokenOn, action: 'resumed', reason: 'plan-broken' }));
    });
  });

  describe('late-payment claims', () => {
    interface Figures {
      readonly costs: string;
      readonly interest: string;
    }
    interface ClaimsShown {
      readonly principal: { readonly billed: string; readonly paid: string; readonly credited: string; readonly open: string; readonly overpaid: string };
      readonly claims: {
        readonly booked: Figures;
        readonly paid: Figures;
        readonly waived: Figures;
        readonly open: Figures;
        readonly openTotal: string;
        readonly order: readonly string[];
        readonly bookings: readonly { readonly date: string; readonly step: string; readonly law: string; readonly interest: string; readonly costs: string }[];
        readonly waivers: readonly { readonly date: string; readonly reason: string; readonly by: string }[];
      };
      readonly events: readonly { readonly type: string; readonly by?: string }[];
    }
    const LAW = '§ 288 (2) and (5) BGB';
    let claimed: LedgerInvoice;
    let bookedOn: IsoDate;
    const detailOf = async () => JSON.parse((await get(`/api/invoices/${encodeURIComponent(claimed.key.sellerKey)}/${encodeURIComponent(claimed.key.number)}`)).body) as ClaimsShown;
    const accountOf = async () => JSON.parse((await get(`/api/customers/${encodeURIComponent(claimed.customerId)}/account`)).body) as StatementOfAccount;
    const waive = (body: Record<string, unknown>, headers: Record<string, string> = {}) => change('/api/events', { invoice: claimed.key, type: 'claims-waived', ...body }, headers);
    const waiversRecorded = async () => (await detailOf()).events.filter((event) => event.type === 'claims-waived');

    beforeAll(async () => {
      claimed = await storeInvoice(host.collections.ledger, {
        number: 'CLAIM-1',
        customer: 'Claims Customer C',
        amountDue: '900.00' as Decimal,
        issueDate: isoDate('2017-10-01'),
        dueDate: isoDate('2017-11-01'),
        entryDate: isoDate('2017-10-01'),
      });
      await host.collections.ledger.customers.upsert({ identities: identitiesOf(claimed.invoice.buyer), name: 'Claims Customer C' }, host.clock.now().toISOString());
      // What a claiming step books: interest to its day and the fixed compensation, under principal first.
      bookedOn = addDays(isoDate(await today()), -5);
      await host.collections.ledger.events.record(claimed.key, {
        type: 'claim',
        date: bookedOn,
        interest: '12.34' as Decimal,
        costs: '40.00' as Decimal,
        order: ['principal', 'interest', 'costs'],
        step: 'reminder-2',
        law: LAW,
        id: 'claim-reminder-2',
        recordedAt: host.clock.now().toISOString(),
      });
      // The principal paid in full: the claims stay open beside it.
      expect((await change('/api/events', { invoice: claimed.key, requestId: 'claims-payment-0001', type: 'payment', amount: '900.00' })).status).toBe(201);
    });

    it('shows the principal and the claims apart on the invoice, with the law, each booking, and the order payments go in', async () => {
      const detail = await detailOf();
      expect(detail.principal).toEqual({ billed: '900.00', paid: '900', credited: '0', open: '0', overpaid: '0' });
      expect(detail.claims).toEqual({
        booked: { costs: '40', interest: '12.34' },
        paid: { costs: '0', interest: '0' },
        waived: { costs: '0', interest: '0' },
        open: { costs: '40', interest: '12.34' },
        openTotal: '52.34',
        order: ['principal', 'interest', 'costs'],
        bookings: [{ date: bookedOn, step: 'reminder-2', law: LAW, interest: '12.34', costs: '40.00' }],
        waivers: [],
      });
      const list = JSON.parse((await get('/api/invoices?limit=200')).body) as { rows: { number: string; openAmount: string; claimsOpen: string }[] };
      expect(list.rows.find((row) => row.number === 'CLAIM-1')).toMatchObject({ openAmount: '0', claimsOpen: '52.34' });
    });

    it("shows the claims open per invoice on the customer's page, and on the statement of account per invoice, per currency and in its movements", async () => {
      const page = JSON.parse((await get(`/api/customers/${encodeURIComponent(claimed.customerId)}`)).body) as { invoices: { number: string; open: string; claimsOpen: string }[] };
      expect(page.invoices).toEqual([expect.objectContaining({ number: 'CLAIM-1', open: '0.00', claimsOpen: '52.34' })]);
      const account = await accountOf();
      expect(account.currencies).toEqual([{ currency: 'EUR', open: '0', claimsOpen: '52.34', credit: '0', balance: '0' }]);
      // The principal is settled, but the claims keep it an open item.
      expect(account.openItems).toEqual([expect.objectContaining({ key: claimed.key, open: '0', claimsOpen: '52.34' })]);
      expect(account.movements.map(({ date, invoice, type, change: moved, balanceAfter, claimsChange, claimsOpenAfter }) => ({ date, invoice: invoice.number, type, moved, balanceAfter, claimsChange, claimsOpenAfter }))).toEqual([
        { date: bookedOn, invoice: 'CLAIM-1', type: 'claim', moved: '0', balanceAfter: '900', claimsChange: '52.34', claimsOpenAfter: '52.34' },
        { date: await today(), invoice: 'CLAIM-1', type: 'payment', moved: '-900', balanceAfter: '0', claimsChange: '0', claimsOpenAfter: '52.34' },
      ]);
    });

    it('refuses a waiver without the session token or from another origin (403), one naming who decides, and one without a reason or with an over-long one (400); records nothing', async () => {
      expect((await waive({ reason: 'goodwill' }, { 'x-csrf-token': '' })).status).toBe(403);
      expect((await waive({ reason: 'goodwill' }, { origin: 'http://127.0.0.1:1' })).status).toBe(403);
      const named = await waive({ reason: 'goodwill', by: 'someone-else' });
      expect(named.status).toBe(400);
      expect(message(named)).toMatch(/^body\.by: the console records who decides: the signed-in user$/);
      for (const reason of [undefined, '', '   ', 'x'.repeat(201)]) {
        const answer = await waive(reason === undefined ? {} : { reason });
        expect(answer.status, JSON.stringify(reason)).toBe(400);
        expect(message(answer)).toMatch(/^body\.reason: /);
      }
      expect(await waiversRecorded()).toEqual([]);
      expect((await detailOf()).claims.openTotal).toBe('52.34');
    });

    it('waives the open claims once however often the page sends it, recorded with the reason and the signed-in user as who', async () => {
      const body = { requestId: 'waive-request-0001', reason: '  goodwill: a long-standing customer  ' };
      expect((await waive(body)).status).toBe(201);
      // The same request again is a retry: answered, not recorded a second time.
      expect((await waive(body)).status).toBe(200);
      expect(await waiversRecorded()).toEqual([expect.objectContaining({ type: 'claims-waived', by: 'admin@local', recordedBy: 'admin@local' })]);
      const detail = await detailOf();
      expect(detail.claims).toMatchObject({
        waived: { costs: '40', interest: '12.34' },
        open: { costs: '0', interest: '0' },
        openTotal: '0',
        waivers: [{ date: await today(), reason: 'goodwill: a long-standing customer', by: 'admin@local' }],
      });
      expect(detail.principal.open).toBe('0');
      const account = await accountOf();
      expect(account.currencies).toEqual([{ currency: 'EUR', open: '0', claimsOpen: '0', credit: '0', balance: '0' }]);
      expect(account.openItems).toEqual([]);
      expect(account.movements.at(-1)).toMatchObject({ type: 'claims-waived', change: '0', claimsChange: '-52.34', claimsOpenAfter: '0' });
    });

    it('refuses a waiver when no claims are open (409), saying so, and records nothing', async () => {
      const answer = await waive({ requestId: 'waive-request-0002', reason: 'again' });
      expect(answer.status).toBe(409);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'no-claims' });
      expect(message(answer)).toMatch(/^invoice CLAIM-1 has no late-payment claims open on \d{4}-\d{2}-\d{2}: there is nothing to waive$/);
      expect(await waiversRecorded()).toHaveLength(1);
    });
  });

  describe('sign-in and roles', () => {
    const as = async (user: string) => {
      const session = await signIn(web.url, user);
      const headers = { origin, cookie: session.cookie, 'content-type': 'application/json', 'x-csrf-token': session.csrfToken };
      return {
        get: (path: string) => call(web.url, { path, headers: { cookie: session.cookie } }),
        post: (path: string, body: unknown) => call(web.url, { method: 'POST', path, headers, body: JSON.stringify(body) }),
      };
    };
    const eventsOf = async (key: InvoiceKey) =>
      (JSON.parse((await get(`/api/invoices/${encodeURIComponent(key.sellerKey)}/${encodeURIComponent(key.number)}`)).body) as {
        events: { type: string; recordedBy?: string }[];
        audit: { action: string; detail: string; by?: string }[];
      });

    it('answers 401 to the API without a session, and lists the dev users, local only, for the sign-in page', async () => {
      for (const path of ['/api/session', '/api/invoices', '/api/clock']) {
        const answer = await call(web.url, { path });
        expect(answer.status).toBe(401);
        expect(message(answer)).toMatch(/^sign in first/);
      }
      expect(JSON.parse((await call(web.url, { path: '/sign-in.json' })).body)).toEqual({
        kind: 'local',
        page: '/sign-in.html',
        users: [
          { name: 'viewer@local', role: 'viewer' },
          { name: 'collector@local', role: 'collector' },
          { name: 'manager@local', role: 'credit-manager' },
          { name: 'admin@local', role: 'admin' },
        ],
      });
    });

    it('sets an HttpOnly, SameSite=Strict session cookie of a random id, and a CSRF token of its own per session', async () => {
      const answer = await call(web.url, { method: 'POST', path: '/api/sign-in', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ user: 'viewer@local' }) });
      expect(answer.status).toBe(200);
      expect(answer.headers['set-cookie']).toEqual([expect.stringMatching(/^cc_session=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/$/)]);
      const [one, two] = [await signIn(web.url, 'viewer@local'), await signIn(web.url, 'viewer@local')];
      expect(one.cookie).not.toBe(two.cookie);
      expect(one.csrfToken).toMatch(/^[\w-]{43}$/);
      expect(one.csrfToken).not.toBe(two.csrfToken);
    });

    it('refuses a sign-in from another origin (403) and as someone who is not a dev user (400)', async () => {
      const elsewhere = await call(web.url, { method: 'POST', path: '/api/sign-in', headers: { origin: 'http://127.0.0.1:1', 'content-type': 'application/json' }, body: JSON.stringify({ user: 'admin@local' }) });
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.headers['set-cookie']).toBeUndefined();
      const stranger = await call(web.url, { method: 'POST', path: '/api/sign-in', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ user: 'root' }) });
      expect(stranger.status).toBe(400);
      expect(message(stranger)).toMatch(/sign in as one of viewer@local, collector@local, manager@local, admin@local/);
    });

    it("tells the page who is signed in and what the role may do, and takes another session's CSRF token for nothing", async () => {
      const viewer = await signIn(web.url, 'viewer@local');
      const session = JSON.parse((await call(web.url, { path: '/api/session', headers: { cookie: viewer.cookie } })).body) as { user: string; role: string; may: string[]; events: string[] };
      expect(session).toMatchObject({ user: 'viewer@local', role: 'viewer', events: [] });
      expect(session.may).toContain('invoices');
      expect(session.may).not.toContain('events');
      const collector = JSON.parse((await (await as('collector@local')).get('/api/session')).body) as { may: string[]; events: string[] };
      expect(collector.events.sort()).toEqual(['call-outcome', 'payment', 'plan', 'promise']);
      expect(collector.may).toContain('events');
      expect(collector.may).not.toContain('credit-limit');
      const manager = await signIn(web.url, 'manager@local');
      const crossed = await call(web.url, {
        method: 'POST',
        path: '/api/events',
        headers: { origin, cookie: manager.cookie, 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify({ invoice: snippet, type: 'dispute' }),
      });
      expect(crossed.status).toBe(403);
    });

    it('refuses every change to a viewer (403), naming the role it needs, before reading the body', async () => {
      const viewer = await as('viewer@local');
      for (const [path, body] of [
        ['/api/events', { invoice: snippet, type: 'payment', amount: '1.00' }],
        ['/api/clock', { advanceDays: 1 }],
        ['/api/settings', {}],
        ['/api/quarantine/x/release', {}],
      ] as const) {
        const answer = await viewer.post(path, body);
        expect(answer.status, path).toBe(403);
        expect(message(answer)).toMatch(/^viewer@local is signed in as viewer: .* needs the (collector|credit-manager|admin) role or higher$/);
      }
      expect((await viewer.get('/api/invoices')).status).toBe(200);
    });

    it("lets a collector record a call outcome, recorded as theirs in the event and the audit trail, but not a limit or a dispute's resolution", async () => {
      const collector = await as('collector@local');
      expect((await collector.post('/api/events', { invoice: snippet, requestId: 'collector-call-0001', type: 'call-outcome', outcome: 'no-answer' })).status).toBe(201);
      const { events, audit } = await eventsOf(snippet);
      expect(events).toContainEqual(expect.objectContaining({ type: 'call-outcome', recordedBy: 'collector@local' }));
      expect(audit).toContainEqual(expect.objectContaining({ action: 'event-recorded', by: 'collector@local' }));
      const resolved = await collector.post('/api/events', { invoice: snippet, type: 'dispute-resolved', outcome: 'rejected' });
      expect(resolved.status).toBe(403);
      expect(message(resolved)).toBe('collector@local is signed in as collector: recording a dispute-resolved event needs the credit-manager role or higher');
      const { id } = await host.collections.ledger.customers.upsert({ identities: ['vat:DE999999999'], name: 'Limit Customer L' }, host.clock.now().toISOString());
      const limit = await collector.post(`/api/customers/${id}/credit-limit`, { creditLimit: { amount: '5000.00', currency: 'EUR' } });
      expect(limit.status).toBe(403);
      expect((await host.collections.ledger.customers.get(id))?.creditLimit).toBeNull();
    });

    it("lets a credit manager set a limit, kept with who and when in the customer's changes, and publish no settings", async () => {
      const manager = await as('manager@local');
      const { id } = await host.collections.ledger.customers.upsert({ identities: ['vat:DE888888888'], name: 'Limit Customer M' }, host.clock.now().toISOString());
      const answer = await manager.post(`/api/customers/${id}/credit-limit`, { creditLimit: { amount: '5000.00', currency: 'EUR' } });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({
        customer: { creditLimit: { amount: '5000.00', currency: 'EUR' } },
        changes: [{ by: 'manager@local', at: host.clock.now().toISOString(), action: 'customer-changed', detail: 'credit limit EUR 5000.00 (was none)' }],
      });
      expect((await manager.post(`/api/customers/${id}/credit-limit`, { creditLimit: { amount: '5000.001', currency: 'EUR' } })).status).toBe(400);
      expect((await manager.post('/api/settings', {})).status).toBe(403);
    });

    it('ends the session on sign-out: its cookie answers 401 after', async () => {
      const session = await signIn(web.url, 'collector@local');
      const out = await call(web.url, { method: 'POST', path: '/api/sign-out', headers: { origin, cookie: session.cookie, 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: '{}' });
      expect(out.status).toBe(200);
      expect(out.headers['set-cookie']).toEqual(['cc_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0']);
      expect((await call(web.url, { path: '/api/session', headers: { cookie: session.cookie } })).status).toBe(401);
    });

    it("lets an admin change a user's role, in force from that user's next request and kept in the users' trail as theirs, but not their own admin role", async () => {
      const admin = await as('admin@local');
      const collector = await as('collector@local');
      expect((await collector.get('/api/users')).status).toBe(403);
      expect(JSON.parse((await admin.get('/api/users')).body)).toMatchObject({
        total: 4,
        rows: [
          { name: 'admin@local', role: 'admin', enabled: true },
          { name: 'collector@local', role: 'collector', enabled: true },
          { name: 'manager@local', role: 'credit-manager', enabled: true },
          { name: 'viewer@local', role: 'viewer', enabled: true },
        ],
      });
      expect((await collector.post('/api/users/collector%40local/role', { role: 'admin' })).status).toBe(403);
      expect((await admin.post('/api/users/collector%40local/role', { role: 'boss' })).status).toBe(400);
      expect((await admin.post('/api/users/nobody%40local/role', { role: 'viewer' })).status).toBe(404);
      const own = await admin.post('/api/users/admin%40local/role', { role: 'viewer' });
      expect(own.status).toBe(409);
      expect(message(own)).toBe('admin@local cannot take away their own admin role: another admin does that');

      const demoted = await admin.post('/api/users/collector%40local/role', { role: 'viewer' });
      expect(JSON.parse(demoted.body)).toEqual({ name: 'collector@local', role: 'viewer', was: 'collector', changed: true, by: 'admin@local', at: host.clock.now().toISOString() });
      const refused = await collector.post('/api/events', { invoice: snippet, type: 'call-outcome', outcome: 'no-answer' });
      expect(message(refused)).toBe('collector@local is signed in as viewer: POST /api/events needs the collector role or higher');
      expect(JSON.parse((await collector.get('/api/session')).body)).toMatchObject({ role: 'viewer' });
      const listed = JSON.parse((await admin.get('/api/users')).body) as { rows: { name: string; role: string }[]; changes: { by: string; action: string; detail: string }[] };
      expect(listed.rows).toContainEqual(expect.objectContaining({ name: 'collector@local', role: 'viewer' }));
      expect(listed.changes[0]).toMatchObject({ by: 'admin@local', action: 'role-changed', detail: 'collector@local: viewer (was collector)' });

      // A call task goes to a collector or higher: not to a viewer, nor to someone unknown.
      await host.collections.ledger.callTasks.open({ invoiceKey: snippet, stepId: 'call', createdOn: await today() as IsoDate, expiresOn: addDays((await today()) as IsoDate, 7), openAmount: '1.00' as Decimal, currency: 'EUR', reference: 'RF-SNIPPET' });
      const manager = await as('manager@local');
      expect(message(await manager.post('/api/worklist/assign', { invoice: snippet, collector: 'collector@local' }))).toBe('body.collector: collector@local is viewer: a call task goes to a collector or higher');
      expect(message(await manager.post('/api/worklist/assign', { invoice: snippet, collector: 'ghost@local' }))).toBe('body.collector: no user ghost@local');
      expect((await admin.post('/api/users/collector%40local/role', { role: 'collector' })).status).toBe(200);
      expect((await manager.post('/api/worklist/assign', { invoice: snippet, collector: 'collector@local' })).status).toBe(200);
      expect(JSON.parse((await collector.get('/api/worklist?collector=me')).body)).toMatchObject({ total: 1, rows: [{ invoiceKey: snippet, assignee: 'collector@local' }] });
    });
  });
});
