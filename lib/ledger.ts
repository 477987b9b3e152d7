import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { COLLECTIONS_START_INDEX, LEDGER_KEY } from '../functions/adapters/ledger-schema';

/**
 * The ledger: one DynamoDB table for invoices, their audit trails and collections records, keyed
 * as the stores in functions/adapters/ledger/ read it. It holds the only copy of what happened
 * to each invoice, so it survives the stack: retained, protected from deletion, recoverable to
 * any second of the last 35 days.
 */
export class Ledger extends Construct {
  /** The ledger table. */
  public readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: LEDGER_KEY.partitionKey, type: AttributeType.STRING },
      sortKey: { name: LEDGER_KEY.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: COLLECTIONS_START_INDEX.indexName,
      partitionKey: { name: COLLECTIONS_START_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: COLLECTIONS_START_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: [...COLLECTIONS_START_INDEX.projectedAttributes],
    });
  }
}
