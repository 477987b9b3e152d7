import { describe, expect, it } from 'vitest';
import { startProgress, type ProgressStream } from '../../../../local/cli/progress';

/** A stderr stand-in that records what is written and lets a test wait for the next write. */
const recorder = (isTTY: boolean) => {
  const writes: string[] = [];
  let wake: (() => void) | undefined;
  const stream: ProgressStream = {
    isTTY,
    write(text: string) {
      writes.push(text);
      wake?.();
      return true;
    },
  };
  const nextWrite = () => new Promise<void>((resolve) => (wake = resolve));
  return { stream, writes, nextWrite };
};

describe('startProgress', () => {
  it('shows nothing for work that ends before its delay', () => {
    const { stream, writes } = recorder(true);
    startProgress('parse', () => '1 of 2 files read', { stream, afterMs: 60_000, env: {} }).stop();
    expect(writes).toEqual([]);
  });

  it('draws one line in place on a terminal and erases it when stopped', async () => {
    const { stream, writes, nextWrite } = recorder(true);
    const progress = startProgress('parse', () => '1 of 2 files read', { stream, afterMs: 0, env: {} });
    await nextWrite();
    progress.stop();
    expect(writes[0]).toMatch(/^\r\x1b\[Kparse: 1 of 2 files read \(\d+ s\)$/);
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('erases the line before a result goes to the same terminal, and erases nothing twice', async () => {
    const { stream, writes, nextWrite } = recorder(true);
    const progress = startProgress('parse', undefined, { stream, results: { isTTY: true }, afterMs: 0, env: {} });
    await nextWrite();
    progress.clear();
    const afterClear = writes.length;
    progress.stop();
    expect(writes.at(afterClear - 1)).toBe('\r\x1b[K');
    expect(writes.length).toBe(afterClear);
  });

  it('leaves the line drawn when results go elsewhere than the terminal', async () => {
    const { stream, writes, nextWrite } = recorder(true);
    const progress = startProgress('parse', undefined, { stream, results: { isTTY: false }, afterMs: 0, env: {} });
    await nextWrite();
    const drawn = writes.length;
    progress.clear();
    expect(writes.length).toBe(drawn);
    progress.stop();
  });

  it('keeps a file or pipe free of progress unless CREDITCTL_PROGRESS=1 asks for it', async () => {
    const quiet = recorder(false);
    startProgress('simulate', undefined, { stream: quiet.stream, afterMs: 0, env: {} });
    const asked = recorder(false);
    const progress = startProgress('simulate', undefined, { stream: asked.stream, afterMs: 0, env: { CREDITCTL_PROGRESS: '1' } });
    await asked.nextWrite();
    progress.stop();
    expect(quiet.writes).toEqual([]);
    expect(asked.writes[0]).toMatch(/^simulate \(\d+ s\)\n$/);
    expect(asked.writes.at(-1)).toMatch(/^simulate: done in \d+\.\d s\n$/);
  });

  it('shows nothing on a terminal with CREDITCTL_PROGRESS=0', () => {
    const { stream, writes } = recorder(true);
    startProgress('report', undefined, { stream, afterMs: 0, env: { CREDITCTL_PROGRESS: '0' } }).stop();
    expect(writes).toEqual([]);
  });
});
