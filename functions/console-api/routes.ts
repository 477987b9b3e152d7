import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { InvoiceKeySchema } from '../adapters/task-input';
import { daysBetween, parseIsoDate } from '../domain/calendar';
import { today } from '../domain/clock';
import { executionNameOf } from '../domain/collections';
import { disputesOf } from '../domain/disputes';
import { creditSettingsFrom, InvalidSettingsError, readClaimTerms } from '../domain/credit';
import { noAddressReason, undeliverableMarkOf } from '../domain/deliveries';
import { quarantineKeysFor, type InvoiceKey, type QuarantineReason } from '../domain/intake';
import { isIsoCurrencyCode } from '../domain/iso4217';
import { readAmount } from '../domain/money';
import { AmountSchema, CollectionsEventSchema, describeInvalid } from '../domain/policy';
import { claimsRecordOf, openClaimsOf, standingOfRecord } from '../domain/receivables';
import { statementOfAccount } from './account-view';
import type { ConsoleBackend, LocalConsoleBackend } from './backend';
import { statementsReceived, unmatchedQueue } from './bank-view';
import { addContact, creditReport, customerDetail, customerSummaries, setClaimTerms, setCreditLimit } from './customer-view';
import { analyticsRange, DISPUTE_ANALYTICS_QUERY, DISPUTE_QUERY, disputeAnalytics, disputesList } from './dispute-view';
import { CONTACT_TASK_QUERY, ContactTaskResolutionRequest, contactTasksList, DELIVERY_QUERY, deliveriesList } from './delivery-view';
import { RequestRefusedError } from './http';
import { customerPolicyOf, instalmentPlanOfCase } from './plan-view';
import { INVOICE_QUERY, invoiceList, invoiceSummaries, invoiceSummaryOf } from './portfolio-view';
import { readQuery } from './query';
import { AssignRequest, callableTasks, WORKLIST_QUERY, worklistPage, worklistRows } from './worklist-view';
import { assignableCollectors, assigneeRefusal, RoleRequest, roleChangeRefusal, USERS_QUERY, usersPage } from './users-view';
import { DiscardRequest, QUARANTINE_QUERY, quarantinePage, quarantineStateOf, settledText } from './quarantine-view';
import { EVENT_ROLES, eventNeedOf, mayAct, type ConsoleUser, type Role } from './roles';

type Json = object;

/** What a route answers: JSON, or an archived original to download. */
export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: Json | string }
  | { readonly kind: 'download'; readonly fileName: string; readonly content: Uint8Array };

/** A request as a route sees it: the path's decoded parts, the query, the JSON body of a change, and who asks. */
export interface RouteRequest {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly user: ConsoleUser;
  /** The token the page sends back with each change where sign-in is a cookie (`npm start`); absent in AWS, where a change carries its bearer token. */
  readonly csrfToken?: string;
  /** The routes served here: what the page may do depends on where it runs too. */
  readonly served: readonly RouteInfo[];
}

/** What every route declares: where, what it is called (the page asks by this name what it may do), and who may call it. */
export interface RouteInfo {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  readonly name: string;
  /** The least role that may call it: checked before the body is read. */
  readonly needs: Role;
  /** Where the body decides (an event's type): the role this one needs, and what it asks in words, checked once it is read. */
  readonly needsFor?: (body: unknown) => { readonly role: Role; readonly what: string };
  /** Only `npm start` has it (the virtual clock, the SES emulator's mailbox): absent in AWS. */
  readonly localOnly?: true;
}

/** One API endpoint, for the backend it needs. */
export type RouteOn<B> = RouteInfo & { handle(backend: B, request: RouteRequest): Promise<Reply> };
type SharedRoute = RouteOn<ConsoleBackend> & { readonly localOnly?: undefined };
type LocalRoute = RouteOn<LocalConsoleBackend> & { readonly localOnly: true };
export type Route = SharedRoute | LocalRoute;

const json = (body: Json, status = 200): Reply => ({ kind: 'json', status, body });

/** Decodes a path part; a malformed escape is the caller's mistake, not the console's. */
const decodePathPart = (part: string): string => {
  try {
    return decodeURIComponent(part);
  } catch (err) {
    throw new RequestRefusedError(400, `not a valid path part: ${part}`, { cause: err });
  }
};

