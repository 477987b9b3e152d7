import type { APIGatewayProxyResult } from 'aws-lambda';
import { LedgerUnavailableError } from '../adapters/errors';
import { logger } from '../adapters/env';
import { WorkflowUnavailableError } from '../adapters/workflow';
import type { EventRefusal } from '../domain/collections';
import { InvoiceNotFoundError } from '../domain/errors';
import type { InvoiceKey } from '../domain/intake';
import type { CollectionsEvent } from '../domain/policy';
import { recordEvent, type RecordEventDeps } from './record';

/** A refusal about the request alone is 400; one about what the ledger already holds is 409. */
const REFUSAL_STATUS: Readonly<Record<EventRefusal['code'], 400 | 409>> = {
  'amount-digits': 400,
  'future-date': 400,
  'id-conflict': 409,
  'unknown-payment': 409,
  'return-before-payment': 409,
  'return-exceeds-payment': 409,
  'plan-sum': 409,
  'no-claims': 409,
  'no-dispute': 409,
  'dispute-amount': 409,
};

export const reply = (statusCode: number, body: object): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * The answer to a decoded event, as `POST /events` gives it and the console passes on: recorded
 * (201) or a retry of one (200), refused (400 or 409, with the code), no such invoice (404), or
 * not completely recorded (503: the same request again completes it). `recordedBy` is who sent it.
 */
export async function answerEvent(invoice: InvoiceKey, event: CollectionsEvent, requestId: string, deps: RecordEventDeps, recordedBy?: string): Promise<APIGatewayProxyResult> {
  try {
    const result = await recordEvent(invoice, event, requestId, deps, recordedBy);
    if ('refused' in result) {
      logger.info('event refused', { invoiceNumber: invoice.number, type: event.type, code: result.refused.code });
      return reply(REFUSAL_STATUS[result.refused.code], result.refused);
    }
    logger.info('event recorded', { invoiceNumber: invoice.number, type: event.type, ...result });
    return reply(result.recorded === 'recorded' ? 201 : 200, result);
  } catch (err) {
    if (err instanceof InvoiceNotFoundError) return reply(404, { message: err.message });
    if (!(err instanceof LedgerUnavailableError || err instanceof WorkflowUnavailableError)) throw err;
    // Whatever was written stays; the same request again completes the rest, once.
    logger.error('event not completely recorded', { invoiceNumber: invoice.number, type: event.type, error: err });
    return reply(503, { message: 'the event could not be completely recorded; send the same request again, with the same id, to complete it' });
  }
}

