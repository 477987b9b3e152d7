import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { DEFAULT_MAX_INVOICE_BYTES, readInvoice } from '../../functions/domain/einvoice';
import { withProgress } from './progress';
import { readFileWithin } from './read-file';

export interface ParseOptions {
  readonly maxBytes?: number;
}

/**
 * `creditctl parse`: one JSON line per file, in the order given; refusals are lines too.
 * @returns the exit status: 1 when any file was refused.
 */
export async function parseCommand(files: readonly string[], options: ParseOptions, out: Writable): Promise<number> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INVOICE_BYTES;
  let status = 0;
  let read = 0;
  await withProgress(
    'parse',
    async (progress) => {
      for (const source of files) {
        const bytes = await readFileWithin(source, maxBytes);
        const result = bytes instanceof Uint8Array ? await readInvoice(bytes, { maxBytes }) : bytes;
        const line = result.ok ? { source, ...result.invoice } : { source, error: result.error };
        if (!result.ok) status = 1;
        progress.clear();
        if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
        read++;
      }
    },
    () => `${read} of ${files.length} files read`,
  );
  return status;
}
