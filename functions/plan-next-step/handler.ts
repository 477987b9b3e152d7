import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { ledgerFromEnv, logger } from '../adapters/env';
import { traceInvocation } from '../adapters/telemetry';
import { InvoiceKeySchema } from '../adapters/task-input';
import { systemClock } from '../domain/clock';
import { planStep, type PlanDeps, type PlanOutput } from './plan';

const PlanInput = z.object({
  invoiceKey: InvoiceKeySchema,
  policy: z.unknown(),
  // $$.Execution.Name and $$.Execution.StartTime, passed in by the definition.
  execution: z.object({ name: z.string().min(1), startedAt: z.iso.datetime({ offset: true }).transform((text) => new Date(text)) }),
});

export const makeHandler = (deps: PlanDeps) =>
  middy<unknown, PlanOutput>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const { invoiceKey, policy, execution } = PlanInput.parse(event);
      logger.appendKeys({ invoiceNumber: invoiceKey.number });
      const plan = await planStep(invoiceKey, policy, execution, deps);
      logger.info('planned', {
        action: plan.action,
        ...('waitSeconds' in plan ? { waitSeconds: plan.waitSeconds } : { handOnTo: plan.name }),
        policy: 'step' in plan ? plan.step.policy : plan.policyVersion,
      });
      return plan;
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), clock: systemClock });
