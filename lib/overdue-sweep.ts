import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule, type Rule } from 'aws-cdk-lib/aws-events';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../functions/adapters/ledger-schema';
import type { ICollectionsWorkflow } from './collections-workflow';
import { scheduledInvocation } from './scheduled-invocation';
import { nagArnOf, ServiceFunction } from './service-function';

export interface OverdueSweepProps {
  /** The ledger whose collections start index the sweep queries, and where it marks runs as started. */
  readonly ledger: ITable;
  /** The workflow the sweep starts runs of. */
  readonly workflow: ICollectionsWorkflow;
  /** When the sweep runs. @default - daily at 05:00 UTC, before the working day in Europe */
  readonly schedule?: Schedule;
}

/**
 * The daily sweep: starts a collections run for every open invoice whose collections start date
 * has come and whose run is not started yet (ingest starts those due when they arrive). Runs are
 * named after their invoice, so a retried or repeated sweep, or one after ingest, starts none twice.
 */
export class OverdueSweep extends Construct {
  /** Queries the collections start index and starts the runs. */
  public readonly sweep: ServiceFunction;
  /** The schedule that invokes the sweep. */
  public readonly rule: Rule;
  /** Sweeps that did not run or failed after their retries. */
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: OverdueSweepProps) {
    super(scope, id);
    this.sweep = new ServiceFunction(this, 'Sweep', {
      entry: 'functions/sweep-overdue/handler.ts',
      description: 'Starts the collections runs of invoices whose collections start date has come',
      // Lambda's longest: a sweep cut short leaves the rest to the next day, since each invoice is
      // marked as started only once its run is.
      timeout: Duration.minutes(15),
      environment: { [ENV.ledgerTable]: props.ledger.tableName, [ENV.stateMachineArn]: props.workflow.stateMachineArn },
    });
    // Read and write: it queries the collections start index and marks each invoice as started.
    props.ledger.grantReadWriteData(this.sweep);
    const ledgerArn = nagArnOf(props.ledger);
    if (ledgerArn) {
      this.sweep.acknowledgeWildcards(
        "The ledger's own indexes: the sweep queries the collections start index, and the table grant reaches no other table.",
        `Resource::${ledgerArn}/index/*`,
      );
    }
    props.workflow.grantStart(this.sweep);

    ({ rule: this.rule, deadLetterQueue: this.deadLetterQueue } = scheduledInvocation(this, 'Daily', {
      fn: this.sweep,
      description: "Starts the day's collections runs",
      schedule: props.schedule ?? Schedule.cron({ minute: '0', hour: '5' }),
    }));
  }
}
