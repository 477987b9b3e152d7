import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { IsoDate } from '../../functions/domain/calendar';
import { demoPortfolio } from '../../local/demo/portfolio';
import { einvoicePath } from '../support/shared';

vi.setConfig({ testTimeout: 180_000 });
const ARTEFACTS = 'test-results/console';
const START = '2017-11-20' as IsoDate;
// The demo's customers as the host makes them for a clock starting on START.
const DEMO_CUSTOMERS = [...new Set(demoPortfolio(START).invoices.map((invoice) => invoice.draft.buyer.name))];

/** The customers table's rows, cell by cell. */
const customerRows = (page: Page) =>
  page.locator('#customers tbody tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? '').trim())));

describe('the web console of npm start', () => {
  let browser: Browser | undefined;
  afterAll(async () => browser?.close());

  it('follows a dropped e-invoice to its reminder, records its payment from the worklist, and shows the demo customers\' credit', async () => {
    await mkdir(ARTEFACTS, { recursive: true });
    const dataDir = await mkdtemp(`${tmpdir()}/credit-control-console-`);
    // The Peppol example is due on 2017-12-01: a clock starting ten days before lets its whole schedule play.
    // The demo portfolio comes in too, dated from the same start: its customers fill the credit views.
    const host = spawn('node', ['bin/creditctl.js', 'start', '--data-dir', dataDir, '--speed', '0', '--port', '0', '--start', START], {
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
      await waitFor(/added +LIS-2026-1024\./);

      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.goto(url);
      await expect.poll(() => page.locator('#invoices tbody').innerText()).toContain('Snippet1');
      await expect.poll(() => page.locator('#quarantine tbody').innerText()).toContain('root element <Order>');

      // Every demo customer is listed under a segment and the policy its segment collects under.
      await expect.poll(async () => (await customerRows(page)).map((cells) => cells[0]).join('\n')).toContain(DEMO_CUSTOMERS.at(-1));
      const rows = await customerRows(page);
      for (const name of DEMO_CUSTOMERS) {
        const cells = rows.find((row) => row[0]!.startsWith(name));
        expect(cells, name).toBeDefined();
        expect(cells![1], `segment of ${name}`).toMatch(/^[a-z][a-z-]*$/);
        expect(cells![2], `policy of ${name}`).toMatch(/^[a-z][a-z-]* v\d+$/);
      }

      // The demo gives Brückner Bau AG a EUR 2,500.00 limit; its invoice LIS-2026-1010 takes it over on the first day.
      const hold = page.locator('#holds tbody tr', { hasText: 'LIS-2026-1010' });
      await expect.poll(() => hold.innerText()).toContain('Brückner Bau AG');
      expect(await hold.innerText()).toMatch(/Credit hold: crossed the limit[\s\S]*2017-11-20[\s\S]*EUR 2500\.00[\s\S]*EUR 4093\.12[\s\S]*EUR 1593\.12/);

      // Its page, opened from the customers table: not a sign of risk yet, its three invoices and both holds.
      await page.locator('#customers').getByRole('link', { name: 'Brückner Bau AG' }).click();
      const customer = page.locator('#customer');
      await expect.poll(() => customer.isVisible()).toBe(true);
      await expect.poll(() => customer.innerText()).toContain('No risk signs.');
      const customerPage = await customer.innerText();
      for (const expected of ['K-1002', 'Europe/Berlin', 'EUR 2500.00', 'LIS-2026-1002', 'LIS-2026-1010', 'LIS-2026-1018', 'already over']) expect(customerPage).toContain(expected);
      await page.getByRole('button', { name: 'Close customer' }).click();
      await expect.poll(() => customer.isVisible()).toBe(false);

      // Portfolio analytics: charts per currency, and another as-of date is fetched and shown.
      const analytics = page.locator('#analytics');
      await expect.poll(() => analytics.locator('canvas').count()).toBeGreaterThanOrEqual(2);
      await expect.poll(() => page.locator('#analytics-caption').innerText()).toContain(`as of ${START} (today)`);
      const totalToday = await analytics.locator('tr.total').first().innerText();
      const refetched = page.waitForResponse((response) => response.url().endsWith('/api/report?asOf=2017-10-15') && response.ok());
      await page.getByLabel('As of').fill('2017-10-15');
      await refetched;
      await expect.poll(() => page.locator('#analytics-caption').innerText()).toContain('as of 2017-10-15,');
      expect(await analytics.locator('tr.total').first().innerText()).not.toBe(totalToday);
      await page.getByRole('button', { name: 'Today' }).click();
      await expect.poll(() => page.locator('#analytics-caption').innerText()).toContain(`as of ${START} (today)`);

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
      await expect.poll(() => page.locator('#invoices tbody tr', { hasText: 'Snippet1' }).innerText(), { timeout: 30_000 }).toContain('closed: paid');
      await expect.poll(() => page.locator('#detail').innerText(), { timeout: 30_000 }).toMatch(/SUCCEEDED/);
      await expect.poll(() => page.locator('#detail [aria-current="step"]').innerText()).toBe('RunEnded');
      await expect.poll(() => page.locator('#worklist tbody').innerText(), { timeout: 30_000 }).not.toContain('Snippet1');
      await page.screenshot({ path: `${ARTEFACTS}/2-paid-and-ended.png`, fullPage: true });

      // A month on, Brückner Bau AG paid late and let an invoice age: its page, opened from the invoice list, says so in words.
      await page.locator('#invoices tbody tr', { hasText: 'LIS-2026-1010' }).getByRole('link', { name: 'Brückner Bau AG' }).click();
      await expect.poll(() => customer.getByRole('list', { name: 'Risk reasons' }).innerText(), { timeout: 30_000 }).toContain('days beyond terms');
      expect(await customer.locator('table[aria-label="Invoices of this customer"]').innerText()).toMatch(/LIS-2026-1002[\s\S]*LIS-2026-1010[\s\S]*LIS-2026-1018/);
      expect(await customer.locator('table[aria-label="Risk history"] tbody tr').count()).toBeGreaterThan(1);
      await customer.screenshot({ path: `${ARTEFACTS}/customers.png` });
    } finally {
      const exited = new Promise((resolve) => host.once('exit', resolve));
      host.kill('SIGINT');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
