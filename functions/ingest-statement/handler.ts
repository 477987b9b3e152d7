import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../adapters/env';
import { storageEventsOf } from '../ingest-invoice/input';
import { statementDepsFromEnv } from './deps';
import { ingestStatement, type StatementIngestDeps, type StatementIngestResult } from './ingest';

/** Books every statement file an SQS message announces; a throw fails only this record, which SQS redelivers. */
export async function ingestStatementRecord(record: SQSRecord, deps: StatementIngestDeps): Promise<StatementIngestResult[]> {
  const results: StatementIngestResult[] = [];
  for (const event of storageEventsOf(record.body)) results.push(await ingestStatement(event, deps));
  return results;
}

export const makeHandler = (deps: StatementIngestDeps) => {
  const processor = new BatchProcessor(EventType.SQS);
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler((event, context) =>
      processPartialResponse(event, (record: SQSRecord) => ingestStatementRecord(record, deps), processor, { context, throwOnFullBatchFailure: false }),
    );
};

export const handler = makeHandler(statementDepsFromEnv());
