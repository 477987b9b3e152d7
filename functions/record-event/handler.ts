import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { ledgerFromEnv, logger, workflowFromEnv } from '../adapters/env';
import { InvoiceKeySchema } from '../adapters/task-input';
import { systemClock } from '../domain/clock';
import { InvoiceNotFoundError } from '../domain/errors';
import { CollectionsEventSchema, describeInvalid } from '../domain/policy';
import { recordEvent, type RecordEventDeps } from './record';

/** POST /events: `{ "invoice": { "sellerKey", "number" }, "id"?: client request id, "type", "date", ... }`. */
const RecordEventRequest = z.object({ invoice: InvoiceKeySchema, id: z.string().min(1).max(128).optional() });

const reply = (statusCode: number, body: object): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const makeHandler = (deps: RecordEventDeps) =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (request) => {
      let body: unknown;
      try {
        body = JSON.parse(request.body ?? '');
      } catch {
        return reply(400, { message: 'the request body is not JSON' });
      }
      const envelope = RecordEventRequest.safeParse(body);
      if (!envelope.success) return reply(400, { message: describeInvalid(envelope.error, 'body') });
      const event = CollectionsEventSchema.safeParse(body);
      if (!event.success) return reply(400, { message: describeInvalid(event.error, 'body') });
      // A client's own id makes its retries one event; without one, API Gateway's request id does for this request.
      const requestId = envelope.data.id ?? request.requestContext.requestId;
      try {
        const result = await recordEvent(envelope.data.invoice, event.data, requestId, deps);
        logger.info('event recorded', { invoiceNumber: envelope.data.invoice.number, type: event.data.type, ...result });
        return reply(result.recorded === 'recorded' ? 201 : 200, result);
      } catch (err) {
        if (err instanceof InvoiceNotFoundError) return reply(404, { message: err.message });
        throw err;
      }
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), workflow: workflowFromEnv(), clock: systemClock });
