import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ledgerFromEnv, logger } from '../adapters/env';
import { eachRecordOf } from '../adapters/sqs-batch';
import { deliveryNoticeOf } from './input';
import { recordDelivery, type RecordDeliveryDeps, type RecordDeliveryResult } from './record';

/** Records the SES event an SQS message carries; a throw fails only this record, which SQS redelivers. */
export async function recordDeliveryRecord(record: SQSRecord, deps: RecordDeliveryDeps): Promise<RecordDeliveryResult | null> {
  const notice = deliveryNoticeOf(record.body);
  if (!notice) return null;
  const result = await recordDelivery(notice, deps);
  // The message id and what happened; never an address.
  logger.info('delivery event', { messageId: notice.messageId, kind: notice.event.kind, ...result });
  return result;
}

export const makeHandler = (deps: RecordDeliveryDeps) =>
  middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event, context) => (await eachRecordOf(event, context, (record) => recordDeliveryRecord(record, deps))).response);

export const handler = makeHandler({ ledger: ledgerFromEnv() });
