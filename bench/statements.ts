import { isoDate } from '../functions/domain/calendar';
import type { Decimal } from '../functions/domain/money';
import { readStatement } from '../functions/domain/statements';
import { writeCamt053, type EntryDraft, type StatementDraft } from '../local/demo/camt053-writer';
import type { Table } from './table';
import { timeRounds, type RoundsOptions } from './timing';

const SIZES = [10_000, 50_000] as const;
const ROUNDS: Required<RoundsOptions> = { warmupMs: 1_000, roundMs: 1_000, rounds: 3 };

/** A statement of `count` received payments, each with a counterparty, both remittance kinds and its own references. */
function statementOf(count: number): StatementDraft {
  const entries = Array.from({ length: count }, (_, i): EntryDraft => ({
    amount: `${100 + (i % 900)}.${String(i % 100).padStart(2, '0')}` as Decimal,
    creditDebit: 'CRDT',
    bookingDate: isoDate('2026-03-05'),
    bankReference: `ACSV-${i}`,
    endToEndId: `LIS-2026-${i}`,
    counterparty: { name: `Customer ${i % 500}`, iban: 'DE89370400440532013000' },
    unstructuredRemittance: `Invoice LIS-2026-${i}`,
    creditorReference: 'RF18539007547034',
  }));
  return {
    messageId: 'BENCH', statementId: `BENCH-${count}`, createdAt: '2026-03-06T06:00:00Z', iban: 'NL77ABNA0574908765', currency: 'EUR',
    openingBalance: '0' as Decimal, fromDate: isoDate('2026-03-05'), toDate: isoDate('2026-03-05'), entries,
  };
}

export interface StatementFigures {
  readonly rows: readonly { readonly entries: number; readonly bytes: number; readonly writeSeconds: number; readonly readSeconds: number; readonly readMBps: number }[];
}

/** The demo's camt.053 writer and readStatement on generated statements of 10,000 and 50,000 entries. */
export async function benchStatements(): Promise<StatementFigures> {
  const rows = [];
  for (const count of SIZES) {
    const draft = statementOf(count);
    const bytes = new Uint8Array(Buffer.from(writeCamt053(draft)));
    const read = readStatement(bytes);
    if (!read.ok || read.file.statements[0]?.entries.length !== count) throw new Error(`${count} entries: not read back (${read.ok ? 'count' : read.error.message})`);
    const timings = await timeRounds({ write: () => void writeCamt053(draft), read: () => void readStatement(bytes) }, ROUNDS);
    rows.push({ entries: count, bytes: bytes.length, writeSeconds: timings.write.seconds, readSeconds: timings.read.seconds, readMBps: bytes.length / 1e6 / timings.read.seconds });
  }
  return { rows };
}

export const statementsTable = (figures: StatementFigures): Table => ({
  title: 'Bank statements: camt.053.001.08 written by the demo writer and read by readStatement',
  rows: figures.rows.map((row) => ({ entries: row.entries, MB: row.bytes / 1e6, 'write s': row.writeSeconds, 'read s': row.readSeconds, 'read MB/s': row.readMBps })),
  notes: ['median of interleaved rounds; every entry has a counterparty, unstructured and RF remittance, and its own references'],
});
