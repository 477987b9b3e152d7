import type { Delivery, DeliveryEvent, DeliveryState, MessageState } from '../../domain/deliveries';
import { messageStateOf, statesBelow } from '../../domain/deliveries';
import type { InvoiceKey } from '../../domain/intake';
import { DELIVERIES_PK, invoicePk, itemKey, sesMessagePk, type ItemKey } from './keys';
import { valueOf, type LedgerTable } from './table';

/** A delivery as its send records it: all but the state, which SES's events move on. */
export type SentDelivery = Omit<Delivery, 'state' | 'updatedAt'>;

/** What the send of a step's e-mail did: SES took it (with a message id), nobody knows (`unconfirmed`), or nothing was sent. */
export type SendState = Extract<DeliveryState, 'sent' | 'unconfirmed' | 'no-address'>;

/** What became of each reminder e-mail: per invoice and step, findable by SES message id, listed by state across the portfolio. */
export interface DeliveryStore {
  /**
   * Records what the send of a step's e-mail did, once per invoice and step (a retried step changes
   * nothing). A message SES took starts `sent` and moves on with every event SES reported of it,
   * those that came before this record included: they are returned, for the sender to act on as
   * the event's handler would have.
   */
  recordSend(delivery: SentDelivery, state: SendState): Promise<DeliveryEvent[]>;
  /**
   * Records an event SES reported of a message, once per event, and moves the message's delivery to
   * the state the event reaches. The delivery is returned; null when no send recorded here has that
   * message id yet (the send, when it records, takes the event into account).
   */
  recordEvent(messageId: string, event: DeliveryEvent): Promise<{ readonly recorded: 'recorded' | 'duplicate'; readonly delivery: SentDelivery | null }>;
  /** The invoice's deliveries, by step. */
  ofInvoice(key: InvoiceKey): Promise<Delivery[]>;
  byMessageId(messageId: string): Promise<Delivery | undefined>;
  /** Every delivery across the portfolio, or only those in a state. */
  list(state?: DeliveryState): Promise<Delivery[]>;
  /** The events SES reported of a message, in the order they happened. */
  eventsOf(messageId: string): Promise<DeliveryEvent[]>;
}

const MESSAGE_SK = 'MESSAGE';
const EVENT_PREFIX = 'EVENT#';

const deliveryKey = (delivery: Pick<Delivery, 'invoiceKey' | 'stepId' | 'occurrence'>): ItemKey =>
  itemKey(DELIVERIES_PK, `${invoicePk(delivery.invoiceKey)}#${delivery.stepId}${delivery.occurrence ? `@${delivery.occurrence}` : ''}`);

/**
 * The send writes its message item before it reads the message's events, an event handler its
 * event before it reads the message item: whichever comes second sees the other's write. Each
 * then moves the delivery only up (`raise`), so neither order nor repetition loses a state.
 */
export class DynamoDeliveryStore implements DeliveryStore {
  constructor(private readonly table: LedgerTable) {}

  async recordSend(delivery: SentDelivery, state: SendState): Promise<DeliveryEvent[]> {
    if (state !== 'sent' || delivery.messageId === null) {
      await this.table.put('PutItem delivery', deliveryKey(delivery), 'delivery', { ...delivery, state, updatedAt: delivery.recordedAt });
      return [];
    }
    await this.table.put('PutItem SES message', itemKey(sesMessagePk(delivery.messageId), MESSAGE_SK), 'ses-message', delivery);
    const events = await this.eventsOf(delivery.messageId);
    await this.raise(delivery, messageStateOf(events), events.at(-1)?.at ?? delivery.recordedAt);
    return events;
  }

  async recordEvent(messageId: string, event: DeliveryEvent): Promise<{ readonly recorded: 'recorded' | 'duplicate'; readonly delivery: SentDelivery | null }> {
    const written = await this.table.put('PutItem SES event', itemKey(sesMessagePk(messageId), `${EVENT_PREFIX}${event.id}`), 'ses-event', event);
    const recorded = written ? 'recorded' : 'duplicate';
    const sent = await this.table.get('GetItem SES message', itemKey(sesMessagePk(messageId), MESSAGE_SK));
    if (!sent) return { recorded, delivery: null };
    const delivery = valueOf<SentDelivery>(sent);
    // Also on a duplicate: a crash between the two writes left the delivery where it was.
    await this.raise(delivery, messageStateOf([event]), event.at);
    return { recorded, delivery };
  }

  async ofInvoice(key: InvoiceKey): Promise<Delivery[]> {
    return (await this.table.query('Query deliveries of an invoice', DELIVERIES_PK, `${invoicePk(key)}#`)).map((item) => valueOf<Delivery>(item));
  }

  async byMessageId(messageId: string): Promise<Delivery | undefined> {
    const sent = await this.table.get('GetItem SES message', itemKey(sesMessagePk(messageId), MESSAGE_SK));
    const found = sent && (await this.table.get('GetItem delivery', deliveryKey(valueOf<SentDelivery>(sent))));
    return found ? valueOf<Delivery>(found) : undefined;
  }

  async list(state?: DeliveryState): Promise<Delivery[]> {
    return (await this.table.query('Query deliveries', DELIVERIES_PK)).map((item) => valueOf<Delivery>(item)).filter((delivery) => state === undefined || delivery.state === state);
  }

  async eventsOf(messageId: string): Promise<DeliveryEvent[]> {
    return (await this.table.query('Query SES events', sesMessagePk(messageId), EVENT_PREFIX)).map((item) => valueOf<DeliveryEvent>(item)).sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Moves the delivery to `state` unless it stands there or further already; the first to record it creates it. */
  private async raise(delivery: SentDelivery, state: MessageState, at: string): Promise<void> {
    const key = deliveryKey(delivery);
    if (await this.table.put('PutItem delivery', key, 'delivery', { ...delivery, state, updatedAt: at })) return;
    const below = statesBelow(state);
    if (below.length === 0) return;
    const values = Object.fromEntries(below.map((lower, i) => [`:below${i}`, lower]));
    await this.table.update(
      'UpdateItem delivery state',
      key,
      { expression: 'SET #state = :state, updatedAt = :at', names: { '#state': 'state' }, values: { ':state': state, ':at': at } },
      { expression: `#state IN (${Object.keys(values).join(', ')})`, names: { '#state': 'state' }, values },
    );
  }
}
