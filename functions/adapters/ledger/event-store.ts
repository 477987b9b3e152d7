import { sameContent, type RecordedEvent } from '../../domain/collections';
import type { InvoiceKey } from '../../domain/intake';
import { LedgerUnavailableError } from '../errors';
import type { AuditStore } from './audit-store';
import { IN_INVOICE, invoicePk, itemKey, type ItemKey } from './keys';
import { valueOf, type LedgerTable } from './table';

/** What became of an event offered to the ledger: `existing` is the event first recorded under its id. */
export type RecordEventOutcome =
  | { readonly outcome: 'recorded' | 'duplicate' }
  | { readonly outcome: 'conflict'; readonly existing: RecordedEvent };

/** The collections events of each invoice (payments, disputes, promises, call outcomes, agency results). */
export interface EventStore {
  /** Records an event once per id, and its entry in the invoice's audit trail; the same id with other content is a conflict, and writes nothing. */
  record(key: InvoiceKey, event: RecordedEvent): Promise<RecordEventOutcome>;
}

/** The invoice's counter of recorded events: outside the EVENT# prefix, so it is never read as one. */
const EVENT_SEQUENCE_SK = 'EVENT-SEQUENCE';

export class DynamoEventStore implements EventStore {
  constructor(
    private readonly table: LedgerTable,
    private readonly audit: AuditStore,
  ) {}

  async record(key: InvoiceKey, event: RecordedEvent): Promise<RecordEventOutcome> {
    const eventKey = itemKey(invoicePk(key), `${IN_INVOICE.event}${event.id}`);
    // A retry takes a number too and leaves a gap: the order is what counts, not the count.
    const sequence = await this.table.increment('UpdateItem event sequence', itemKey(invoicePk(key), EVENT_SEQUENCE_SK), 'last');
    const written = await this.table.put('PutItem event', eventKey, 'event', { ...event, sequence });
    const first = written ? event : await this.firstRecorded(eventKey);
    // Two requests with one id and other content can both pass the caller's check; the write decides which is first.
    if (!sameContent(first, event)) return { outcome: 'conflict', existing: first };
    // The audit entry is keyed by the event as first recorded, so a retry after a crash between the two writes adds it once.
    await this.audit.append(key, { id: event.id, at: first.recordedAt, action: 'event-recorded', detail: `${event.type} dated ${event.date}`, ...(first.recordedBy ? { by: first.recordedBy } : {}) });
    return { outcome: written ? 'recorded' : 'duplicate' };
  }

  /** The event as first recorded, as it was sent: its place in the ledger's order is the ledger's own. */
  private async firstRecorded(eventKey: ItemKey): Promise<RecordedEvent> {
    const stored = await this.table.get('GetItem event', eventKey);
    if (!stored) throw new LedgerUnavailableError(this.table.tableName, 'GetItem event after a failed condition');
    const { sequence: _sequence, ...first } = valueOf<RecordedEvent>(stored);
    return first as RecordedEvent;
  }
}
