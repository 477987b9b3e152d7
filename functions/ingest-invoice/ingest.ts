import type { Logger } from '@aws-lambda-powertools/logger';
import type { DocumentStore } from '../adapters/document-store';
import { classifyStoreError, LedgerUnavailableError, type StoreErrorClass } from '../adapters/errors';
import type { LedgerStores } from '../adapters/ledger';
import { fixedClock, today, type Clock } from '../domain/clock';
import { readInvoice, type CanonicalInvoice, type ReadError } from '../domain/einvoice';
import {
  collectionsProfileOf,
  contentSha256Of,
  documentFormatOf,
  invoiceKeyOf,
  isRunDue,
  ledgerInvoiceOf,
  sha256Hex,
  type AuditEntry,
  type DocumentFormat,
  type InvoiceKey,
  type LedgerInvoice,
  type QuarantineReason,
} from '../domain/intake';
import { PREFIX } from '../adapters/ledger-schema';
import { checkCredit, customerOfInvoice, type CreditManagerNotice, type CustomerLedger } from './credit';
import type { StorageEvent } from './input';
import { quarantineFile } from './quarantine';
import { applyCreditNote, type CreditNoteDeps } from './credit-note';
import { WorkflowUnavailableError, type Workflow } from '../adapters/workflow';
import { startRun } from '../sweep-overdue/sweep';

export interface IngestDeps {
  readonly documents: DocumentStore;
  /** Starts the run of an invoice whose collections start date has come, and wakes the run of one a credit note credits. */
  readonly workflow: Workflow;
  readonly ledger: Pick<LedgerStores, 'invoices' | 'audit' | 'quarantine'> & CustomerLedger & CreditNoteDeps['ledger'];
  readonly clock: Clock;
  readonly maxInvoiceBytes: number;
  readonly creditManager: CreditManagerNotice | null;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
}

export type IngestResult =
  | { readonly outcome: 'added' | 'duplicate' | 'same-invoice'; readonly invoice: LedgerInvoice }
  | { readonly outcome: 'quarantined'; readonly reason: QuarantineReason }
  | { readonly outcome: 'missing' | 'ignored'; readonly sourceKey: string };

const AUDIT_ACTION = { added: 'ingested', duplicate: 'duplicate-ignored', 'same-invoice': 'same-invoice-other-file' } as const;

/** Same id on every redelivery of one storage event, so a retried ingest appends nothing twice. */
const deliveryId = (event: StorageEvent): string => sha256Hex(`${event.key}\n${event.eventTime}\n${event.sequencer ?? ''}`).slice(0, 20);

/**
 * Takes one file from the inbox into the ledger, or into the quarantine with its reason. Every
 * step is idempotent, so a delivery retried after a crash at any point ends in the same state.
 * The invoice's `ingested` audit entry is written last of its parts and marks it finished; the
 * inbox copy is deleted after it, so nothing is lost while a retry is pending. A value the stores
 * refuse (see {@link classifyStoreError}) can never be stored: what this file's unfinished ingest
 * wrote is taken back and the file quarantined, instead of retried until the dead-letter queue.
 * A new invoice whose collections start date has come gets its run once it is stored, before the
 * inbox copy is deleted.
 */
export async function ingestObject(event: StorageEvent, deps: IngestDeps): Promise<IngestResult> {
  if (!event.key.startsWith(PREFIX.inbox)) return { outcome: 'ignored', sourceKey: event.key };
  const fetched = await deps.documents.fetch(event.key, deps.maxInvoiceBytes);
  if (fetched.kind === 'missing') {
    // An earlier delivery of this event finished, or a person removed the file: nothing left to do.
    deps.logger.warn('inbox object already gone', { deliveryId: deliveryId(event) });
    return { outcome: 'missing', sourceKey: event.key };
  }
  if (fetched.kind === 'too-large') {
    const error: ReadError = {
      code: 'too-large',
      message: `file too large: ${fetched.size} bytes, the limit is ${deps.maxInvoiceBytes} bytes`,
    };
    return quarantine(`etag-${fetched.etag.replace(/"/g, '')}`, error, event, deps);
  }
  const sha256 = sha256Hex(fetched.bytes);
  const read = await readInvoice(fetched.bytes, { maxBytes: deps.maxInvoiceBytes });
  if (!read.ok) return quarantine(sha256, read.error, event, deps);

  const document = { sha256, format: documentFormatOf(fetched.bytes), receivedAt: event.eventTime };
  let result: IngestResult;
  try {
    result = await storeInvoice(read.invoice, document, event, deps);
  } catch (err) {
    const failure = classifyStoreError(err);
    if (failure.kind === 'transient') throw err;
    const key = invoiceKeyOf(read.invoice);
    await withdrawUnfinished(key, sha256, deps);
    return quarantine(sha256, unstorable(key, failure), event, deps);
  }
  if ('invoice' in result) {
    // Only by the delivery that adds the invoice (or a redelivery that finishes adding it), and before the inbox copy
    // goes, so a crash in between starts it on the redelivery. Another file of the invoice finds its run started, or
    // the invoice on the start index for the sweep.
    if (result.outcome === 'added') await startRunIfDue(result.invoice, deps);
    await deps.documents.delete(event.key);
    deps.logger.info('invoice ingested', { outcome: result.outcome, invoiceNumber: result.invoice.key.number, documentSha256: sha256 });
  }
  return result;
}

