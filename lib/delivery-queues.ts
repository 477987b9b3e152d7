import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** The queue a function takes its messages from (S3's notices of new files, SNS's of SES events), its dead-letter queue, and the alarm on it. */
export interface DeliveryQueues {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
}

/**
 * Encrypted, TLS-only queues for a function that takes files as S3 announces them, or events as
 * SNS delivers them: a message that keeps failing moves to the dead-letter queue after
 * `maxReceiveCount` deliveries, which raises the alarm. Made in the caller's scope, under the ids
 * the intake always had.
 */
export function deliveryQueues(
  scope: Construct,
  props: { readonly what: string; readonly functionTimeout: Duration; readonly maxReceiveCount: number; readonly alarmDescription: string },
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
  const deadLetterAlarm = new Alarm(scope, 'DeadLettersAlarm', {
    alarmDescription: props.alarmDescription,
    metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  return { queue, deadLetterQueue, deadLetterAlarm };
}
