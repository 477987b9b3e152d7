import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ciiInvoice, utf8 } from '../test/support/einvoice-builders';
import { deflatedAttachment, handWrittenPdf, pdfWithStreams, zerosFilling, zlibZeros } from '../test/support/pdf-builders';
import type { Row, Table } from './table';

/** What a child reports, as one JSON object on stdout. */
export interface PdfChildFigures {
  readonly bytes: number;
  readonly seconds: number;
  /** Resident memory with the file loaded and the code imported, just before the read. */
  readonly rssBeforeMb: number;
  /** The process's peak resident memory (getrusage maxrss). */
  readonly maxRssMb: number;
  readonly outcome: string;
}

interface Case {
  readonly label: string;
  readonly file: string;
  readonly build: () => Promise<Uint8Array>;
}

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const childScript = fileURLToPath(new URL('./read-pdf-child.ts', import.meta.url));
const generated = fileURLToPath(new URL('./.generated/', import.meta.url));

const invoice = () => deflatedAttachment('factur-x.xml', utf8(ciiInvoice({ number: 'FX-BENCH-1' })));

/** A catalog, then an object stream whose data is a deflate bomb filling about `bytes` of the file. */
const objectStreamBomb = async (bytes: number) =>
  handWrittenPdf(['<< /Type /Catalog >>', { dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', data: zlibZeros(zerosFilling(bytes)) }], '/Root 1 0 R');

// The files: a bomb in a 1 MB and a 4 MB PDF (about 1 and 4 GiB inflated), as the invoice attachment
// and as an object stream, which pdf-lib would inflate while loading; and a valid invoice beside 1 GiB.
const CASES: readonly Case[] = [
  { label: 'normal Factur-X (baseline)', file: 'pdf-normal.pdf', build: () => pdfWithStreams(invoice()) },
  { label: 'factur-x.xml is a deflate bomb, 1 MB file', file: 'pdf-bomb-1mb.pdf', build: () => pdfWithStreams({ name: 'factur-x.xml', stored: zlibZeros(zerosFilling(1e6)) }) },
  { label: 'factur-x.xml is a deflate bomb, 4 MB file', file: 'pdf-bomb-4mb.pdf', build: () => pdfWithStreams({ name: 'factur-x.xml', stored: zlibZeros(zerosFilling(4e6)) }) },
  { label: 'object stream is a deflate bomb, 1 MB file', file: 'pdf-objstm-bomb-1mb.pdf', build: () => objectStreamBomb(1e6) },
  { label: 'object stream is a deflate bomb, 4 MB file', file: 'pdf-objstm-bomb-4mb.pdf', build: () => objectStreamBomb(4e6) },
  { label: 'valid invoice + side attachment of 1 GiB inflated', file: 'pdf-side-1gib.pdf', build: () => pdfWithStreams(invoice(), { name: 'scan.bin', stored: zlibZeros(1024) }) },
];

async function inChild(path: string): Promise<PdfChildFigures> {
  // node --import tsx, not the tsx CLI: one process, so the RSS measured is the reader's, not a wrapper's.
  const { stdout } = await run(process.execPath, ['--import', 'tsx', childScript, path], { cwd: repoRoot, maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as PdfChildFigures;
}

export interface HostilePdfFigures {
  readonly runs: readonly (PdfChildFigures & { readonly label: string })[];
}

/** Each file generated now (built in milliseconds, never committed), then read by readInvoice in a process of its own. */
export async function benchHostilePdf(): Promise<HostilePdfFigures> {
  await mkdir(generated, { recursive: true });
  const runs = [];
  for (const { label, file, build } of CASES) {
    const path = `${generated}${file}`;
    await writeFile(path, await build());
    runs.push({ label, ...(await inChild(path)) });
  }
  return { runs };
}

/** One row per file, peak RSS against the normal file's in the same run. */
export function hostilePdfTable({ runs }: HostilePdfFigures): Table {
  const baseline = runs[0]!;
  const rows = runs.map(
    (r): Row => ({
      file: r.label,
      kB: r.bytes / 1e3,
      ms: r.seconds * 1000,
      'RSS before MB': r.rssBeforeMb,
      'peak RSS MB': r.maxRssMb,
      'x normal': (r.maxRssMb / baseline.maxRssMb).toFixed(2),
      outcome: r.outcome.length > 90 ? `${r.outcome.slice(0, 87)}...` : r.outcome,
    }),
  );
  return {
    title: 'Hostile Factur-X PDFs: readInvoice with the default 128 MiB limit, each file in a process of its own',
    rows,
    notes: [
      'peak RSS: the process high-water mark (getrusage maxrss); x normal: against the normal Factur-X file read in the same run.',
      'Issue 10 measured, before (pdf.js inflating every attachment): the 1 MB bomb peaked at 3.3 GB, the 4 MB one at 6.4 GB, the 1 GiB side attachment at 3.3 GB.',
      'A bomb now costs at most the limit: only the invoice attachment is inflated, and zlib stops at 128 MiB.',
      'Object streams, which pdf-lib inflated while loading with no cap (1 MB bomb: 11.2 s, 1.1 GB; 4 MB: 53 s, 6.0 GB), are inflated by zlib first, within the same 128 MiB for all of them.',
    ],
  };
}
