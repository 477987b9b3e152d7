import { contactTaskId, type ContactTask, type ContactTaskRecord, type ContactTaskResolution } from '../../domain/deliveries';
import { CONTACT_TASKS_PK, itemKey } from './keys';
import { valueOf, type LedgerTable } from './table';

/** Collectors' tasks to find another contact for a customer whose address is undeliverable: a worklist beside the call tasks. */
export interface ContactTaskStore {
  /** Opens the task once per customer and address: a second report of the same address opens none. */
  open(task: ContactTask): Promise<'opened' | 'already-open'>;
  listOpen(): Promise<ContactTask[]>;
  /** The task by its id ({@link contactTaskId}), open or resolved. */
  get(id: string): Promise<ContactTaskRecord | undefined>;
  /** Closes an open task with how it was resolved, once: false when it is not open (resolved already, or no such task). */
  resolve(id: string, resolution: ContactTaskResolution): Promise<boolean>;
}

const OPEN = 'open';
const taskKey = (id: string) => itemKey(CONTACT_TASKS_PK, id);

export class DynamoContactTaskStore implements ContactTaskStore {
  constructor(private readonly table: LedgerTable) {}

  async open(task: ContactTask): Promise<'opened' | 'already-open'> {
    return (await this.table.put('PutItem contact task', taskKey(contactTaskId(task)), 'contact-task', { ...task, status: OPEN })) ? 'opened' : 'already-open';
  }

  async listOpen(): Promise<ContactTask[]> {
    return (await this.table.query('Query contact tasks', CONTACT_TASKS_PK))
      .filter((item) => item.status === OPEN)
      .map((item) => {
        const { status: _status, ...task } = valueOf<ContactTask & { status: string }>(item);
        return task;
      });
  }

  async get(id: string): Promise<ContactTaskRecord | undefined> {
    const item = await this.table.get('GetItem contact task', taskKey(id));
    return item ? { ...valueOf<ContactTaskRecord>(item), id } : undefined;
  }

  async resolve(id: string, resolution: ContactTaskResolution): Promise<boolean> {
    return this.table.update(
      'UpdateItem contact task resolved',
      taskKey(id),
      { expression: 'SET #status = :resolved, resolution = :resolution', names: { '#status': 'status' }, values: { ':resolved': 'resolved', ':resolution': resolution } },
      { expression: '#status = :open', names: { '#status': 'status' }, values: { ':open': OPEN } },
    );
  }
}
