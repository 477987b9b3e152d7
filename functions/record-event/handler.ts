import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { LedgerUnavailableError } from '../adapters/errors';
import { ledgerFromEnv, logger, workflowFromEnv } from '../adapters/env';
import { traceInvocation } from '../adapters/telemetry';
import { WorkflowUnavailableError } from '../adapters/workflow';
import { systemClock } from '../domain/clock';
import type { EventRefusal } from '../domain/collections';
import { InvoiceNotFoundError } from '../domain/errors';
import { decodeRequest } from './input';
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

const reply = (statusCode: number, body: object): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** POST /events: `{ "invoice": { "sellerKey", "number" }, "id"?: client request id, "type", "date", ... }` (README, "Operations API"). */
export const makeHandler = (deps: RecordEventDeps) =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (request) => {
      const decoded = decodeRequest(request.body);
      if (!decoded.ok) return reply(decoded.statusCode, { message: decoded.message });
      const { invoice, event } = decoded;
      // A client's own id makes its retries one event; without one, API Gateway's request id does for this request.
      const requestId = decoded.id ?? request.requestContext.requestId;
      try {
        const result = await recordEvent(invoice, event, requestId, deps);
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
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), workflow: workflowFromEnv(), clock: systemClock });
