import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { einvoicePath } from '../support/shared';

const CLI = 'bin/creditctl.js';

describe('creditctl parse', () => {
  it('prints one JSON line per file in the order given and exits 1 when any file is refused', () => {
    const files = [einvoicePath('dev/ubl-peppol-base-example.xml'), einvoicePath('bad/empty.xml'), einvoicePath('dev/pdf-fx-basicwl-eu.pdf')];
    const run = spawnSync('node', [CLI, 'parse', ...files], { encoding: 'utf8' });

    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.source)).toEqual(files);
    expect(lines[0]).toMatchObject({ number: 'Snippet1', syntax: 'ubl', totals: { due: '1656.25' } });
    expect(lines[1]).toEqual({ source: files[1], error: { code: 'empty', message: 'empty file (0 bytes)' } });
    expect(lines[2]).toMatchObject({ syntax: 'cii', kind: 'invoice' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
  });

  it('refuses a file over --max-bytes without reading it', () => {
    const run = spawnSync('node', [CLI, 'parse', '--max-bytes', '100', einvoicePath('dev/ubl-peppol-base-example.xml')], { encoding: 'utf8' });
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'too-large' } });
    expect(run.status).toBe(1);
  });

  it('exits 0 when every file is read', () => {
    expect(spawnSync('node', [CLI, 'parse', einvoicePath('dev/cii-cen-huf.xml')]).status).toBe(0);
  });
});

describe('creditctl start', () => {
  it('ingests a file dropped into the drop folder and stops cleanly on Ctrl-C', async () => {
    const dataDir = await mkdtemp(`${tmpdir()}/credit-control-start-`);
    const host = spawn('node', [CLI, 'start', '--data-dir', dataDir, '--no-demo', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    host.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    host.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const waitFor = async (pattern: RegExp): Promise<void> => {
      for (let waited = 0; !pattern.test(output); waited += 100) {
        if (waited > 30_000) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    await waitFor(/Ctrl-C stops/);
    await copyFile(einvoicePath('dev/ubl-peppol-base-example.xml'), `${dataDir}/drop/acme.xml`);
    await copyFile(einvoicePath('bad/ubl-order.xml'), `${dataDir}/drop/order.xml`);
    await waitFor(/added +acme\.xml: invoice Snippet1/);
    await waitFor(/quarantined +order\.xml: not an e-invoice: root element <Order>/);
    expect(await readdir(`${dataDir}/drop`)).toEqual([]);

    const exited = new Promise<number | null>((resolve) => host.once('exit', resolve));
    host.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toMatch(/stopped\.\n$/);
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('creditctl start with the demo portfolio', () => {
  it('ingests the demo invoices and runs their collections on the virtual clock', async () => {
    const dataDir = await mkdtemp(`${tmpdir()}/credit-control-demo-`);
    const host = spawn('node', [CLI, 'start', '--data-dir', dataDir, '--speed', '8', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    host.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    host.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let waited = 0; !/ email +LIS-2026-\d+ +reminder-1/.test(output); waited += 200) {
      if (waited > 60_000) throw new Error(`no reminder within a minute; output so far:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(output.match(/^added +LIS-2026-\d+\.(ubl|cii)\.xml/gm)).toHaveLength(24);

    // The console's API shows the same system: invoices with their aging, the e-mails, the clock's controls.
    const consoleUrl = /console +(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
    const get = async (path: string) => (await fetch(`${consoleUrl}${path}`)).json();
    const { invoices, aging } = (await get('api/invoices')) as { invoices: { number: string }[]; aging: Record<string, Record<string, string>> };
    expect(invoices).toHaveLength(24);
    expect(Object.keys(aging)).toEqual(['EUR']);
    expect(((await get('api/emails')) as { subject: string }[]).some((email) => /LIS-2026-\d+/.test(email.subject))).toBe(true);
    const paused = await fetch(`${consoleUrl}api/clock`, { method: 'POST', body: JSON.stringify({ daysPerSecond: 0 }) });
    expect(await paused.json()).toMatchObject({ daysPerSecond: 0 });
    const refused = await fetch(`${consoleUrl}api/events`, { method: 'POST', body: JSON.stringify({ type: 'payment', amount: '1,00' }) });
    expect(refused.status).toBe(400);
    expect((await fetch(consoleUrl!)).headers.get('content-type')).toMatch(/text\/html/);
    const exited = new Promise<number | null>((resolve) => host.once('exit', resolve));
    host.kill('SIGINT');
    expect(await exited).toBe(0);
    await rm(dataDir, { recursive: true, force: true });
  });
});
