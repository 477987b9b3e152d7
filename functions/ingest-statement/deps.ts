import { z } from 'zod';
import { documentsFromEnv, ledgerFromEnv, logger, workflowFromEnv } from '../adapters/env';
import { ENV } from '../adapters/ledger-schema';
import { systemClock } from '../domain/clock';
import { DEFAULT_MATCH_THRESHOLD } from '../domain/matching';
import { DEFAULT_STATEMENT_LIMITS } from '../domain/statements';
import type { StatementIngestDeps } from './ingest';

const StatementConfig = z.object({
  [ENV.maxStatementBytes]: z.coerce.number().int().positive().default(DEFAULT_STATEMENT_LIMITS.maxBytes),
  [ENV.matchThreshold]: z.coerce.number().min(0).max(1).default(DEFAULT_MATCH_THRESHOLD),
  [ENV.autoAllocate]: z.enum(['true', 'false']).default('false'),
});

/** The statement function's dependencies, built once at cold start; a missing or wrong variable fails it, by name. */
export function statementDepsFromEnv(env: NodeJS.ProcessEnv = process.env): StatementIngestDeps {
  const config = StatementConfig.parse(env);
  return {
    documents: documentsFromEnv(env),
    ledger: ledgerFromEnv(env),
    workflow: workflowFromEnv(env),
    clock: systemClock,
    maxStatementBytes: config[ENV.maxStatementBytes],
    matchThreshold: config[ENV.matchThreshold],
    autoAllocate: config[ENV.autoAllocate] === 'true',
    logger,
  };
}
