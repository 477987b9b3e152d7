import type { IsoDate } from '../../domain/calendar';
import type { CallTask, CallTaskAssignment } from '../../domain/collections';
import type { InvoiceKey } from '../../domain/intake';
import { CALL_TASKS_PK, invoicePk, itemKey, PK, SK } from './keys';
import { valueOf, type Item, type LedgerTable } from './table';

/** The collectors' call tasks, one per invoice and step, open until the call's outcome closes them or they expire. */
export interface CallTaskStore {
  open(task: CallTask): Promise<void>;
  /** Closes every open task of the invoice with the outcome (a call's, or why the run ended). */
  close(key: InvoiceKey, outcome: string): Promise<void>;
  /** Closes one task as `expired` on a day, unless something closed it first. */
  expire(key: InvoiceKey, stepId: string, on: IsoDate): Promise<void>;
  /** Gives an open task to a collector (or to nobody), as a person decided: false when it is not open. */
  assign(key: InvoiceKey, stepId: string, assignment: CallTaskAssignment): Promise<boolean>;
  /** Every task of the invoice, open or closed, with what closed it. */
  ofInvoice(key: InvoiceKey): Promise<CallTaskRecord[]>;
  listOpen(): Promise<CallTask[]>;
}

/** A call task as the ledger keeps it: open, or closed with the call's outcome, why its run ended, or `expired` (on `closedOn`). */
export type CallTaskRecord = CallTask & { readonly status: 'open' | 'closed'; readonly outcome?: string; readonly closedOn?: IsoDate };

const OPEN = 'open';
const taskSk = (key: InvoiceKey, stepId: string): string => `${invoicePk(key)}#${stepId}`;

const openTasksOf = (items: readonly Item[]): CallTask[] =>
  items
    .filter((item) => item.status === OPEN)
    .map((item) => {
      const { status: _status, ...task } = valueOf<CallTask & { status: string }>(item);
      return task;
    });

export class DynamoCallTaskStore implements CallTaskStore {
  constructor(private readonly table: LedgerTable) {}

  async open(task: CallTask): Promise<void> {
    await this.table.put('PutItem call task', itemKey(CALL_TASKS_PK, taskSk(task.invoiceKey, task.stepId)), 'call-task', { ...task, status: OPEN });
  }

  async close(key: InvoiceKey, outcome: string): Promise<void> {
    for (const item of await this.table.query('Query call tasks', CALL_TASKS_PK, `${invoicePk(key)}#`)) {
      if (item.status !== OPEN) continue;
      await this.table.update('UpdateItem call task', itemKey(String(item[PK]), String(item[SK])), {
        expression: 'SET #status = :closed, outcome = :outcome',
        names: { '#status': 'status' },
        values: { ':closed': 'closed', ':outcome': outcome },
      });
    }
  }

  async expire(key: InvoiceKey, stepId: string, on: IsoDate): Promise<void> {
    await this.table.update(
      'UpdateItem call task expired',
      itemKey(CALL_TASKS_PK, taskSk(key, stepId)),
      { expression: 'SET #status = :closed, outcome = :expired, closedOn = :on', names: { '#status': 'status' }, values: { ':closed': 'closed', ':expired': 'expired', ':on': on } },
      // An outcome recorded in the meantime stays the task's.
      { expression: '#status = :open', names: { '#status': 'status' }, values: { ':open': OPEN } },
    );
  }

  async assign(key: InvoiceKey, stepId: string, assignment: CallTaskAssignment): Promise<boolean> {
    return this.table.update(
      'UpdateItem call task assigned',
      itemKey(CALL_TASKS_PK, taskSk(key, stepId)),
      { expression: 'SET assignment = :assignment', values: { ':assignment': assignment } },
      { expression: '#status = :open', names: { '#status': 'status' }, values: { ':open': OPEN } },
    );
  }

  async ofInvoice(key: InvoiceKey): Promise<CallTaskRecord[]> {
    return (await this.table.query('Query call tasks of an invoice', CALL_TASKS_PK, `${invoicePk(key)}#`)).map((item) => valueOf<CallTaskRecord>(item));
  }

  async listOpen(): Promise<CallTask[]> {
    return openTasksOf(await this.table.query('Query call tasks', CALL_TASKS_PK));
  }
}
