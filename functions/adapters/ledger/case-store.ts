import { inRecordedOrder, type RecordedEvent, type TimelineEntry } from '../../domain/collections';
import { InvoiceNotFoundError } from '../../domain/errors';
import type { InvoiceKey, LedgerInvoice } from '../../domain/intake';
import { IN_INVOICE, INVOICE_SK, invoicePk, SK } from './keys';
import type { ReceivableStore } from './receivable-store';
import { valueOf, type Item, type LedgerTable } from './table';

/** An invoice and everything recorded about its collections. */
export interface CollectionsCase {
  readonly record: LedgerInvoice;
  readonly events: readonly RecordedEvent[];
  readonly doneSteps: ReadonlySet<string>;
  readonly timeline: readonly TimelineEntry[];
  /** The token that wakes the run's current wait, if it is waiting. */
  readonly wakeToken: string | null;
  readonly executionName: string | null;
}

/** An invoice's collections case, read from its partition in one query. */
export interface CaseStore {
  /** The invoice with everything recorded about its collections, or undefined when there is no such invoice. */
  get(key: InvoiceKey): Promise<CollectionsCase | undefined>;
  /** The cases of a customer's invoices. */
  ofCustomer(customerId: string): Promise<CollectionsCase[]>;
}

/** The invoice's case; a run or a request that names an invoice the ledger lacks fails by name. */
export async function requireCase(cases: Pick<CaseStore, 'get'>, key: InvoiceKey): Promise<CollectionsCase> {
  const found = await cases.get(key);
  if (!found) throw new InvoiceNotFoundError(key.number);
  return found;
}

const CASE_READS_AT_ONCE = 16;

export class DynamoCaseStore implements CaseStore {
  constructor(
    private readonly table: LedgerTable,
    private readonly receivables: Pick<ReceivableStore, 'invoiceKeys'>,
  ) {}

  async get(key: InvoiceKey): Promise<CollectionsCase | undefined> {
    const items = await this.table.query('Query', invoicePk(key));
    const invoiceItem = items.find((item) => item[SK] === INVOICE_SK);
    if (!invoiceItem) return undefined;
    const { wakeToken, executionName, ...record } = valueOf<LedgerInvoice & { wakeToken?: string; executionName?: string }>(invoiceItem);
    const withPrefix = (prefix: string): Item[] => items.filter((item) => String(item[SK]).startsWith(prefix));
    const events = inRecordedOrder(withPrefix(IN_INVOICE.event).map((item) => valueOf<RecordedEvent>(item)));
    return {
      record,
      events,
      doneSteps: new Set(withPrefix(IN_INVOICE.step).map((item) => String(item[SK]).slice(IN_INVOICE.step.length))),
      timeline: withPrefix(IN_INVOICE.timeline).map((item) => valueOf<TimelineEntry>(item)),
      wakeToken: wakeToken ?? null,
      executionName: executionName ?? null,
    };
  }

  async ofCustomer(customerId: string): Promise<CollectionsCase[]> {
    const keys = await this.receivables.invoiceKeys(customerId);
    const cases: CollectionsCase[] = [];
    // A few reads at a time: a large customer's invoices come in a fraction of the one-by-one time, without a burst.
    for (let i = 0; i < keys.length; i += CASE_READS_AT_ONCE) {
      for (const found of await Promise.all(keys.slice(i, i + CASE_READS_AT_ONCE).map((key) => this.get(key)))) if (found) cases.push(found);
    }
    return cases;
  }
}
