import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parse } from 'csv-parse';
import { historiesOf, segmentOf, unknownColumns, verdictOf, type ImportRow } from '../../functions/domain/credit';
import { withLedger, type LedgerSession, type LedgerTarget } from './ledger-access';
import { withProgress } from './progress';

export interface ImportReport {
  readonly created: number;
  readonly updated: number;
  readonly rejected: readonly { readonly row: number; readonly reasons: readonly string[] }[];
}

/** Checks each row of the file on its own and merges the good ones into the profiles they name. */
async function importRows(file: string, { ledger, clock, today }: LedgerSession, onRow: () => void): Promise<ImportReport> {
  const settings = await ledger.settings.current();
  const now = clock.now();
  let created = 0;
  let updated = 0;
  const rejected: { row: number; reasons: readonly string[] }[] = [];
  let header = false;
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      // A malformed row (a field too many, an unclosed quote) is refused on its own, like any other bad row.
      skip_records_with_error: true,
      on_skip: (err) => {
        if (err) rejected.push({ row: (err as { lines?: number }).lines ?? 0, reasons: [`not a well-formed CSV row: ${err.message}`] });
        return undefined;
      },
      columns: (names: string[]) => {
        header = true;
        const unknown = unknownColumns(names);
        if (unknown.length > 0) throw new Error(`${file}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `'${c}'`).join(', ')}; nothing imported`);
        return names.map((column) => column.trim().toLowerCase());
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: ImportRow; info: { lines: number } }>) {
    // The header is line 1: a row's number is the line it ends on, as a spreadsheet shows it.
    const row = info.lines;
    onRow();
    const verdict = verdictOf(record);
    if (!verdict.ok) {
      rejected.push({ row, reasons: verdict.reasons });
      continue;
    }
    const existing = await ledger.customers.idOf(verdict.update.identities);
    const histories = existing ? historiesOf(await ledger.cases.ofCustomer(existing), { id: existing, segment: '' }) : [];
    // Tags and limits may move a customer to another segment: its next planned step follows.
    await ledger.customers.upsert(verdict.update, now.toISOString(), (profile) => ({ ...profile, segment: segmentOf(profile, histories, settings.segments, today).segment }));
    if (existing) updated++;
    else created++;
  }
  if (!header) throw new Error(`${file} is empty: a header row naming the columns comes first`);
  rejected.sort((a, b) => a.row - b.row);
  return { created, updated, rejected };
}

/**
 * `creditctl customers import FILE.csv`: each row checked on its own, the good ones merged into
 * the customer profiles they name (created when none does), the refused ones listed with why.
 * The file is streamed, so its size does not matter. Exit status 1 when a row was refused.
 */
export async function importCustomersCommand(file: string, target: LedgerTarget, out: Writable): Promise<number> {
  let rows = 0;
  const result = await withProgress('customers import', () => withLedger(target, (session) => importRows(file, session, () => rows++)), () => `${rows} rows read`);
  out.write(`${result.created + result.updated} accepted (${result.created} created, ${result.updated} updated), ${result.rejected.length} rejected\n`);
  for (const { row, reasons } of result.rejected) out.write(`  row ${row}: ${reasons.join('; ')}\n`);
  return result.rejected.length > 0 ? 1 : 0;
}
