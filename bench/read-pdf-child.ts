// Runs in a process of its own so its peak resident memory is this one read's:
// node --import tsx bench/read-pdf-child.ts <file>; prints one PdfChildFigures object as JSON on stdout.
import { readFileSync } from 'node:fs';
import { readInvoice } from '../functions/domain/einvoice';
// Type-only: importing hostile-pdf.ts for real would pull the parent bench (and pdf building) into this process.
import type { PdfChildFigures } from './hostile-pdf';

const MB = 1024 * 1024;

async function main(path: string): Promise<PdfChildFigures> {
  const bytes = readFileSync(path);
  const rssBeforeMb = process.memoryUsage().rss / MB;
  const started = performance.now();
  const result = await readInvoice(bytes);
  const seconds = (performance.now() - started) / 1000;
  const outcome = result.ok ? `read ${result.invoice.number}` : `refused: ${result.error.code}: ${result.error.message}`;
  // resourceUsage().maxRSS is getrusage ru_maxrss, which Node documents in kilobytes.
  return { bytes: bytes.length, seconds, rssBeforeMb, maxRssMb: process.resourceUsage().maxRSS / 1024, outcome };
}

const [path] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: read-pdf-child.ts <file>\n');
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(await main(path))}\n`);
}
