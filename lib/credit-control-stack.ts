import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { InvoiceIntake } from './invoice-intake';
import { Ledger } from './ledger';

export interface CreditControlStackProps extends StackProps {
  /** Files over this size are quarantined unread. @default - the ingest function's own limit (128 MiB) */
  readonly maxInvoiceBytes?: number;
}

/** The whole system on AWS: one stack, one construct per concern (ARCHITECTURE.md). */
export class CreditControlStack extends Stack {
  public readonly ledger: Ledger;
  public readonly intake: InvoiceIntake;

  constructor(scope: Construct, id: string, props: CreditControlStackProps = {}) {
    super(scope, id, props);
    this.ledger = new Ledger(this, 'Ledger');
    this.intake = new InvoiceIntake(this, 'InvoiceIntake', { ledger: this.ledger.table, maxInvoiceBytes: props.maxInvoiceBytes });

    new CfnOutput(this, 'DocumentsBucketName', {
      value: this.intake.documents.bucketName,
      description: 'Invoice files dropped under inbox/ are ingested; originals move to archive/ or quarantine/.',
    });
    new CfnOutput(this, 'LedgerTableName', { value: this.ledger.table.tableName });
    new CfnOutput(this, 'IntakeQueueUrl', { value: this.intake.queue.queueUrl });
    new CfnOutput(this, 'IntakeDeadLetterQueueUrl', {
      value: this.intake.deadLetterQueue.queueUrl,
      description: 'Notifications of files that failed repeatedly: inspect, fix, then redrive.',
    });
  }
}
