import { appendFileSync, readFileSync } from 'node:fs';

/**
 * The values of an append-only JSON-lines file, oldest first; none when it does not exist yet.
 * A line that does not parse is skipped: the torn last line of a process killed mid-append.
 */
export function readJsonLines<T>(path: string): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    if (!line) return [];
    try {
      return [JSON.parse(line) as T];
    } catch {
      return [];
    }
  });
}

/** Appends one value as a line, synchronously: once this returns, the value is on disk, in order. */
export const appendJsonLine = (path: string, value: unknown): void => appendFileSync(path, `${JSON.stringify(value)}\n`);
