import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ledgerFromEnv, logger } from '../adapters/env';
import { traceInvocation } from '../adapters/telemetry';
import { systemClock } from '../domain/clock';
import { FailureInput, recordFailure, type FailureDeps } from './failure';

export const makeHandler = (deps: FailureDeps) =>
  middy<unknown, void>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const input = FailureInput.parse(event);
      logger.error('collections step failed', { invoiceNumber: input.invoiceKey.number, error: input.failure.Error });
      await recordFailure(input, deps);
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), clock: systemClock });
