import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { S3DocumentStore } from '../adapters/document-store';
import { DynamoLedger } from '../adapters/ledger';
import { ENV } from '../adapters/ledger-schema';
import { systemClock } from '../domain/clock';
import { DEFAULT_MAX_INVOICE_BYTES } from '../domain/einvoice';
import type { IngestDeps } from './ingest';
import { STANDARD_POLICY } from '../domain/policy';

const IngestConfig = z.object({
  [ENV.ledgerTable]: z.string().min(1),
  [ENV.documentsBucket]: z.string().min(1),
  [ENV.maxInvoiceBytes]: z.coerce.number().int().positive().default(DEFAULT_MAX_INVOICE_BYTES),
});

export const logger = new Logger({ serviceName: 'ingest-invoice' });

/** The only place this function reads process.env: a missing variable fails the cold start, by name. */
export function ingestDepsFromEnv(env: NodeJS.ProcessEnv = process.env): IngestDeps {
  const config = IngestConfig.parse(env);
  return {
    documents: new S3DocumentStore(new S3Client({}), config[ENV.documentsBucket]),
    ledger: new DynamoLedger(new DynamoDBClient({}), config[ENV.ledgerTable]),
    clock: systemClock,
    maxInvoiceBytes: config[ENV.maxInvoiceBytes],
    policy: STANDARD_POLICY,
    logger,
  };
}
