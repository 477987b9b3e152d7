import { realTimers } from '../real-timers';

/** The slice of process.stderr that progress writes to. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** @default process.stderr */
  readonly stream?: ProgressStream;
  /** Where the command's results go: clear() erases the line only when that is a terminal too. @default process.stdout */
  readonly results?: { readonly isTTY?: boolean };
  /** Real time before anything shows: work done sooner leaves no trace. @default 1000 */
  readonly afterMs?: number;
  /** How often a terminal's line is redrawn. @default 250 */
  readonly redrawMs?: number;
  /** How often a plain line is written when progress goes to a file or pipe. @default 10000 */
  readonly lineMs?: number;
  /** Reads CREDITCTL_PROGRESS: `1` writes plain lines when stderr is not a terminal, `0` shows nothing. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface Progress {
  /** Erases the terminal's line when stdout is a terminal too, so a result line starts clean; the next redraw brings it back. */
  clear(): void;
  /** Stops for good: erases the terminal's line, or in plain lines says how long the work took. */
  stop(): void;
}

type Mode = 'redraw' | 'lines' | 'off';

// Captured at load, like realTimers: progress measures real seconds while a virtual clock runs.
const now = performance.now.bind(performance);
const ERASE_LINE = '\r\x1b[K';

/** As git does: progress for a person at a terminal; a script's stderr carries only errors unless it asks. */
const modeOf = (stream: ProgressStream, env: NodeJS.ProcessEnv): Mode => {
  if (env.CREDITCTL_PROGRESS === '0') return 'off';
  if (stream.isTTY) return 'redraw';
  return env.CREDITCTL_PROGRESS === '1' ? 'lines' : 'off';
};

/**
 * Shows on stderr that long work is still going: nothing for the first second, then
 * `label: detail (N s)`, redrawn in place on a terminal. Timers are real and unref'd: a virtual
 * clock does not stop them, and they never keep the process alive.
 * @example const progress = startProgress('parse', () => `${done} of ${files.length} files`);
 *          try { ... } finally { progress.stop(); }
 */
export function startProgress(label: string, detail?: () => string, options: ProgressOptions = {}): Progress {
  const { stream = process.stderr, results = process.stdout, afterMs = 1000, redrawMs = 250, lineMs = 10_000, env = process.env } = options;
  const mode = modeOf(stream, env);
  if (mode === 'off') return { clear: () => undefined, stop: () => undefined };
  const started = now();
  const seconds = () => Math.round((now() - started) / 1000);
  const text = () => `${label}${detail ? `: ${detail()}` : ''} (${seconds()} s)`;
  let drawn = false;
  let wrote = false;
  const show = () => {
    stream.write(mode === 'redraw' ? `${ERASE_LINE}${text()}` : `${text()}\n`);
    drawn = mode === 'redraw';
    wrote = true;
  };
  let repeat: ReturnType<typeof realTimers.setInterval> | undefined;
  const first = realTimers.setTimeout(() => {
    show();
    repeat = realTimers.setInterval(show, mode === 'redraw' ? redrawMs : lineMs);
    repeat.unref();
  }, afterMs);
  first.unref();
  const erase = () => {
    if (drawn) stream.write(ERASE_LINE);
    drawn = false;
  };
  return {
    clear: () => {
      if (results.isTTY) erase();
    },
    stop() {
      realTimers.clearTimeout(first);
      if (repeat) realTimers.clearInterval(repeat);
      erase();
      if (mode === 'lines' && wrote) stream.write(`${label}: done in ${((now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}

/**
 * Runs work with progress on stderr, stopped however the work ends.
 * @example await withProgress('report', () => withLedger(target, work));
 */
export async function withProgress<T>(label: string, work: (progress: Progress) => Promise<T>, detail?: () => string): Promise<T> {
  const progress = startProgress(label, detail);
  try {
    return await work(progress);
  } finally {
    progress.stop();
  }
}
