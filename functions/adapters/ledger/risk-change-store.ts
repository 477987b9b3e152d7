import type { IsoDate } from '../../domain/calendar';
import { sha256Hex } from '../../domain/intake';
import { customerPk, IN_CUSTOMER, itemKey } from './keys';
import { valueOf, type LedgerTable } from './table';

/** What changed in a customer's risk on a day, as the daily review recorded it. */
export interface RiskChange {
  readonly customerId: string;
  readonly on: IsoDate;
  /** What recorded it: the daily review, or the invoice whose ingest moved the customer. */
  readonly source: string;
  readonly score: number;
  readonly grade: string;
  readonly segment: string;
  readonly changes: readonly string[];
}

/** Each customer's risk changes. */
export interface RiskChangeStore {
  record(change: RiskChange): Promise<void>;
  ofCustomer(customerId: string): Promise<RiskChange[]>;
}

export class DynamoRiskChangeStore implements RiskChangeStore {
  constructor(private readonly table: LedgerTable) {}

  async record(change: RiskChange): Promise<void> {
    // Keyed by day, source and what changed: the same change recorded again (a retried ingest, a review
    // rerun after a crash) is one record; a different change later the same day is another.
    const sk = `${IN_CUSTOMER.risk}${change.on}#${change.source}#${sha256Hex(JSON.stringify(change.changes)).slice(0, 12)}`;
    await this.table.put('PutItem risk change', itemKey(customerPk(change.customerId), sk), 'risk-change', change);
  }

  async ofCustomer(customerId: string): Promise<RiskChange[]> {
    return (await this.table.query('Query risk changes', customerPk(customerId), IN_CUSTOMER.risk)).map((item) => valueOf<RiskChange>(item));
  }
}
