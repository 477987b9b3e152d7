import { z } from 'zod';
import type { CollectionsCase, LedgerStores } from '../adapters/ledger';
import type { IsoDate } from '../domain/calendar';
import type { CallTask } from '../domain/collections';
import type { Contact, CustomerProfile } from '../domain/credit';
import { addressKey, undeliverableMarkOf, type UndeliverableAddress } from '../domain/deliveries';
import { addDecimals, inCurrencyDigits } from '../domain/money';
import { openClaimsOf, standingOfRecord } from '../domain/receivables';
import type { ConsoleUser } from './roles';
import { pageOf, PAGE_PARAMETERS, sortedBy, textParameter, type Page } from './query';

/** A way to reach the customer, and the mark on its address if mail to it is undeliverable. */
export type WorklistContact = Contact & { readonly undeliverable: UndeliverableAddress | null };

/**
 * The contacts a collector may try: the invoice's buyer contact first, then the customer's
 * others, one per e-mail address, each with the mark of an address mail to which bounced or drew
 * a complaint.
 */
export function contactsOf(buyer: Contact, profile: Pick<CustomerProfile, 'contacts' | 'undeliverable'> | undefined): WorklistContact[] {
  const contacts: Contact[] = [];
  for (const contact of [buyer, ...(profile?.contacts ?? [])]) {
    if (!contact.email && !contact.phone && !contact.name) continue;
    const same = (other: Contact) => (contact.email && other.email ? addressKey(contact.email) === addressKey(other.email) : other.phone === contact.phone && other.name === contact.name);
    if (!contacts.some(same)) contacts.push(contact);
  }
  return contacts.map((contact) => ({ ...contact, undeliverable: contact.email ? (undeliverableMarkOf(profile?.undeliverable ?? [], contact.email) ?? null) : null }));
}

/**
 * A call task as the worklist shows it: today's figures (the principal and the claims apart, and
 * both as what the customer was asked to pay), who has it, the customer's contacts and the
 * invoice's history so far.
 */
export function worklistRowOf(task: CallTask, found: CollectionsCase | undefined, profile: CustomerProfile | undefined, day: IsoDate) {
  const buyer = found?.record.invoice.buyer;
  const standing = found ? standingOfRecord(found.record, found.events, day) : null;
  const figures = standing ? { openAmount: inCurrencyDigits(standing.open, task.currency), claimsOpen: inCurrencyDigits(openClaimsOf(standing), task.currency) } : null;
  const contact = { name: buyer?.contactName ?? null, phone: buyer?.phone ?? null, email: buyer?.email ?? null };
  return {
    ...task,
    ...(figures ? { ...figures, amountToPay: inCurrencyDigits(addDecimals(figures.openAmount, figures.claimsOpen), task.currency) } : { amountToPay: task.openAmount }),
    assignee: task.assignment?.collector ?? null,
    assignment: task.assignment ?? null,
    customer: buyer?.name ?? null,
    contact,
    contacts: contactsOf(contact, profile),
    history: (found?.timeline ?? []).map((line) => `${line.date} ${line.action} ${'step' in line ? line.step : line.reason}`),
  };
}
export type WorklistRow = ReturnType<typeof worklistRowOf>;

/** The open call tasks not yet expired on a day: a task past its expiry day is no longer a collector's to call. */
export const callableTasks = (tasks: readonly CallTask[], day: IsoDate): CallTask[] => tasks.filter((task) => task.expiresOn >= day);

/** Every call task a collector may call today, as the worklist shows it. */
export async function worklistRows(ledger: Pick<LedgerStores, 'callTasks' | 'cases' | 'customers'>, day: IsoDate): Promise<WorklistRow[]> {
  const tasks = callableTasks(await ledger.callTasks.listOpen(), day);
  return Promise.all(
    tasks.map(async (task) => {
      const found = await ledger.cases.get(task.invoiceKey);
      const profile = found ? await ledger.customers.get(found.record.customerId) : undefined;
      return worklistRowOf(task, found, profile, day);
    }),
  );
}

/** What `GET /api/worklist` takes: whose tasks (a collector's name, `me`, `unassigned` or `all`), the page. */
export const WORKLIST_QUERY = { collector: textParameter.min(1).optional(), ...PAGE_PARAMETERS };
export type WorklistQuery = z.output<z.ZodObject<typeof WORKLIST_QUERY>>;

/** Whose tasks a worklist shows: a collector's own and those nobody has yet, unless asked; everyone's for whoever else asks. */
export const MINE_AND_UNASSIGNED = 'me+unassigned';

/** The tasks a request asks for, those that expire first first; `collector` says whose they are. */
export function worklistPage(rows: readonly WorklistRow[], user: ConsoleUser, query: WorklistQuery): Page<WorklistRow> & { readonly collector: string } {
  const collector = query.collector ?? (user.role === 'collector' ? MINE_AND_UNASSIGNED : 'all');
  const isMine = (row: WorklistRow) => row.assignee !== null && row.assignee.toLowerCase() === user.name.toLowerCase();
  const chosen = rows.filter((row) => {
    switch (collector) {
      case 'all':
        return true;
      case 'unassigned':
        return row.assignee === null;
      case 'me':
        return isMine(row);
      case MINE_AND_UNASSIGNED:
        return row.assignee === null || isMine(row);
      default:
        return row.assignee !== null && row.assignee.toLowerCase() === collector.toLowerCase();
    }
  });
  const byExpiry = (a: WorklistRow, b: WorklistRow) => a.expiresOn.localeCompare(b.expiresOn) || a.invoiceKey.number.localeCompare(b.invoiceKey.number) || a.stepId.localeCompare(b.stepId);
  return { ...pageOf(sortedBy(chosen, byExpiry, 'asc'), query), collector };
}

/** A credit manager's assignment: the invoice whose open call task it is, and the collector (null: back to nobody). */
export const AssignRequest = z.strictObject({
  invoice: z.strictObject({ sellerKey: z.string().min(1).max(200), number: z.string().min(1).max(200) }),
  collector: z.string().trim().min(1).max(200).nullable(),
});
