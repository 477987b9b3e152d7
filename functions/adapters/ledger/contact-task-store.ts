import { addressKey, type ContactTask } from '../../domain/deliveries';
import { CONTACT_TASKS_PK, itemKey } from './keys';
import { valueOf, type LedgerTable } from './table';

/** Collectors' tasks to find another contact for a customer whose address is undeliverable: a worklist beside the call tasks. */
export interface ContactTaskStore {
  /** Opens the task once per customer and address: a second report of the same address opens none. */
  open(task: ContactTask): Promise<'opened' | 'already-open'>;
  listOpen(): Promise<ContactTask[]>;
}

const OPEN = 'open';

export class DynamoContactTaskStore implements ContactTaskStore {
  constructor(private readonly table: LedgerTable) {}

  async open(task: ContactTask): Promise<'opened' | 'already-open'> {
    const key = itemKey(CONTACT_TASKS_PK, `${task.customerId}#${addressKey(task.address)}`);
    return (await this.table.put('PutItem contact task', key, 'contact-task', { ...task, status: OPEN })) ? 'opened' : 'already-open';
  }

  async listOpen(): Promise<ContactTask[]> {
    return (await this.table.query('Query contact tasks', CONTACT_TASKS_PK))
      .filter((item) => item.status === OPEN)
      .map((item) => {
        const { status: _status, ...task } = valueOf<ContactTask & { status: string }>(item);
        return task;
      });
  }
}
