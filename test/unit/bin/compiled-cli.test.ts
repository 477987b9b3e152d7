import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_MANIFEST, staleReason } from '../../../bin/compiled-cli.js';

describe('staleReason', () => {
  let root: string;
  const builtAt = new Date('2026-03-05T12:00:00Z');
  const source = async (path: string, modified: Date) => {
    await writeFile(`${root}/${path}`, '');
    await utimes(`${root}/${path}`, modified, modified);
  };

  beforeEach(async () => {
    root = await mkdtemp(`${tmpdir()}/credit-control-dist-`);
    await mkdir(`${root}/dist`);
    await source('a.ts', new Date('2026-03-05T11:00:00Z'));
    await source('b.ts', new Date('2026-03-05T11:30:00Z'));
    await writeFile(`${root}/${BUILD_MANIFEST}`, JSON.stringify({ startedAtMs: builtAt.getTime(), inputs: ['a.ts', 'b.ts'] }));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('finds nothing stale when every input is older than the build', () => expect(staleReason(root)).toBeUndefined());

  it('names an input changed after the build started', async () => {
    await source('b.ts', new Date('2026-03-05T12:00:01Z'));
    expect(staleReason(root)).toBe('b.ts changed after the build');
  });

  it('names an input deleted since the build', async () => {
    await rm(`${root}/a.ts`);
    expect(staleReason(root)).toBe('a.ts is gone since the build');
  });

  it('says the CLI is not built when there is no manifest', async () => {
    await rm(`${root}/dist`, { recursive: true });
    expect(staleReason(root)).toBe('the CLI is not built');
  });
});
