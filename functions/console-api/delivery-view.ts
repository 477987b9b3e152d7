import { z } from 'zod';
import type { LedgerStores } from '../adapters/ledger';
import { contactTaskId, DELIVERY_STATES, reminderAddressOf, type ContactTask, type Delivery, type DeliveryEvent } from '../domain/deliveries';
import { matchesText, oneOf, pageOf, PAGE_PARAMETERS, sortedBy, textParameter, type Page } from './query';

/** What `GET /api/deliveries` takes: a state, a part of the customer's name or id, the page. */
export const DELIVERY_QUERY = { state: oneOf(DELIVERY_STATES).optional(), customer: textParameter.optional(), ...PAGE_PARAMETERS };
export type DeliveryQuery = z.output<z.ZodObject<typeof DELIVERY_QUERY>>;

/** A reminder e-mail's delivery as the console lists it: the send, where it went, and what SES reported of it. */
export interface DeliveryRow extends Delivery {
  readonly number: string;
  readonly customer: string | null;
  /** The address the reminder went to, as the invoice names it; null when it names none. */
  readonly address: string | null;
  /** What SES reported of the message, oldest first: bounces with their type and SES's words for them, complaints, the delivery. */
  readonly events: readonly DeliveryEvent[];
}

/** The newest first: the step's day, then when the send was recorded. */
const newestFirst = (a: Delivery, b: Delivery): number => a.on.localeCompare(b.on) || a.recordedAt.localeCompare(b.recordedAt);

/** The deliveries a request asks for, newest first, one page; `customerName` names a customer by its id. */
export function deliveryPage(deliveries: readonly Delivery[], customerName: (id: string) => string | null, query: DeliveryQuery): Page<Delivery> {
  const chosen = deliveries.filter(
    (delivery) => (query.state === undefined || delivery.state === query.state) && (query.customer === undefined || matchesText(query.customer, delivery.customerId, customerName(delivery.customerId))),
  );
  return pageOf(sortedBy(chosen, newestFirst, 'desc'), query);
}

/** One delivery as the list shows it. */
export const deliveryRowOf = (delivery: Delivery, customer: string | null, address: string | null, events: readonly DeliveryEvent[]): DeliveryRow => ({
  ...delivery,
  number: delivery.invoiceKey.number,
  customer,
  address,
  events,
});

const namesOf = async (ledger: Pick<LedgerStores, 'customers'>): Promise<(id: string) => string | null> => {
  const names = new Map((await ledger.customers.all()).map((customer) => [customer.id, customer.name]));
  return (id) => names.get(id) ?? null;
};

/** Every reminder's delivery state across the portfolio, as a request asks for it: the page's rows with their address and SES's events. */
export async function deliveriesList(ledger: Pick<LedgerStores, 'deliveries' | 'customers' | 'invoices'>, query: DeliveryQuery): Promise<Page<DeliveryRow>> {
  const [deliveries, customerName] = await Promise.all([ledger.deliveries.list(), namesOf(ledger)]);
  const page = deliveryPage(deliveries, customerName, query);
  const rows = await Promise.all(
    page.rows.map(async (delivery) => {
      const [invoice, events] = await Promise.all([ledger.invoices.get(delivery.invoiceKey), delivery.messageId ? ledger.deliveries.eventsOf(delivery.messageId) : []]);
      return deliveryRowOf(delivery, customerName(delivery.customerId), invoice ? reminderAddressOf(invoice.invoice.buyer) : null, events);
    }),
  );
  return { ...page, rows };
}

/** What `GET /api/contact-tasks` takes: a part of the customer's name or id, the page. */
export const CONTACT_TASK_QUERY = { customer: textParameter.optional(), ...PAGE_PARAMETERS };
export type ContactTaskQuery = z.output<z.ZodObject<typeof CONTACT_TASK_QUERY>>;

/** An open task to find another contact, as the console lists it: its id to resolve it by, and the customer's name. */
export type ContactTaskRow = ContactTask & { readonly id: string; readonly customer: string | null };

/** The open contact tasks a request asks for, the oldest first: those waiting longest for a person. */
export function contactTaskPage(tasks: readonly ContactTask[], customerName: (id: string) => string | null, query: ContactTaskQuery): Page<ContactTaskRow> {
  const rows = tasks
    .map((task) => ({ ...task, id: contactTaskId(task), customer: customerName(task.customerId) }))
    .filter((task) => query.customer === undefined || matchesText(query.customer, task.customerId, task.customer));
  return pageOf(sortedBy(rows, (a, b) => a.since.localeCompare(b.since) || a.id.localeCompare(b.id), 'asc'), query);
}

/** The open contact tasks, as a request asks for them. */
export async function contactTasksList(ledger: Pick<LedgerStores, 'contactTasks' | 'customers'>, query: ContactTaskQuery): Promise<Page<ContactTaskRow>> {
  const [tasks, customerName] = await Promise.all([ledger.contactTasks.listOpen(), namesOf(ledger)]);
  return contactTaskPage(tasks, customerName, query);
}

/** How a person closes a contact task: another address (an e-mail) or a note, or both; at least one. */
export const ContactTaskResolutionRequest = z
  .strictObject({
    address: z.email({ error: 'must be an e-mail address' }).max(254).nullable().optional(),
    note: z.string().trim().min(1).max(1000).nullable().optional(),
  })
  .refine((request) => Boolean(request.address ?? request.note), { error: 'send the new address or a note of what was done, or both' });

