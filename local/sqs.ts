import type { SQSRecord } from 'aws-lambda';

/** The SQS record Lambda receives for a message body: the local host and tests deliver notifications themselves. */
export const sqsRecordOf = (body: string, messageId: string): SQSRecord => ({
  messageId,
  receiptHandle: messageId,
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'local', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:intake',
  awsRegion: 'eu-central-1',
});
