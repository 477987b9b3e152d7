import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { notificationFor } from '../../functions/ingest-invoice/input';
import { sqsRecordOf } from '../../local/sqs';

/** A Lambda context good enough for handlers under test. */
export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:test',
  memoryLimitInMB: '1024',
  awsRequestId: 'test-request',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export interface Delivery {
  readonly key: string;
  readonly eventTime?: string;
  readonly sequencer?: string;
  readonly messageId?: string;
  readonly body?: string;
}

const sqsRecord = (delivery: Delivery): SQSRecord =>
  sqsRecordOf(
    delivery.body ?? notificationFor(delivery.key, delivery.eventTime ?? '2026-03-02T09:00:00.000Z', delivery.sequencer ?? '0001'),
    delivery.messageId ?? `msg-${delivery.key}-${delivery.sequencer ?? '1'}`,
  );

/** The SQS event Lambda receives for files S3 announced through the queue. */
export const deliveryOf = (...deliveries: Delivery[]): SQSEvent => ({ Records: deliveries.map(sqsRecord) });
