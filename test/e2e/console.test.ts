import { copyFile, mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { IsoDate } from '../../functions/domain/calendar';
import { addDecimals, type Decimal } from '../../functions/domain/money';
import { formatsFor } from '../../local/console/static/js/format.js';
import { demoPortfolio } from '../../local/demo/portfolio';
import { launchChromium, signInPage, startConsoleHost, type ConsoleHost } from '../support/console-host';
import { einvoicePath } from '../support/shared';

// Every wait is on a condition; the limits are generous for a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000, expect: { poll: { timeout: 60_000 } } });
const ARTEFACTS = 'test-results/console';
const START = '2017-11-20' as IsoDate;
// The demo's customers as the host makes them for a clock starting on START.
const DEMO_CUSTOMERS = [...new Set(demoPortfolio(START).invoices.map((invoice) => invoice.draft.buyer.name))];
// The page formats for the reader's locale: the test's browser reads British English, in UTC.
const READER = { locale: 'en-GB', timezoneId: 'UTC' } as const;
const { money } = formatsFor(READER.locale);

/** The customers table's rows, cell by cell. */
const customerRows = (page: Page) =>
  page.locator('#customers tbody tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? '').trim())));
/** Goes to a section through the navigation bar, as a person would. */
const goTo = (page: Page, section: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true }).click();
/** The id of the element with the focus. */
const focused = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? null);
/** The day the page shows as today, as its machine-readable date. */
const today = (page: Page) => page.locator('#today').getAttribute('datetime');

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
      // A USD invoice beside the EUR portfolio: its charts come beside the EUR ones, never instead.
      await copyFile(einvoicePath('dev/ubl-peppol-sfti-usd-sek-vat.xml'), `${dataDir}/drop/usd.xml`);
      await host.waitFor(/added +peppol\.xml/);
      await host.waitFor(/added +usd\.xml/);
      await host.waitFor(/quarantined +order\.xml/);
      await host.waitFor(/added +LIS-2026-1024\./);

      browser = await launchChromium();
      const violations: string[] = [];
      const pageIn = async (reader: { locale: string; timezoneId: string }) => {
        const opened = await browser!.newPage({ viewport: { width: 1280, height: 1000 }, ...reader });
        opened.on('console', (message) => /Content Security Policy/.test(message.text()) && violations.push(message.text()));
        await signInPage(opened, url);
        return opened;
      };
      const page = await pageIn(READER);
      // Signed in, the console shows its overview, one section at a time, marked in the navigation.
      await expect.poll(() => page.getByRole('heading', { name: 'Overview', level: 2 }).isVisible()).toBe(true);
      expect(await page.locator('#nav a[aria-current="page"]').innerText()).toBe('Overview');
      expect(await page.locator('#view-invoices').isVisible()).toBe(false);

      // A section named in the navigation: the address says which, and the focus goes to its heading for a screen reader.
      await goTo(page, 'Invoices');
      await expect.poll(() => page.url()).toBe(`${url}#/invoices`);
      await expect.poll(() => focused(page)).toBe('invoices-title');
      await expect.poll(() => page.locator('#invoices tbody').innerText()).toContain('Snippet1');
      const snippetHref = (await page.locator('#invoices').getByRole('link', { name: 'Snippet1', exact: true }).getAttribute('href'))!;
      expect(snippetHref).toBe('#/invoices/vat%3AGB1232434/Snippet1');
      // The list's filter and sort are in its address and asked of the server as query parameters; the address loaded afresh keeps them.
      const filtered = page.waitForRequest((request) => request.url().includes('/api/invoices?') && request.url().includes('customer=Buyer+Official'));
      await page.getByRole('searchbox', { name: 'Customer' }).fill('Buyer Official');
      await filtered;
      await expect.poll(() => page.url()).toBe(`${url}#/invoices?customer=Buyer+Official`);
      await page.locator('#invoices').getByRole('button', { name: 'Due', exact: true }).click();
      await expect.poll(() => page.url()).toBe(`${url}#/invoices?customer=Buyer+Official&sort=due`);
      await expect.poll(() => page.locator('#invoices th[data-sort="due"]').getAttribute('aria-sort')).toBe('descending');
      await page.reload();
      await expect.poll(() => page.locator('#invoices tbody tr').allInnerTexts()).toEqual([expect.stringContaining('Snippet1')]);
      expect(await page.getByRole('searchbox', { name: 'Customer' }).inputValue()).toBe('Buyer Official');
      // The list is paged on the server: a page further on says which rows it shows, and Previous goes back.
      await page.goto(`${url}#/invoices?offset=20`);
      const count = page.locator('#view-invoices .pager-count');
      await expect.poll(() => count.innerText()).toBe('21–26 of 26');
      await page.getByRole('button', { name: 'Previous page of the invoices' }).click();
      await expect.poll(() => count.innerText()).toBe('1–26 of 26');
      expect(page.url()).toBe(`${url}#/invoices`);
      expect(await page.getByRole('button', { name: 'Next page of the invoices' }).isVisible()).toBe(false);
      await goTo(page, 'Quarantine');
      await expect.poll(() => page.locator('#quarantine tbody').innerText()).toContain('root element <Order>');

      // An invoice's address, opened in the page and loaded afresh, shows that invoice; Back returns to where the person was.
      await page.goto(`${url}${snippetHref}`);
      await expect.poll(() => page.locator('#invoice-title').innerText()).toBe('Invoice Snippet1');
      await page.reload();
      await expect.poll(() => page.locator('#invoice-summary').innerText()).toMatch(/Customer\s+Buyer Official Name/);
      expect(await page.locator('#view-quarantine').isVisible()).toBe(false);
      await page.goBack();
      await expect.poll(() => page.locator('#view-quarantine').isVisible()).toBe(true);
      expect(await page.locator('#view-invoice').isVisible()).toBe(false);

      // Amounts and dates in the reader's locale, exact from the API's decimal strings: a German reader's page.
      const german = await pageIn({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
      await german.goto(`${url}${snippetHref}`);
      await expect.poll(() => german.getByRole('table', { name: 'Principal of Snippet1' }).innerText()).toMatch(/1\.656,25\s€\s+0,00\s€\s+0,00\s€\s+1\.656,25\s€/);
      expect(await german.locator('#invoice-summary').innerText()).toMatch(/Due\s+01\.12\.2017/);
      await german.close();

      await goTo(page, 'Customers');

      // Every demo customer is listed under a segment and the policy its segment collects under.
      await expect.poll(async () => (await customerRows(page)).map((cells) => cells[0]).join('\n')).toContain(DEMO_CUSTOMERS.at(-1));
      const rows = await customerRows(page);
      for (const name of DEMO_CUSTOMERS) {
        const cells = rows.find((row) => row[0]!.startsWith(name));
        expect(cells, name).toBeDefined();
        expect(cells![1], `segment of ${name}`).toMatch(/^[a-z][a-z-]*$/);
        expect(cells![2], `policy of ${name}`).toMatch(/^[a-z][a-z-]* v\d+$/);
      }

      // The demo gives Brückner Bau AG a EUR 2,500.00 limit; its invoice LIS-2026-1010 takes it over on the first day: a hold, in words and red.
      await goTo(page, 'Overview');
      const hold = page.locator('#holds tbody tr', { hasText: 'LIS-2026-1010' });
      await expect.poll(() => hold.innerText()).toContain('Brückner Bau AG');
      expect(await hold.innerText()).toMatch(/Credit hold: crossed the limit[\s\S]*20 Nov 2017[\s\S]*€2,500\.00[\s\S]*€4,093\.12[\s\S]*€1,593\.12/);
      expect(await hold.getAttribute('class')).toBe('hold');

      // Its page, opened from the customers table: not a sign of risk yet, its three invoices and both holds.
      await goTo(page, 'Customers');
      await page.locator('#customers').getByRole('link', { name: 'Brückner Bau AG' }).click();
      const customer = page.locator('#view-customer');
      await expect.poll(() => customer.isVisible()).toBe(true);
      await expect.poll(() => focused(page)).toBe('customer-title');
      await expect.poll(() => customer.innerText()).toContain('No risk signs.');
      const customerPage = await customer.innerText();
      for (const expected of ['K-1002', 'Europe/Berlin', '€2,500.00', 'LIS-2026-1002', 'LIS-2026-1010', 'LIS-2026-1018', 'already over']) expect(customerPage).toContain(expected);
      // Its statement of account: the figures per currency and its open items; no credit to use.
      await expect.poll(() => customer.getByRole('table', { name: 'Open items' }).innerText()).toContain('LIS-2026-1010');
      expect(await customer.getByRole('table', { name: 'Statement of account' }).innerText()).toContain('EUR');
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
      await customer.getByRole('link', { name: 'All customers' }).click();
      await expect.poll(() => page.locator('#view-customers').isVisible()).toBe(true);
      expect(await customer.isVisible()).toBe(false);
      // No statement has come in: the bank's queue says nothing waits.
      await goTo(page, 'Bank');
      await expect.poll(() => page.locator('#queue-empty').isVisible()).toBe(true);

      // Portfolio analytics: charts per currency, and another as-of date is fetched and shown.
      await goTo(page, 'Analytics');
      const analytics = page.locator('#view-analytics');
      await expect.poll(() => analytics.locator('canvas').count()).toBeGreaterThanOrEqual(2);
      await expect.poll(() => page.locator('#analytics-caption').innerText()).toContain('as of 20 Nov 2017 (today)');
      const totalToday = await analytics.locator('tr.total').first().innerText();
      const refetched = page.waitForResponse((response) => response.url().endsWith('/api/report?asOf=2017-10-15') && response.ok());
      await page.getByLabel('As of').fill('2017-10-15');
      await refetched;
      await expect.poll(() => page.locator('#analytics-caption').innerText()).toContain('as of 15 Oct 2017,');
      expect(await analytics.locator('tr.total').first().innerText()).not.toBe(totalToday);
      await page.getByRole('button', { name: 'Today' }).click();
      await expect.poll(() => page.locator('#analytics-caption').innerText()).toContain('as of 20 Nov 2017 (today)');

      // Nine days on, the pre-due reminder has gone out: the e-mail shows as the customer sees it.
      for (let day = 0; day < 9; day++) await page.getByRole('button', { name: 'Advance one day' }).click();
      await expect.poll(() => today(page)).toBe('2017-11-29');
      expect(await page.locator('#today').innerText()).toBe('29 Nov 2017');
      await goTo(page, 'E-mails');
      await expect.poll(() => page.locator('#emails').innerText()).toContain('Invoice Snippet1 is due on 1 December 2017');
      // Its delivery, as the ledger recorded the send: to the buyer's address, sent.
      await goTo(page, 'Deliveries');
      await expect.poll(() => page.locator('#deliveries tbody tr', { hasText: 'Snippet1' }).innerText()).toMatch(/pre-due of 28 Nov 2017\s+\S+@\S+\s+sent: SES took it, no report yet/);
      await goTo(page, 'E-mails');
      await page.screenshot({ path: `${ARTEFACTS}/1-reminder-sent.png`, fullPage: true });
      // The refresh leaves the e-mails' frames as they are: the same frame, not one drawn anew every 2 s.
      const newest = page.locator('#emails iframe').first();
      await newest.evaluate((frame) => frame.setAttribute('data-seen', 'before the refreshes'));
      for (let refreshes = 0; refreshes < 2; refreshes++) await page.waitForResponse((response) => response.url().endsWith('/api/emails'), { timeout: 60_000 });
      expect(await newest.getAttribute('data-seen')).toBe('before the refreshes');

      // Each currency has its own set of charts, each captioned: the USD invoice did not replace the EUR ones.
      await goTo(page, 'Overview');
      await expect.poll(() => page.locator('#overview-charts figcaption').allInnerTexts()).toEqual([
        'Open receivables by aging bucket (EUR)',
        'DSO (standard method, 90 days), EUR',
        'Open receivables by aging bucket (USD)',
        'DSO (standard method, 90 days), USD',
      ]);
      expect(await page.locator('#overview-charts canvas').count()).toBe(4);

      // The call step on 2017-12-22 (06:00) puts the invoice on the collector's worklist.
      await page.getByLabel('Jump to').fill('2017-12-23');
      await page.getByRole('button', { name: 'Jump' }).click();
      await goTo(page, 'Worklist');
      await expect.poll(() => page.locator('#worklist tbody').innerText()).toContain('Snippet1');

      // The demo's disputing customers: their disputes wait for a decision, the oldest first, and are counted by reason and month.
      await goTo(page, 'Disputes');
      const disputes = page.locator('#disputes tbody tr');
      await expect.poll(() => disputes.count()).toBeGreaterThan(0);
      expect(await disputes.first().innerText()).toMatch(/quantity\s+the buyer counts fewer units delivered than billed/);
      const ages = await disputes.locator('td:nth-child(4)').allInnerTexts();
      expect(ages.map((age) => Number.parseInt(age, 10))).toEqual(ages.map((age) => Number.parseInt(age, 10)).sort((a, b) => b - a));
      await expect.poll(() => page.getByRole('table', { name: 'Disputes by reason' }).innerText()).toMatch(/quantity\s+\d+/);
      expect(await page.getByRole('table', { name: 'Disputes by customer' }).locator('tbody tr').count()).toBeGreaterThan(0);
      expect(await page.locator('#dispute-charts figcaption').allInnerTexts()).toEqual(['Disputed and credited by month (EUR)']);

      // The customer asks to pay in instalments: a plan that falls short is refused with the difference named, then one that adds up pauses the run.
      await goTo(page, 'Invoices');
      await page.locator('#invoices tbody tr', { hasText: 'Snippet1' }).getByRole('link', { name: 'Snippet1' }).click();
      await expect.poll(() => focused(page)).toBe('invoice-title');
      // Its page says where it stands and names the next step; the principal and, apart, the claims the second reminder booked, with the step and the law.
      await expect.poll(() => page.locator('#invoice-summary').innerText()).toMatch(/State\s+in collections[\s\S]*Open\s+€1,656\.25 \+ claims €\d+\.\d\d[\s\S]*Overdue\s+\S+ days overdue/);
      await expect.poll(() => page.getByRole('table', { name: 'Claims booked on Snippet1' }).innerText()).toMatch(/reminder-2\s+\S[^\n]*€\d+\.\d\d\s+€40\.00/);
      expect(await page.getByRole('table', { name: 'Principal of Snippet1' }).innerText()).toMatch(/€1,656\.25\s+€0\.00\s+€0\.00\s+€1,656\.25/);
      // Its run waited for each step's date: shown as a wait, never as a failure.
      const history = page.locator('#invoice-run ol.history');
      await expect.poll(() => history.innerText()).toContain('WaitForDateOrSignal: its date came');
      expect(await history.locator('li.history-failure').count()).toBe(0);
      const planForm = page.getByRole('form', { name: 'Record an instalment plan for Snippet1' });
      await expect.poll(() => planForm.innerText()).toContain('Open today: €1,656.25.');
      await planForm.getByLabel('Date of instalment 1').fill('2018-01-10');
      await planForm.getByLabel('Amount of instalment 1').fill('1000.00');
      await planForm.getByRole('button', { name: 'Record plan' }).click();
      await expect.poll(() => planForm.getByRole('status').innerText()).toMatch(/add up to 1000, but 1656\.25 is open on invoice Snippet1 on 2017-12-23 \(656\.25 short\)/);
      await planForm.getByRole('button', { name: 'Add instalment' }).click();
      await planForm.getByLabel('Date of instalment 2').fill('2018-02-10');
      await planForm.getByLabel('Amount of instalment 2').fill('656.25');
      await planForm.getByRole('button', { name: 'Record plan' }).click();
      const plan = page.getByRole('table', { name: 'Instalment plan of Snippet1' });
      await expect.poll(() => plan.innerText()).toMatch(/10 Jan 2018\s+€1,000\.00\s+€1,000\.00\s+due[\s\S]*10 Feb 2018\s+€656\.25\s+€1,656\.25\s+upcoming/);
      expect(await page.locator('#view-invoice').innerText()).toContain('Plan of 23 Dec 2017, running: paid since €0.00, left €1,656.25.');
      await expect.poll(() => page.locator('#invoice-summary').innerText()).toMatch(/State\s+paused: instalment plan/);
      await page.locator('#view-invoice').screenshot({ path: `${ARTEFACTS}/instalment-plan.png` });
      // Back to the list the invoice was opened from, which says so too.
      await page.goBack();
      await expect.poll(() => page.locator('#invoices tbody tr', { hasText: 'Snippet1' }).innerText()).toContain('paused: instalment plan');
      // The payment comes a day later: two events recorded at one instant of the paused clock would keep no order between them.
      await page.getByRole('button', { name: 'Advance one day' }).click();
      await expect.poll(() => today(page)).toBe('2017-12-24');

      // What a collector types survives the page's refreshes, and a payment is shown before it is sent.
      await goTo(page, 'Worklist');
      const amount = page.getByRole('textbox', { name: 'Payment amount for Snippet1' });
      await amount.fill('1000.00');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      for (let refreshes = 0; refreshes < 2; refreshes++) await page.waitForResponse((response) => response.url().includes('/api/worklist?'), { timeout: 60_000 });
      expect(await amount.inputValue()).toBe('1000.00');
      const row = page.locator('#worklist tbody tr', { hasText: 'Snippet1' });
      const confirmation = page.getByRole('dialog', { name: 'Record this payment?' });
      await row.getByRole('button', { name: 'Payment' }).click();
      // The final notice claimed statutory interest and the fixed compensation: they are open beside the principal.
      await expect.poll(() => confirmation.innerText()).toMatch(/€1,000\.00 on invoice Snippet1[\s\S]*€1,656\.25 open, and €\d+\.\d\d of late-payment claims/);
      const claims = /€(\d+\.\d\d) of late-payment claims/.exec(await confirmation.innerText())![1]!;
      await confirmation.getByRole('button', { name: 'Cancel' }).click();
      expect(await amount.inputValue()).toBe('1000.00');

      // What the customer was asked to pay: the principal and the claims.
      const everything = addDecimals('1656.25' as Decimal, claims as Decimal);
      await amount.fill(everything);
      await row.getByRole('button', { name: 'Payment' }).click();
      await expect.poll(() => confirmation.innerText()).toContain(`${money(everything, 'EUR')} on invoice Snippet1`);
      await confirmation.getByRole('button', { name: 'Record payment' }).click();

      await expect.poll(() => page.locator('#worklist tbody').innerText()).not.toContain('Snippet1');
      await goTo(page, 'Invoices');
      await expect.poll(() => page.locator('#invoices tbody tr', { hasText: 'Snippet1' }).innerText()).toContain('closed: paid');
      await page.locator('#invoices tbody tr', { hasText: 'Snippet1' }).getByRole('link', { name: 'Snippet1' }).click();
      await expect.poll(() => page.locator('#invoice-summary').innerText()).toMatch(/State\s+closed: paid/);
      await expect.poll(() => page.locator('#view-invoice').innerText()).toMatch(/SUCCEEDED/);
      await expect.poll(() => page.locator('#view-invoice [aria-current="step"]').innerText()).toBe('RunEnded');
      // Paid in full before its first instalment's day, the plan is kept, every instalment met.
      expect(await page.locator('#view-invoice').innerText()).toContain('Plan of 23 Dec 2017, kept on 24 Dec 2017: paid since €1,656.25, left €0.00.');
      expect(await plan.innerText()).toMatch(/10 Jan 2018[^\n]*met[\s\S]*10 Feb 2018[^\n]*met/);
      await page.screenshot({ path: `${ARTEFACTS}/2-paid-and-ended.png`, fullPage: true });

      // An invoice whose claims are open: a person waives them with a reason, recorded as the signed-in user.
      await page.goBack();
      await expect.poll(() => page.locator('#view-invoices').isVisible()).toBe(true);
      const withClaims = page.locator('#invoices tbody tr', { hasText: '+ claims' }).first();
      const claimedNumber = (await withClaims.getByRole('rowheader').innerText()).trim();
      await withClaims.getByRole('link', { name: claimedNumber }).click();
      const waiver = page.getByRole('form', { name: `Waive the late-payment claims on ${claimedNumber}` });
      await waiver.getByLabel('Reason for waiving the claims').fill('goodwill: a first late payment');
      await waiver.getByRole('button', { name: 'Waive claims' }).click();
      await expect.poll(() => page.getByRole('list', { name: `Waivers of the claims on ${claimedNumber}` }).innerText()).toBe('Waived on 24 Dec 2017 by admin@local: goodwill: a first late payment');
      await page.locator('#view-invoice').screenshot({ path: `${ARTEFACTS}/claims-waived.png` });
      await page.goBack();
      await expect.poll(() => page.locator('#invoices tbody tr', { hasText: claimedNumber }).innerText()).not.toContain('+ claims');

      // A month on, Brückner Bau AG paid late and let an invoice age: its page, opened from the invoice list, says so in words.
      // (Its late payments of the invoice amount went first to the claims booked, as § 367 BGB has it, so some principal stays open.)
      await page.locator('#invoices tbody tr', { hasText: 'LIS-2026-1010' }).getByRole('link', { name: 'Brückner Bau AG' }).click();
      await expect.poll(() => customer.getByRole('list', { name: 'Risk reasons' }).innerText()).toMatch(/days beyond terms|days past due/);
      expect(await customer.getByRole('table', { name: 'Invoices of this customer' }).innerText()).toMatch(/LIS-2026-1002[\s\S]*LIS-2026-1010[\s\S]*LIS-2026-1018/);
      expect(await customer.getByRole('table', { name: 'Risk history' }).locator('tbody tr').count()).toBeGreaterThan(1);
      // Its statement lists what the claims booked on its invoices did, beside the principal.
      await expect.poll(() => customer.getByRole('table', { name: 'Movements' }).innerText()).toMatch(/LIS-2026-1010\s+claim\s+—\s+€[\d.,]+\s+\+ €[\d.,]+/);
      await customer.screenshot({ path: `${ARTEFACTS}/customers.png` });

      // Its exposure is back under its limit: the hold is released, and says so, no longer red.
      await goTo(page, 'Overview');
      await expect.poll(() => hold.innerText()).toContain('Released: exposure back under the limit');
      expect(await hold.getAttribute('class')).toBe('hold-released');

      // What the page cannot load it says, by name, with a way to try again.
      await page.goto(`${url}#/customers/C-nobody`);
      const status = page.locator('#customer-title + .view-status');
      await expect.poll(() => status.innerText()).toContain('Could not load the customer: no customer C-nobody');
      expect(await status.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
      expect(violations).toEqual([]);
    } finally {
      // The browser first: its keep-alive connections are the console's to close, not to wait for.
      await browser?.close();
      browser = undefined;
      await host?.stop();
    }
  });
});
