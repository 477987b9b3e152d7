import { randomUUID } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { InvoiceKeySchema } from '../adapters/task-input';
import { daysBetween, parseIsoDate } from '../domain/calendar';
import { today } from '../domain/clock';
import { executionNameOf } from '../domain/collections';
import { readClaimTerms } from '../domain/credit';
import type { InvoiceKey } from '../domain/intake';
import { addDecimals, inCurrencyDigits } from '../domain/money';
import { AmountSchema, CollectionsEventSchema, describeInvalid } from '../domain/policy';
import { claimsRecordOf, openClaimsOf, standingOfRecord } from '../domain/receivables';
import { LOCAL_BUCKET } from '../intake-host';
import type { SystemHost } from '../system-host';
import { statementOfAccount } from './account-view';
import { statementsReceived, unmatchedQueue } from './bank-view';
import { creditReport, customerDetail, customerSummaries, setClaimTerms } from './customer-view';
import { RequestRefusedError } from './guard';
import { customerPolicyOf, instalmentPlanOfCase } from './plan-view';
import { agingOf, invoiceSummaries } from './portfolio-view';

type Json = Record<string, unknown> | readonly unknown[];

/**
 * Who the console's user is, kept with every decision they take (a bank line assigned, credit
 * allocated or refunded, claims waived): the local console has one user and no sign-in.
 */
export const CONSOLE_USER = 'local-admin';

/** What a route answers: JSON, or an archived original to download. */
export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: Json | string }
  | { readonly kind: 'download'; readonly fileName: string; readonly content: Uint8Array };

/** A request as a route sees it: the path's decoded parts, the query and, for a change, the JSON body. */
export interface ApiRequest {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/** One API endpoint. A `POST` changes something: the server checks its origin and token first. */
export interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  handle(host: SystemHost, request: ApiRequest): Promise<Reply>;
}

const json = (body: Json, status = 200): Reply => ({ kind: 'json', status, body });

/** Decodes a path part; a malformed escape is the caller's mistake, not the console's. */
export const decodePathPart = (part: string): string => {
  try {
    return decodeURIComponent(part);
  } catch (err) {
    throw new RequestRefusedError(400, `not a valid path part: ${part}`, { cause: err });
  }
};

const keyOf = (params: readonly string[]): InvoiceKey => ({ sellerKey: params[0]!, number: params[1]! });

const clockOf = (host: SystemHost): Json => ({ now: host.clock.now().toISOString(), today: today(host.clock), daysPerSecond: host.speed() });

const MAX_ADVANCE_DAYS = 3660;
const ClockCommand = z.union([
  z.strictObject({ daysPerSecond: z.number().min(0).max(60) }),
  z.strictObject({ advanceDays: z.number().int().min(1).max(MAX_ADVANCE_DAYS) }),
  z.strictObject({ jumpTo: z.string() }),
]);
const CLOCK_USAGE = `send { "daysPerSecond": 0..60 }, { "advanceDays": 1..${MAX_ADVANCE_DAYS} } or { "jumpTo": a later date, YYYY-MM-DD }`;

async function setClock(host: SystemHost, { body }: ApiRequest): Promise<Reply> {
  const command = ClockCommand.safeParse(body);
  if (!command.success) return json({ message: CLOCK_USAGE }, 400);
  if ('daysPerSecond' in command.data) host.setSpeed(command.data.daysPerSecond);
  else {
    const jumpTo = 'jumpTo' in command.data ? parseIsoDate(command.data.jumpTo) : undefined;
    const days = 'advanceDays' in command.data ? command.data.advanceDays : jumpTo ? daysBetween(today(host.clock), jumpTo) : 0;
    if (days < 1 || days > MAX_ADVANCE_DAYS) return json({ message: CLOCK_USAGE }, 400);
    await host.advanceDays(days);
  }
  return json(clockOf(host));
}

