import type { CallTask } from '../../domain/collections';
import type { InvoiceKey } from '../../domain/intake';
import { CALL_TASKS_PK, invoicePk, itemKey, PK, SK } from './keys';
import { valueOf, type LedgerTable } from './table';

/** The collectors' call tasks, one per invoice and step, open until the call's outcome closes them. */
export interface CallTaskStore {
  open(task: CallTask): Promise<void>;
  close(key: InvoiceKey, outcome: string): Promise<void>;
  listOpen(): Promise<CallTask[]>;
}

export class DynamoCallTaskStore implements CallTaskStore {
  constructor(private readonly table: LedgerTable) {}

  async open(task: CallTask): Promise<void> {
    await this.table.put('PutItem call task', itemKey(CALL_TASKS_PK, `${invoicePk(task.invoiceKey)}#${task.stepId}`), 'call-task', { ...task, status: 'open' });
  }

  async close(key: InvoiceKey, outcome: string): Promise<void> {
    for (const item of await this.table.query('Query call tasks', CALL_TASKS_PK, `${invoicePk(key)}#`)) {
      if (item.status !== 'open') continue;
      await this.table.update('UpdateItem call task', itemKey(String(item[PK]), String(item[SK])), {
        expression: 'SET #status = :closed, outcome = :outcome',
        names: { '#status': 'status' },
        values: { ':closed': 'closed', ':outcome': outcome },
      });
    }
  }

  async listOpen(): Promise<CallTask[]> {
    return (await this.table.query('Query call tasks', CALL_TASKS_PK))
      .filter((item) => item.status === 'open')
      .map((item) => {
        const { status: _status, ...task } = valueOf<CallTask & { status: string }>(item);
        return task;
      });
  }
}
