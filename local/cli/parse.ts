import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { DEFAULT_MAX_INVOICE_BYTES, readInvoice, type ReadResult } from '../../functions/domain/einvoice';
import { withProgress } from './progress';

export interface ParseOptions {
  readonly maxBytes?: number;
}

/** Reads a file, refusing it unread when it is larger than the limit. */
async function readFileWithin(path: string, maxBytes: number): Promise<ReadResult | Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    return { ok: false, error: { code: 'unreadable-file', message: `cannot open file (${code})` } };
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) {
      return { ok: false, error: { code: 'too-large', message: `file too large: ${size} bytes, the limit is ${maxBytes} bytes` } };
    }
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
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
