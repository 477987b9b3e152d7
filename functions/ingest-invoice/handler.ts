import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../adapters/env';
import { ingestDepsFromEnv } from './deps';
import { ingestObject, type IngestDeps, type IngestResult } from './ingest';
import { storageEventsOf } from './input';

/** Ingests every file an SQS message announces; a throw fails only this record, which SQS redelivers. */
export async function ingestRecord(record: SQSRecord, deps: IngestDeps): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const event of storageEventsOf(record.body)) results.push(await ingestObject(event, deps));
  return results;
}

export const makeHandler = (deps: IngestDeps) => {
  const processor = new BatchProcessor(EventType.SQS);
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler((event, context) =>
      processPartialResponse(event, (record: SQSRecord) => ingestRecord(record, deps), processor, {
      context,
      // Every failed record is reported as such: SQS redelivers exactly those, whether one failed or all.
      throwOnFullBatchFailure: false,
    }),
  );
};

export const handler = makeHandler(ingestDepsFromEnv());
