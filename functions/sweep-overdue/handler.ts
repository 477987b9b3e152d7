import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ledgerFromEnv, logger, workflowFromEnv } from '../adapters/env';
import { traceInvocation } from '../adapters/telemetry';
import { systemClock } from '../domain/clock';
import { sweep, type SweepDeps, type SweepResult } from './sweep';

export const makeHandler = (deps: SweepDeps) =>
  middy<unknown, SweepResult>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async () => {
      const result = await sweep(deps);
      logger.info('sweep done', { ...result });
      return result;
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), workflow: workflowFromEnv(), clock: systemClock, policy: null });