/**
 * Starts the run of an invoice whose collections start date has come, as the daily sweep would:
 * a backlog invoice's start date is the day it arrives, and its catch-up step is due that day,
 * not after the next sweep. Started without a policy, as the sweep starts runs in a deployment.
 * The invoice is stored and on the start index already, so a failure to start loses nothing:
 * it is logged, and the next sweep starts the run.
 */
async function startRunIfDue(record: LedgerInvoice, deps: IngestDeps): Promise<void> {
  if (!isRunDue(record.collections, today(deps.clock, record.collections.timeZone))) return;
  try {
    const outcome = await startRun(record.key, null, deps);
    deps.logger.info('collections run started', { invoiceNumber: record.key.number, outcome });
  } catch (err) {
    if (!(err instanceof WorkflowUnavailableError || err instanceof LedgerUnavailableError)) throw err;
    deps.logger.warn('collections run not started: the next daily sweep starts it', { invoiceNumber: record.key.number, error: err });
  }
}

/** Writes the invoice and what goes with it, up to its audit entry; the inbox copy is the caller's. */
async function storeInvoice(
  invoice: CanonicalInvoice,
  document: { readonly sha256: string; readonly format: DocumentFormat; readonly receivedAt: string },
  event: StorageEvent,
  deps: IngestDeps,
): Promise<IngestResult> {
  // Another invoice under a taken seller and number is for a person to sort out: it must not change the customer either.
  const taken = await deps.ledger.invoices.get(invoiceKeyOf(invoice));
  if (taken && taken.documentSha256 !== document.sha256 && taken.contentSha256 !== contentSha256Of(invoice)) {
    return quarantineConflict(ledgerInvoiceOf(invoice, document, taken.collections, taken.customerId), taken, event, deps);
  }

  const entryDate = today(fixedClock(event.eventTime));
  const customer = await customerOfInvoice(invoice, entryDate, event.eventTime, deps.ledger);
  const profile = collectionsProfileOf(invoice, entryDate, customer.policy, customer, { firstStepDays: customer.earliestFirstStepDays, policyVersion: customer.policyVersion });
  const record = ledgerInvoiceOf(invoice, document, profile, customer.profile.id);
  const added = await deps.ledger.invoices.add(record);
  if (added.outcome === 'conflict') return quarantineConflict(record, added.existing, event, deps);
  // The same file, put by a delivery that stopped before its audit entry (or by this one, redelivered): this delivery finishes it.
  const outcome = added.outcome === 'duplicate' && (await isOursToFinish(added.existing, event, deps.ledger)) ? 'added' : added.outcome;
  if (outcome === 'added' || outcome === 'duplicate') {
    // Idempotent, so a retry after a crash before or inside the credit check completes it.
    await checkCredit(customer, added.outcome === 'added' ? record : added.existing, { day: entryDate, instant: deps.clock.now().toISOString() }, deps.ledger, deps.creditManager);
  }

  if (outcome === 'added') {
    const applied = await applyCreditNote(added.outcome === 'added' ? record : added.existing, deps);
    if (applied) await deps.ledger.audit.append(record.key, auditEntry(event, record, 'credit-note-applied', applied));
  }
  if (!(await deps.documents.exists(record.archiveKey))) await deps.documents.copy(event.key, record.archiveKey);
  await deps.ledger.audit.append(record.key, auditEntry(event, record, AUDIT_ACTION[outcome], describe(outcome, record)));
  return { outcome, invoice: record };
}

/** The delivery whose `ingested` entry marks the invoice finished; none while its ingest is unfinished. */
const ingestedBy = async (key: InvoiceKey, ledger: Pick<LedgerStores, 'audit'>): Promise<string | undefined> =>
  (await ledger.audit.trail(key)).find((entry) => entry.action === AUDIT_ACTION.added)?.id;

