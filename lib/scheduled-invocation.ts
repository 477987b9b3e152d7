import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, type Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ServiceFunction } from './service-function';

/** The rule that invokes a function on a schedule, and the queue its failed runs end in. */
export interface ScheduledInvocation {
  readonly rule: Rule;
  /** Events EventBridge could not deliver, and invocations that failed after Lambda's retries. */
  readonly deadLetterQueue: Queue;
}

/** Lambda's own retries of an invocation that failed: its default, said here because the alarm text counts on it. */
export const SCHEDULED_RETRY_ATTEMPTS = 2;

/**
 * Invokes `fn` on `schedule`, keeping every run that did not happen: an event EventBridge could
 * not hand to Lambda within its retries, and an invocation that still failed after Lambda's
 * retries, both land in one encrypted, TLS-only dead-letter queue for a person (and the alarm
 * on it). Made in the caller's scope: the rule under `id`, the queue under `${id}Failures`.
 */
export function scheduledInvocation(
  scope: Construct,
  id: string,
  props: { readonly fn: ServiceFunction; readonly schedule: Schedule; readonly description: string },
): ScheduledInvocation {
  const deadLetterQueue = new Queue(scope, `${id}Failures`, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
  Validations.of(deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This is the dead-letter queue of a scheduled function; a person reads its messages and runs the function again.',
  });
  // The function runs for up to 15 minutes: its invocation, not the schedule's delivery, is what takes long.
  props.fn.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetterQueue), retryAttempts: SCHEDULED_RETRY_ATTEMPTS, maxEventAge: Duration.hours(6) });
  const rule = new Rule(scope, id, {
    description: props.description,
    schedule: props.schedule,
    // Delivery to Lambda's asynchronous queue fails only while Lambda refuses it: a few tries within an hour, then the queue.
    targets: [new LambdaFunction(props.fn, { deadLetterQueue, retryAttempts: 4, maxEventAge: Duration.hours(1) })],
  });
  return { rule, deadLetterQueue };
}
