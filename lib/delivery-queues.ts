import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** The queue a function takes its messages from (S3's notices of new files, SNS's of SES events), and its dead-letter queue. */
export interface DeliveryQueues {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/**
 * Encrypted, TLS-only queues for a function that takes files as S3 announces them, or events as
 * SNS delivers them: a message that keeps failing moves to the dead-letter queue after
 * `maxReceiveCount` deliveries (which the stack's Operations watch). Made in the caller's scope,
 * under the ids the intake always had.
 */
export function deliveryQueues(
  scope: Construct,
  props: { readonly what: string; readonly functionTimeout: Duration; readonly maxReceiveCount: number },
): DeliveryQueues {
  const deadLetterQueue = new Queue(scope, 'DeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
  Validations.of(deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This is the dead-letter queue of the ${props.what} queue; a person inspects and redrives its messages.`,
  });
  const queue = new Queue(scope, 'Deliveries', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // AWS's advice for Lambda consumers: six times the function timeout, so retries and throttling never redeliver early.
    visibilityTimeout: Duration.seconds(props.functionTimeout.toSeconds() * 6),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
  });
  return { queue, deadLetterQueue };
}
