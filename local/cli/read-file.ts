import { open } from 'node:fs/promises';

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
