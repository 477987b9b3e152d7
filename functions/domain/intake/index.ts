import { createHash } from 'node:crypto';
import { addDays, laterOf, type IsoDate } from '../calendar';
import { isPdf, type CanonicalInvoice, type Party, type ReadError } from '../einvoice';
import { isPositive } from '../money';
import type { CollectionsPolicy } from '../policy';
import { dueDateOf } from '../receivables';
import type { StatementReadErrorCode } from '../statements';

/** Hex SHA-256 of a document's bytes: its identity in the archive and the quarantine. */
export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A party's identity, as stably as the document allows: VAT id first, then legal registration,
 * then its identifier, then electronic address, then the name (case and spacing folded, so a
 * re-export with other spacing is the same party).
 */
export const partyKeyOf = (party: Party): string => {
  const compact = (text: string) => text.replace(/\s+/g, '').toUpperCase();
  if (party.vatId) return `vat:${compact(party.vatId)}`;
  if (party.legalRegistrationId) return `reg:${compact(party.legalRegistrationId)}`;
  if (party.identifier) return `id:${party.identifier}`;
  if (party.electronicAddress) return `eas:${party.electronicAddressScheme ?? ''}:${party.electronicAddress}`;
  return `name:${(party.name ?? '').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200)}`;
};

/** Who issued the invoice: an invoice number is unique only per seller (EN 16931 BT-1). */
export const sellerKeyOf = (invoice: CanonicalInvoice): string => partyKeyOf(invoice.seller);

/** The ledger key of an invoice: seller and number; a credit note is another document than the invoice of its number. */
export interface InvoiceKey {
  readonly sellerKey: string;
  readonly number: string;
  /** Present for a credit note only: an invoice and a credit note numbered alike are two documents, not a conflict. */
  readonly document?: 'credit-note';
}

export const invoiceKeyOf = (invoice: CanonicalInvoice): InvoiceKey => ({
  sellerKey: sellerKeyOf(invoice),
  number: invoice.number,
  ...(invoice.kind === 'credit-note' ? { document: 'credit-note' as const } : {}),
});

/** The invoice as the ledger keeps it: header, parties, totals and the line count; the lines stay in the archived original. */
export type InvoiceHeader = Omit<CanonicalInvoice, 'lines'>;

export interface LedgerInvoice {
  readonly key: InvoiceKey;
  readonly invoice: InvoiceHeader;
  readonly lineCount: number;
  /** SHA-256 of the original file's bytes. */
  readonly documentSha256: string;
  /** SHA-256 of the canonical invoice: the same invoice from another file (a PDF and its XML) has the same one. */
  readonly contentSha256: string;
  readonly archiveKey: string;
  /** When the original landed in the inbox (the storage event's time), UTC. */
  readonly receivedAt: string;
  /** The customer profile its buyer was merged into. */
  readonly customerId: string;
  readonly collections: CollectionsProfile;
}

/** What collections needs beyond the invoice: when it entered, and how to address the customer. */
export interface CollectionsProfile {
  /** The day the invoice entered the ledger: collections never act on anything before it. */
  readonly entryDate: IsoDate;
  /** The customer's time zone: dates are calendar dates there. */
  readonly timeZone: string;
  /** BCP 47 language for the customer's e-mails; null for the default (English). */
  readonly language: string | null;
  /** The day its collections run starts (the due date plus the policy's earliest offset, not before entry); null when nothing is collectable. */
  readonly startOn: IsoDate | null;
  /** The day it falls due: BT-9, or the default terms of the policy in force when it entered. */
  readonly dueDate?: IsoDate;
  /** The policy version its customer's segment had at ingest, or the one that took over since: a run that starts under another passes over the steps behind it. */
  readonly policy?: string;
  /** The day `policy` took over from the version before it; absent while the first one runs. */
  readonly policySince?: IsoDate;
}

/**
 * The collections profile of a newly ingested invoice: its customer's language and time zone, and
 * its start under the policy of the customer's segment (first step offset, default terms).
 */
export const collectionsProfileOf = (
  invoice: CanonicalInvoice,
  entryDate: IsoDate,
  policy: CollectionsPolicy,
  customer: { readonly language: string | null; readonly timeZone: string },
  start: { readonly firstStepDays?: number; readonly policyVersion?: string } = {},
): CollectionsProfile => {
  const collectable = invoice.kind === 'invoice' && invoice.totals.due !== null && isPositive(invoice.totals.due);
  const due = dueDateOf(invoice, policy.defaultTermsDays);
  return {
    entryDate,
    dueDate: due,
    timeZone: customer.timeZone,
    language: customer.language,
    startOn: collectable ? laterOf(entryDate, addDays(due, start.firstStepDays ?? policy.steps[0]?.offsetDays ?? 0)) : null,
    ...(start.policyVersion ? { policy: start.policyVersion } : {}),
  };
};

