import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { ledgerFromEnv, logger, mailerFromEnv } from '../adapters/env';
import { ENV } from '../adapters/ledger-schema';
import { StepTaskInput } from '../adapters/task-input';
import { systemClock } from '../domain/clock';
import { parseDecimal, type Decimal } from '../domain/money';
import { sendReminder, type ReminderDeps } from './reminder';

const ReminderInput = StepTaskInput.extend({ policy: z.unknown() });

/** The ECB main refinancing rate the statutory interest is based on, in percent; set per half-year. */
const referenceRate = (env: NodeJS.ProcessEnv): Decimal => parseDecimal(env[ENV.referenceRatePercent] ?? '2.15') ?? ('2.15' as Decimal);

export const makeHandler = (deps: ReminderDeps) =>
  middy<unknown, Awaited<ReturnType<typeof sendReminder>>>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const input = ReminderInput.parse(event);
      logger.appendKeys({ invoiceNumber: input.invoiceKey.number, stepId: input.step.id });
      const result = await sendReminder(input, deps);
      logger.info('reminder step done', { outcome: result.outcome, delivery: result.delivery });
      return result;
    });

export const handler = makeHandler({
  ledger: ledgerFromEnv(),
  mailer: mailerFromEnv(),
  clock: systemClock,
  interest: { referenceRatePercent: referenceRate(process.env), marginPercent: '8' as Decimal, fixedCompensation: '40.00' as Decimal },
});