const keyOf = (params: readonly string[]): InvoiceKey => ({ sellerKey: params[0]!, number: params[1]! });

const clockOf = (backend: LocalConsoleBackend): Json => ({ now: backend.clock.now().toISOString(), today: today(backend.clock), daysPerSecond: backend.local.speed() });

const MAX_ADVANCE_DAYS = 3660;
const ClockCommand = z.union([
  z.strictObject({ daysPerSecond: z.number().min(0).max(60) }),
  z.strictObject({ advanceDays: z.number().int().min(1).max(MAX_ADVANCE_DAYS) }),
  z.strictObject({ jumpTo: z.string() }),
]);
const CLOCK_USAGE = `send { "daysPerSecond": 0..60 }, { "advanceDays": 1..${MAX_ADVANCE_DAYS} } or { "jumpTo": a later date, YYYY-MM-DD }`;

async function setClock(backend: LocalConsoleBackend, { body }: RouteRequest): Promise<Reply> {
  const command = ClockCommand.safeParse(body);
  if (!command.success) return json({ message: CLOCK_USAGE }, 400);
  if ('daysPerSecond' in command.data) backend.local.setSpeed(command.data.daysPerSecond);
  else {
    const jumpTo = 'jumpTo' in command.data ? parseIsoDate(command.data.jumpTo) : undefined;
    const days = 'advanceDays' in command.data ? command.data.advanceDays : jumpTo ? daysBetween(today(backend.clock), jumpTo) : 0;
    if (days < 1 || days > MAX_ADVANCE_DAYS) return json({ message: CLOCK_USAGE }, 400);
    await backend.local.advanceDays(days);
  }
  return json(clockOf(backend));
}

