// The README's pictures of the console: `npx tsx scripts/console-screenshots.ts` starts the local
// host with the demo portfolio (as the e2e tests do), lets three weeks of it play, signs in as the
// credit manager and saves the overview, an invoice's page, the worklist, the disputes, the
// deliveries, a customer's page and the portfolio analytics into docs/console/ (1280×800, British
// English, UTC). Not part of npm test.
import { mkdir } from 'node:fs/promises';
import type { InvoiceKey } from '../functions/domain/intake';
import { changeAsPage, launchChromium, readAsPage, signIn, signInPage, startConsoleHost } from '../test/support/console-host';

const OUT = 'docs/console';
const START = '2026-11-23';
/** Days the demo plays before the pictures: reminders out, call tasks open, disputes raised. */
const DAYS_PLAYED = 21;
/** Generous: the host and the browser share two loaded cores. */
const WAIT_MS = 120_000;

interface Listed<Row> {
  readonly rows: readonly Row[];
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const host = await startConsoleHost(['--speed', '0', '--start', START]);
  const browser = await launchChromium();
  try {
    await host.waitFor(/added +LIS-2026-1024\./, WAIT_MS);
    const admin = await signIn(host.url);
    const read = async <T>(path: string): Promise<T> => (await (await readAsPage(host.url, path, admin)).json()) as T;
    const advanced = await changeAsPage(host.url, 'api/clock', { advanceDays: DAYS_PLAYED }, admin);
    if (!advanced.ok) throw new Error(`the clock refused: ${await advanced.text()}`);
    // Some calls given to the collector, so the worklist shows whose each is.
    const { rows: tasks } = await read<Listed<{ invoiceKey: InvoiceKey }>>('api/worklist?collector=all');
    for (const task of tasks.slice(0, 2)) await changeAsPage(host.url, 'api/worklist/assign', { invoice: task.invoiceKey, collector: 'collector@local' }, admin);
    // The most overdue invoice still in collections: its page has a next step, a timeline and a run.
    const shown = (await read<Listed<{ key: InvoiceKey }>>(`api/invoices?${new URLSearchParams({ state: 'in collections' })}`)).rows[0]!.key;
    // The demo's customer over its credit limit: holds, risk reasons and a statement of account.
    const customer = (await read<readonly { id: string; name: string }[]>('api/customers')).find((candidate) => candidate.name === 'Brückner Bau AG')!;

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInPage(page, host.url, 'manager@local');
    /** Opens a view, waits until what it shows is drawn and its status line is quiet, then saves it. */
    const picture = async (hash: string, drawn: string, name: string) => {
      await page.goto(`${host.url}${hash}`);
      await page.locator(drawn).first().waitFor({ timeout: WAIT_MS });
      await page.waitForFunction('!document.querySelector(\'.view:not([hidden]) .view-status[data-kind="loading"]\')', undefined, { timeout: WAIT_MS });
      // The view's heading has the focus, ringed for the keyboard: not in the picture.
      await page.evaluate('document.activeElement.blur()');
      await page.screenshot({ path: `${OUT}/${name}.png` });
      console.log(`saved ${OUT}/${name}.png`);
    };
    await picture('#/overview', '#overview-charts canvas', 'overview');
    await picture(`#/invoices/${encodeURIComponent(shown.sellerKey)}/${encodeURIComponent(shown.number)}`, '#invoice-run ol.states', 'invoice');
    await picture('#/worklist', '#worklist tbody tr', 'worklist');
    await picture('#/disputes', '#dispute-analytics table', 'disputes');
    await picture('#/deliveries', '#deliveries tbody tr', 'deliveries');
    await picture(`#/customers/${encodeURIComponent(customer.id)}`, '#customer-account table', 'customer');
    await picture('#/analytics', '#analytics-charts canvas', 'analytics');
    if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    await host.stop();
  }
}

await main();