/**
 * Whether an invoice's collections run is due to start on a day: its start date has come. The
 * daily sweep asks the same of the ledger's start index; ingest asks it of an invoice it stores.
 * @example isRunDue({ startOn: isoDate('2026-06-01') }, isoDate('2026-06-01')) // true
 */
export const isRunDue = (collections: Pick<CollectionsProfile, 'startOn'>, day: IsoDate): boolean => collections.startOn !== null && collections.startOn <= day;

/** What a document is: decides the archive key's extension. */
export type DocumentFormat = 'xml' | 'pdf';

export const documentFormatOf = (bytes: Uint8Array): DocumentFormat =>
  isPdf(bytes) ? 'pdf' : 'xml';

/**
 * Originals are archived by content, so the same file twice is stored once whatever its name.
 * @example archiveKeyFor('9f86d0…', 'xml') // 'archive/9f86d0….xml'
 */
export const archiveKeyFor = (documentSha256: string, format: DocumentFormat): string => `archive/${documentSha256}.${format}`;

/** The last path segment of an object key: the name the sender gave the file. */
export const fileNameOf = (objectKey: string): string => objectKey.slice(objectKey.lastIndexOf('/') + 1) || 'unnamed';

/** Where a refused file and its reason go: one folder per file identity, the reason beside the file. */
export const quarantineKeysFor = (fileId: string, sourceKey: string): { object: string; reason: string } => {
  const object = `quarantine/${fileId}/${fileNameOf(sourceKey)}`;
  return { object, reason: `${object}.reason.json` };
};

/** The identity of an invoice's content, whatever file it came in: a PDF and its XML share it. */
export const contentSha256Of = (invoice: CanonicalInvoice): string => sha256Hex(JSON.stringify(invoice));

export const ledgerInvoiceOf = (
  invoice: CanonicalInvoice,
  document: { readonly sha256: string; readonly format: DocumentFormat; readonly receivedAt: string },
  collections: CollectionsProfile,
  customerId: string,
): LedgerInvoice => {
  const { lines, ...header } = invoice;
  return {
    key: invoiceKeyOf(invoice),
    invoice: header,
    lineCount: lines.length,
    documentSha256: document.sha256,
    contentSha256: contentSha256Of(invoice),
    archiveKey: archiveKeyFor(document.sha256, document.format),
    receivedAt: document.receivedAt,
    customerId,
    collections,
  };
};

/**
 * Why a file was not taken into the ledger: a read refusal, a second, different invoice under a
 * taken key, or a value the ledger or the document store can never hold (`unstorable`).
 */
export type QuarantineCode = ReadError['code'] | StatementReadErrorCode | 'conflict' | 'unstorable';

/** The JSON written beside a quarantined file: what a person needs to fix and resend it. */
export interface QuarantineReason {
  readonly code: QuarantineCode;
  readonly message: string;
  readonly sourceKey: string;
  readonly fileId: string;
  readonly receivedAt: string;
  readonly quarantinedAt: string;
  /** For a conflict: the invoice already in the ledger under the same seller and number. */
  readonly conflictsWith?: { readonly key: InvoiceKey; readonly documentSha256: string; readonly archiveKey: string };
  /** Put back where it came in by a person (after the cause was dealt with), so intake reads it again. */
  readonly released?: { readonly by: string; readonly at: string };
  /** Set aside by a person, with why: it leaves the open list, and its original stays kept in the bucket. */
  readonly discarded?: { readonly by: string; readonly at: string; readonly reason: string };
}

/** An entry of an invoice's append-only audit trail. */
export interface AuditEntry {
  /** Unique per happening, and the same when a delivery is retried: a retry appends nothing new. */
  readonly id: string;
  /** When it happened, UTC. */
  readonly at: string;
  readonly action:
    | 'ingested'
    | 'duplicate-ignored'
    | 'same-invoice-other-file'
    | 'conflict-quarantined'
    | 'event-recorded'
    | 'collections-step-failed'
    | 'collections-step-passed-over'
    | 'collections-step-reopened'
    | 'call-task-expired'
    | 'call-task-assigned'
    | 'credit-note-applied'
    | 'customer-changed'
    | 'role-changed';
  /** Who did it, where a person (or a caller of the operations API) did: the console's signed-in user, an IAM principal. */
  readonly by?: string;
  readonly documentSha256?: string;
  readonly sourceKey?: string;
  readonly detail: string;
}
