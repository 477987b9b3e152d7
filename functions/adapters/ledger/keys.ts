import type { InvoiceKey } from '../../domain/intake';
import { COLLECTIONS_START_INDEX, LEDGER_KEY } from '../ledger-schema';

/**
 * The ledger table's key layout: every partition and sort key string the stores write, in one
 * place, so two stores sharing a partition (an invoice's, a customer's) can never disagree.
 */
export const { partitionKey: PK, sortKey: SK } = LEDGER_KEY;

/** An item's key as the ledger table writes it. */
export type ItemKey = Readonly<Record<typeof PK | typeof SK, string>>;

export const itemKey = (pk: string, sk: string): ItemKey => ({ [PK]: pk, [SK]: sk }) as ItemKey;

/** An invoice's partition: the invoice item beside its audit trail, events, steps and timeline. */
export const invoicePk = (key: InvoiceKey): string => `${key.document === 'credit-note' ? 'CREDITNOTE' : 'INVOICE'}#${key.sellerKey}#${key.number}`;
export const INVOICE_SK = 'INVOICE';
/** Sort key prefixes within an invoice's partition. */
export const IN_INVOICE = { audit: 'AUDIT#', event: 'EVENT#', step: 'STEP#', timeline: 'TIMELINE#' } as const;

/** A customer's partition: its profile under CUSTOMER_SK, beside its invoice links, alerts and risk changes. */
export const customerPk = (id: string): string => `CUSTOMER#${id}`;
export const CUSTOMER_SK = 'CUSTOMER';
/** Sort key prefixes within a customer's partition. */
export const IN_CUSTOMER = { invoice: 'INVOICE#', alert: 'ALERT#', risk: 'RISK#', account: 'ACCOUNT#', audit: 'AUDIT#' } as const;
/** Sort key of what a customer's partition holds about one of its invoices (a link, an alert). */
export const customerInvoiceSk = (prefix: typeof IN_CUSTOMER.invoice | typeof IN_CUSTOMER.alert, key: InvoiceKey): string =>
  `${prefix}${invoicePk(key)}`;

export const identityKey = (identity: string): ItemKey => itemKey(`IDENTITY#${identity}`, 'IDENTITY');
export const QUARANTINE_PK = 'QUARANTINE';
/** The bank side: each booked line in its own partition; the queue, the booked payments, the payers and the statement files each in one. */
export const BANK = { line: 'BANKLINE#', queue: 'BANKQUEUE', payments: 'BANKPAYMENTS', payers: 'BANKPAYERS', statements: 'STATEMENTS' } as const;
export const CALL_TASKS_PK = 'CALLTASKS';
/** Every reminder's delivery, one item per invoice and step, in one partition: a list by state is one query. */
export const DELIVERIES_PK = 'DELIVERIES';
/** An SES message: the delivery it is (its send) and the events SES reported of it. */
export const sesMessagePk = (messageId: string): string => `SESMESSAGE#${messageId}`;
export const CONTACT_TASKS_PK = 'CONTACTTASKS';
export const SETTINGS_PK = 'SETTINGS';
/** Who may use the console: the trail of the roles admins gave (the users themselves are the user pool's). */
export const USERS_PK = 'USERS';
export const emailClaimKey = (key: string): ItemKey => itemKey(`EMAIL#${key}`, 'EMAIL');

/** Attributes that are the table's, not the stored value's: stripped from what a store returns. */
export const TABLE_ATTRIBUTES: readonly string[] = [PK, SK, COLLECTIONS_START_INDEX.partitionKey, COLLECTIONS_START_INDEX.sortKey, 'itemType'];
