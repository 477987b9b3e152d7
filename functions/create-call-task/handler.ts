import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ledgerFromEnv, logger } from '../adapters/env';
import { systemClock } from '../domain/clock';
import { CallTaskInput, createCallTask, type CallTaskDeps } from './call-task';

export const makeHandler = (deps: CallTaskDeps) =>
  middy<unknown, Awaited<ReturnType<typeof createCallTask>>>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const input = CallTaskInput.parse(event);
      logger.appendKeys({ invoiceNumber: input.invoiceKey.number, stepId: input.step.id });
      return createCallTask(input, deps);
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), clock: systemClock });
