import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** `creditctl start` in a process of its own, its output collected, to be waited on by condition. */
export interface HostProcess {
  readonly process: ChildProcessWithoutNullStreams;
  output(): string;
  /** Waits until the output matches, failing with the output so far after `limitMs` of real time. */
  waitFor(pattern: RegExp, limitMs?: number): Promise<RegExpExecArray>;
  /** Ctrl-C, then the exit code; SIGKILL if it has not exited within `limitMs`. */
  stop(limitMs?: number): Promise<number | null>;
  /** SIGKILL, as a crash or `kill -9` would end it. */
  kill(): Promise<void>;
}

const spawned = new Set<ChildProcessWithoutNullStreams>();
// A test that times out or throws must not leave a host running: whatever is left is killed on exit.
process.once('exit', () => spawned.forEach((child) => child.kill('SIGKILL')));

const POLL_MS = 100;
/** Generous: on a loaded 2-core machine a host starting takes tens of seconds. */
export const HOST_WAIT_MS = 120_000;

export function startHost(args: readonly string[]): HostProcess {
  const child = spawn('node', ['bin/creditctl.js', 'start', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  spawned.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      spawned.delete(child);
      resolve(code);
    }),
  );
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  return {
    process: child,
    output: () => output,
    waitFor: async (pattern, limitMs = HOST_WAIT_MS) => {
      const deadline = Date.now() + limitMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (hasExited) throw new Error(`the host exited before printing ${pattern}; its output:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${limitMs / 1000} s; output so far:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    stop: async (limitMs = 30_000) => {
      if (hasExited) return exited;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    kill: async () => {
      if (hasExited) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
