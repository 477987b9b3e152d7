import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ledgerFromEnv, logger, workflowFromEnv } from '../adapters/env';
import { traceInvocation } from '../adapters/telemetry';
import { systemClock } from '../domain/clock';
import { reviewCredit, type ReviewDeps, type ReviewResult } from './review';

export const makeHandler = (deps: ReviewDeps) =>
  middy<unknown, ReviewResult>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async () => {
      const result = await reviewCredit(deps);
      logger.info('credit review done', { ...result });
      return result;
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), workflow: workflowFromEnv(), clock: systemClock });
