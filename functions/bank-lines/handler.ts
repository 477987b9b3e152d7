import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { useCredit } from '../accounts/account';
import { LedgerUnavailableError } from '../adapters/errors';
import { logger } from '../adapters/env';
import { traceInvocation } from '../adapters/telemetry';
import { WorkflowUnavailableError } from '../adapters/workflow';
import { InvoiceNotFoundError } from '../domain/errors';
import { assignLine } from '../ingest-statement/assign';
import { bankLinesDepsFromEnv, type BankLinesDeps } from './deps';
import { decodeAssignment, decodeCreditUse } from './input';

/** Lines answered at most: the queue is worked from its oldest, and a Lambda answer is at most 6 MB. */
export const MAX_LINES_LISTED = 1000;

const reply = (statusCode: number, body: object): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * Who asks: the IAM principal API Gateway verified the request's SigV4 signature for, e.g.
 * `arn:aws:sts::123456789012:assumed-role/Reconciler/alice`; kept with the decision, never logged.
 */
const callerOf = (request: APIGatewayProxyEvent): string | undefined => request.requestContext.identity?.userArn ?? undefined;

type Route = (request: APIGatewayProxyEvent, deps: BankLinesDeps) => Promise<APIGatewayProxyResult>;

/** Keyed by API Gateway's resource template, so a path is matched by API Gateway, not by string parsing here. */
const ROUTES: Readonly<Record<string, Route>> = {
  'GET /bank-lines/unmatched': async (_request, deps) => {
    const lines = await deps.ledger.bank.unmatched();
    return reply(200, { lines: lines.slice(0, MAX_LINES_LISTED), total: lines.length });
  },
  'POST /bank-lines/{lineId}/assign': async (request, deps) => {
    const decoded = decodeAssignment(request.pathParameters?.lineId, request.body);
    if (!decoded.ok) return reply(decoded.statusCode, { message: decoded.message });
    const who = callerOf(request);
    if (!who) return reply(403, { message: 'the request carries no caller identity' });
    const { lineId, assignment } = decoded.value;
    const outcome = await assignLine(lineId, assignment, who, deps);
    logger.info('bank line assignment', { lineId, status: outcome.ok ? 200 : outcome.status });
    return outcome.ok ? reply(200, outcome.booked) : reply(outcome.status, { message: outcome.problem });
  },
  'POST /customers/{customerId}/credit': async (request, deps) => {
    const decoded = decodeCreditUse(request.pathParameters?.customerId, request.body);
    if (!decoded.ok) return reply(decoded.statusCode, { message: decoded.message });
    const who = callerOf(request);
    if (!who) return reply(403, { message: 'the request carries no caller identity' });
    const { customerId, requestId, use } = decoded.value;
    const refused = await useCredit(customerId, use, requestId, who, deps);
    logger.info('credit use', { kind: use.kind, requestId, status: refused ? 409 : 200 });
    return refused ? reply(409, { message: refused.problem }) : reply(200, { used: use.kind, id: requestId });
  },
};

/** `GET /bank-lines/unmatched`, `POST /bank-lines/{lineId}/assign`, `POST /customers/{customerId}/credit` (README, "Deploying to AWS"). */
export const makeHandler = (deps: BankLinesDeps) =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (request) => {
      const route = ROUTES[`${request.httpMethod} ${request.resource}`];
      if (!route) return reply(404, { message: `no route ${request.httpMethod} ${request.resource}` });
      try {
        return await route(request, deps);
      } catch (err) {
        if (err instanceof InvoiceNotFoundError) return reply(404, { message: err.message });
        if (!(err instanceof LedgerUnavailableError || err instanceof WorkflowUnavailableError)) throw err;
        // Whatever was written stays; the same request again completes or reports it.
        logger.error('bank line request not completed', { route: request.resource, error: err });
        return reply(503, { message: 'the request could not be completed; send the same request again' });
      }
    });

export const handler = makeHandler(bankLinesDepsFromEnv());