const isOursToFinish = async (existing: LedgerInvoice, event: StorageEvent, ledger: Pick<LedgerStores, 'audit'>): Promise<boolean> => {
  const by = await ingestedBy(existing.key, ledger);
  return by === undefined || by === deliveryId(event);
};

/**
 * Takes back what an unfinished ingest of this file left, whichever delivery wrote it: the archived
 * original, then the ledger's items, the invoice item last. A finished invoice, or another file's
 * under the same key, is left as it is.
 */
async function withdrawUnfinished(key: InvoiceKey, sha256: string, deps: IngestDeps): Promise<void> {
  const unfinished = await unfinishedInvoice(key, sha256, deps.ledger);
  if (!unfinished) return;
  await deps.documents.delete(unfinished.archiveKey);
  // While the invoice item is there, a withdrawal retried after a crash still finds what it has to take back.
  await deps.ledger.creditHolds.withdraw(unfinished.customerId, unfinished.key);
  await deps.ledger.receivables.unlink(unfinished.customerId, unfinished.key);
  await deps.ledger.invoices.withdraw(unfinished);
}

async function unfinishedInvoice(key: InvoiceKey, sha256: string, ledger: Pick<LedgerStores, 'invoices' | 'audit'>): Promise<LedgerInvoice | undefined> {
  try {
    const stored = await ledger.invoices.get(key);
    return stored?.documentSha256 === sha256 && (await ingestedBy(key, ledger)) === undefined ? stored : undefined;
  } catch (err) {
    // A key the ledger refuses (an invoice number over its size limit) holds no invoice.
    if (classifyStoreError(err).kind === 'permanent') return undefined;
    throw err;
  }
}

const MAX_SHOWN_CHARACTERS = 80;

// An identifier too long to store is too long to read in a reason: its start and its length say enough.
const clip = (text: string): string =>
  text.length > MAX_SHOWN_CHARACTERS ? `${text.slice(0, MAX_SHOWN_CHARACTERS)}… (${text.length} characters)` : text;

/** The reason for a file the stores refused: which invoice, what was refused, and what to do. */
const unstorable = (key: InvoiceKey, refusal: Extract<StoreErrorClass, { kind: 'permanent' }>): { code: 'unstorable'; message: string } => ({
  code: 'unstorable',
  message:
    `invoice ${clip(key.number)} of seller ${clip(key.sellerKey)} cannot be stored: ` +
    `${refusal.operation ?? 'the store'} refused it with ${refusal.code} (${refusal.message}). ` +
    'A value in the file is beyond what the ledger or the document store can hold (an amount of more than 38 digits, ' +
    'an invoice number or identifier of about 1 KB or more, a header over 400 KB): correct the file and resend it',
});

const describe = (outcome: keyof typeof AUDIT_ACTION, record: LedgerInvoice): string =>
  ({
    added: `invoice ${record.key.number} taken into the ledger with ${record.lineCount} line${record.lineCount === 1 ? '' : 's'}`,
    duplicate: 'the same file again: nothing changed',
    'same-invoice': 'the same invoice from another file (another rendering): nothing changed, the file is archived',
  })[outcome];

const auditEntry = (event: StorageEvent, record: LedgerInvoice, action: AuditEntry['action'], detail: string): AuditEntry => ({
  id: deliveryId(event),
  at: event.eventTime,
  action,
  documentSha256: record.documentSha256,
  sourceKey: event.key,
  detail,
});

async function quarantineConflict(
  record: LedgerInvoice,
  existing: LedgerInvoice,
  event: StorageEvent,
  deps: IngestDeps,
): Promise<IngestResult> {
  const error = {
    code: 'conflict',
    message:
      `invoice ${record.key.number} of seller ${record.key.sellerKey} is already in the ledger from another file ` +
      `(${existing.archiveKey}) with different content: decide which is right, then credit the first or correct the number and resend`,
  } as const;
  const result = await quarantine(record.documentSha256, error, event, deps, {
    key: existing.key,
    documentSha256: existing.documentSha256,
    archiveKey: existing.archiveKey,
  });
  await deps.ledger.audit.append(existing.key, auditEntry(event, record, 'conflict-quarantined', error.message));
  return result;
}

async function quarantine(
  fileId: string,
  error: { readonly code: QuarantineReason['code']; readonly message: string },
  event: StorageEvent,
  deps: IngestDeps,
  conflictsWith?: QuarantineReason['conflictsWith'],
): Promise<IngestResult> {
  return { outcome: 'quarantined', reason: await quarantineFile(fileId, error, event, deps, conflictsWith) };
}
