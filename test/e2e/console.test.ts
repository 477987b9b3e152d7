import { copyFile, mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { IsoDate } from '../../functions/domain/calendar';
import { addDecimals, type Decimal } from '../../functions/domain/money';
import { demoPortfolio } from '../../local/demo/portfolio';
import { launchChromium, signInPage, startConsoleHost, type ConsoleHost } from '../support/console-host';
import { einvoicePath } from '../support/shared';

// Every wait is on a condition; the limits are generous for a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000, expect: { poll: { timeout: 60_000 } } });
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

  it('follows a dropped e-invoice to its reminder, records an instalment plan and its payment, and shows the demo customers\' credit', async () => {
    await mkdir(ARTEFACTS, { recursive: true });
    // The Peppol example is due on 2017-12-01: a clock starting ten days before lets its whole schedule play.
    // The demo portfolio comes in too, dated from the same start: its customers fill the credit views.
    let host: ConsoleHost | undefined;
    try {
      host = await startConsoleHost(['--speed', '0', '--start', START]);
      const { url, dataDir } = host;
      await copyFile(einvoicePath('dev/ubl-peppol-base-example.xml'), `${dataDir}/drop/peppol.xml`);
      await copyFile(einvoicePath('bad/ubl-order.xml'), `${dataDir}/drop/order.xml`);
      await host.waitFor(/added +peppol\.xml/);
      await host.waitFor(/quarantined +order\.xml/);
      await host.waitFor(/added +LIS-2026-1024\./);

      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      const violations: string[] = [];
      page.on('console', (message) => /Content Security Policy/.test(message.text()) && violations.push(message.text()));
      await signInPage(page, url);
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
      // Its statement of account: the figures per currency and its open items; no credit to use.
      await expect.poll(() => customer.locator('table[aria-label="Open items"]').innerText()).toContain('LIS-2026-1010');
      expect(await customer.locator('table[aria-label="Statement of account"]').innerText()).toContain('EUR');
      expect(await customer.innerText()).toContain('No credits.');
      // Its late-payment terms: a business under its country's rule until a person chooses otherwise, and back.
      const profile = customer.locator('#customer-profile');
      await expect.poll(() => profile.innerText()).toMatch(/Party\s+business\s+Late-payment rule\s+DE \(from country\)/);
      const chooseTerms = async (party: string, jurisdiction: string) => {
        await customer.getByLabel('Party', { exact: true }).selectOption(party);
        await customer.getByLabel('Jurisdiction', { exact: true }).selectOption(jurisdiction);
        await customer.getByRole('button', { name: 'Save terms' }).click();
      };
      await chooseTerms('consumer', 'EU');
      await expect.poll(() => profile.innerText()).toMatch(/Party\s+consumer\s+Late-payment rule\s+EU \(chosen\)/);
      await chooseTerms('business', 'from the country');
      await expect.poll(() => profile.innerText()).toMatch(/Party\s+business\s+Late-payment rule\s+DE \(from country\)/);
      // No statement has come in: the bank's queue says nothing waits.
      await expect.poll(() => page.locator('#queue-empty').isVisible()).toBe(true);
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
      await expect.poll(() => page.locator('#today').innerText()).toBe('2017-11-29');
      await expect.poll(() => page.locator('#emails').innerText()).toContain('Invoice Snippet1 is due on 1 December 2017');
      await page.screenshot({ path: `${ARTEFACTS}/1-reminder-sent.png`, fullPage: true });

      // The call step on 2017-12-22 (06:00) puts the invoice on the collector's worklist.
      await page.getByLabel('Jump to').fill('2017-12-23');
      await page.getByRole('button', { name: 'Jump' }).click();
      await expect.poll(() => page.locator('#worklist tbody').innerText()).toContain('Snippet1');

      // The customer asks to pay in instalments: a plan that falls short is refused with the difference named, then one that adds up pauses the run.
      await page.locator('#invoices tbody tr', { hasText: 'Snippet1' }).getByRole('link', { name: 'Snippet1' }).click();
      // Its page has the principal and, apart, the claims the second reminder booked, with the step and the law.
      await expect.poll(() => page.getByRole('table', { name: 'Claims booked on Snippet1' }).innerText()).toMatch(/reminder-2\s+\S[^\n]*EUR \d+\.\d\d\s+EUR 40\.00/);
      expect(await page.getByRole('table', { name: 'Principal of Snippet1' }).innerText()).toMatch(/EUR 1656\.25\s+EUR 0\.00\s+EUR 0\.00\s+EUR 1656\.25/);
      const planForm = page.getByRole('form', { name: 'Record an instalment plan for Snippet1' });
      await expect.poll(() => planForm.innerText()).toContain('Open today: EUR 1656.25.');
      await planForm.getByLabel('Date of instalment 1').fill('2018-01-10');
      await planForm.getByLabel('Amount of instalment 1').fill('1000.00');
      await planForm.getByRole('button', { name: 'Record plan' }).click();
      await expect.poll(() => planForm.getByRole('status').innerText()).toMatch(/add up to 1000, but 1656\.25 is open on invoice Snippet1 on 2017-12-23 \(656\.25 short\)/);
      await planForm.getByRole('button', { name: 'Add instalment' }).click();
      await planForm.getByLabel('Date of instalment 2').fill('2018-02-10');
      await planForm.getByLabel('Amount of instalment 2').fill('656.25');
      await planForm.getByRole('button', { name: 'Record plan' }).click();
      const plan = page.getByRole('table', { name: 'Instalment plan of Snippet1' });
      await expect.poll(() => plan.innerText()).toMatch(/2018-01-10\s+EUR 1000\.00\s+EUR 1000\.00\s+due[\s\S]*2018-02-10\s+EUR 656\.25\s+EUR 1656\.25\s+upcoming/);
      expect(await page.locator('#detail').innerText()).toContain('Plan of 2017-12-23, running: paid since EUR 0.00, left EUR 1656.25.');
      await expect.poll(() => page.locator('#invoices tbody tr', { hasText: 'Snippet1' }).innerText()).toContain('paused: instalment plan');
      await page.locator('#detail').screenshot({ path: `${ARTEFACTS}/instalment-plan.png` });
      // The payment comes a day later: two events recorded at one instant of the paused clock would keep no order between them.
      await page.getByRole('button', { name: 'Advance one day' }).click();
      await expect.poll(() => page.locator('#today').innerText()).toBe('2017-12-24');

      // What a collector types survives the page's refreshes, and a payment is shown before it is sent.
      const amount = page.getByRole('textbox', { name: 'Payment amount for Snippet1' });
      await amount.fill('1000.00');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      for (let refreshes = 0; refreshes < 2; refreshes++) await page.waitForResponse((response) => response.url().endsWith('/api/worklist'), { timeout: 60_000 });
      expect(await amount.inputValue()).toBe('1000.00');
      const row = page.locator('#worklist tbody tr', { hasText: 'Snippet1' });
      const confirmation = page.getByRole('dialog', { name: 'Record this payment?' });
      await row.getByRole('button', { name: 'Payment' }).click();
      // The final notice claimed statutory interest and the fixed compensation: they are open beside the principal.
      await expect.poll(() => confirmation.innerText()).toMatch(/EUR 1000\.00 on invoice Snippet1[\s\S]*EUR 1656\.25 open, and EUR \d+\.\d\d of late-payment claims/);
      const claims = /EUR (\d+\.\d\d) of late-payment claims/.exec(await confirmation.innerText())![1]!;
      await confirmation.getByRole('button', { name: 'Cancel' }).click();
      expect(await amount.inputValue()).toBe('1000.00');

      // What the customer was asked to pay: the principal and the claims.
      const everything = addDecimals('1656.25' as Decimal, claims as Decimal);
      await amount.fill(everything);
      await row.getByRole('button', { name: 'Payment' }).click();
      await expect.poll(() => confirmation.innerText()).toContain(`EUR ${everything} on invoice Snippet1`);
      await confirmation.getByRole('button', { name: 'Record payment' }).click();

      await page.getByRole('link', { name: 'Snippet1' }).click();
      await expect.poll(() => page.locator('#invoices tbody tr', { hasText: 'Snippet1' }).innerText()).toContain('closed: paid');
      await expect.poll(() => page.locator('#detail').innerText()).toMatch(/SUCCEEDED/);
      await expect.poll(() => page.locator('#detail [aria-current="step"]').innerText()).toBe('RunEnded');
      // Paid in full before its first instalment's day, the plan is kept, every instalment met.
      expect(await page.locator('#detail').innerText()).toContain('Plan of 2017-12-23, kept on 2017-12-24: paid since EUR 1656.25, left EUR 0.00.');
      expect(await plan.innerText()).toMatch(/2018-01-10[^\n]*met[\s\S]*2018-02-10[^\n]*met/);
      await expect.poll(() => page.locator('#worklist tbody').innerText()).not.toContain('Snippet1');
      await page.screenshot({ path: `${ARTEFACTS}/2-paid-and-ended.png`, fullPage: true });

      // An invoice whose claims are open: a person waives them with a reason, recorded as the signed-in user.
      const withClaims = page.locator('#invoices tbody tr', { hasText: '+ claims' }).first();
      const claimedNumber = (await withClaims.locator('td').first().innerText()).trim();
      await withClaims.getByRole('link', { name: claimedNumber }).click();
      const waiver = page.getByRole('form', { name: `Waive the late-payment claims on ${claimedNumber}` });
      await waiver.getByLabel('Reason for waiving the claims').fill('goodwill: a first late payment');
      await waiver.getByRole('button', { name: 'Waive claims' }).click();
      await expect.poll(() => page.getByRole('list', { name: `Waivers of the claims on ${claimedNumber}` }).innerText()).toBe('Waived on 2017-12-24 by admin@local: goodwill: a first late payment');
      await expect.poll(() => page.locator('#invoices tbody tr', { hasText: claimedNumber }).innerText()).not.toContain('+ claims');
      await page.locator('#detail').screenshot({ path: `${ARTEFACTS}/claims-waived.png` });

      // A month on, Brückner Bau AG paid late and let an invoice age: its page, opened from the invoice list, says so in words.
      // (Its late payments of the invoice amount went first to the claims booked, as § 367 BGB has it, so some principal stays open.)
      await page.locator('#invoices tbody tr', { hasText: 'LIS-2026-1010' }).getByRole('link', { name: 'Brückner Bau AG' }).click();
      await expect.poll(() => customer.getByRole('list', { name: 'Risk reasons' }).innerText()).toMatch(/days beyond terms|days past due/);
      expect(await customer.locator('table[aria-label="Invoices of this customer"]').innerText()).toMatch(/LIS-2026-1002[\s\S]*LIS-2026-1010[\s\S]*LIS-2026-1018/);
      expect(await customer.locator('table[aria-label="Risk history"] tbody tr').count()).toBeGreaterThan(1);
      // Its statement lists what the claims booked on its invoices did, beside the principal.
      await expect.poll(() => customer.getByRole('table', { name: 'Movements' }).innerText()).toMatch(/LIS-2026-1010\s+claim\s+—\s+EUR [\d.]+\s+\+ EUR [\d.]+/);
      await customer.screenshot({ path: `${ARTEFACTS}/customers.png` });
      expect(violations).toEqual([]);
    } finally {
      // The browser first: its keep-alive connections are the console's to close, not to wait for.
      await browser?.close();
      browser = undefined;
      await host?.stop();
    }
  });
});
