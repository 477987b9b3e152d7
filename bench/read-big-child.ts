import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_INVOICE_BYTES, readInvoice } from '../functions/domain/einvoice';
import { bareSaxParse } from './sax-baseline';

// Runs in its own process so its peak resident memory is its own: `bare`, `read` (limit raised) or `default` (128 MiB limit).
const [mode, path] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(path!));
const started = performance.now();
let outcome: string;
if (mode === 'bare') {
  bareSaxParse(bytes);
  outcome = 'parsed';
} else {
  const result = await readInvoice(bytes, { maxBytes: mode === 'read' ? 256 * 1024 * 1024 : DEFAULT_MAX_INVOICE_BYTES });
  outcome = result.ok ? `read ${result.invoice.lines.length} lines, due ${result.invoice.totals.due}` : `refused: ${result.error.code}`;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ mode, seconds, bytes: bytes.length, maxRssMb: process.resourceUsage().maxRSS / 1024, outcome }));
