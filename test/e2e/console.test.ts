import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { einvoicePath } from '../support/shared';

vi.setConfig({ testTimeout: 180_000 });
const ARTEFACTS = 'test-results/console';

describe('the web console of npm start', () => {
  let browser: Browser | undefined;
  afterAll(async () => browser?.close());

  it('follows a dropped e-invoice to its reminder, then records its payment from the worklist', async () => {
    await mkdir(ARTEFACTS, { recursive: true });
    const dataDir = await mkdtemp(`${tmpdir()}/credit-control-console-`);
    // The Peppol example is due on 2017-12-01: a clock starting ten days before lets its whole schedule play.
    const host = spawn('node', ['bin/creditctl.js', 'start', '--data-dir', dataDir, '--no-demo', '--speed', '0', '--port', '0', '--start', '2017-11-20'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    host.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    host.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const waitFor = async (pattern: RegExp) => {
      for (let waited = 0; !pattern.test(output); waited += 100) {
        if (waited > 60_000) throw new Error(`timed out waiting for ${pattern}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    try {
      await waitFor(/console +http/);
      const url = /console +(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)![1]!;
      await copyFile(einvoicePath('dev/ubl-peppol-base-example.xml'), `${dataDir}/drop/peppol.xml`);
      await copyFile(einvoicePath('bad/ubl-order.xml'), `${dataDir}/drop/order.xml`);
      await waitFor(/added +peppol\.xml/);
      await waitFor(/quarantined +order\.xml/);

      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.goto(url);
      await expect.poll(() => page.locator('#invoices tbody').innerText()).toContain('Snippet1');
      await expect.poll(() => page.locator('#quarantine tbody').innerText()).toContain('root element <Order>');

      // Nine days on, the pre-due reminder has gone out: the e-mail shows as the customer sees it.
      for (let day = 0; day < 9; day++) await page.getByRole('button', { name: 'Advance one day' }).click();
      await expect.poll(() => page.locator('#today').innerText(), { timeout: 30_000 }).toBe('2017-11-29');
      await expect.poll(() => page.locator('#emails').innerText(), { timeout: 30_000 }).toContain('Invoice Snippet1 is due on 1 December 2017');
      await page.screenshot({ path: `${ARTEFACTS}/1-reminder-sent.png`, fullPage: true });

      // The call step on 2017-12-22 (06:00) puts the invoice on the collector's worklist.
      await fetch(`${url}api/clock`, { method: 'POST', body: JSON.stringify({ advanceDays: 24 }) });
      await expect.poll(() => page.locator('#worklist tbody').innerText(), { timeout: 30_000 }).toContain('Snippet1');
      await page.getByRole('textbox', { name: 'Payment amount for Snippet1' }).fill('1656.25');
      await page.locator('#worklist tbody tr', { hasText: 'Snippet1' }).getByRole('button', { name: 'Payment' }).click();

      await page.getByRole('link', { name: 'Snippet1' }).click();
      await expect.poll(() => page.locator('#invoices tbody').innerText(), { timeout: 30_000 }).toContain('closed: paid');
      await expect.poll(() => page.locator('#detail').innerText(), { timeout: 30_000 }).toMatch(/SUCCEEDED/);
      await expect.poll(() => page.locator('#detail [aria-current="step"]').innerText()).toBe('RunEnded');
      await expect.poll(() => page.locator('#worklist tbody').innerText(), { timeout: 30_000 }).not.toContain('Snippet1');
      await page.screenshot({ path: `${ARTEFACTS}/2-paid-and-ended.png`, fullPage: true });
    } finally {
      const exited = new Promise((resolve) => host.once('exit', resolve));
      host.kill('SIGINT');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
