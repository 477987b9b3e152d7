import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../adapters/env';
import { METRIC } from '../adapters/metric-names';
import { eachRecordOf } from '../adapters/sqs-batch';
import { count, publishMetrics, traceInvocation } from '../adapters/telemetry';
import { ingestDepsFromEnv } from './deps';
import { ingestObject, type IngestDeps, type IngestResult } from './ingest';
import { storageEventsOf } from './input';

/** Ingests every file an SQS message announces; a throw fails only this record, which SQS redelivers. */
export async function ingestRecord(record: SQSRecord, deps: IngestDeps): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const event of storageEventsOf(record.body)) results.push(await ingestObject(event, deps));
  return results;
}

/** Outcomes of a file read into the ledger: a new invoice, or one the ledger already had. */
const INGESTED: ReadonlySet<IngestResult['outcome']> = new Set(['added', 'duplicate', 'same-invoice']);

export const makeHandler = (deps: IngestDeps) =>
  middy<SQSEvent, SQSBatchResponse>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(publishMetrics())
    .handler(async (event, context) => {
      const { response, results } = await eachRecordOf(event, context, (record) => ingestRecord(record, deps));
      const outcomes = results.flat().map((result) => result.outcome);
      count(METRIC.filesIngested, outcomes.filter((outcome) => INGESTED.has(outcome)).length);
      count(METRIC.filesQuarantined, outcomes.filter((outcome) => outcome === 'quarantined').length);
      return response;
    });

export const handler = makeHandler(ingestDepsFromEnv());