/** The page's id for one action, made once per click: a retry of the same POST records nothing twice. */
const RequestId = z.string().regex(/^[\w-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _ (a UUID)');

// An event without the page's id (a collector's button) gets one of its own: each click is one event.
// Who decides is the signed-in user, never what a request says: a `by` in the body is refused.
const EventRequest = z.looseObject({
  invoice: InvoiceKeySchema,
  requestId: RequestId.optional(),
  by: z.never({ error: 'the console records who decides: the signed-in user' }).optional(),
});

async function recordEvent(backend: ConsoleBackend, { body, user }: RouteRequest): Promise<Reply> {
  const request = EventRequest.safeParse(body);
  if (!request.success) return json({ message: describeInvalid(request.error, 'body') }, 400);
  const decidedBy = request.data.type === 'claims-waived' ? { by: user.name } : {};
  const event = CollectionsEventSchema.safeParse({ date: today(backend.clock), ...request.data, ...decidedBy });
  if (!event.success) return json({ message: describeInvalid(event.error, 'body') }, 400);
  const answer = await backend.recordEvent(request.data.invoice, event.data, `console-${request.data.requestId ?? randomUUID()}`, user.name);
  return { kind: 'json', status: answer.statusCode, body: answer.body };
}

async function invoiceCase(backend: ConsoleBackend, { params }: RouteRequest): Promise<Reply> {
  const key = keyOf(params);
  const { ledger } = backend;
  const found = await ledger.cases.get(key);
  if (!found) return json({ message: `no invoice ${key.number}` }, 404);
  const [audit, policy, execution] = await Promise.all([ledger.audit.trail(key), customerPolicyOf(ledger, found.record.customerId), backend.executions.execution(executionNameOf(key))]);
  const day = today(backend.clock);
  const { wakeToken: _token, ...visible } = found;
  const standing = standingOfRecord(found.record, found.events, day);
  const { billed, paid, credited, open, overpaid, claims } = standing;
  // The list's own figures: the due date (terms applied where the invoice gave none), the state and the days overdue.
  const { dueDate, state, daysOverdue, aging, nextStep } = invoiceSummaryOf(found, policy, day);
  return json({
    ...visible,
    dueDate,
    state,
    daysOverdue,
    aging,
    doneSteps: [...found.doneSteps],
    audit,
    execution,
    // The principal and the claims apart, as the receivables ledger folds them today; the claims with the lines they were booked and waived by.
    principal: { billed, paid, credited, open, overpaid },
    claims: { ...claims, openTotal: openClaimsOf(standing), ...claimsRecordOf(found.events, day) },
    plan: instalmentPlanOfCase(found, policy, day),
    nextStep,
    disputeOpen: disputesOf(found.record, found.events, day).some((dispute) => dispute.outcome === 'open'),
  });
}

/** The largest original the console hands out: a Lambda's answer is at most 6 MB, base64 makes 4 MiB of bytes about 5.6 MB. */
export const MAX_ORIGINAL_BYTES = 4 * 1024 * 1024;

/** A stored file as a download, refused when it is gone or larger than a Lambda's answer can carry. */
async function download(backend: ConsoleBackend, key: string): Promise<Reply> {
  const stored = await backend.documents.fetch(key, MAX_ORIGINAL_BYTES);
  if (stored.kind === 'missing') return json({ message: `the original ${key} is not in the documents bucket` }, 404);
  // 413: the answer would be too large; the file is there to fetch from the bucket by its key.
  if (stored.kind === 'too-large') return json({ message: `the original is ${stored.size} bytes, more than the console hands out (${MAX_ORIGINAL_BYTES}): fetch ${key} from the documents bucket` }, 413);
  return { kind: 'download', fileName: key.slice(key.lastIndexOf('/') + 1), content: stored.bytes };
}

async function original(backend: ConsoleBackend, { params }: RouteRequest): Promise<Reply> {
  const found = await backend.ledger.invoices.get(keyOf(params));
  return found ? download(backend, found.archiveKey) : json({ message: 'no such invoice' }, 404);
}

async function worklist(backend: ConsoleBackend, { query, user }: RouteRequest): Promise<Reply> {
  const asked = readQuery(WORKLIST_QUERY, query);
  return json(worklistPage(await worklistRows(backend.ledger, today(backend.clock)), user, asked));
}

/**
 * Gives an invoice's open call task to a collector, or back to nobody (null), as the signed-in
 * credit manager's decision, kept in the invoice's audit trail with who and when.
 */
async function assignCallTask(backend: ConsoleBackend, { body, user }: RouteRequest): Promise<Reply> {
  const sent = AssignRequest.safeParse(body);
  if (!sent.success) return json({ message: describeInvalid(sent.error, 'body') }, 400);
  const { invoice, collector } = sent.data;
  const { ledger, clock } = backend;
  const unfit = collector ? assigneeRefusal(await backend.users.list(), collector) : null;
  if (unfit) return json({ message: unfit }, 400);
  const day = today(clock);
  const open = callableTasks((await ledger.callTasks.ofInvoice(invoice)).filter((task) => task.status === 'open'), day);
  if (open.length === 0) return json({ message: `invoice ${invoice.number} has no open call task` }, 404);
  const assignment = { collector, by: user.name, at: clock.now().toISOString() };
  for (const task of open) {
    if (!(await ledger.callTasks.assign(invoice, task.stepId, assignment))) return json({ message: `the call task ${task.stepId} of invoice ${invoice.number} was closed meanwhile` }, 409);
    const was = task.assignment?.collector ?? 'nobody';
    await ledger.audit.append(invoice, { id: randomUUID(), at: assignment.at, action: 'call-task-assigned', by: user.name, detail: `call task ${task.stepId} given to ${collector ?? 'nobody'} (was ${was})` });
  }
  return json({ invoice, assignment, tasks: open.map((task) => task.stepId) });
}

/** The entries of a quarantined file (one per delivery refused), and the one waiting for a person, if any. */
async function quarantinedFile(backend: ConsoleBackend, fileId: string) {
  const entries = (await backend.ledger.quarantine.list()).filter((entry) => entry.fileId === fileId);
  return { last: entries.at(-1), waiting: entries.findLast((entry) => quarantineStateOf(entry) === 'open') };
}

/** 404 for a file never quarantined, 409 naming who settled it for one no longer waiting. */
const notWaiting = (fileId: string, last: QuarantineReason | undefined): Reply =>
  last ? json({ message: `file ${fileId} ${settledText(last)}` }, 409) : json({ message: `no quarantined file ${fileId}` }, 404);

/**
 * Puts a quarantined file back where it came in (`inbox/` or `statements/`), so intake reads it
 * again: after the cause is dealt with (a limit raised, a conflicting invoice credited). Once per
 * quarantined delivery; the file read again and refused again is a new entry of the list.
 */
async function releaseFile(backend: ConsoleBackend, { params, user }: RouteRequest): Promise<Reply> {
  const fileId = params[0]!;
  const { last, waiting } = await quarantinedFile(backend, fileId);
  if (!waiting) return notWaiting(fileId, last);
  await backend.documents.copy(quarantineKeysFor(fileId, waiting.sourceKey).object, waiting.sourceKey);
  const released = { by: user.name, at: backend.clock.now().toISOString() };
  if (!(await backend.ledger.quarantine.markReleased(waiting, released))) return json({ message: `file ${fileId} was put back or set aside by someone else meanwhile` }, 409);
  return json({ ...waiting, released, state: 'released' });
}

/** Sets a quarantined file aside with why, as the signed-in user's decision: it leaves the open list, and its original stays in the bucket. */
async function discardFile(backend: ConsoleBackend, { params, body, user }: RouteRequest): Promise<Reply> {
  const sent = DiscardRequest.safeParse(body);
  if (!sent.success) return json({ message: describeInvalid(sent.error, 'body') }, 400);
  const fileId = params[0]!;
  const { last, waiting } = await quarantinedFile(backend, fileId);
  if (!waiting) return notWaiting(fileId, last);
  const discarded = { by: user.name, at: backend.clock.now().toISOString(), reason: sent.data.reason };
  if (!(await backend.ledger.quarantine.markDiscarded(waiting, discarded))) return json({ message: `file ${fileId} was put back or set aside by someone else meanwhile` }, 409);
  return json({ ...waiting, discarded, state: 'discarded' });
}

/** The original of a quarantined file, as it came in, whatever became of it since. */
async function quarantinedOriginal(backend: ConsoleBackend, { params }: RouteRequest): Promise<Reply> {
  const fileId = params[0]!;
  const { last } = await quarantinedFile(backend, fileId);
  return last ? download(backend, quarantineKeysFor(fileId, last.sourceKey).object) : json({ message: `no quarantined file ${fileId}` }, 404);
}

async function report(backend: ConsoleBackend, { query }: RouteRequest): Promise<Reply> {
  const asOfText = query.get('asOf');
  const asOf = asOfText ? parseIsoDate(asOfText) : today(backend.clock);
  if (!asOf) return json({ message: `asOf: not a calendar date (YYYY-MM-DD): ${asOfText}` }, 400);
  const { reports, customers } = await creditReport(backend.ledger, asOf);
  return json({ asOf, reports, customerNames: Object.fromEntries(customers.map((customer) => [customer.id, customer.name])) });
}

async function customer(backend: ConsoleBackend, { params }: RouteRequest): Promise<Reply> {
  const found = await customerDetail(backend.ledger, params[0]!, today(backend.clock));
  return found ? json(found) : json({ message: `no customer ${params[0]}` }, 404);
}

/** The form on a customer's page sends both: a null jurisdiction goes back to the country's rule. */
const ClaimTermsRequest = z.strictObject({ party: z.string().max(40), jurisdiction: z.string().max(40).nullable() });

async function changeClaimTerms(backend: ConsoleBackend, request: RouteRequest): Promise<Reply> {
  const sent = ClaimTermsRequest.safeParse(request.body);
  if (!sent.success) return json({ message: describeInvalid(sent.error, 'body') }, 400);
  const terms = readClaimTerms(sent.data);
  if (!terms.ok) return json({ message: terms.reasons.join('; ') }, 400);
  const changed = await setClaimTerms(backend.ledger, request.params[0]!, terms.update, { by: request.user.name, at: backend.clock.now().toISOString(), id: randomUUID() });
  return changed ? customer(backend, request) : json({ message: `no customer ${request.params[0]}` }, 404);
}

const Currency = z.string().refine(isIsoCurrencyCode, { error: (issue) => `${JSON.stringify(issue.input)} is not an ISO 4217 currency code` });
/** A limit in a currency, or null for none. */
const CreditLimitRequest = z.strictObject({ creditLimit: z.strictObject({ amount: z.string().max(32), currency: Currency }).nullable() });

async function changeCreditLimit(backend: ConsoleBackend, request: RouteRequest): Promise<Reply> {
  const sent = CreditLimitRequest.safeParse(request.body);
  if (!sent.success) return json({ message: describeInvalid(sent.error, 'body') }, 400);
  const asked = sent.data.creditLimit;
  const amount = asked ? readAmount(asked.amount, asked.currency) : null;
  if (amount && !amount.ok) return json({ message: `body.creditLimit.amount: ${amount.problem}` }, 400);
  const limit = asked && amount?.ok ? { amount: amount.amount, currency: asked.currency } : null;
  const change = { by: request.user.name, at: backend.clock.now().toISOString(), id: randomUUID() };
  const changed = await setCreditLimit(backend.ledger, request.params[0]!, limit, change, today(backend.clock));
  return changed ? customer(backend, request) : json({ message: `no customer ${request.params[0]}` }, 404);
}

async function invoices(backend: ConsoleBackend, { query }: RouteRequest): Promise<Reply> {
  const asked = readQuery(INVOICE_QUERY, query);
  return json(invoiceList(await invoiceSummaries(backend.ledger, today(backend.clock)), asked));
}

const Assignment = z.strictObject({
  customerId: z.string().min(1).max(200),
  allocations: z.array(z.strictObject({ key: InvoiceKeySchema, amount: AmountSchema })).max(50),
});

async function assignBankLine(backend: ConsoleBackend, { params, body, user }: RouteRequest): Promise<Reply> {
  const assignment = Assignment.safeParse(body);
  if (!assignment.success) return json({ message: describeInvalid(assignment.error, 'body') }, 400);
  const outcome = await backend.assignLine(params[0]!, assignment.data, user.name);
  return outcome.ok ? json({ lineId: outcome.booked.line.lineId, decision: outcome.booked.decision }) : json({ message: outcome.problem }, outcome.status);
}

async function accountReply(backend: ConsoleBackend, customerId: string): Promise<Reply> {
  const found = await statementOfAccount(customerId, { ledger: backend.ledger, clock: backend.clock });
  return found ? json(found) : json({ message: `no customer ${customerId}` }, 404);
}

const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
const CreditRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('allocate'), requestId: RequestId, invoice: InvoiceKeySchema, currency: CurrencyCode, amount: AmountSchema }),
  z.strictObject({ kind: z.literal('refund'), requestId: RequestId, currency: CurrencyCode, amount: AmountSchema, reference: z.string().trim().min(1).max(200) }),
]);

