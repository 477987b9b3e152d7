import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ledgerFromEnv, logger, workflowFromEnv } from '../adapters/env';
import { traceInvocation } from '../adapters/telemetry';
import { systemClock } from '../domain/clock';
import { answerEvent, reply } from './answer';
import { decodeRequest } from './input';
import type { RecordEventDeps } from './record';

/**
 * POST /events: `{ "invoice": { "sellerKey", "number" }, "id"?: client request id, "type", "date", ... }` (README, "Operations API").
 * Who sent it is the IAM principal API Gateway verified the signature of, kept with the event.
 */
export const makeHandler = (deps: RecordEventDeps) =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (request) => {
      const decoded = decodeRequest(request.body);
      if (!decoded.ok) return reply(decoded.statusCode, { message: decoded.message });
      // A client's own id makes its retries one event; without one, API Gateway's request id does for this request.
      return answerEvent(decoded.invoice, decoded.event, decoded.id ?? request.requestContext.requestId, deps, request.requestContext.identity?.userArn ?? undefined);
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), workflow: workflowFromEnv(), clock: systemClock });
