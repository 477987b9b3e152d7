import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../adapters/env';
import { DocumentStoreUnavailableError, LedgerUnavailableError } from '../adapters/errors';
import { WorkflowUnavailableError } from '../adapters/workflow';
import type { ConsoleBackend } from './backend';
import { UserDirectoryUnavailableError } from './cognito-users';
import { consoleBackendFromEnv } from './deps';
import { downloadHeaders, RequestRefusedError, SECURITY_HEADERS } from './http';
import { bodyOf, callerOf } from './input';
import { answer, AWS_ROUTES, type Reply } from './routes';

const jsonResult = (statusCode: number, body: unknown, headers: Readonly<Record<string, string>> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { ...SECURITY_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const resultOf = (reply: Reply): APIGatewayProxyStructuredResultV2 =>
  reply.kind === 'json'
    ? jsonResult(reply.status, reply.body)
    : { statusCode: 200, headers: downloadHeaders(reply.fileName), body: Buffer.from(reply.content).toString('base64'), isBase64Encoded: true };

/**
 * The console's API in AWS: API Gateway (an HTTP API, its JWT authorizer on the user pool)
 * passes every `/api/*` request here, and the route table `npm start` serves answers it, as the
 * user the token names, in their role. A refusal is the caller's to read; a store that failed is
 * 503, to try again; anything else is logged and 500, without its internals.
 */
export const makeHandler = (backend: ConsoleBackend) =>
  middy<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      try {
        const reply = await answer(AWS_ROUTES, backend, {
          method: event.requestContext.http.method,
          path: event.rawPath,
          query: new URLSearchParams(event.rawQueryString),
          caller: () => callerOf(event),
          readBody: async () => bodyOf(event),
        });
        logger.info('console request', { route: event.routeKey, path: event.rawPath, status: reply.kind === 'json' ? reply.status : 200 });
        return resultOf(reply);
      } catch (err) {
        if (err instanceof RequestRefusedError) return jsonResult(err.status, { message: err.message }, err.headers);
        const unavailable =
          err instanceof LedgerUnavailableError || err instanceof WorkflowUnavailableError || err instanceof DocumentStoreUnavailableError || err instanceof UserDirectoryUnavailableError;
        logger.error('console request failed', { path: event.rawPath, error: err });
        return unavailable
          ? jsonResult(503, { message: 'the console could not reach its stores; send the same request again' })
          : jsonResult(500, { message: 'the console failed; its logs say why' });
      }
    });

export const handler = makeHandler(consoleBackendFromEnv());
