import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_MAX_INVOICE_BYTES } from '../functions/domain/einvoice';
import { bigInvoice, type BigInvoice } from './big-invoice';
import type { Row, Table } from './table';

/**
 * How a child reads the big file: `bare` the sax baseline; `read` readInvoice with the limit raised
 * to 256 MiB; `default` readInvoice with its default limit; `over-default` readInvoice, default limit,
 * on the file padded with trailing whitespace to one byte over that limit.
 */
export type ChildMode = 'bare' | 'read' | 'default' | 'over-default';

/** What a child reports, as one JSON object on stdout. */
export interface ChildFigures {
  readonly mode: ChildMode;
  readonly seconds: number;
  readonly bytes: number;
  /** Resident memory with the file loaded and the code imported, just before the parse. */
  readonly rssBeforeMb: number;
  /** The process's peak resident memory (getrusage maxrss). */
  readonly maxRssMb: number;
  /** Invoice lines read; null for the bare parse and for a refusal. */
  readonly lines: number | null;
  readonly outcome: string;
}

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const childScript = fileURLToPath(new URL('./read-big-child.ts', import.meta.url));

async function inChild(mode: ChildMode, path: string): Promise<ChildFigures> {
  // node --import tsx, not the tsx CLI: one process, so the RSS measured is the reader's, not a wrapper's
  // (tsx's CLI spawns node as a child of its own). --import needs Node 20.6 or later.
  const { stdout } = await run(process.execPath, ['--import', 'tsx', childScript, mode, path], { cwd: repoRoot, maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as ChildFigures;
}

/** The modes run, in order: bare and read alternate twice, so a slow spell on this VM hits both, and the best of each is compared. */
const PLAN: readonly ChildMode[] = ['bare', 'read', 'bare', 'read', 'default', 'over-default'];

export interface BigReadFigures {
  readonly file: BigInvoice;
  readonly runs: readonly ChildFigures[];
  /** Best readInvoice time over best bare time. */
  readonly ratio: number;
}

/** The 200,000-line invoice, generated once, read in child processes: time, throughput, peak RSS. */
export async function benchBigRead(path: string): Promise<BigReadFigures> {
  const file = await bigInvoice(path);
  const runs: ChildFigures[] = [];
  for (const mode of PLAN) runs.push(await inChild(mode, file.path));
  const best = (mode: ChildMode) => Math.min(...runs.filter((r) => r.mode === mode).map((r) => r.seconds));
  return { file, runs, ratio: best('read') / best('bare') };
}

const LABELS: Record<ChildMode, string> = {
  bare: 'bare sax parse',
  read: 'readInvoice, limit 256 MiB',
  default: 'readInvoice, default limit 128 MiB',
  'over-default': 'readInvoice, default limit, file padded to 128 MiB + 1',
};

/** One row per mode: the best time of its runs, the highest peak RSS. */
export function bigReadTable({ file, runs, ratio }: BigReadFigures): Table {
  const bareSeconds = Math.min(...runs.filter((r) => r.mode === 'bare').map((r) => r.seconds));
  const modes = [...new Set(runs.map((r) => r.mode))];
  const rows = modes.map((mode): Row => {
    const mine = runs.filter((r) => r.mode === mode);
    const seconds = Math.min(...mine.map((r) => r.seconds));
    const last = mine[mine.length - 1]!;
    const refused = last.outcome.startsWith('refused');
    return {
      run: LABELS[mode],
      MB: last.bytes / 1e6,
      seconds: mine.map((r) => (r.seconds < 0.1 ? `${(r.seconds * 1000).toFixed(1)} ms` : r.seconds.toFixed(2))).join(' / '),
      'MB/s': refused ? '-' : last.bytes / 1e6 / seconds,
      'x bare': refused ? '-' : (seconds / bareSeconds).toFixed(2),
      'RSS before MB': Math.max(...mine.map((r) => r.rssBeforeMb)),
      'peak RSS MB': Math.max(...mine.map((r) => r.maxRssMb)),
      lines: last.lines ?? '-',
      outcome: last.outcome,
    };
  });
  return {
    title: `A generated Peppol BIS 3 UBL invoice: ${file.lines.toLocaleString('en-US')} lines, ${(file.bytes / 1e6).toFixed(1)} MB (${file.generated ? 'generated now' : 'reused'}), each run in a process of its own`,
    rows,
    notes: [
      `seconds: every run, in order; MB/s and x bare use the best. readInvoice / bare sax: ${ratio.toFixed(2)}x.`,
      'RSS before: node, the code and the file loaded, before parsing (the file itself is ' +
        `${(file.bytes / 1024 / 1024).toFixed(0)} MiB; the padded run holds it twice); peak RSS: the process's high-water mark.`,
      file.bytes <= DEFAULT_MAX_INVOICE_BYTES
        ? 'The file is under the default 128 MiB limit, so it is read by default; one byte over, it is refused unread.'
        : 'The file is over the default 128 MiB limit, so by default it is refused unread.',
    ],
  };
}
