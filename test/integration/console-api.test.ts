import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3DocumentStore } from '../../functions/adapters/document-store';
import { isoDate } from '../../functions/domain/calendar';
import { identitiesOf } from '../../functions/domain/credit';
import type { InvoiceKey, LedgerInvoice } from '../../functions/domain/intake';
import type { Decimal } from '../../functions/domain/money';
import type * as HandlerModule from '../../functions/console-api/handler';
import { consoleBackendOf } from '../../functions/console-api/deps';
import { recordDelivery } from '../../functions/record-delivery/record';
import { ENV } from '../../functions/adapters/ledger-schema';
import { CognitoUserDirectory } from '../../functions/console-api/cognito-users';
import { LOCAL_BOOKING } from '../../local/collections-host';
import { startCollectionsWorld, type CollectionsWorld } from '../support/collections-world';
import { UserPoolInMemory } from '../support/cognito-pool';
import { lambdaContext } from '../support/lambda';

/** The claims API Gateway's JWT authorizer passes on from a verified ID token: the groups as it writes an array, `[a b]`. */
const claimsOf = (email: string, groups: readonly string[]) => ({ email, 'cognito:username': email.split('@')[0]!, sub: `sub-${email}`, 'cognito:groups': `[${groups.join(' ')}]` });

/** The payload (version 2.0) API Gateway's HTTP API hands the function for a request to `ANY /api/{proxy+}`. */
function requestOf(method: 'GET' | 'POST', path: string, options: { claims?: Record<string, string> | null; body?: unknown; contentType?: string } = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [rawPath, rawQueryString = ''] = path.split('?');
  return {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath,
    rawQueryString,
    headers: { 'content-type': options.contentType ?? 'application/json' },
    requestContext: {
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: 'ANY /api/{proxy+}',
      ...(options.claims === null ? {} : { authorizer: { jwt: { claims: options.claims ?? {}, scopes: null }, principalId: '', integrationLatency: 0 } }),
    },
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

describe('the console API Lambda', () => {
  let world: CollectionsWorld;
  let handler: ReturnType<typeof HandlerModule.makeHandler>;
  let invoice: LedgerInvoice;
  const pool = new UserPoolInMemory({ 'vera@example.com': ['viewer'], 'colin@example.com': ['viewer', 'collector'], 'maria@example.com': ['credit-manager'], 'ada@example.com': ['admin'] });
  const VIEWER = claimsOf('vera@example.com', ['viewer']);
  const COLLECTOR = claimsOf('colin@example.com', ['viewer', 'collector']);
  const MANAGER = claimsOf('maria@example.com', ['credit-manager']);
  const ADMIN = claimsOf('ada@example.com', ['admin']);

  const send = async (request: APIGatewayProxyEventV2WithJWTAuthorizer) => {
    const result = (await handler(request, lambdaContext('console-api'))) as APIGatewayProxyStructuredResultV2;
    const isJson = String(result.headers?.['content-type']).startsWith('application/json');
    return { status: result.statusCode!, headers: result.headers ?? {}, body: isJson ? (JSON.parse(result.body!) as Record<string, unknown>) : {}, raw: result };
  };
  const get = (claims: Record<string, string> | null, path: string) => send(requestOf('GET', path, { claims }));
  const post = (claims: Record<string, string>, path: string, body: unknown) => send(requestOf('POST', path, { claims, body }));
  const eventsOf = async (key: InvoiceKey) => (await world.collections.ledger.cases.get(key))!.events;

  beforeAll(async () => {
    world = await startCollectionsWorld(isoDate('2026-03-20'));
    // The handler module builds its backend from the environment at import, as at a cold start: the collections host has set it.
    process.env[ENV.userPoolId] = 'eu-central-1_test';
    const { makeHandler } = await import('../../functions/console-api/handler');
    const { collections, clients, clock } = world;
    handler = makeHandler(
      consoleBackendOf({
        ledger: collections.ledger,
        workflow: collections.workflow,
        documents: new S3DocumentStore(clients.s3, 'documents'),
        executions: { execution: async (name) => collections.stepFunctions.execution(name) ?? null },
        clock,
        booking: LOCAL_BOOKING,
        users: new CognitoUserDirectory(pool, 'eu-central-1_test'),
      }),
    );
    invoice = await world.addInvoice({ number: 'CONSOLE-1', customer: 'Console Customer C', amountDue: '1200.00' as Decimal, issueDate: isoDate('2026-02-01'), dueDate: isoDate('2026-03-01') });
    await collections.ledger.customers.upsert({ identities: identitiesOf(invoice.invoice.buyer), name: 'Console Customer C' }, clock.now().toISOString());
  }, 120_000);
  afterAll(async () => world?.stop());

  it("answers each role with who is signed in and what the role may do, from the token's claims", async () => {
    for (const [claims, role] of [[VIEWER, 'viewer'], [COLLECTOR, 'collector'], [MANAGER, 'credit-manager'], [ADMIN, 'admin']] as const) {
      const answer = await get(claims, '/api/session');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ user: claims.email, role });
      expect(answer.body.csrfToken).toBeUndefined();
      // Not in AWS: the virtual clock and the SES emulator are npm start's.
      expect(answer.body.may).not.toContain('set-clock');
      expect(answer.headers['content-security-policy']).toMatch(/^default-src 'none';/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('refuses a token of none of the groups (403) and a request without verified claims (401)', async () => {
    const outsider = await get(claimsOf('otto@example.com', ['finance']), '/api/invoices');
    expect(outsider.status).toBe(403);
    expect(outsider.body.message).toBe("otto@example.com is in none of the console's groups (viewer, collector, credit-manager, admin): an admin adds them to one");
    expect((await get(null, '/api/invoices')).status).toBe(401);
  });

  it('serves no local-only route: the clock, its history and the SES mailbox are 404', async () => {
    for (const path of ['/api/clock', '/api/history', '/api/emails']) expect((await get(ADMIN, path)).status, path).toBe(404);
    expect((await post(ADMIN, '/api/clock', { advanceDays: 1 })).status).toBe(404);
  });

  it('lets a viewer read, and refuses the viewer a payment (403), recording nothing', async () => {
    const list = await get(VIEWER, '/api/invoices');
    expect(list.status).toBe(200);
    expect((list.body.rows as { number: string }[]).map((row) => row.number)).toContain('CONSOLE-1');
    const refused = await post(VIEWER, '/api/events', { invoice: invoice.key, type: 'payment', amount: '100.00' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('vera@example.com is signed in as viewer: POST /api/events needs the collector role or higher');
    expect(await eventsOf(invoice.key)).toEqual([]);
  });

  it('records a collector\'s payment as theirs, in the event and the audit trail, and refuses the collector a dispute\'s resolution', async () => {
    const paid = await post(COLLECTOR, '/api/events', { invoice: invoice.key, requestId: 'lambda-payment-0001', type: 'payment', amount: '100.00' });
    expect(paid.status).toBe(201);
    expect(await eventsOf(invoice.key)).toEqual([expect.objectContaining({ type: 'payment', amount: '100.00', date: '2026-03-20', recordedBy: 'colin@example.com' })]);
    expect(await world.collections.ledger.audit.trail(invoice.key)).toContainEqual(expect.objectContaining({ action: 'event-recorded', by: 'colin@example.com' }));
    const resolved = await post(COLLECTOR, '/api/events', { invoice: invoice.key, type: 'dispute-resolved', outcome: 'rejected' });
    expect(resolved.status).toBe(403);
    expect(resolved.body.message).toBe('colin@example.com is signed in as collector: recording a dispute-resolved event needs the credit-manager role or higher');
  });

  it('lets a credit manager record and resolve a dispute, each recorded as theirs', async () => {
    expect((await post(MANAGER, '/api/events', { invoice: invoice.key, requestId: 'lambda-dispute-0001', type: 'dispute' })).status).toBe(201);
    expect((await post(MANAGER, '/api/events', { invoice: invoice.key, requestId: 'lambda-resolve-0001', type: 'dispute-resolved', outcome: 'rejected' })).status).toBe(201);
    const decided = (await eventsOf(invoice.key)).filter((event) => event.type.startsWith('dispute'));
    expect(decided.map((event) => [event.type, event.recordedBy])).toEqual([
      ['dispute', 'maria@example.com'],
      ['dispute-resolved', 'maria@example.com'],
    ]);
  });

  it('queues an open dispute with its reason, note, amount and age, credits the part a credit manager upholds, and counts it by reason, customer and month', async () => {
    const disputed = await world.addInvoice({ number: 'CONSOLE-2', customer: 'Console Customer C', amountDue: '800.00' as Decimal, issueDate: isoDate('2026-02-10'), dueDate: isoDate('2026-03-10') });
    expect((await post(MANAGER, '/api/events', { invoice: disputed.key, requestId: 'lambda-dispute-0002', type: 'dispute', reason: 'quantity', note: 'two crates short' })).status).toBe(201);
    const queue = await get(VIEWER, '/api/disputes?reason=quantity');
    expect(queue.body).toMatchObject({
      total: 1,
      rows: [{ invoice: disputed.key, customerName: 'Console Customer C', reason: 'quantity', note: 'two crates short', disputedAmount: '800.00', currency: 'EUR', raisedOn: '2026-03-20', ageDays: 0, openAmount: '800.00' }],
    });
    expect((await get(VIEWER, '/api/disputes?sort=amount')).body.message).toBe('query.sort: must be one of age, disputed, customer, number');

    const resolved = await post(MANAGER, '/api/events', { invoice: disputed.key, requestId: 'lambda-resolve-0002', type: 'dispute-resolved', outcome: 'upheld-in-part', amount: '300.00', note: 'credit for the crates' });
    expect(resolved.status).toBe(201);
    expect((await get(VIEWER, '/api/disputes?reason=quantity')).body.total).toBe(0);
    const detail = await get(VIEWER, `/api/invoices/${encodeURIComponent(disputed.key.sellerKey)}/CONSOLE-2`);
    expect(detail.body.principal).toMatchObject({ credited: '300', open: '500' });

    const analytics = await get(VIEWER, '/api/disputes/analytics?from=2026-02&to=2026-03');
    expect(analytics.body).toMatchObject({ from: '2026-02', to: '2026-03', customerNames: { [disputed.customerId]: 'Console Customer C' } });
    expect(analytics.body.byReason).toContainEqual({ key: 'quantity', count: 1, outcomes: { open: 0, rejected: 0, upheld: 0, 'upheld-in-part': 1 }, amounts: [{ currency: 'EUR', disputed: '800.00', credited: '300.00' }] });
    expect((analytics.body.byMonth as { key: string }[]).map((month) => month.key)).toEqual(['2026-02', '2026-03']);
    expect((await get(VIEWER, '/api/disputes/analytics?from=2026-04&to=2026-03')).status).toBe(400);
  });

  it("refuses the collector a customer's limit (403), and sets the credit manager's, kept with who and when", async () => {
    const path = `/api/customers/${encodeURIComponent(invoice.customerId)}/credit-limit`;
    const body = { creditLimit: { amount: '2500.00', currency: 'EUR' } };
    expect((await post(COLLECTOR, path, body)).status).toBe(403);
    const set = await post(MANAGER, path, body);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      customer: { creditLimit: { amount: '2500.00', currency: 'EUR' } },
      changes: [{ action: 'customer-changed', by: 'maria@example.com', at: world.clock.now().toISOString(), detail: 'credit limit EUR 2500.00 (was none)' }],
    });
  });

  it('lets only an admin publish settings, kept with who published them', async () => {
    const current = (await get(VIEWER, '/api/settings')).body as { segments: unknown[]; policies: Record<string, { policy: unknown }> };
    const document = { segments: current.segments, policies: Object.fromEntries(Object.entries(current.policies).map(([name, version]) => [name, version.policy])) };
    expect((await post(MANAGER, '/api/settings', document)).status).toBe(403);
    const published = await post(ADMIN, '/api/settings', document);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ changed: true, published: { version: 1, publishedBy: 'ada@example.com' } });
    const refused = await post(ADMIN, '/api/settings', { segments: [] });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^settings /);
  });

  it('puts a quarantined file back where it came in, once, for a credit manager, and refuses a collector', async () => {
    await world.clients.s3.send(new PutObjectCommand({ Bucket: 'documents', Key: 'quarantine/F-1/order.xml', Body: '<Order/>' }));
    await world.collections.ledger.quarantine.record({
      code: 'not-an-einvoice',
      message: 'not an e-invoice',
      sourceKey: 'inbox/order.xml',
      fileId: 'F-1',
      receivedAt: '2026-03-19T09:00:00.000Z',
      quarantinedAt: '2026-03-19T09:00:01.000Z',
    });
    expect((await post(COLLECTOR, '/api/quarantine/F-1/release', {})).status).toBe(403);
    const released = await post(MANAGER, '/api/quarantine/F-1/release', {});
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ fileId: 'F-1', released: { by: 'maria@example.com', at: world.clock.now().toISOString() } });
    const documents = new S3DocumentStore(world.clients.s3, 'documents');
    expect(await documents.fetch('inbox/order.xml', 1000)).toMatchObject({ kind: 'read' });
    const again = await post(MANAGER, '/api/quarantine/F-1/release', {});
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/^file F-1 was already put back by maria@example\.com at /);
  });

  it('lists each reminder with its address and what SES reported, and lets a collector close the task a bounce opened with another address, kept as theirs', async () => {
    const { ledger } = world.collections;
    const address = 'ap@c-1.example';
    await ledger.deliveries.recordSend({ invoiceKey: invoice.key, customerId: invoice.customerId, stepId: 'reminder-1', on: isoDate('2026-03-04'), messageId: 'ses-console-1', reason: null, recordedAt: '2026-03-04T06:00:00.000Z' }, 'sent');
    const bounce = { kind: 'bounced', id: 'bounce:fb-1', at: '2026-03-04T06:01:00.000Z', bounceType: 'permanent', recipients: [address], detail: 'General: 550 5.1.1 user unknown' } as const;
    await recordDelivery({ messageId: 'ses-console-1', event: bounce }, { ledger });
    expect((await get(VIEWER, '/api/deliveries?state=bounced')).body).toMatchObject({
      total: 1,
      offset: 0,
      limit: 50,
      rows: [{ number: 'CONSOLE-1', customer: 'Console Customer C', stepId: 'reminder-1', on: '2026-03-04', address, state: 'bounced', events: [bounce] }],
    });
    expect((await get(VIEWER, '/api/deliveries?state=gone')).status).toBe(400);

    const tasks = await get(VIEWER, '/api/contact-tasks');
    expect(tasks.body).toMatchObject({ total: 1, rows: [{ customerId: invoice.customerId, customer: 'Console Customer C', address, why: 'bounced' }] });
    const path = `/api/contact-tasks/${encodeURIComponent((tasks.body.rows as { id: string }[])[0]!.id)}/resolve`;
    expect((await post(VIEWER, path, { note: 'called' })).status).toBe(403);
    expect(await post(COLLECTOR, path, { address })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^body\.address: ap@c-1\.example bounced permanently on 2026-03-04/) } });
    expect(await post(COLLECTOR, path, {})).toMatchObject({ status: 400, body: { message: 'body: send the new address or a note of what was done, or both' } });
    const resolved = await post(COLLECTOR, path, { address: 'ar@c-1.example', note: 'reception gave the accounts address' });
    expect(resolved).toMatchObject({ status: 200, body: { status: 'resolved', resolution: { by: 'colin@example.com', at: world.clock.now().toISOString(), address: 'ar@c-1.example', note: 'reception gave the accounts address' } } });
    expect(await post(COLLECTOR, path, { note: 'again' })).toMatchObject({ status: 409, body: { message: expect.stringMatching(/was resolved by colin@example\.com at /) } });
    expect((await get(VIEWER, '/api/contact-tasks')).body.total).toBe(0);
    const customer = (await get(VIEWER, `/api/customers/${encodeURIComponent(invoice.customerId)}`)).body as { customer: { contacts: unknown[] }; changes: unknown[] };
    expect(customer.customer.contacts[0]).toEqual({ name: null, email: 'ar@c-1.example', phone: null });
    expect(customer.changes).toContainEqual(expect.objectContaining({ by: 'colin@example.com', detail: 'contact ar@c-1.example added: another contact for ap@c-1.example (bounced)' }));
  });

  it('sets a quarantined file aside for a credit manager, with a reason, as theirs: it leaves the open list, its original stays to download', async () => {
    await world.clients.s3.send(new PutObjectCommand({ Bucket: 'documents', Key: 'quarantine/F-2/po-7.xml', Body: '<Order>7</Order>' }));
    await world.collections.ledger.quarantine.record({ code: 'not-an-einvoice', message: 'not an e-invoice', sourceKey: 'inbox/po-7.xml', fileId: 'F-2', receivedAt: '2026-03-19T10:00:00.000Z', quarantinedAt: '2026-03-19T10:00:01.000Z' });
    expect(((await get(VIEWER, '/api/quarantine')).body.rows as { fileId: string }[]).map((row) => row.fileId)).toEqual(['F-2']);
    expect((await post(COLLECTOR, '/api/quarantine/F-2/discard', { reason: 'a purchase order' })).status).toBe(403);
    expect((await post(MANAGER, '/api/quarantine/F-2/discard', {})).status).toBe(400);
    const discarded = await post(MANAGER, '/api/quarantine/F-2/discard', { reason: 'a purchase order, sent by mistake' });
    expect(discarded).toMatchObject({ status: 200, body: { fileId: 'F-2', state: 'discarded', discarded: { by: 'maria@example.com', at: world.clock.now().toISOString(), reason: 'a purchase order, sent by mistake' } } });
    expect((await get(VIEWER, '/api/quarantine')).body).toMatchObject({ rows: [], total: 0 });
    expect((await get(VIEWER, '/api/quarantine?state=all')).body.rows).toEqual([
      expect.objectContaining({ fileId: 'F-2', state: 'discarded' }),
      expect.objectContaining({ fileId: 'F-1', state: 'released', released: expect.objectContaining({ by: 'maria@example.com' }) }),
    ]);
    expect((await post(MANAGER, '/api/quarantine/F-2/release', {})).body.message).toMatch(/^file F-2 was set aside by maria@example\.com at .*: a purchase order, sent by mistake$/);
    expect((await post(MANAGER, '/api/quarantine/F-9/discard', { reason: 'x' })).status).toBe(404);
    const original = await get(VIEWER, '/api/quarantine/F-2/original');
    expect(original.status).toBe(200);
    expect(original.headers['content-disposition']).toMatch(/^attachment; filename="po-7\.xml"/);
    expect(Buffer.from(original.raw.body!, 'base64').toString('utf8')).toBe('<Order>7</Order>');
  });

  it("hands out an invoice's original as a sandboxed download, base64 as API Gateway passes bytes", async () => {
    const answer = await get(VIEWER, `/api/original/${encodeURIComponent(invoice.key.sellerKey)}/CONSOLE-1`);
    expect(answer.status).toBe(200);
    expect(answer.raw.isBase64Encoded).toBe(true);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(answer.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(JSON.parse(Buffer.from(answer.raw.body!, 'base64').toString('utf8'))).toMatchObject({ number: 'CONSOLE-1' });
  });

  it("gives a call task to a collector for a credit manager, kept in the invoice's trail as theirs, and shows each collector their own and nobody's", async () => {
    const { ledger } = world.collections;
    await ledger.callTasks.open({ invoiceKey: invoice.key, stepId: 'call', createdOn: isoDate('2026-03-20'), expiresOn: isoDate('2026-03-27'), openAmount: '1200.00' as Decimal, currency: 'EUR', reference: 'RF18CONSOLE1' });
    const CLEO = claimsOf('cleo@example.com', ['collector']);
    expect((await get(CLEO, '/api/worklist')).body).toMatchObject({ collector: 'me+unassigned', total: 1, rows: [{ invoiceKey: invoice.key, assignee: null, customer: 'Console Customer C' }] });
    const assign = { invoice: invoice.key, collector: 'colin@example.com' };
    expect((await post(COLLECTOR, '/api/worklist/assign', assign)).status).toBe(403);
    expect((await post(MANAGER, '/api/worklist/assign', { ...assign, by: 'someone' })).status).toBe(400);
    expect((await post(MANAGER, '/api/worklist/assign', { invoice: { sellerKey: 'nobody', number: 'X' }, collector: null })).status).toBe(404);
    const given = await post(MANAGER, '/api/worklist/assign', assign);
    expect(given).toMatchObject({ status: 200, body: { tasks: ['call'], assignment: { collector: 'colin@example.com', by: 'maria@example.com', at: world.clock.now().toISOString() } } });

    expect((await get(CLEO, '/api/worklist')).body.total).toBe(0);
    const colins = await get(COLLECTOR, '/api/worklist');
    expect(colins.body).toMatchObject({ total: 1, rows: [{ assignee: 'colin@example.com', reference: 'RF18CONSOLE1', customer: 'Console Customer C' }] });
    const [row] = colins.body.rows as { contacts: { email: string | null; undeliverable: object | null }[]; history: string[] }[];
    expect(row!.contacts).toContainEqual(expect.objectContaining({ email: 'ap@c-1.example', undeliverable: expect.objectContaining({ why: 'bounced' }) }));
    expect(row!.history).toEqual(expect.any(Array));
    expect((await get(VIEWER, '/api/worklist?collector=unassigned')).body.total).toBe(0);
    expect((await get(VIEWER, '/api/worklist?collector=colin%40example.com')).body.total).toBe(1);

    expect((await post(MANAGER, '/api/worklist/assign', { invoice: invoice.key, collector: null })).status).toBe(200);
    const trail = (await ledger.audit.trail(invoice.key)).filter((entry) => entry.action === 'call-task-assigned');
    // Both at the same instant of the test's clock: the trail keeps them in the order of their ids.
    expect(trail.map(({ by, detail }) => [by, detail]).sort()).toEqual([
      ['maria@example.com', 'call task call given to colin@example.com (was nobody)'],
      ['maria@example.com', 'call task call given to nobody (was colin@example.com)'],
    ]);
  });

  it("lets an admin list the pool's users and move one to another group, recorded with who; refuses a non-admin and an admin's own demotion", async () => {
    expect((await get(MANAGER, '/api/users')).status).toBe(403);
    expect((await get(MANAGER, '/api/collectors')).body).toEqual({ rows: [{ name: 'ada@example.com' }, { name: 'colin@example.com' }, { name: 'maria@example.com' }] });
    expect((await get(COLLECTOR, '/api/collectors')).status).toBe(403);
    const listed = await get(ADMIN, '/api/users');
    expect(listed.status).toBe(200);
    expect(listed.body.rows).toContainEqual({ name: 'vera@example.com', role: 'viewer', enabled: true });
    const changed = await post(ADMIN, '/api/users/vera%40example.com/role', { role: 'collector' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'vera@example.com', role: 'collector', was: 'viewer', by: 'ada@example.com' });
    expect(pool.groupsOf('vera@example.com')).toEqual(['collector']);
    expect(((await get(ADMIN, '/api/users')).body as { changes: unknown[] }).changes[0]).toMatchObject({ by: 'ada@example.com' });
    expect((await post(ADMIN, '/api/users/ada%40example.com/role', { role: 'viewer' })).status).toBe(409);
    expect((await post(ADMIN, '/api/users/nobody%40example.com/role', { role: 'viewer' })).status).toBe(404);
  });

  it('refuses a body that is not JSON (400) or not declared as JSON (415), as the local console does', async () => {
    expect((await send(requestOf('POST', '/api/events', { claims: COLLECTOR, body: '{"type":' }))).status).toBe(400);
    expect((await send(requestOf('POST', '/api/events', { claims: COLLECTOR, body: '{}', contentType: 'text/plain' }))).status).toBe(415);
    expect((await get(VIEWER, '/api/nowhere')).status).toBe(404);
    expect((await get(VIEWER, '/api/events')).status).toBe(405);
  });
});
