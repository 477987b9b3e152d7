import type { IncomingMessage, ServerResponse } from 'node:http';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { daysBetween, parseIsoDate } from '../../functions/domain/calendar';
import { today } from '../../functions/domain/clock';
import { executionNameOf } from '../../functions/domain/collections';
import type { InvoiceKey } from '../../functions/domain/intake';
import { CollectionsEventSchema, describeInvalid } from '../../functions/domain/policy';
import { LOCAL_BUCKET } from '../intake-host';
import type { SystemHost } from '../system-host';
import { creditReport, customerDetail, customerSummaries } from './customer-view';
import { agingOf, invoiceSummaries } from './portfolio-view';

type Json = Record<string, unknown> | readonly unknown[];

const send = (response: ServerResponse, status: number, body: Json): void => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
};

const bodyOf = async (request: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
};

/**
 * The console's JSON API: what the Step Functions, DynamoDB and SES consoles would show, and the
 * collector's and the clock's controls. Events go through the operations API's handler.
 */
export async function handleApi(host: SystemHost, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const ledger = host.collections.ledger;
  if (request.method === 'GET' && path === '/api/clock') return send(response, 200, { now: host.clock.now().toISOString(), today: today(host.clock), daysPerSecond: host.speed() });
  if (request.method === 'POST' && path === '/api/clock') {
    const command = (await bodyOf(request)) as { daysPerSecond?: unknown; advanceDays?: unknown; jumpTo?: unknown };
    const jumpTo = typeof command.jumpTo === 'string' ? parseIsoDate(command.jumpTo) : undefined;
    const days = jumpTo ? daysBetween(today(host.clock), jumpTo) : command.advanceDays;
    if (typeof command.daysPerSecond === 'number' && command.daysPerSecond >= 0) host.setSpeed(command.daysPerSecond);
    else if (typeof days === 'number' && Number.isInteger(days) && days > 0 && days <= 3660) await host.advanceDays(days);
    else return send(response, 400, { message: 'send { "daysPerSecond": n >= 0 }, { "advanceDays": 1..3660 } or { "jumpTo": a later date, YYYY-MM-DD }' });
    return send(response, 200, { now: host.clock.now().toISOString(), today: today(host.clock), daysPerSecond: host.speed() });
  }
  if (request.method === 'GET' && path === '/api/invoices') {
    const rows = await invoiceSummaries(host.collections.ledger, today(host.clock));
    return send(response, 200, { invoices: rows, aging: agingOf(rows) });
  }
  const invoicePath = /^\/api\/invoices\/([^/]+)\/([^/]+)$/.exec(path);
  if (request.method === 'GET' && invoicePath) {
    const key: InvoiceKey = { sellerKey: decodeURIComponent(invoicePath[1]!), number: decodeURIComponent(invoicePath[2]!) };
    const found = await ledger.getCase(key);
    if (!found) return send(response, 404, { message: `no invoice ${key.number}` });
    const execution = host.collections.stepFunctions.execution(executionNameOf(key));
    const { wakeToken: _token, ...visible } = found;
    return send(response, 200, { ...visible, doneSteps: [...found.doneSteps], audit: await ledger.auditTrail(key), execution: execution ?? null });
  }
  const originalPath = /^\/api\/original\/([^/]+)\/([^/]+)$/.exec(path);
  if (request.method === 'GET' && originalPath) {
    const found = await ledger.getInvoice({ sellerKey: decodeURIComponent(originalPath[1]!), number: decodeURIComponent(originalPath[2]!) });
    if (!found) return send(response, 404, { message: 'no such invoice' });
    const original = await host.intake.clients.s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: found.archiveKey }));
    response.writeHead(200, {
      'content-type': found.archiveKey.endsWith('.pdf') ? 'application/pdf' : 'application/xml; charset=utf-8',
      'content-disposition': `inline; filename="${found.archiveKey.slice(found.archiveKey.lastIndexOf('/') + 1)}"`,
    });
    response.end(Buffer.from((await original.Body?.transformToByteArray()) ?? []));
    return;
  }
  if (request.method === 'GET' && path === '/api/history') return send(response, 200, host.history());
  if (request.method === 'GET' && path === '/api/emails') return send(response, 200, await host.intake.emulators.sentEmails());
  if (request.method === 'GET' && path === '/api/worklist') {
    // A task past its expiry day is no longer a collector's to call.
    const day = today(host.clock);
    const tasks = (await ledger.openCallTasks()).filter((task) => task.expiresOn >= day);
    // What a collector needs before dialling: who to call and what has happened so far.
    const withContact = await Promise.all(
      tasks.map(async (task) => {
        const found = await ledger.getCase(task.invoiceKey);
        const buyer = found?.record.invoice.buyer;
        return {
          ...task,
          customer: buyer?.name ?? null,
          contact: { name: buyer?.contactName ?? null, phone: buyer?.phone ?? null, email: buyer?.email ?? null },
          history: (found?.timeline ?? []).map((line) => `${line.date} ${line.action} ${'step' in line ? line.step : line.reason}`),
        };
      }),
    );
    return send(response, 200, withContact);
  }
  if (request.method === 'GET' && path === '/api/quarantine') return send(response, 200, await ledger.quarantined());
  if (request.method === 'GET' && path === '/api/report') {
    const asOfText = new URL(request.url ?? '', 'http://localhost').searchParams.get('asOf');
    const asOf = asOfText ? parseIsoDate(asOfText) : today(host.clock);
    if (!asOf) return send(response, 400, { message: `asOf: not a calendar date (YYYY-MM-DD): ${asOfText}` });
    const { reports, customers } = await creditReport(ledger, asOf);
    return send(response, 200, { asOf, reports, customerNames: Object.fromEntries(customers.map((customer) => [customer.id, customer.name])) });
  }
  if (request.method === 'GET' && path === '/api/customers') return send(response, 200, await customerSummaries(ledger, today(host.clock)));
  if (request.method === 'GET' && path === '/api/credit-holds') return send(response, 200, await ledger.allCreditHolds());
  const customerPath = /^\/api\/customers\/([^/]+)$/.exec(path);
  if (request.method === 'GET' && customerPath) {
    const found = await customerDetail(ledger, decodeURIComponent(customerPath[1]!), today(host.clock));
    return found ? send(response, 200, found) : send(response, 404, { message: `no customer ${customerPath[1]}` });
  }
  if (request.method === 'POST' && path === '/api/events') {
    const body = (await bodyOf(request)) as { invoice?: InvoiceKey };
    const event = CollectionsEventSchema.safeParse({ date: today(host.clock), ...(body as object) });
    if (!event.success) return send(response, 400, { message: describeInvalid(event.error, 'body') });
    if (!body.invoice) return send(response, 400, { message: 'body.invoice: { sellerKey, number } required' });
    const answer = await host.collections.recordEvent(body.invoice, event.data, `console-${host.clock.now().getTime()}-${Math.random().toString(36).slice(2)}`);
    response.writeHead(answer.statusCode, { 'content-type': 'application/json' });
    response.end(answer.body);
    return;
  }
  send(response, 404, { message: `no ${request.method} ${path}` });
}
