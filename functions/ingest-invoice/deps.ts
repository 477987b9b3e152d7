import { z } from 'zod';
import { documentsFromEnv, ledgerFromEnv, logger, mailerFromEnv, workflowFromEnv } from '../adapters/env';
import { ENV } from '../adapters/ledger-schema';
import { systemClock } from '../domain/clock';
import { DEFAULT_MAX_INVOICE_BYTES } from '../domain/einvoice';
import type { IngestDeps } from './ingest';

const IngestConfig = z.object({
  [ENV.maxInvoiceBytes]: z.coerce.number().int().positive().default(DEFAULT_MAX_INVOICE_BYTES),
});

/** The ingest function's dependencies, built once at cold start; a missing variable fails it, by name. */
export function ingestDepsFromEnv(env: NodeJS.ProcessEnv = process.env): IngestDeps {
  const creditManager = env[ENV.creditManagerEmail];
  return {
    documents: documentsFromEnv(env),
    ledger: ledgerFromEnv(env),
    workflow: workflowFromEnv(env),
    clock: systemClock,
    maxInvoiceBytes: IngestConfig.parse(env)[ENV.maxInvoiceBytes],
    // Alerts are always in the ledger and the console; by e-mail too when a credit manager is named.
    creditManager: creditManager ? { mailer: mailerFromEnv(env), address: creditManager } : null,
    logger,
  };
}
