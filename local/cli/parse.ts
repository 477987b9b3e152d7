import type { Writable } from 'node:stream';
import { DEFAULT_MAX_INVOICE_BYTES, readInvoice } from '../../functions/domain/einvoice';
import { printReadings } from './read-file';

export interface ParseOptions {
  readonly maxBytes?: number;
}

/**
 * `creditctl parse`: one JSON line per file, in the order given; refusals are lines too.
 * @returns the exit status: 1 when any file was refused.
 */
export async function parseCommand(files: readonly string[], options: ParseOptions, out: Writable): Promise<number> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INVOICE_BYTES;
  return printReadings(
    'parse',
    files,
    maxBytes,
    async (bytes) => {
      const result = await readInvoice(bytes, { maxBytes });
      return result.ok ? { ok: true, value: result.invoice } : result;
    },
    out,
  );
}