async function useCredit(backend: ConsoleBackend, { params, body, user }: RouteRequest): Promise<Reply> {
  const request = CreditRequest.safeParse(body);
  if (!request.success) return json({ message: describeInvalid(request.error, 'body') }, 400);
  const { requestId, ...use } = request.data;
  // An unknown customer has no credit: useCredit says so as it would for any account that cannot bear it.
  const refused = await backend.useCredit(params[0]!, use, `console-${requestId}`, user.name);
  return refused ? json({ message: refused.problem }, 400) : accountReply(backend, params[0]!);
}

/** The settings document `creditctl settings publish` takes: `{ segments, policies }`. */
async function publishSettings(backend: ConsoleBackend, { body, user }: RouteRequest): Promise<Reply> {
  try {
    const { published, changed } = await backend.ledger.settings.publish(creditSettingsFrom(body), backend.clock.now().toISOString(), user.name);
    return json({ changed, published });
  } catch (err) {
    if (err instanceof InvalidSettingsError) return json({ message: err.message }, 400);
    throw err;
  }
}

/**
 * Closes a task to find another contact: with the address found (kept among the customer's
 * contacts, in its trail as the signed-in user's change) or a note of what was done. An address
 * known to be undeliverable is no answer.
 */
async function resolveContactTask(backend: ConsoleBackend, { params, body, user }: RouteRequest): Promise<Reply> {
  const sent = ContactTaskResolutionRequest.safeParse(body);
  if (!sent.success) return json({ message: describeInvalid(sent.error, 'body') }, 400);
  const { ledger, clock } = backend;
  const id = params[0]!;
  const task = await ledger.contactTasks.get(id);
  if (!task) return json({ message: `no contact task ${id}` }, 404);
  if (task.status === 'resolved') return json({ message: `contact task ${id} was resolved by ${task.resolution.by} at ${task.resolution.at}` }, 409);
  const address = sent.data.address ?? null;
  const profile = await ledger.customers.get(task.customerId);
  const mark = address && profile ? undeliverableMarkOf(profile.undeliverable, address) : undefined;
  if (mark) return json({ message: `body.address: ${noAddressReason(mark)}` }, 400);
  const resolution = { by: user.name, at: clock.now().toISOString(), address, note: sent.data.note ?? null };
  // The contact first: a retry after a failure between the two writes adds nothing twice, and closes the task.
  if (address) await addContact(ledger, task.customerId, { name: null, email: address, phone: null }, { by: user.name, at: resolution.at, id: `contact-task-${id}` }, `another contact for ${task.address} (${task.why})`);
  if (!(await ledger.contactTasks.resolve(id, resolution))) return json({ message: `contact task ${id} was resolved by someone else meanwhile` }, 409);
  return json({ ...task, status: 'resolved', resolution });
}

