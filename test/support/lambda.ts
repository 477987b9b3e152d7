import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { notificationFor } from '../../functions/ingest-invoice/input';
import { sqsRecordOf } from '../../local/sqs';

export { localLambdaContext as lambdaContext } from '../../local/lambda-context';

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
