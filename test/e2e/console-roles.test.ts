import { copyFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InvoiceKey } from '../../functions/domain/intake';
import { changeAsPage, launchChromium, readAsPage, signIn, signInPage, startConsoleHost, type ConsoleHost, type PageSession } from '../support/console-host';
import { einvoicePath } from '../support/shared';

// Every wait is on a condition; the limits are generous for a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000, expect: { poll: { timeout: 60_000 } } });

interface Forged {
  readonly status: number;
  readonly message: string;
}

describe('the local console, by role', () => {
  let host: ConsoleHost;
  let browser: Browser;
  let admin: PageSession;
  let snippet: InvoiceKey;
  let customerId: string;
  const contexts: BrowserContext[] = [];
  const violations: string[] = [];

  /** A browser of its own, signed in as the user through the sign-in page. */
  async function pageAs(user: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB', timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (message) => /Content Security Policy/.test(message.text()) && violations.push(message.text()));
    await signInPage(page, host.url, user);
    return page;
  }

  /** A change the page's own controls do not offer, sent from the signed-in page with its session's token, as a person at the browser's console could. */
  const forged = (page: Page, path: string, body: unknown): Promise<Forged> =>
    page.evaluate(
      async ([to, sent]) => {
        const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const answer = await fetch(to, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify(sent) });
        return { status: answer.status, message: ((await answer.json()) as { message: string }).message };
      },
      [path, body] as const,
    );
  const read = async <T,>(path: string): Promise<T> => (await (await readAsPage(host.url, path, admin)).json()) as T;
  /** Goes to a section through the navigation bar, as a person would. */
  const goTo = (page: Page, section: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true }).click();
  /** Snippet1's row of the worklist. */
  const callRow = (page: Page) => page.locator('#worklist tbody tr', { hasText: 'Snippet1' });

  beforeAll(async () => {
    host = await startConsoleHost(['--no-demo', '--speed', '0', '--start', '2017-11-20']);
    await copyFile(einvoicePath('dev/ubl-peppol-base-example.xml'), `${host.dataDir}/drop/peppol.xml`);
    await copyFile(einvoicePath('bad/ubl-order.xml'), `${host.dataDir}/drop/order.xml`);
    await host.waitFor(/added +peppol\.xml/);
    await host.waitFor(/quarantined +order\.xml/);
    admin = await signIn(host.url);
    // The call step on 2017-12-22 puts the invoice on the worklist.
    expect((await changeAsPage(host.url, 'api/clock', { jumpTo: '2017-12-23' }, admin)).status).toBe(200);
    const { rows: invoices } = await read<{ rows: { number: string; key: InvoiceKey; customerId: string }[] }>('api/invoices?limit=200');
    ({ key: snippet, customerId } = invoices.find((row) => row.number === 'Snippet1')!);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await host?.stop();
  });

  it.each([
    ['viewer@local', 'viewer'],
    ['collector@local', 'collector'],
    ['manager@local', 'credit-manager'],
    ['admin@local', 'admin'],
  ])('signs in as %s, shows who is signed in in which role, and signs out to the sign-in page', async (user, role) => {
    const page = await pageAs(user);
    expect(await page.locator('#who').innerText()).toBe(`${user} (${role})`);
    // The clock's controls are an admin's; everybody sees the day.
    expect(await page.getByRole('button', { name: 'Advance one day' }).isVisible()).toBe(role === 'admin');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${host.url}sign-in.html`);
    expect(await page.getByRole('heading', { name: 'Sign in (local only)' }).isVisible()).toBe(true);
  });

  it('lets an admin give a call to a collector, and shows whose it is and who gave it, on the worklist and in the audit trail', async () => {
    const page = await pageAs('admin@local');
    await page.goto(`${host.url}#/worklist`);
    const row = callRow(page);
    await expect.poll(() => row.innerText()).toContain('nobody yet');
    // The collectors to choose from are the users in a collector's role or higher.
    const to = row.getByLabel('Give the call on Snippet1 to');
    expect(await to.locator('option').allInnerTexts()).toEqual(['nobody', 'admin@local', 'collector@local', 'manager@local']);
    await to.selectOption('collector@local');
    await row.getByRole('button', { name: 'Assign the call on Snippet1' }).click();
    await expect.poll(() => row.innerText()).toMatch(/collector@local\s+given by admin@local, 23 Dec 2017, \d\d:\d\d/);
    await row.getByRole('link', { name: 'Snippet1' }).click();
    await expect.poll(() => page.locator('#invoice-run').innerText()).toMatch(/call-task-assigned: call task \S+ given to collector@local \(was nobody\), by admin@local/);
  });

  it('shows a viewer no control to record a payment, and refuses one forged from the page (403), recording nothing', async () => {
    const page = await pageAs('viewer@local');
    await page.goto(`${host.url}#/worklist`);
    const row = page.locator('#worklist tbody tr', { hasText: 'Snippet1' });
    await expect.poll(() => row.innerText()).toContain('your role reads only');
    expect(await row.getByRole('button').count()).toBe(0);
    // Nor on the invoice's page: it reads as anybody's, with nothing to record.
    await row.getByRole('link', { name: 'Snippet1' }).click();
    await expect.poll(() => page.locator('#invoice-summary').innerText()).toContain('Buyer Official Name');
    expect(await page.locator('#invoice-actions').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Record payment' }).count()).toBe(0);
    const refused = await forged(page, '/api/events', { invoice: snippet, type: 'payment', amount: '100.00' });
    expect(refused).toEqual({ status: 403, message: 'viewer@local is signed in as viewer: POST /api/events needs the collector role or higher' });
    const detail = await read<{ events: { type: string }[] }>(`api/invoices/${encodeURIComponent(snippet.sellerKey)}/Snippet1`);
    expect(detail.events.filter((event) => event.type === 'payment')).toEqual([]);
  });

  it("shows a collector the worklist's payment controls but no control to change a limit, and refuses a forged limit change (403)", async () => {
    const page = await pageAs('collector@local');
    await page.goto(`${host.url}#/worklist`);
    const row = callRow(page);
    await expect.poll(() => row.getByRole('button', { name: 'Payment' }).count()).toBe(1);
    // Their worklist is theirs and nobody's: the call given to them is on it, and not among nobody's.
    expect(await page.getByLabel('Call tasks of').inputValue()).toBe('');
    expect(await row.innerText()).toContain('collector@local');
    expect(await row.getByRole('button', { name: 'Assign the call on Snippet1' }).count()).toBe(0);
    await page.getByLabel('Call tasks of').selectOption({ label: "nobody's yet" });
    await expect.poll(() => page.locator('#worklist-empty').isVisible()).toBe(true);
    expect(page.url()).toBe(`${host.url}#/worklist?collector=unassigned`);
    await page.getByLabel('Call tasks of').selectOption({ label: 'mine' });
    await expect.poll(() => row.getByRole('button', { name: 'Payment' }).count()).toBe(1);
    // The invoice's own page offers what a collector records (payment, promise, plan), not what a credit manager decides.
    await row.getByRole('link', { name: 'Snippet1' }).click();
    const actions = page.locator('#invoice-actions');
    await expect.poll(() => actions.getByRole('button', { name: 'Record payment' }).count()).toBe(1);
    expect(await actions.getByRole('button', { name: 'Record promise' }).count()).toBe(1);
    expect(await actions.getByRole('button', { name: 'Record plan' }).count()).toBe(1);
    expect(await actions.getByRole('button', { name: 'Record a dispute' }).count()).toBe(0);
    expect(await actions.getByRole('button', { name: 'Waive claims' }).count()).toBe(0);
    await page.goto(`${host.url}#/invoices`);
    await page.locator('#invoices tbody tr', { hasText: 'Snippet1' }).getByRole('link', { name: 'Buyer Official Name' }).click();
    const customer = page.locator('#view-customer');
    await expect.poll(() => customer.innerText()).toContain('Changes by people');
    expect(await customer.getByRole('button', { name: 'Save limit' }).count()).toBe(0);
    expect(await customer.getByRole('button', { name: 'Save terms' }).count()).toBe(0);
    const refused = await forged(page, `/api/customers/${encodeURIComponent(customerId)}/credit-limit`, { creditLimit: { amount: '1.00', currency: 'EUR' } });
    expect(refused).toEqual({ status: 403, message: `collector@local is signed in as collector: POST /api/customers/${customerId}/credit-limit needs the credit-manager role or higher` });
    expect((await read<{ customer: { creditLimit: unknown } }>(`api/customers/${encodeURIComponent(customerId)}`)).customer.creditLimit).toBeNull();
  });

  it("lets a credit manager change a limit in the page, and shows who made the change and when", async () => {
    const page = await pageAs('manager@local');
    await page.goto(`${host.url}#/invoices`);
    await page.locator('#invoices tbody tr', { hasText: 'Snippet1' }).getByRole('link', { name: 'Buyer Official Name' }).click();
    const customer = page.locator('#view-customer');
    await customer.getByLabel('Credit limit amount').fill('5000.00');
    await customer.getByLabel('Credit limit currency').fill('EUR');
    await customer.getByRole('button', { name: 'Save limit' }).click();
    const changes = customer.getByRole('list', { name: 'Changes by people' });
    await expect.poll(() => changes.innerText()).toMatch(/^23 Dec 2017, \d\d:\d\d by manager@local: credit limit EUR 5000\.00 \(was none\)/);
    await expect.poll(() => customer.locator('#customer-profile').innerText()).toMatch(/Credit limit\s+€5,000\.00/);
    expect(violations).toEqual([]);
  });

  it("lets a credit manager take a call back from a collector, and shows who did; the users' page is not theirs", async () => {
    const page = await pageAs('manager@local');
    await page.goto(`${host.url}#/worklist`);
    const row = callRow(page);
    // Without the users' list, the names to choose from are who the server says takes calls: enabled, a collector or higher.
    const to = row.getByLabel('Give the call on Snippet1 to');
    await expect.poll(() => to.locator('option').allInnerTexts()).toEqual(['nobody', 'admin@local', 'collector@local', 'manager@local']);
    await to.selectOption('');
    await row.getByRole('button', { name: 'Assign the call on Snippet1' }).click();
    await expect.poll(() => row.innerText()).toMatch(/nobody\s+given by manager@local, 23 Dec 2017, \d\d:\d\d/);
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users' }).isVisible()).toBe(false);
    await page.goto(`${host.url}#/users`);
    await expect.poll(() => page.locator('#view-not-found').isVisible()).toBe(true);
  });

  it('lets a collector record what a call brought from their worklist: the call is done, and the invoice says who recorded it', async () => {
    const page = await pageAs('collector@local');
    await page.goto(`${host.url}#/worklist`);
    const row = callRow(page);
    await row.getByRole('button', { name: 'No answer' }).click();
    await expect.poll(() => page.locator('#worklist-empty').isVisible()).toBe(true);
    await page.goto(`${host.url}#/invoices/${encodeURIComponent(snippet.sellerKey)}/Snippet1`);
    await expect.poll(() => page.locator('#invoice-run').innerText()).toMatch(/event-recorded: call-outcome dated 2017-12-23, by collector@local/);
  });

  it('lets a credit manager record a dispute, find it in the queue by age, and resolve it upheld in part on its page: the part is credited, and the analytics count it', async () => {
    const page = await pageAs('manager@local');
    await page.goto(`${host.url}#/invoices/${encodeURIComponent(snippet.sellerKey)}/Snippet1`);
    const raise = page.getByRole('form', { name: 'Record a dispute' });
    // Nothing to resolve before a dispute is raised.
    await expect.poll(() => raise.isVisible()).toBe(true);
    expect(await page.getByRole('form', { name: 'Resolve the dispute' }).isVisible()).toBe(false);
    await raise.getByLabel('Reason').selectOption({ label: 'pricing' });
    await raise.getByLabel('Note').fill('unit price above the contract');
    await raise.getByRole('button', { name: 'Record a dispute' }).click();
    await expect.poll(() => page.locator('#invoice-summary').innerText()).toMatch(/State\s+paused: dispute/);
    // Decided a day later: the queue shows the dispute's age.
    expect((await changeAsPage(host.url, 'api/clock', { advanceDays: 1 }, admin)).status).toBe(200);

    await goTo(page, 'Disputes');
    const queued = page.locator('#disputes tbody tr', { hasText: 'Snippet1' });
    await expect.poll(() => queued.innerText()).toMatch(/Buyer Official Name\s+23 Dec 2017\s+1 day\s+pricing\s+unit price above the contract\s+€1,656\.25\s+€1,656\.25/);
    expect(await page.locator('#disputes th[data-sort="age"]').getAttribute('aria-sort')).toBe('descending');
    await queued.getByRole('link', { name: 'Resolve the dispute on Snippet1' }).click();

    const resolve = page.getByRole('form', { name: 'Resolve the dispute' });
    await resolve.getByLabel('Outcome').selectOption('upheld-in-part');
    await resolve.getByLabel('Amount upheld (credited)').fill('100.00');
    await resolve.getByLabel('Note').fill('the 2017 price list applies to one line');
    await resolve.getByRole('button', { name: 'Record the resolution' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Principal of Snippet1' }).innerText()).toMatch(/€1,656\.25\s+€0\.00\s+€100\.00\s+€1,556\.25/);
    expect(await page.locator('#invoice-run').innerText()).toMatch(/event-recorded: dispute-resolved dated 2017-12-24, by manager@local/);

    await goTo(page, 'Disputes');
    await expect.poll(() => page.locator('#disputes-empty').isVisible()).toBe(true);
    const byReason = page.getByRole('table', { name: 'Disputes by reason' });
    // Reason, disputes, open, rejected, upheld, upheld in part, disputed, credited.
    await expect.poll(() => byReason.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^pricing\s+1\s+0\s+0\s+0\s+1\s+€1,656\.25\s+€100\.00\s*$/)]);
    expect(await page.getByRole('table', { name: 'Disputes by month raised' }).innerText()).toMatch(/Dec 2017\s+1\s+0\s+0\s+0\s+1\s+€1,656\.25\s+€100\.00/);
    expect(await page.locator('#dispute-charts figcaption').allInnerTexts()).toEqual(['Disputed and credited by month (EUR)']);
  });

  it('lets a credit manager download a quarantined original, put the file back into intake and set it aside with a reason, and shows who did each', async () => {
    const page = await pageAs('manager@local');
    await goTo(page, 'Quarantine');
    const file = page.locator('#quarantine tbody tr', { hasText: 'order.xml' });
    await expect.poll(() => file.innerText()).toMatch(/root element <Order>[\s\S]*waiting for a person/);
    const original = await readAsPage(host.url, (await file.getByRole('link', { name: 'original' }).getAttribute('href'))!.slice(1), admin);
    expect(original.status).toBe(200);
    expect(await original.text()).toContain('<Order');

    await file.getByRole('button', { name: 'Put order.xml back into intake' }).click();
    const decided = page.locator('#quarantine-decided');
    await expect.poll(() => decided.innerText()).toMatch(/^order\.xml: put back into intake by manager@local, 24 Dec 2017, \d\d:\d\d$/);
    // Intake reads it again and refuses it again: a new entry, received today, waits for a person, and is set aside, confirmed first.
    await expect.poll(() => file.allInnerTexts()).toEqual([expect.stringMatching(/24 Dec 2017, \d\d:\d\d\s+waiting for a person/)]);
    await file.getByRole('button', { name: 'Set aside' }).click();
    await expect.poll(() => file.getByRole('status').innerText()).toBe('Say why the file is set aside.');
    await file.getByLabel('Why set order.xml aside').fill('a purchase order sent by mistake');
    await file.getByRole('button', { name: 'Set aside' }).click();
    const confirmation = page.getByRole('dialog', { name: 'Set order.xml aside?' });
    await expect.poll(() => confirmation.innerText()).toContain('because: a purchase order sent by mistake');
    await confirmation.getByRole('button', { name: 'Set aside' }).click();
    await expect.poll(() => decided.locator('li').nth(1).innerText()).toMatch(/^order\.xml: set aside by manager@local, 24 Dec 2017, \d\d:\d\d: a purchase order sent by mistake$/);
    await expect.poll(() => page.locator('#quarantine-empty').isVisible()).toBe(true);

    // Every entry, with who did what: the filter is in the address.
    await page.getByLabel('Files', { exact: true }).selectOption({ label: 'all' });
    await expect.poll(() => page.url()).toBe(`${host.url}#/quarantine?state=all`);
    await expect.poll(() => file.locator('td:nth-child(4)').allInnerTexts()).toEqual([
      expect.stringMatching(/^set aside by manager@local, .*: a purchase order sent by mistake$/),
      expect.stringMatching(/^put back into intake by manager@local, /),
    ]);
    expect(violations).toEqual([]);
  });

  it("lets an admin change a collector's role, confirmed in the page first, shows who changed it, and keeps the admin's own role", async () => {
    const page = await pageAs('admin@local');
    await goTo(page, 'Users');
    const collector = page.locator('#users tbody tr', { hasText: 'collector@local' });
    await expect.poll(() => collector.innerText()).toContain('collector');
    await collector.getByLabel('Role for collector@local').selectOption('viewer');
    await collector.getByRole('button', { name: 'Change the role of collector@local' }).click();
    const confirmation = page.getByRole('dialog', { name: 'Make collector@local viewer?' });
    await expect.poll(() => confirmation.innerText()).toContain('collector@local goes from collector to viewer');
    await confirmation.getByRole('button', { name: 'Change role' }).click();
    await expect.poll(() => collector.locator('td').first().innerText()).toBe('viewer');
    await expect.poll(() => page.locator('#role-changes').innerText()).toMatch(/^24 Dec 2017, \d\d:\d\d by admin@local: collector@local: viewer \(was collector\)$/);

    const own = page.locator('#users tbody tr', { hasText: 'admin@local' });
    await own.getByLabel('Role for admin@local').selectOption('viewer');
    await own.getByRole('button', { name: 'Change the role of admin@local' }).click();
    await page.getByRole('dialog', { name: 'Make admin@local viewer?' }).getByRole('button', { name: 'Change role' }).click();
    await expect.poll(() => own.getByRole('status').innerText()).toBe('admin@local cannot take away their own admin role: another admin does that');
    expect(await own.locator('td').first().innerText()).toBe('admin');

    // The collector signs in as what they are now: a viewer, with nothing to record.
    const demoted = await pageAs('collector@local');
    expect(await demoted.locator('#who').innerText()).toBe('collector@local (viewer)');
    expect(violations).toEqual([]);
  });

  it("shows every reminder's delivery in words, filtered by state in the address, each linked to its invoice", async () => {
    const page = await pageAs('viewer@local');
    await goTo(page, 'Deliveries');
    const sent = page.locator('#deliveries tbody tr', { hasText: 'Snippet1' });
    await expect.poll(() => sent.count()).toBeGreaterThanOrEqual(2);
    // Locally SES reports nothing back: a reminder stays sent.
    for (const text of await sent.allInnerTexts()) expect(text).toMatch(/Buyer Official Name\s+\S+ of \d+ \w+ 2017\s+\S+@\S+\s+sent: SES took it, no report yet/);
    await page.getByLabel('Delivery', { exact: true }).selectOption({ label: 'bounced' });
    await expect.poll(() => page.locator('#deliveries-empty').isVisible()).toBe(true);
    expect(page.url()).toBe(`${host.url}#/deliveries?state=bounced`);
    await page.getByLabel('Delivery', { exact: true }).selectOption({ label: 'all' });
    await sent.first().getByRole('link', { name: 'Snippet1' }).click();
    await expect.poll(() => page.locator('#invoice-title').innerText()).toBe('Invoice Snippet1');
  });
});
