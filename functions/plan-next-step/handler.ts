import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { ledgerFromEnv, logger } from '../adapters/env';
import { traceInvocation } from '../adapters/telemetry';
import { InvoiceKeySchema } from '../adapters/task-input';
import { systemClock } from '../domain/clock';
import { planStep, type PlanDeps, type PlanOutput } from './plan';

const PlanInput = z.object({ invoiceKey: InvoiceKeySchema, policy: z.unknown() });

export const makeHandler = (deps: PlanDeps) =>
  middy<unknown, PlanOutput>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const { invoiceKey, policy } = PlanInput.parse(event);
      logger.appendKeys({ invoiceNumber: invoiceKey.number });
      const plan = await planStep(invoiceKey, policy, deps);
      logger.info('planned', { action: plan.action, waitSeconds: plan.waitSeconds, policy: 'step' in plan ? plan.step.policy : plan.policyVersion });
      return plan;
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), clock: systemClock });
