import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { DEFAULT_STATEMENT_LIMITS, readStatement } from '../../functions/domain/statements';
import { withProgress } from './progress';
import { readFileWithin } from './read-file';

export interface StatementParseOptions {
  readonly maxBytes?: number;
}

/**
 * `creditctl statement parse`: one JSON line per file, in the order given; refusals are lines too.
 * @returns the exit status: 1 when any file was refused.
 */
export async function statementParseCommand(files: readonly string[], options: StatementParseOptions, out: Writable): Promise<number> {
  const maxBytes = options.maxBytes ?? DEFAULT_STATEMENT_LIMITS.maxBytes;
  let status = 0;
  let read = 0;
  await withProgress(
    'statement parse',
    async (progress) => {
      for (const source of files) {
        const bytes = await readFileWithin(source, maxBytes);
        const result = bytes instanceof Uint8Array ? readStatement(bytes, { maxBytes }) : bytes;
        const line = result.ok ? { source, ...result.file } : { source, error: result.error };
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
