import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendJsonLine, readJsonLines } from '../ndjson';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface HistoryEvent {
  /** Virtual time, UTC. */
  readonly timestamp: string;
  readonly type: string;
  readonly state?: string;
  readonly error?: string;
  readonly cause?: string;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** Where an open execution stands: the state it entered, with that state's input, as Step Functions keeps it. */
export interface ExecutionPosition {
  readonly state: string;
  readonly input: Json;
  /** Virtual instant the state was entered. */
  readonly enteredAt: string;
  /** While parked: on a task token (with the task's timeout) or on a timer (a retry back-off), and until when. */
  readonly parked?: { readonly on: 'token' | 'timer'; readonly until: string | null };
}

/** An execution's record, without its history. */
export interface ExecutionRecord {
  readonly name: string;
  readonly input: Json;
  readonly startedAt: string;
  readonly status: ExecutionStatus;
  readonly stoppedAt: string | null;
  /** State transitions so far (states entered), what Step Functions bills. */
  readonly transitions: number;
  /** Lambda invocations so far: Task states entered, and their retries. */
  readonly invocations: number;
  readonly position: ExecutionPosition | null;
}

export interface StoredExecution extends ExecutionRecord {
  readonly history: readonly HistoryEvent[];
}

/** Where executions are kept: in the data folder for `npm start`, nowhere for a simulation. */
export interface ExecutionStore {
  load(): StoredExecution[];
  save(record: ExecutionRecord): void;
  append(name: string, event: HistoryEvent): void;
}

export const noExecutionStore: ExecutionStore = { load: () => [], save: () => undefined, append: () => undefined };

/**
 * One file per execution for its record, rewritten whole (write, then rename: never half a
 * record), and one append-only file for its history. Writes are synchronous so that the files
 * follow the order of the events; a process killed mid-append leaves at most a torn last line,
 * which loading skips (`readJsonLines`).
 */
export class FileExecutionStore implements ExecutionStore {
  constructor(private readonly folder: string) {
    mkdirSync(folder, { recursive: true });
  }

  load(): StoredExecution[] {
    return readdirSync(this.folder)
      .filter((file) => file.endsWith('.json'))
      .map((file) => {
        const record = JSON.parse(readFileSync(join(this.folder, file), 'utf8')) as ExecutionRecord;
        return { ...record, history: readJsonLines<HistoryEvent>(this.pathOf(record.name, '.history.ndjson')) };
      });
  }

  save(record: ExecutionRecord): void {
    const path = this.pathOf(record.name, '.json');
    writeFileSync(`${path}.tmp`, JSON.stringify(record));
    renameSync(`${path}.tmp`, path);
  }

  append(name: string, event: HistoryEvent): void {
    appendJsonLine(this.pathOf(name, '.history.ndjson'), event);
  }

  private pathOf(name: string, suffix: string): string {
    return join(this.folder, `${encodeURIComponent(name)}${suffix}`);
  }
}
