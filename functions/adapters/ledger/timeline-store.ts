import type { IsoDate } from '../../domain/calendar';
import type { TimelineEntry } from '../../domain/collections';
import type { InvoiceKey } from '../../domain/intake';
import type { AuditStore } from './audit-store';
import { IN_INVOICE, invoicePk, itemKey } from './keys';
import type { LedgerTable } from './table';

/** Each invoice's collections timeline, and the steps carried out or passed over. */
export interface TimelineStore {
  /** Appends timeline lines; a line already there (same date, rank and action) is left as it is. */
  record(key: InvoiceKey, entries: readonly TimelineEntry[]): Promise<void>;
  /** Marks a step carried out, once: 'already-done' when a retry finds it done. */
  completeStep(key: InvoiceKey, entry: TimelineEntry): Promise<'done' | 'already-done'>;
  /** Marks steps as passed over (a policy change put them behind the run), each once, with why in the audit trail. */
  passOverSteps(key: InvoiceKey, steps: readonly { readonly step: string; readonly date: IsoDate }[], why: string, at: string): Promise<void>;
  /** Makes steps that ran to be run again (a new policy's first contact), each with why in the audit trail; their timeline lines stay. */
  reopenSteps(key: InvoiceKey, steps: readonly string[], why: string, at: string): Promise<void>;
}

/** Sort key of a timeline line: by date, then rank, so a day's lines read in the order they happened. */
const timelineSk = (entry: TimelineEntry): string =>
  `${IN_INVOICE.timeline}${entry.date}#${entry.rank}#${entry.action}#${'step' in entry ? entry.step : entry.reason}`;

const stepKey = (key: InvoiceKey, step: string) => itemKey(invoicePk(key), `${IN_INVOICE.step}${step}`);

export class DynamoTimelineStore implements TimelineStore {
  constructor(
    private readonly table: LedgerTable,
    private readonly audit: AuditStore,
  ) {}

  async record(key: InvoiceKey, entries: readonly TimelineEntry[]): Promise<void> {
    for (const entry of entries) await this.table.put('PutItem timeline', itemKey(invoicePk(key), timelineSk(entry)), 'timeline', entry);
  }

  async completeStep(key: InvoiceKey, entry: TimelineEntry): Promise<'done' | 'already-done'> {
    if (!('step' in entry)) throw new Error('completeStep takes a step line');
    const first = await this.table.put('PutItem step', stepKey(key, entry.step), 'step', { step: entry.step, date: entry.date });
    // The timeline line is written even on a retry: a crash may have come between the two writes.
    await this.record(key, [entry]);
    return first ? 'done' : 'already-done';
  }

  async reopenSteps(key: InvoiceKey, steps: readonly string[], why: string, at: string): Promise<void> {
    for (const step of steps) {
      await this.audit.append(key, { id: `reopened-${step}-${at}`, at, action: 'collections-step-reopened', detail: `step ${step} runs again: ${why}` });
      await this.table.delete('DeleteItem step', stepKey(key, step));
    }
  }

  async passOverSteps(key: InvoiceKey, steps: readonly { readonly step: string; readonly date: IsoDate }[], why: string, at: string): Promise<void> {
    for (const { step, date } of steps) {
      await this.table.put('PutItem step passed over', stepKey(key, step), 'step', { step, date, passedOver: true });
      await this.audit.append(key, { id: `passed-over-${step}`, at, action: 'collections-step-passed-over', detail: `step ${step} (due ${date}) passed over: ${why}` });
    }
  }
}
