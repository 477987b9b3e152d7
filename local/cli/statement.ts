import type { Writable } from 'node:stream';
import { DEFAULT_STATEMENT_LIMITS, readStatement } from '../../functions/domain/statements';
import { printReadings } from './read-file';

export interface StatementParseOptions {
  readonly maxBytes?: number;
}

/**
 * `creditctl statement parse`: one JSON line per file, in the order given; refusals are lines too.
 * @returns the exit status: 1 when any file was refused.
 */
export async function statementParseCommand(files: readonly string[], options: StatementParseOptions, out: Writable): Promise<number> {
  const maxBytes = options.maxBytes ?? DEFAULT_STATEMENT_LIMITS.maxBytes;
  return printReadings(
    'statement parse',
    files,
    maxBytes,
    (bytes) => {
      const result = readStatement(bytes, { maxBytes });
      return result.ok ? { ok: true, value: result.file } : result;
    },
    out,
  );
}
