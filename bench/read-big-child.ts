// Runs in a process of its own so its peak resident memory is this one read's, not the bench's:
// node --import tsx bench/read-big-child.ts <mode> <file>; prints one ChildFigures object as JSON on stdout.
import { readFileSync } from 'node:fs';
// Type-only: importing big-read.ts for real would pull the whole parent bench into this process.
import type { ChildFigures, ChildMode } from './big-read';

// The modes this child knows; the parent's ChildMode type must list the same.
const CHILD_MODES: readonly ChildMode[] = ['bare', 'read', 'default', 'over-default'];

const MB = 1024 * 1024;
const RAISED_LIMIT_BYTES = 256 * MB;

async function main(mode: ChildMode, path: string): Promise<ChildFigures> {
  // Only the code a mode runs is imported, so the bare parse does not carry the PDF reader in its RSS.
  const sax = mode === 'bare' ? await import('./sax-baseline') : undefined;
  const einvoice = mode === 'bare' ? undefined : await import('../functions/domain/einvoice');
  // readFileSync's Buffer is a Uint8Array already: no copy, so the file counts once in the RSS.
  let bytes: Uint8Array = readFileSync(path);
  if (mode === 'over-default' && einvoice) {
    // Trailing whitespace keeps it a well-formed document: the refusal is for its size alone.
    const padded = new Uint8Array(einvoice.DEFAULT_MAX_INVOICE_BYTES + 1).fill(0x20);
    padded.set(bytes);
    bytes = padded;
  }
  const rssBeforeMb = process.memoryUsage().rss / MB;

  const started = performance.now();
  let lines: number | null = null;
  let outcome = 'parsed';
  if (sax) sax.bareSaxParse(bytes);
  if (einvoice) {
    const maxBytes = mode === 'read' ? RAISED_LIMIT_BYTES : einvoice.DEFAULT_MAX_INVOICE_BYTES;
    const result = await einvoice.readInvoice(bytes, { maxBytes });
    if (result.ok) {
      lines = result.invoice.lines.length;
      outcome = `read, due ${result.invoice.totals.due ?? '?'} ${result.invoice.currency}`;
    } else {
      outcome = `refused: ${result.error.code}`;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  // resourceUsage().maxRSS is getrusage ru_maxrss, which Node documents in kilobytes.
  return { mode, seconds, bytes: bytes.length, rssBeforeMb, maxRssMb: process.resourceUsage().maxRSS / 1024, lines, outcome };
}

const [mode, path] = process.argv.slice(2);
if (!CHILD_MODES.includes(mode as ChildMode) || !path) {
  process.stderr.write(`usage: read-big-child.ts <${CHILD_MODES.join('|')}> <file>\n`);
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(await main(mode as ChildMode, path))}\n`);
}