/** The page's id for one action, made once per click: a retry of the same POST records nothing twice. */
const RequestId = z.string().regex(/^[\w-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _ (a UUID)');

// An event without the page's id (a collector's button) gets one of its own: each click is one event.
// Who decides is the console's user, never what a request says: a `by` in the body is refused.
const EventRequest = z.looseObject({
  invoice: InvoiceKeySchema,
  requestId: RequestId.optional(),
  by: z.never({ error: `the console records who decides: its user, ${CONSOLE_USER}` }).optional(),
});

async function recordEvent(host: SystemHost, { body }: ApiRequest): Promise<Reply> {
  const request = EventRequest.safeParse(body);
  if (!request.success) return json({ message: describeInvalid(request.error, 'body') }, 400);
  const decidedBy = request.data.type === 'claims-waived' ? { by: CONSOLE_USER } : {};
  const event = CollectionsEventSchema.safeParse({ date: today(host.clock), ...request.data, ...decidedBy });
  if (!event.success) return json({ message: describeInvalid(event.error, 'body') }, 400);
  const answer = await host.collections.recordEvent(request.data.invoice, event.data, `console-${request.data.requestId ?? randomUUID()}`);
  return { kind: 'json', status: answer.statusCode, body: answer.body };
}

async function invoiceCase(host: SystemHost, { params }: ApiRequest): Promise<Reply> {
  const key = keyOf(params);
  const { ledger } = host.collections;
  const found = await ledger.cases.get(key);
  if (!found) return json({ message: `no invoice ${key.number}` }, 404);
  const execution = host.collections.stepFunctions.execution(executionNameOf(key));
  const [audit, policy] = await Promise.all([ledger.audit.trail(key), customerPolicyOf(ledger, found.record.customerId)]);
  const day = today(host.clock);
  const { wakeToken: _token, ...visible } = found;
  const standing = standingOfRecord(found.record, found.events, day);
  const { billed, paid, credited, open, overpaid, claims } = standing;
  return json({
    ...visible,
    doneSteps: [...found.doneSteps],
    audit,
    execution: execution ?? null,
    // The principal and the claims apart, as the receivables ledger folds them today; the claims with the lines they were booked and waived by.
    principal: { billed, paid, credited, open, overpaid },
    claims: { ...claims, openTotal: openClaimsOf(standing), ...claimsRecordOf(found.events, day) },
    plan: instalmentPlanOfCase(found, policy, day),
  });
}

async function original(host: SystemHost, { params }: ApiRequest): Promise<Reply> {
  const found = await host.collections.ledger.invoices.get(keyOf(params));
  if (!found) return json({ message: 'no such invoice' }, 404);
  const stored = await host.intake.clients.s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: found.archiveKey }));
  return { kind: 'download', fileName: found.archiveKey.slice(found.archiveKey.lastIndexOf('/') + 1), content: (await stored.Body?.transformToByteArray()) ?? new Uint8Array() };
}

async function worklist(host: SystemHost): Promise<Reply> {
  const ledger = host.collections.ledger;
  // A task past its expiry day is no longer a collector's to call.
  const day = today(host.clock);
  const tasks = (await ledger.callTasks.listOpen()).filter((task) => task.expiresOn >= day);
  // What a collector needs before dialling: who to call and what has happened so far.
  const withContact = await Promise.all(
    tasks.map(async (task) => {
      const found = await ledger.cases.get(task.invoiceKey);
      const buyer = found?.record.invoice.buyer;
      // Today's figures, not the task's day's: the principal and the claims apart, and both as what the customer was asked to pay.
      const standing = found ? standingOfRecord(found.record, found.events, day) : null;
      const figures = standing ? { openAmount: inCurrencyDigits(standing.open, task.currency), claimsOpen: inCurrencyDigits(openClaimsOf(standing), task.currency) } : null;
      return {
        ...task,
        ...(figures ? { ...figures, amountToPay: inCurrencyDigits(addDecimals(figures.openAmount, figures.claimsOpen), task.currency) } : { amountToPay: task.openAmount }),
        customer: buyer?.name ?? null,
        contact: { name: buyer?.contactName ?? null, phone: buyer?.phone ?? null, email: buyer?.email ?? null },
        history: (found?.timeline ?? []).map((line) => `${line.date} ${line.action} ${'step' in line ? line.step : line.reason}`),
      };
    }),
  );
  return json(withContact);
}

async function report(host: SystemHost, { query }: ApiRequest): Promise<Reply> {
  const asOfText = query.get('asOf');
  const asOf = asOfText ? parseIsoDate(asOfText) : today(host.clock);
  if (!asOf) return json({ message: `asOf: not a calendar date (YYYY-MM-DD): ${asOfText}` }, 400);
  const { reports, customers } = await creditReport(host.collections.ledger, asOf);
  return json({ asOf, reports, customerNames: Object.fromEntries(customers.map((customer) => [customer.id, customer.name])) });
}

async function customer(host: SystemHost, { params }: ApiRequest): Promise<Reply> {
  const found = await customerDetail(host.collections.ledger, params[0]!, today(host.clock));
  return found ? json(found) : json({ message: `no customer ${params[0]}` }, 404);
}

/** The form on a customer's page sends both: a null jurisdiction goes back to the country's rule. */
const ClaimTermsRequest = z.strictObject({ party: z.string().max(40), jurisdiction: z.string().max(40).nullable() });

async function changeClaimTerms(host: SystemHost, request: ApiRequest): Promise<Reply> {
  const sent = ClaimTermsRequest.safeParse(request.body);
  if (!sent.success) return json({ message: describeInvalid(sent.error, 'body') }, 400);
  const terms = readClaimTerms(sent.data);
  if (!terms.ok) return json({ message: terms.reasons.join('; ') }, 400);
  const changed = await setClaimTerms(host.collections.ledger, request.params[0]!, terms.update, host.clock.now().toISOString());
  return changed ? customer(host, request) : json({ message: `no customer ${request.params[0]}` }, 404);
}

