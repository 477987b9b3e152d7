import type { QuarantineReason } from '../../domain/intake';
import { itemKey, PK, QUARANTINE_PK } from './keys';
import { valueOf, type LedgerTable } from './table';

/** Files the intake refused, with why. */
export interface QuarantineStore {
  /** Records a refused file once per file and delivery time. */
  record(reason: QuarantineReason): Promise<void>;
  list(): Promise<QuarantineReason[]>;
  /** Marks a file as put back into intake by a person, once: false when it was already, or is not in the list. */
  markReleased(reason: QuarantineReason, released: NonNullable<QuarantineReason['released']>): Promise<boolean>;
  /** Marks a file as set aside by a person, once: false when it was released or discarded already, or is not in the list. */
  markDiscarded(reason: QuarantineReason, discarded: NonNullable<QuarantineReason['discarded']>): Promise<boolean>;
}

/** A file still waiting for a person: neither put back nor set aside. */
const WAITING = { expression: 'attribute_exists(#pk) AND attribute_not_exists(#released) AND attribute_not_exists(#discarded)', names: { '#pk': PK, '#released': 'released', '#discarded': 'discarded' } };

const reasonKey = (reason: Pick<QuarantineReason, 'receivedAt' | 'fileId'>) => itemKey(QUARANTINE_PK, `${reason.receivedAt}#${reason.fileId}`);

export class DynamoQuarantineStore implements QuarantineStore {
  constructor(private readonly table: LedgerTable) {}

  async record(reason: QuarantineReason): Promise<void> {
    await this.table.put('PutItem quarantine', reasonKey(reason), 'quarantine', reason);
  }

  async list(): Promise<QuarantineReason[]> {
    return (await this.table.query('Query quarantine', QUARANTINE_PK)).map((item) => valueOf<QuarantineReason>(item));
  }

  async markReleased(reason: QuarantineReason, released: NonNullable<QuarantineReason['released']>): Promise<boolean> {
    return this.table.update(
      'UpdateItem quarantine released',
      reasonKey(reason),
      { expression: 'SET #released = :released', names: { '#released': 'released' }, values: { ':released': released } },
      WAITING,
    );
  }

  async markDiscarded(reason: QuarantineReason, discarded: NonNullable<QuarantineReason['discarded']>): Promise<boolean> {
    return this.table.update('UpdateItem quarantine discarded', reasonKey(reason), { expression: 'SET #discarded = :discarded', names: { '#discarded': 'discarded' }, values: { ':discarded': discarded } }, WAITING);
  }
}
