import type { DocumentStore } from '../adapters/document-store';
import type { LedgerStores } from '../adapters/ledger';
import { PREFIX } from '../adapters/ledger-schema';
import { sha256Hex, type QuarantineReason } from '../domain/intake';
import { readStatement, type StatementReadError } from '../domain/statements';
import type { StorageEvent } from '../ingest-invoice/input';
import { quarantineFile } from '../ingest-invoice/quarantine';
import { bookStatement, type BookingDeps, type BookingSummary } from './book';

export interface StatementIngestDeps extends BookingDeps {
  readonly documents: DocumentStore;
  readonly ledger: BookingDeps['ledger'] & Pick<LedgerStores, 'quarantine'>;
  readonly maxStatementBytes: number;
}

export type StatementIngestResult =
  | { readonly outcome: 'booked'; readonly archiveKey: string; readonly summary: BookingSummary }
  | { readonly outcome: 'quarantined'; readonly reason: QuarantineReason }
  | { readonly outcome: 'missing' | 'ignored'; readonly sourceKey: string };

/** Statements are archived by content beside the invoices: the same file twice is stored once. */
export const statementArchiveKey = (sha256: string): string => `${PREFIX.archive}statements/${sha256}`;

/**
 * Takes one bank statement file from the `statements/` prefix: read with the same hardening as
 * invoices (refused whole, with its reason, into the quarantine), archived, every line booked once,
 * and only then the dropped copy deleted, so a crash at any point loses nothing and a retry
 * books nothing twice.
 */
export async function ingestStatement(event: StorageEvent, deps: StatementIngestDeps): Promise<StatementIngestResult> {
  if (!event.key.startsWith(PREFIX.statements)) return { outcome: 'ignored', sourceKey: event.key };
  const fetched = await deps.documents.fetch(event.key, deps.maxStatementBytes);
  if (fetched.kind === 'missing') return { outcome: 'missing', sourceKey: event.key };
  if (fetched.kind === 'too-large') {
    const error: StatementReadError = { code: 'too-large', message: `file too large: ${fetched.size} bytes, the limit is ${deps.maxStatementBytes} bytes` };
    return { outcome: 'quarantined', reason: await quarantineFile(`etag-${fetched.etag.replace(/"/g, '')}`, error, event, deps) };
  }
  const sha256 = sha256Hex(fetched.bytes);
  const read = readStatement(fetched.bytes, { maxBytes: deps.maxStatementBytes });
  if (!read.ok) return { outcome: 'quarantined', reason: await quarantineFile(sha256, read.error, event, deps) };
  const archiveKey = statementArchiveKey(sha256);
  if (!(await deps.documents.exists(archiveKey))) await deps.documents.copy(event.key, archiveKey);
  const summary = await bookStatement(read.file, archiveKey, deps);
  await deps.ledger.bank.recordStatement({ sha256, archiveKey, format: read.file.format, receivedAt: event.eventTime, ...summary });
  await deps.documents.delete(event.key);
  deps.logger.info('statement booked', { format: read.file.format, sha256, ...summary });
  return { outcome: 'booked', archiveKey, summary };
}
