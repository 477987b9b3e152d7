import type { IsoDate } from '../calendar';
import type { Party } from '../einvoice';
import type { InvoiceKey } from '../intake';

/**
 * What became of a message SES accepted, as its events tell it: `sent` until SES reports more;
 * `soft-bounced` (a transient or undetermined bounce, which SES retries), `delivered`,
 * `bounced` (permanently), `complained` (the recipient marked it as spam).
 */
export const MESSAGE_STATES = ['sent', 'soft-bounced', 'delivered', 'bounced', 'complained'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/**
 * Every state of a reminder's delivery: a message's, or `unconfirmed` (an earlier attempt's
 * answer from SES was lost, so nobody knows whether it went out, and it is not sent again), or
 * `no-address` (nothing was sent: no address, or one that is known to be undeliverable).
 */
export const DELIVERY_STATES = [...MESSAGE_STATES, 'unconfirmed', 'no-address'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** What SES reported of one message (the configuration set's event publishing). */
export type DeliveryEvent =
  | { readonly kind: 'delivered'; readonly id: string; readonly at: string }
  | {
      readonly kind: 'bounced';
      /** Unique per report: SES's feedback id. */
      readonly id: string;
      readonly at: string;
      readonly bounceType: 'permanent' | 'transient' | 'undetermined';
      readonly recipients: readonly string[];
      /** SES's words for it: the bounce subtype and the receiving server's diagnostic. */
      readonly detail: string;
    }
  | { readonly kind: 'complained'; readonly id: string; readonly at: string; readonly recipients: readonly string[]; readonly detail: string };

const RANK: Readonly<Record<MessageState, number>> = { sent: 0, 'soft-bounced': 1, delivered: 2, bounced: 3, complained: 4 };

/** The state one event alone says a message reached. */
const reachedBy = (event: DeliveryEvent): MessageState => {
  if (event.kind === 'delivered') return 'delivered';
  if (event.kind === 'complained') return 'complained';
  return event.bounceType === 'permanent' ? 'bounced' : 'soft-bounced';
};

/**
 * A message's state after one more event: the furthest either says it reached. SNS delivers at
 * least once and in no particular order, so the state is the same whatever the order and however
 * often an event comes (a late transient bounce never undoes a delivery; a complaint after
 * delivery, or a bounce the receiving server sent after accepting the message, outranks it).
 * @example messageStateAfter('delivered', { kind: 'bounced', bounceType: 'transient', ... }) // 'delivered'
 */
export const messageStateAfter = (state: MessageState, event: DeliveryEvent): MessageState => {
  const reached = reachedBy(event);
  return RANK[reached] > RANK[state] ? reached : state;
};

/** Where a message stands after its events: `sent` with none. */
export const messageStateOf = (events: readonly DeliveryEvent[]): MessageState => events.reduce(messageStateAfter, 'sent');

/** The message states from which an event reaching `state` moves a message on: those it outranks. */
export const statesBelow = (state: MessageState): MessageState[] => MESSAGE_STATES.filter((other) => RANK[other] < RANK[state]);

/** One reminder e-mail, per invoice and step, and what became of it. */
export interface Delivery {
  readonly invoiceKey: InvoiceKey;
  readonly customerId: string;
  readonly stepId: string;
  /** For a step run again under a new policy: the day that policy took over (a second e-mail of the same step). */
  readonly occurrence?: IsoDate;
  /** The step's day. */
  readonly on: IsoDate;
  readonly state: DeliveryState;
  /** SES's message id: what its events name the message by. */
  readonly messageId: string | null;
  /** For `no-address`: why nothing was sent, for the person who finds another way to reach the customer. */
  readonly reason: string | null;
  readonly recordedAt: string;
  /** When the state last moved: the send, or the SES event that moved it. */
  readonly updatedAt: string;
}

/** An address is the same whatever its case and the blanks around it. */
export const addressKey = (address: string): string => address.trim().toLowerCase();

/**
 * The address an invoice's reminders go to: the buyer's contact e-mail (BT-58), else its
 * electronic address where its scheme is EM (BT-49); null when the invoice names neither.
 */
export const reminderAddressOf = (buyer: Pick<Party, 'email' | 'electronicAddress' | 'electronicAddressScheme'>): string | null =>
  buyer.email ?? (buyer.electronicAddressScheme === 'EM' ? buyer.electronicAddress : null);

/** An address mail to which bounced permanently or drew a complaint: reminders to it are not sent, and a collector finds another. */
export interface UndeliverableAddress {
  /** Its {@link addressKey}. */
  readonly address: string;
  /** When SES reported it, UTC. */
  readonly since: string;
  readonly why: 'bounced' | 'complained';
  readonly detail: string;
  /** The message that bounced or drew the complaint. */
  readonly messageId: string;
}

/** The addresses an event makes undeliverable: the recipients of a permanent bounce or a complaint. */
export function undeliverableBy(event: DeliveryEvent, messageId: string): UndeliverableAddress[] {
  if (event.kind === 'delivered' || (event.kind === 'bounced' && event.bounceType !== 'permanent')) return [];
  const why = event.kind === 'complained' ? 'complained' : 'bounced';
  return event.recipients.map((recipient) => ({ address: addressKey(recipient), since: event.at, why, detail: event.detail, messageId }));
}

/** The mark on an address among a customer's, if mail to it is undeliverable. */
export const undeliverableMarkOf = (marks: readonly UndeliverableAddress[], address: string): UndeliverableAddress | undefined =>
  marks.find((mark) => mark.address === addressKey(address));

/** The marks with one more: an address marked already keeps its first mark, so a repeated report changes nothing. */
export const withUndeliverable = (marks: readonly UndeliverableAddress[], mark: UndeliverableAddress): readonly UndeliverableAddress[] =>
  undeliverableMarkOf(marks, mark.address) ? marks : [...marks, mark];

/**
 * Why a reminder to a marked address is not sent, in words a collector acts on.
 * @example noAddressReason(mark) // 'ap@buyer.example bounced permanently on 2026-03-10 (General: 550 5.1.1 user unknown): find another contact'
 */
export const noAddressReason = (mark: UndeliverableAddress): string =>
  `${mark.address} ${mark.why === 'bounced' ? 'bounced permanently' : 'drew a complaint'} on ${mark.since.slice(0, 10)} (${mark.detail}): find another contact`;

/** Why a reminder of an invoice without any e-mail address is not sent. */
export const NO_ADDRESS_REASON = 'the invoice names no e-mail address of the buyer (BT-58, or BT-49 with scheme EM)';

/** A collector's task to find another way to reach a customer whose address is undeliverable: a worklist item, open until a person closes it. */
export interface ContactTask {
  readonly customerId: string;
  readonly address: string;
  readonly why: UndeliverableAddress['why'];
  readonly detail: string;
  readonly since: string;
  /** The reminder that bounced or drew the complaint. */
  readonly invoiceKey: InvoiceKey;
  readonly stepId: string;
}

/** A contact task's id: one task per customer and address. */
export const contactTaskId = (task: Pick<ContactTask, 'customerId' | 'address'>): string => `${task.customerId}#${addressKey(task.address)}`;

/** How a person closed a contact task: another address found (kept among the customer's contacts), or a note of what they did. */
export interface ContactTaskResolution {
  readonly by: string;
  /** When, UTC. */
  readonly at: string;
  readonly address: string | null;
  readonly note: string | null;
}

/** A contact task as the ledger keeps it: open, or resolved with how. */
export type ContactTaskRecord = ContactTask & { readonly id: string } & ({ readonly status: 'open' } | { readonly status: 'resolved'; readonly resolution: ContactTaskResolution });
