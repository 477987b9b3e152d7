import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = 'bin/creditctl.js';
/** A CLI run, killed if it outlives a generous bound, so a hung command fails its test instead of hanging the suite. */
const CLI_LIMIT = { encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' } as const;
const sample = (file: string): string => fileURLToPath(new URL(`../fixtures/zugferd1/${file}`, import.meta.url));

describe('creditctl parse on ZUGFeRD 1.0 (issue 14)', () => {
  it('prints the invoice number of a ZUGFeRD 1.0 XML and of a PDF carrying ZUGFeRD-invoice.xml', () => {
    const files = [sample('ZUGFeRD1_COMFORT_Einfach.xml'), sample('MustangGnuaccountingBeispielRE-20170509_505.pdf')];
    const run = spawnSync('node', [CLI, 'parse', ...files], CLI_LIMIT);

    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ source: files[0], number: '471102', syntax: 'cii', totals: { due: '529.87' } });
    expect(lines[1]).toMatchObject({ source: files[1], number: 'RE-20170509/505', syntax: 'cii', totals: { due: '571.04' } });
    expect([run.status, run.stderr]).toEqual([0, '']);
  });
});