async function users(backend: ConsoleBackend, { query }: RouteRequest): Promise<Reply> {
  const asked = readQuery(USERS_QUERY, query);
  const [list, trail] = await Promise.all([backend.users.list(), backend.ledger.audit.usersTrail()]);
  return json(usersPage(list, trail, asked));
}

/** Puts a user in a role, as the signed-in admin's decision, kept in the users' trail; an admin keeps their own admin role. */
async function changeRole(backend: ConsoleBackend, { params, body, user }: RouteRequest): Promise<Reply> {
  const sent = RoleRequest.safeParse(body);
  if (!sent.success) return json({ message: describeInvalid(sent.error, 'body') }, 400);
  const name = params[0]!;
  const { role } = sent.data;
  const refused = roleChangeRefusal(user, name, role);
  if (refused) return json({ message: refused }, 409);
  const changed = await backend.users.setRole(name, role);
  if (!changed) return json({ message: `no user ${name}` }, 404);
  const at = backend.clock.now().toISOString();
  if (changed.was !== role) await backend.ledger.audit.appendToUsers({ id: randomUUID(), at, action: 'role-changed', by: user.name, detail: `${name}: ${role} (was ${changed.was ?? 'none'})` });
  return json({ name, role, was: changed.was, changed: changed.was !== role, by: user.name, at });
}

