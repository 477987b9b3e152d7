import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../adapters/env';
import { METRIC } from '../adapters/metric-names';
import { eachRecordOf } from '../adapters/sqs-batch';
import { count, publishMetrics, traceInvocation } from '../adapters/telemetry';
import { storageEventsOf } from '../ingest-invoice/input';
import { statementDepsFromEnv } from './deps';
import { ingestStatement, type StatementIngestDeps, type StatementIngestResult } from './ingest';

/** Books every statement file an SQS message announces; a throw fails only this record, which SQS redelivers. */
export async function ingestStatementRecord(record: SQSRecord, deps: StatementIngestDeps): Promise<StatementIngestResult[]> {
  const results: StatementIngestResult[] = [];
  for (const event of storageEventsOf(record.body)) results.push(await ingestStatement(event, deps));
  return results;
}

export const makeHandler = (deps: StatementIngestDeps) =>
  middy<SQSEvent, SQSBatchResponse>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(publishMetrics())
    .handler(async (event, context) => {
      const { response, results } = await eachRecordOf(event, context, (record) => ingestStatementRecord(record, deps));
      const outcomes = results.flat().map((result) => result.outcome);
      count(METRIC.filesIngested, outcomes.filter((outcome) => outcome === 'booked').length);
      count(METRIC.filesQuarantined, outcomes.filter((outcome) => outcome === 'quarantined').length);
      return response;
    });

export const handler = makeHandler(statementDepsFromEnv());
