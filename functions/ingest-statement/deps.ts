import { z } from 'zod';
import { documentsFromEnv, ledgerFromEnv, logger, workflowFromEnv } from '../adapters/env';
import { ENV } from '../adapters/ledger-schema';
import { systemClock } from '../domain/clock';
import { DEFAULT_MATCH_THRESHOLD } from '../domain/matching';
import { DEFAULT_STATEMENT_LIMITS } from '../domain/statements';
import type { StatementIngestDeps } from './ingest';

const BookingConfig = z.object({
  [ENV.matchThreshold]: z.coerce.number().min(0).max(1).default(DEFAULT_MATCH_THRESHOLD),
  [ENV.autoAllocate]: z.enum(['true', 'false']).default('false'),
});
const StatementConfig = BookingConfig.extend({
  [ENV.maxStatementBytes]: z.coerce.number().int().positive().default(DEFAULT_STATEMENT_LIMITS.maxBytes),
});

/**
 * How lines are booked, read the same way by every function that books them (this one, and the
 * API's, which books a line a person assigns), so the two cannot read one setting differently.
 */
export function bookingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<StatementIngestDeps, 'matchThreshold' | 'autoAllocate'> {
  const config = BookingConfig.parse(env);
  return { matchThreshold: config[ENV.matchThreshold], autoAllocate: config[ENV.autoAllocate] === 'true' };
}

/** The statement function's dependencies, built once at cold start; a missing or wrong variable fails it, by name. */
export function statementDepsFromEnv(env: NodeJS.ProcessEnv = process.env): StatementIngestDeps {
  const config = StatementConfig.parse(env);
  return {
    documents: documentsFromEnv(env),
    ledger: ledgerFromEnv(env),
    workflow: workflowFromEnv(env),
    clock: systemClock,
    maxStatementBytes: config[ENV.maxStatementBytes],
    ...bookingSettingsFromEnv(env),
    logger,
  };
}
