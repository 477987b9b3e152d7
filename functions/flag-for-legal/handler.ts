import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ledgerFromEnv, logger } from '../adapters/env';
import { countStep, publishMetrics, traceInvocation } from '../adapters/telemetry';
import { StepTaskInput } from '../adapters/task-input';
import { systemClock } from '../domain/clock';
import { flagForLegal, type LegalFlagDeps } from './legal-flag';

export const makeHandler = (deps: LegalFlagDeps) =>
  middy<unknown, Awaited<ReturnType<typeof flagForLegal>>>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(publishMetrics())
    .handler(async (event) => {
      const input = StepTaskInput.parse(event);
      logger.appendKeys({ invoiceNumber: input.invoiceKey.number, stepId: input.step.id });
      const result = await flagForLegal(input, deps);
      countStep(result.outcome);
      return result;
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), clock: systemClock });
