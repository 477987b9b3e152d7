import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ledgerFromEnv, logger } from '../adapters/env';
import { countStep, publishMetrics, traceInvocation } from '../adapters/telemetry';
import { systemClock } from '../domain/clock';
import { CallTaskInput, createCallTask, type CallTaskDeps } from './call-task';

export const makeHandler = (deps: CallTaskDeps) =>
  middy<unknown, Awaited<ReturnType<typeof createCallTask>>>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(publishMetrics())
    .handler(async (event) => {
      const input = CallTaskInput.parse(event);
      logger.appendKeys({ invoiceNumber: input.invoiceKey.number, stepId: input.step.id });
      const result = await createCallTask(input, deps);
      countStep(result.outcome);
      return result;
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), clock: systemClock });