async function invoices(host: SystemHost): Promise<Reply> {
  const rows = await invoiceSummaries(host.collections.ledger, today(host.clock));
  return json({ invoices: rows, aging: agingOf(rows) });
}

const Assignment = z.strictObject({
  customerId: z.string().min(1).max(200),
  allocations: z.array(z.strictObject({ key: InvoiceKeySchema, amount: AmountSchema })).max(50),
});

async function assignBankLine(host: SystemHost, { params, body }: ApiRequest): Promise<Reply> {
  const assignment = Assignment.safeParse(body);
  if (!assignment.success) return json({ message: describeInvalid(assignment.error, 'body') }, 400);
  const outcome = await host.collections.assignLine(params[0]!, assignment.data, CONSOLE_USER);
  return outcome.ok ? json({ lineId: outcome.booked.line.lineId, decision: outcome.booked.decision }) : json({ message: outcome.problem }, outcome.status);
}

async function accountReply(host: SystemHost, customerId: string): Promise<Reply> {
  const found = await statementOfAccount(customerId, { ledger: host.collections.ledger, clock: host.clock });
  return found ? json(found) : json({ message: `no customer ${customerId}` }, 404);
}

const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
const CreditRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('allocate'), requestId: RequestId, invoice: InvoiceKeySchema, currency: Currency, amount: AmountSchema }),
  z.strictObject({ kind: z.literal('refund'), requestId: RequestId, currency: Currency, amount: AmountSchema, reference: z.string().trim().min(1).max(200) }),
]);

async function useCredit(host: SystemHost, { params, body }: ApiRequest): Promise<Reply> {
  const request = CreditRequest.safeParse(body);
  if (!request.success) return json({ message: describeInvalid(request.error, 'body') }, 400);
  const { requestId, ...use } = request.data;
  // An unknown customer has no credit: useCredit says so as it would for any account that cannot bear it.
  const refused = await host.collections.useCredit(params[0]!, use, `console-${requestId}`, CONSOLE_USER);
  return refused ? json({ message: refused.problem }, 400) : accountReply(host, params[0]!);
}

/**
 * The console's JSON API: what the Step Functions, DynamoDB and SES consoles would show, and the
 * collector's and the clock's controls. Events go through the operations API's handler.
 */
export const API_ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/api\/clock$/, handle: async (host) => json(clockOf(host)) },
  { method: 'POST', pattern: /^\/api\/clock$/, handle: setClock },
  { method: 'GET', pattern: /^\/api\/invoices$/, handle: invoices },
  { method: 'GET', pattern: /^\/api\/invoices\/([^/]+)\/([^/]+)$/, handle: invoiceCase },
  { method: 'GET', pattern: /^\/api\/original\/([^/]+)\/([^/]+)$/, handle: original },
  { method: 'GET', pattern: /^\/api\/history$/, handle: async (host) => json(host.history()) },
  { method: 'GET', pattern: /^\/api\/emails$/, handle: async (host) => json(await host.intake.emulators.sentEmails()) },
  { method: 'GET', pattern: /^\/api\/worklist$/, handle: worklist },
  { method: 'GET', pattern: /^\/api\/quarantine$/, handle: async (host) => json(await host.collections.ledger.quarantine.list()) },
  { method: 'GET', pattern: /^\/api\/report$/, handle: report },
  { method: 'GET', pattern: /^\/api\/customers$/, handle: async (host) => json(await customerSummaries(host.collections.ledger, today(host.clock))) },
  { method: 'GET', pattern: /^\/api\/credit-holds$/, handle: async (host) => json(await host.collections.ledger.creditHolds.all()) },
  { method: 'GET', pattern: /^\/api\/customers\/([^/]+)$/, handle: customer },
  { method: 'GET', pattern: /^\/api\/customers\/([^/]+)\/account$/, handle: async (host, { params }) => accountReply(host, params[0]!) },
  { method: 'POST', pattern: /^\/api\/customers\/([^/]+)\/credit$/, handle: useCredit },
  { method: 'POST', pattern: /^\/api\/customers\/([^/]+)\/claim-terms$/, handle: changeClaimTerms },
  { method: 'POST', pattern: /^\/api\/events$/, handle: recordEvent },
  { method: 'GET', pattern: /^\/api\/bank\/queue$/, handle: async (host) => json(await unmatchedQueue(host.collections.ledger)) },
  { method: 'GET', pattern: /^\/api\/bank\/statements$/, handle: async (host) => json(await statementsReceived(host.collections.ledger)) },
  { method: 'POST', pattern: /^\/api\/bank\/lines\/([^/]+)\/assign$/, handle: assignBankLine },
];
