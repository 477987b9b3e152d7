import { z } from 'zod';
import type { CreditUse } from '../accounts/account';
import type { LineAssignment } from '../ingest-statement/assign';
import { isIsoCurrencyCode } from '../domain/iso4217';
import { readAmount } from '../domain/money';
import { describeInvalid, MAX_EVENT_ID_LENGTH } from '../domain/policy';
import { readJsonObject } from '../adapters/request-body';

/** The largest body read: an assignment of many invoices is a few kilobytes, so anything near this is not one. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Line ids are `bank:` or `entry:` and a SHA-256; customer ids, seller keys and invoice numbers are short too. */
export const MAX_KEY_LENGTH = 256;
/** Invoices one line is assigned to: a payment settles a handful, never hundreds. */
export const MAX_ALLOCATIONS = 50;
const MAX_REFERENCE_LENGTH = 200;

const Key = z.string().min(1).max(MAX_KEY_LENGTH);
const InvoiceRef = z.strictObject({ sellerKey: Key, number: Key });
const AMOUNT_ERROR = 'must be a decimal amount string, e.g. "1200.00"';
/** The text of an amount; money.ts's one rule reads it once the currency is known. */
const AmountText = z.string({ error: AMOUNT_ERROR }).max(32, AMOUNT_ERROR);
const Currency = z.string().refine(isIsoCurrencyCode, { error: (issue) => `${JSON.stringify(issue.input)} is not an ISO 4217 currency code` });

const AssignBody = z.strictObject({
  customerId: Key,
  allocations: z.array(z.strictObject({ invoice: InvoiceRef, amount: AmountText })).max(MAX_ALLOCATIONS),
});

const CreditBody = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ id: z.string().min(1).max(MAX_EVENT_ID_LENGTH), kind: z.literal('allocate'), invoice: InvoiceRef, currency: Currency, amount: AmountText }),
    z.strictObject({
      id: z.string().min(1).max(MAX_EVENT_ID_LENGTH),
      kind: z.literal('refund'),
      currency: Currency,
      amount: AmountText,
      reference: z.string().min(1).max(MAX_REFERENCE_LENGTH),
    }),
  ],
  { error: 'unknown kind (one of allocate, refund)' },
);

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly statusCode: 400 | 413; readonly message: string };

const refuse = <T,>(message: string, statusCode: 400 | 413 = 400): Decoded<T> => ({ ok: false, statusCode, message });

/** A path parameter: present, and as long as an id can be. */
function decodeId(name: string, value: string | undefined): Decoded<string> {
  if (value === undefined || value === '') return refuse(`${name} is missing`);
  if (value.length > MAX_KEY_LENGTH) return refuse(`${name} is ${value.length} characters; at most ${MAX_KEY_LENGTH}`);
  return { ok: true, value };
}

/** The body as a JSON object, bounded in size before it is parsed. */
const jsonObject = (body: string | null): Decoded<object> => readJsonObject(body, MAX_BODY_BYTES, 'a request');

/**
 * `POST /bank-lines/{lineId}/assign`: `{ "customerId", "allocations": [{ "invoice": { "sellerKey", "number" }, "amount" }] }`,
 * checked before anything is read from the ledger; each invoice at most once, so two allocations
 * cannot together pay more than it has open.
 */
export function decodeAssignment(lineId: string | undefined, body: string | null): Decoded<{ readonly lineId: string; readonly assignment: LineAssignment }> {
  const id = decodeId('lineId', lineId);
  if (!id.ok) return id;
  const sent = jsonObject(body);
  if (!sent.ok) return sent;
  const parsed = AssignBody.safeParse(sent.value);
  if (!parsed.success) return refuse(describeInvalid(parsed.error, 'body'));
  const seen = new Set<string>();
  const allocations: LineAssignment['allocations'][number][] = [];
  for (const [index, { invoice, amount }] of parsed.data.allocations.entries()) {
    const where = `body.allocations[${index}]`;
    const invoiceId = JSON.stringify([invoice.sellerKey, invoice.number]);
    if (seen.has(invoiceId)) return refuse(`${where}.invoice: invoice ${invoice.number} is allocated twice`);
    seen.add(invoiceId);
    const read = readAmount(amount);
    if (!read.ok) return refuse(`${where}.amount: ${read.problem}`);
    allocations.push({ key: invoice, amount: read.amount });
  }
  return { ok: true, value: { lineId: id.value, assignment: { customerId: parsed.data.customerId, allocations } } };
}

/**
 * `POST /customers/{customerId}/credit`: `{ "id", "kind": "allocate", "invoice", "currency", "amount" }`
 * or `{ "id", "kind": "refund", "currency", "amount", "reference" }`; `id` is the client's own, so
 * a retry of the request is the same use of the credit.
 */
export function decodeCreditUse(
  customerId: string | undefined,
  body: string | null,
): Decoded<{ readonly customerId: string; readonly requestId: string; readonly use: CreditUse }> {
  const id = decodeId('customerId', customerId);
  if (!id.ok) return id;
  const sent = jsonObject(body);
  if (!sent.ok) return sent;
  const parsed = CreditBody.safeParse(sent.value);
  if (!parsed.success) return refuse(describeInvalid(parsed.error, 'body'));
  const request = parsed.data;
  const read = readAmount(request.amount, request.currency);
  if (!read.ok) return refuse(`body.amount: ${read.problem}`);
  const use: CreditUse =
    request.kind === 'allocate'
      ? { kind: 'allocate', invoice: request.invoice, currency: request.currency, amount: read.amount }
      : { kind: 'refund', currency: request.currency, amount: read.amount, reference: request.reference };
  return { ok: true, value: { customerId: id.value, requestId: request.id, use } };
}
