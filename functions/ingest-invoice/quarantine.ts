import type { Logger } from '@aws-lambda-powertools/logger';
import type { DocumentStore } from '../adapters/document-store';
import type { LedgerStores } from '../adapters/ledger';
import type { Clock } from '../domain/clock';
import { quarantineKeysFor, type QuarantineReason } from '../domain/intake';
import type { StorageEvent } from './input';

/** What quarantining a file needs: the bucket, the ledger's quarantine list, the clock and the log. */
export interface QuarantineDeps {
  readonly documents: DocumentStore;
  readonly ledger: Pick<LedgerStores, 'quarantine'>;
  readonly clock: Clock;
  readonly logger: Pick<Logger, 'warn'>;
}

/**
 * Moves a refused file (an invoice or a bank statement) to the quarantine with its reason beside
 * it and in the ledger's list, each once, and only then deletes the copy it came in.
 */
export async function quarantineFile(
  fileId: string,
  error: { readonly code: QuarantineReason['code']; readonly message: string },
  event: StorageEvent,
  deps: QuarantineDeps,
  conflictsWith?: QuarantineReason['conflictsWith'],
): Promise<QuarantineReason> {
  const keys = quarantineKeysFor(fileId, event.key);
  const reason: QuarantineReason = {
    code: error.code,
    message: error.message,
    sourceKey: event.key,
    fileId,
    receivedAt: event.eventTime,
    quarantinedAt: deps.clock.now().toISOString(),
    ...(conflictsWith ? { conflictsWith } : {}),
  };
  if (!(await deps.documents.exists(keys.object))) await deps.documents.copy(event.key, keys.object);
  if (!(await deps.documents.exists(keys.reason))) await deps.documents.putJson(keys.reason, reason);
  await deps.ledger.quarantine.record(reason);
  await deps.documents.delete(event.key);
  deps.logger.warn('file quarantined', { code: error.code, fileId });
  return reason;
}