/** Who is signed in, and what the page may show them: the routes served here their role may call, and the events it may record. */
async function session(_backend: ConsoleBackend, { user, csrfToken, served }: RouteRequest): Promise<Reply> {
  return json({
    user: user.name,
    role: user.role,
    may: served.filter((route) => mayAct(user.role, route.needs)).map((route) => route.name),
    events: Object.entries(EVENT_ROLES).flatMap(([type, needed]) => (mayAct(user.role, needed) ? [type] : [])),
    ...(csrfToken ? { csrfToken } : {}),
  });
}

/**
 * The console's JSON API, one table for `npm start` and AWS: what the Step Functions, DynamoDB
 * and SES consoles would show, and the controls of collectors, credit managers and admins.
 * Each route names the least role that may call it (roles.ts); events go through the operations
 * API's handler; every change is recorded as made by the signed-in user.
 */
export const API_ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/api\/session$/, name: 'session', needs: 'viewer', handle: session },
  { method: 'GET', pattern: /^\/api\/clock$/, name: 'clock', needs: 'viewer', localOnly: true, handle: async (backend) => json(clockOf(backend)) },
  { method: 'POST', pattern: /^\/api\/clock$/, name: 'set-clock', needs: 'admin', localOnly: true, handle: setClock },
  { method: 'GET', pattern: /^\/api\/invoices$/, name: 'invoices', needs: 'viewer', handle: invoices },
  { method: 'GET', pattern: /^\/api\/invoices\/([^/]+)\/([^/]+)$/, name: 'invoice', needs: 'viewer', handle: invoiceCase },
  { method: 'GET', pattern: /^\/api\/original\/([^/]+)\/([^/]+)$/, name: 'original', needs: 'viewer', handle: original },
  { method: 'GET', pattern: /^\/api\/history$/, name: 'history', needs: 'viewer', localOnly: true, handle: async (backend) => json(backend.local.history()) },
  { method: 'GET', pattern: /^\/api\/emails$/, name: 'emails', needs: 'viewer', localOnly: true, handle: async (backend) => json(await backend.local.sentEmails()) },
  { method: 'GET', pattern: /^\/api\/worklist$/, name: 'worklist', needs: 'viewer', handle: worklist },
  { method: 'POST', pattern: /^\/api\/worklist\/assign$/, name: 'assign-call-task', needs: 'credit-manager', handle: assignCallTask },
  { method: 'GET', pattern: /^\/api\/deliveries$/, name: 'deliveries', needs: 'viewer', handle: async (backend, { query }) => json(await deliveriesList(backend.ledger, readQuery(DELIVERY_QUERY, query))) },
  { method: 'GET', pattern: /^\/api\/contact-tasks$/, name: 'contact-tasks', needs: 'viewer', handle: async (backend, { query }) => json(await contactTasksList(backend.ledger, readQuery(CONTACT_TASK_QUERY, query))) },
  { method: 'POST', pattern: /^\/api\/contact-tasks\/([^/]+)\/resolve$/, name: 'resolve-contact-task', needs: 'collector', handle: resolveContactTask },
  { method: 'GET', pattern: /^\/api\/disputes$/, name: 'disputes', needs: 'viewer', handle: async (backend, { query }) => json(await disputesList(backend.ledger, today(backend.clock), readQuery(DISPUTE_QUERY, query))) },
  {
    method: 'GET',
    pattern: /^\/api\/disputes\/analytics$/,
    name: 'dispute-analytics',
    needs: 'viewer',
    handle: async (backend, { query }) => {
      const day = today(backend.clock);
      return json(await disputeAnalytics(backend.ledger, day, analyticsRange(readQuery(DISPUTE_ANALYTICS_QUERY, query), day)));
    },
  },
  { method: 'GET', pattern: /^\/api\/quarantine$/, name: 'quarantine', needs: 'viewer', handle: async (backend, { query }) => json(quarantinePage(await backend.ledger.quarantine.list(), readQuery(QUARANTINE_QUERY, query))) },
  { method: 'GET', pattern: /^\/api\/quarantine\/([^/]+)\/original$/, name: 'quarantined-original', needs: 'viewer', handle: quarantinedOriginal },
  { method: 'POST', pattern: /^\/api\/quarantine\/([^/]+)\/release$/, name: 'release-file', needs: 'credit-manager', handle: releaseFile },
  { method: 'POST', pattern: /^\/api\/quarantine\/([^/]+)\/discard$/, name: 'discard-file', needs: 'credit-manager', handle: discardFile },
  { method: 'GET', pattern: /^\/api\/report$/, name: 'report', needs: 'viewer', handle: report },
  { method: 'GET', pattern: /^\/api\/customers$/, name: 'customers', needs: 'viewer', handle: async (backend) => json(await customerSummaries(backend.ledger, today(backend.clock))) },
  { method: 'GET', pattern: /^\/api\/credit-holds$/, name: 'credit-holds', needs: 'viewer', handle: async (backend) => json(await backend.ledger.creditHolds.all()) },
  { method: 'GET', pattern: /^\/api\/customers\/([^/]+)$/, name: 'customer', needs: 'viewer', handle: customer },
  { method: 'GET', pattern: /^\/api\/customers\/([^/]+)\/account$/, name: 'account', needs: 'viewer', handle: async (backend, { params }) => accountReply(backend, params[0]!) },
  { method: 'POST', pattern: /^\/api\/customers\/([^/]+)\/credit$/, name: 'use-credit', needs: 'credit-manager', handle: useCredit },
  { method: 'POST', pattern: /^\/api\/customers\/([^/]+)\/claim-terms$/, name: 'claim-terms', needs: 'credit-manager', handle: changeClaimTerms },
  { method: 'POST', pattern: /^\/api\/customers\/([^/]+)\/credit-limit$/, name: 'credit-limit', needs: 'credit-manager', handle: changeCreditLimit },
  { method: 'POST', pattern: /^\/api\/events$/, name: 'events', needs: 'collector', needsFor: eventNeedOf, handle: recordEvent },
  { method: 'GET', pattern: /^\/api\/bank\/queue$/, name: 'bank-queue', needs: 'viewer', handle: async (backend) => json(await unmatchedQueue(backend.ledger)) },
  { method: 'GET', pattern: /^\/api\/bank\/statements$/, name: 'bank-statements', needs: 'viewer', handle: async (backend) => json(await statementsReceived(backend.ledger)) },
  { method: 'POST', pattern: /^\/api\/bank\/lines\/([^/]+)\/assign$/, name: 'assign-line', needs: 'credit-manager', handle: assignBankLine },
  { method: 'GET', pattern: /^\/api\/settings$/, name: 'settings', needs: 'viewer', handle: async (backend) => json(await backend.ledger.settings.current()) },
  { method: 'POST', pattern: /^\/api\/settings$/, name: 'publish-settings', needs: 'admin', handle: publishSettings },
  { method: 'GET', pattern: /^\/api\/collectors$/, name: 'collectors', needs: 'credit-manager', handle: async (backend) => json(assignableCollectors(await backend.users.list())) },
  { method: 'GET', pattern: /^\/api\/users$/, name: 'users', needs: 'admin', handle: users },
  { method: 'POST', pattern: /^\/api\/users\/([^/]+)\/role$/, name: 'user-role', needs: 'admin', handle: changeRole },
];

