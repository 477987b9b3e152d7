import { z } from 'zod';
import type { QuarantineReason } from '../domain/intake';
import { oneOf, pageOf, PAGE_PARAMETERS, sortedBy, type Page } from './query';

/** Where a quarantined file stands: waiting for a person, put back into intake, or set aside. */
export type QuarantineState = 'open' | 'released' | 'discarded';

export const quarantineStateOf = (entry: QuarantineReason): QuarantineState => (entry.released ? 'released' : entry.discarded ? 'discarded' : 'open');

/** What `GET /api/quarantine` takes: the files in a state (those waiting unless asked), the page. */
export const QUARANTINE_QUERY = { state: oneOf(['open', 'released', 'discarded', 'all']).default('open'), ...PAGE_PARAMETERS };
export type QuarantineQuery = z.output<z.ZodObject<typeof QUARANTINE_QUERY>>;

/** A quarantined file as the console lists it: why, and where it stands (who put it back or set it aside is on the entry). */
export type QuarantineRow = QuarantineReason & { readonly state: QuarantineState };

/** The quarantined files a request asks for, the newest first. */
export function quarantinePage(entries: readonly QuarantineReason[], query: QuarantineQuery): Page<QuarantineRow> {
  const rows = entries.map((entry) => ({ ...entry, state: quarantineStateOf(entry) })).filter((entry) => query.state === 'all' || entry.state === query.state);
  return pageOf(sortedBy(rows, (a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.fileId.localeCompare(b.fileId), 'desc'), query);
}

/** Why a person sets a file aside: a line for the next person who wonders where it went. */
export const DiscardRequest = z.strictObject({ reason: z.string().trim().min(1, 'say why the file is set aside').max(500) });

/** Why a file is no longer waiting, in words: who put it back or set it aside, and when. */
export const settledText = (entry: QuarantineReason): string | null =>
  entry.released ? `was already put back by ${entry.released.by} at ${entry.released.at}` : entry.discarded ? `was set aside by ${entry.discarded.by} at ${entry.discarded.at}: ${entry.discarded.reason}` : null;
