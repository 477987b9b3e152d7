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

  beforeAll(async () => {
    host = await startConsoleHost(['--no-demo', '--speed', '0', '--start', '2017-11-20']);
    await copyFile(einvoicePath('dev/ubl-peppol-base-example.xml'), `${host.dataDir}/drop/peppol.xml`);
    await host.waitFor(/added +peppol\.xml/);
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
    const row = page.locator('#worklist tbody tr', { hasText: 'Snippet1' });
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
});
