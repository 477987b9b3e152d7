import { once } from 'node:events';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { withProgress } from './progress';

/** Why a file was not read: it could not be opened, or it is larger than the limit. */
export interface FileRefusal {
  readonly ok: false;
  readonly error: { readonly code: 'unreadable-file' | 'too-large'; readonly message: string };
}

/** Reads a file, refusing it unread when it is larger than the limit. */
export async function readFileWithin(path: string, maxBytes: number): Promise<FileRefusal | Uint8Array> {
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

/** What a reader makes of a file: the value to print, or why it refused it. */
export type Reading<T extends object> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/**
 * What `parse` and `statement parse` do: each file read within the limit and given to the reader,
 * one JSON line per file in the order given (`source` first, then what was read, or the refusal),
 * with a progress line between them on a terminal.
 * @returns the exit status: 1 when any file was refused.
 */
export async function printReadings<T extends object>(
  command: string,
  files: readonly string[],
  maxBytes: number,
  read: (bytes: Uint8Array) => Promise<Reading<T>> | Reading<T>,
  out: Writable,
): Promise<number> {
  let status = 0;
  let done = 0;
  await withProgress(
    command,
    async (progress) => {
      for (const source of files) {
        const bytes = await readFileWithin(source, maxBytes);
        const result = bytes instanceof Uint8Array ? await read(bytes) : bytes;
        const line = result.ok ? { source, ...result.value } : { source, error: result.error };
        if (!result.ok) status = 1;
        progress.clear();
        if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
        done++;
      }
    },
    () => `${done} of ${files.length} files read`,
  );
  return status;
}