/** The routes a deployment in AWS serves: the local-only ones are absent. */
export const AWS_ROUTES: readonly RouteOn<ConsoleBackend>[] = API_ROUTES.filter((route): route is SharedRoute => !route.localOnly);

/** Who makes a call: the signed-in user, and the CSRF token of their session where sign-in is a cookie. */
export interface Caller {
  readonly user: ConsoleUser;
  readonly csrfToken?: string;
}

/** A request on its way to a route: who asks and the body, each found out only once the route is known (and the user's role allows it, for the body). */
export interface ApiCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** The caller; refuses one not signed in (401) or without a role (403). */
  caller(): Caller;
  /** Reads the body of a change (refusing one too large, not JSON, or not from the console's page); not called for a read. */
  readBody(caller: Caller): Promise<unknown>;
}

const refuseRole = (user: ConsoleUser, needed: Role, what: string): RequestRefusedError =>
  new RequestRefusedError(403, `${user.name} is signed in as ${user.role}: ${what} needs the ${needed} role or higher`);

/**
 * Answers one call from the routes served here: the route for the path and method (404 for no
 * such path, 405 with `Allow` for another method), then who calls (401 when no one is signed
 * in), the user's role checked against the route before its body is read and against what the
 * body asks once it is (403), then the route.
 */
export async function answer<B>(routes: readonly RouteOn<B>[], backend: B, call: ApiCall): Promise<Reply> {
  const matching = routes.flatMap((route) => {
    const match = route.pattern.exec(call.path);
    return match ? [{ route, params: match.slice(1) }] : [];
  });
  if (matching.length === 0) throw new RequestRefusedError(404, `no ${call.path}`);
  const found = matching.find(({ route }) => route.method === call.method);
  const allowed = matching.map(({ route }) => route.method).join(', ');
  if (!found) throw new RequestRefusedError(405, `${call.path} takes ${allowed}, not ${call.method}`, { headers: { allow: allowed } });
  const { route } = found;
  const caller = call.caller();
  const { user } = caller;
  if (!mayAct(user.role, route.needs)) throw refuseRole(user, route.needs, `${route.method} ${call.path}`);
  const params = found.params.map(decodePathPart);
  const body = route.method === 'POST' ? await call.readBody(caller) : undefined;
  const asked = route.needsFor?.(body);
  if (asked && !mayAct(user.role, asked.role)) throw refuseRole(user, asked.role, asked.what);
  return route.handle(backend, { params, query: call.query, body, user, served: routes, ...(caller.csrfToken ? { csrfToken: caller.csrfToken } : {}) });
}
