import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { ledgerFromEnv, logger } from '../adapters/env';
import { traceInvocation } from '../adapters/telemetry';
import type { LedgerStores } from '../adapters/ledger';
import { InvoiceKeySchema } from '../adapters/task-input';
import { systemClock, type Clock } from '../domain/clock';

const ParkInput = z.object({ invoiceKey: InvoiceKeySchema, taskToken: z.string().min(1), waitSeconds: z.number().int().positive() });

export interface ParkDeps {
  readonly ledger: Pick<LedgerStores, 'runs'>;
  readonly clock: Clock;
}

/** The WaitForDateOrSignal task: keeps the token in the ledger, where a recorded event finds it to wake the run. */
export const makeHandler = (deps: ParkDeps) =>
  middy<unknown, void>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const { invoiceKey, taskToken, waitSeconds } = ParkInput.parse(event);
      const wakeAt = new Date(deps.clock.now().getTime() + waitSeconds * 1000).toISOString();
      await deps.ledger.runs.park(invoiceKey, { token: taskToken, wakeAt });
      logger.info('run parked', { invoiceNumber: invoiceKey.number, wakeAt });
    });

export const handler = makeHandler({ ledger: ledgerFromEnv(), clock: systemClock });
