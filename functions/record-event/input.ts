import { z } from 'zod';
import { readJsonObject } from '../adapters/request-body';
import { InvoiceKeySchema } from '../adapters/task-input';
import type { InvoiceKey } from '../domain/intake';
import { CollectionsEventSchema, describeInvalid, MAX_EVENT_ID_LENGTH, unknownFields, type CollectionsEvent } from '../domain/policy';

/** The largest body read: an event is a few hundred bytes, so anything near this is not one. */
export const MAX_BODY_BYTES = 16 * 1024;
const MAX_KEY_LENGTH = 256;

/** What every request carries beside the event: the invoice, and the client's id that makes its retries one event. */
const Envelope = z.object({
  invoice: InvoiceKeySchema.extend({ sellerKey: z.string().min(1).max(MAX_KEY_LENGTH), number: z.string().min(1).max(MAX_KEY_LENGTH) }).strict(),
  id: z.string().min(1).max(MAX_EVENT_ID_LENGTH).optional(),
});
const ENVELOPE_FIELDS = Object.keys(Envelope.shape);

export type DecodedRequest =
  | { readonly ok: true; readonly invoice: InvoiceKey; readonly id: string | undefined; readonly event: CollectionsEvent }
  | { readonly ok: false; readonly statusCode: 400 | 413; readonly message: string };

const refuse = (message: string, statusCode: 400 | 413 = 400): DecodedRequest => ({ ok: false, statusCode, message });

/**
 * The body of a POST /events, checked before anything is read from the ledger: bounded in size
 * before it is parsed, JSON, an object, and nothing in it that an event of its type does not have.
 */
export function decodeRequest(body: string | null): DecodedRequest {
  const read = readJsonObject(body, MAX_BODY_BYTES, 'an event');
  if (!read.ok) return read;
  const sent = read.value;
  const envelope = Envelope.safeParse(sent);
  if (!envelope.success) return refuse(describeInvalid(envelope.error, 'body'));
  const event = CollectionsEventSchema.safeParse(sent);
  if (!event.success) return refuse(describeInvalid(event.error, 'body'));
  const unknown = unknownFields(sent, event.data, ENVELOPE_FIELDS);
  if (unknown.length > 0) return refuse(`body.${unknown[0]}: not a field of a ${event.data.type} event`);
  return { ok: true, invoice: envelope.data.invoice, id: envelope.data.id, event: event.data };
}
