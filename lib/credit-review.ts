import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule, type Rule } from 'aws-cdk-lib/aws-events';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../functions/adapters/ledger-schema';
import type { ICollectionsWorkflow } from './collections-workflow';
import { scheduledInvocation } from './scheduled-invocation';
import { nagArnOf, ServiceFunction } from './service-function';

export interface CreditReviewProps {
  /** The ledger whose customers are reviewed, and where their risk changes are recorded. */
  readonly ledger: ITable;
  /** The workflow whose waiting runs a customer's change of segment wakes. */
  readonly workflow: ICollectionsWorkflow;
  /** When the review runs. @default - daily at 04:00 UTC, an hour before the overdue sweep, so runs start under fresh segments */
  readonly schedule?: Schedule;
}

/**
 * The daily credit review: every customer's payment behaviour, risk score and segment recomputed,
 * and what changed recorded for the credit manager.
 */
export class CreditReview extends Construct {
  public readonly review: ServiceFunction;
  public readonly rule: Rule;
  /** Reviews that did not run or failed after their retries. */
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: CreditReviewProps) {
    super(scope, id);
    this.review = new ServiceFunction(this, 'Review', {
      entry: 'functions/review-credit/handler.ts',
      description: "Recomputes customers' payment behaviour, risk and segment, and records what changed",
      timeout: Duration.minutes(15),
      // It holds the ledger's invoices and events in memory for one pass (bench report-ledger: about
      // 1 GB for 100,000 invoices); Lambda's CPU grows with memory too.
      memorySize: 2048,
      environment: { [ENV.ledgerTable]: props.ledger.tableName, [ENV.stateMachineArn]: props.workflow.stateMachineArn },
    });
    // It reads customers and invoices, and writes profiles and risk changes.
    props.ledger.grantReadWriteData(this.review);
    const ledgerArn = nagArnOf(props.ledger);
    if (ledgerArn) {
      this.review.acknowledgeWildcards("The ledger's own indexes: CDK's table grant extends to them, and reaches no other table.", `Resource::${ledgerArn}/index/*`);
    }
    props.workflow.grantSignal(this.review);
    ({ rule: this.rule, deadLetterQueue: this.deadLetterQueue } = scheduledInvocation(this, 'Daily', {
      fn: this.review,
      description: "Reviews every customer's credit risk",
      schedule: props.schedule ?? Schedule.cron({ minute: '0', hour: '4' }),
    }));
  }
}
