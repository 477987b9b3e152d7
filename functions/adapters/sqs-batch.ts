import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * One SQS batch, a record at a time: a throw fails only that record, and every failed record is
 * reported as such (also when all fail), so SQS redelivers exactly those. Answers the batch
 * response and what each record that went through returned. A processor per batch: it keeps the
 * batch's records while it works, and `npm start` runs invocations of one function side by side.
 */
export async function eachRecordOf<R>(
  event: SQSEvent,
  context: Context,
  handle: (record: SQSRecord) => Promise<R>,
): Promise<{ readonly response: SQSBatchResponse; readonly results: readonly R[] }> {
  const results: R[] = [];
  const response = await processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const result = await handle(record);
      results.push(result);
      return result;
    },
    new BatchProcessor(EventType.SQS),
    { context, throwOnFullBatchFailure: false },
  );
  return { response, results };
}
