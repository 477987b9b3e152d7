import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { WriteRecord } from './database';
import { fromWire, toWire } from './wire';

/** A journal line that is not the torn last one: something other than a crash changed the file. */
export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
  constructor(
    readonly path: string,
    readonly line: number,
    options?: ErrorOptions,
  ) {
    super(`DynamoDB twin journal ${path} is corrupt at line ${line} (only a last line cut short by a crash is skipped)`, options);
  }
}

const line = (record: WriteRecord): string => `${JSON.stringify(toWire(record))}\n`;

/**
 * The twin's writes as JSON lines, appended synchronously before a write answers: a process killed
 * at any moment (kill -9) loses no write it answered, and at worst leaves a last line cut short,
 * which reading skips.
 */
export class Journal {
  private fd: number | null = null;

  constructor(readonly path: string) {}

  /** The journaled writes, oldest first; none when there is no journal yet. */
  read(): WriteRecord[] {
    if (!existsSync(this.path)) return [];
    const lines = readFileSync(this.path, 'utf8').split('\n');
    const records: WriteRecord[] = [];
    lines.forEach((text, i) => {
      if (text === '') return;
      try {
        records.push(fromWire(JSON.parse(text)) as WriteRecord);
      } catch (err) {
        const isLast = lines.slice(i + 1).every((rest) => rest === '');
        if (!isLast) throw new JournalCorruptError(this.path, i + 1, { cause: err });
      }
    });
    return records;
  }

  /**
   * Writes the state as a new journal and puts it in the old one's place: a temporary file, synced,
   * then renamed over, so a crash leaves either journal whole. Opens the journal for appending.
   */
  compact(state: Iterable<WriteRecord>): void {
    const temporary = `${this.path}.compacting`;
    const fd = openSync(temporary, 'w');
    try {
      let chunk = '';
      for (const record of state) {
        chunk += line(record);
        if (chunk.length > 1 << 20) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      writeSync(fd, chunk);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    this.fd = openSync(this.path, 'a');
  }

  /** Appends the writes in one write call, before the operation that made them answers. */
  append(records: readonly WriteRecord[]): void {
    if (this.fd === null) throw new Error(`DynamoDB twin journal ${this.path} is not open`);
    if (records.length > 0) writeSync(this.fd, records.map(line).join(''));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
