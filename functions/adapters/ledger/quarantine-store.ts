import type { QuarantineReason } from '../../domain/intake';
import { itemKey, QUARANTINE_PK } from './keys';
import { valueOf, type LedgerTable } from './table';

/** Files the intake refused, with why. */
export interface QuarantineStore {
  /** Records a refused file once per file and delivery time. */
  record(reason: QuarantineReason): Promise<void>;
  list(): Promise<QuarantineReason[]>;
}

export class DynamoQuarantineStore implements QuarantineStore {
  constructor(private readonly table: LedgerTable) {}

  async record(reason: QuarantineReason): Promise<void> {
    await this.table.put('PutItem quarantine', itemKey(QUARANTINE_PK, `${reason.receivedAt}#${reason.fileId}`), 'quarantine', reason);
  }

  async list(): Promise<QuarantineReason[]> {
    return (await this.table.query('Query quarantine', QUARANTINE_PK)).map((item) => valueOf<QuarantineReason>(item));
  }
}
