import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { ledgerFromEnv, logger, mailerFromEnv } from '../adapters/env';
import { countStep, publishMetrics, traceInvocation } from '../adapters/telemetry';
import { StepTaskInput } from '../adapters/task-input';
import { systemClock } from '../domain/clock';
import { statutoryInterestRules } from '../domain/interest';
import { sendReminder, type ReminderDeps } from './reminder';

const ReminderInput = StepTaskInput.extend({ policy: z.unknown() });

export const makeHandler = (deps: ReminderDeps) =>
  middy<unknown, Awaited<ReturnType<typeof sendReminder>>>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(publishMetrics())
    .handler(async (event) => {
      const input = ReminderInput.parse(event);
      logger.appendKeys({ invoiceNumber: input.invoiceKey.number, stepId: input.step.id });
      const result = await sendReminder(input, deps);
      countStep(result.outcome);
      logger.info('reminder step done', { outcome: result.outcome, delivery: result.delivery });
      return result;
    });

export const handler = makeHandler({
  ledger: ledgerFromEnv(),
  mailer: mailerFromEnv(),
  clock: systemClock,
  interestRules: statutoryInterestRules,
});
