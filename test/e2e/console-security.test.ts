import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InvoiceKey } from '../../functions/domain/intake';
import { launchChromium, readAsPage, signIn, signInPage, startConsoleHost, type ConsoleHost, type PageSession } from '../support/console-host';
import { einvoicePath } from '../support/shared';

// Every wait is on a condition; the limits are generous for a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000, expect: { poll: { timeout: 60_000 } } });
const XSS_NUMBER = 'XSS-1';
const LIMIT = { timeout: 60_000 };

/**
 * What an attacker's script would do in the console's origin, as the signed-in user: find the
 * invoice, read the session's CSRF token, record it paid. Nothing in it needs escaping in XML text.
 */
const PAYLOAD = `Promise.all([fetch('/api/invoices?limit=200').then((list) => list.json()), fetch('/api/session').then((session) => session.json())]).then(([data, session]) =>
  fetch('/api/events', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
    body: JSON.stringify({ invoice: data.rows.find((row) => row.number === '${XSS_NUMBER}').key, type: 'payment', amount: '1656.25' }) }))`;

/** A valid UBL invoice (the Peppol example, renumbered) carrying an XHTML script in its extension content. */
async function invoiceWithScript(): Promise<string> {
  const example = await readFile(einvoicePath('dev/ubl-peppol-base-example.xml'), 'utf8');
  const extension = `<ext:UBLExtensions xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"><ext:UBLExtension><ext:ExtensionContent><script xmlns="http://www.w3.org/1999/xhtml">${PAYLOAD}</script></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>`;
  return example.replace('<cbc:ID>Snippet1</cbc:ID>', `<cbc:ID>${XSS_NUMBER}</cbc:ID>`).replace('<cbc:CustomizationID>', `${extension}\n    <cbc:CustomizationID>`);
}

/** The page of another site that tries to make the console act: fetches of every kind and form posts. */
const attackPage = (consoleUrl: string, key: InvoiceKey): string => {
  const invoice = JSON.stringify(key);
  const payment = `{"invoice":${invoice},"type":"payment","amount":"1656.25","x":"`;
  return `<!doctype html><title>attacker</title>
<iframe name="sink-1"></iframe><iframe name="sink-2"></iframe><iframe name="sink-3"></iframe>
<form method="POST" action="${consoleUrl}api/clock" enctype="text/plain" target="sink-1"><input name='{"advanceDays":30,"x":"' value='"}'></form>
<form method="POST" action="${consoleUrl}api/events" enctype="text/plain" target="sink-2"><input name='${payment}' value='"}'></form>
<form method="POST" action="${consoleUrl}api/events" target="sink-3"><input name="invoice" value='${invoice}'><input name="type" value="call-outcome"><input name="outcome" value="dispute"></form>
<script>
const target = ${JSON.stringify(consoleUrl)};
const attempt = (name, work) => work().then(() => name + ': sent', (error) => name + ': ' + error.name);
(async () => {
  const dispute = JSON.stringify({ invoice: ${invoice}, type: 'call-outcome', outcome: 'dispute' });
  const results = [
    await attempt('text/plain fetch', () => fetch(target + 'api/events', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '${payment}"}' })),
    await attempt('credentialed no-cors fetch', () => fetch(target + 'api/clock', { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{"advanceDays":30}' })),
    await attempt('JSON fetch with a guessed token', () => fetch(target + 'api/events', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json', 'x-csrf-token': 'guess' }, body: dispute })),
    await attempt('reading the token', () => fetch(target + 'api/session', { credentials: 'include' }).then((session) => session.json())),
  ];
  for (const form of document.forms) form.submit();
  window.results = results;
  document.title = 'done';
})();
</script>`;
};

/** Another origin on this machine: it serves the attack page and the invoice file, and logs what it is asked for. */
async function startAttacker(pages: Map<string, [string, string]>): Promise<{ url: string; asked: string[]; server: Server }> {
  const asked: string[] = [];
  const server = createServer((request, response) => {
    asked.push(`${request.method} ${request.url}`);
    const page = pages.get(request.url ?? '');
    response.writeHead(page ? 200 : 404, { 'content-type': page?.[0] ?? 'text/plain' });
    response.end(page?.[1] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, asked, server };
}

describe('the console against another site, a hostile invoice and a rebound name', () => {
  let host: ConsoleHost;
  let browser: Browser;
  let key: InvoiceKey;
  let admin: PageSession;
  const api = async <T>(path: string): Promise<T> => (await (await readAsPage(host.url, path.slice(1), admin)).json()) as T;
  /** What could change: the clock, and the invoice's audit trail and timeline. */
  const state = async () => {
    const invoice = await api<{ audit: unknown[]; timeline: unknown[] }>(`/api/invoices/${encodeURIComponent(key.sellerKey)}/${encodeURIComponent(key.number)}`);
    return { clock: await api<{ now: string }>('/api/clock'), audit: invoice.audit, timeline: invoice.timeline };
  };

  beforeAll(async () => {
    // Paused: nothing here waits on the virtual clock, so nothing moves but what an attack would move.
    host = await startConsoleHost(['--no-demo', '--speed', '0', '--start', '2017-11-20']);
    await writeFile(`${host.dataDir}/drop/xss.xml`, await invoiceWithScript());
    await host.waitFor(/added +xss\.xml/);
    admin = await signIn(host.url);
    const { rows: invoices } = await api<{ rows: { number: string; key: InvoiceKey }[] }>('/api/invoices?limit=200');
    key = invoices.find((invoice) => invoice.number === XSS_NUMBER)!.key;
    browser = await launchChromium(['--host-resolver-rules=MAP evil.example 127.0.0.1']);
  });

  // The browser first: its connections keep the host's console busy.
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('downloads an invoice original carrying a script instead of running it in the console', async () => {
    const xml = await invoiceWithScript();
    // The attack is real: served inline as XML, as the console once did, the script runs (and asks its origin for the invoices).
    const elsewhere = await startAttacker(new Map([['/invoice.xml', ['application/xml', xml]]]));
    const context = await browser.newContext();
    try {
      const proof = await context.newPage();
      await proof.goto(`${elsewhere.url}invoice.xml`);
      await expect.poll(() => elsewhere.asked).toContain('GET /api/invoices?limit=200');

      const before = await state();
      const posts: string[] = [];
      const violations: string[] = [];
      const page = await context.newPage();
      page.on('console', (message) => /Content Security Policy/.test(message.text()) && violations.push(message.text()));
      await signInPage(page, host.url);
      context.on('request', (request) => request.method() === 'POST' && posts.push(request.url()));
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Invoices' }).click();
      await page.getByRole('link', { name: XSS_NUMBER }).click();
      // The link reads as the archive key: archive/<sha-256>.xml.
      const original = page.locator('#view-invoice').getByRole('link', { name: /^archive\// });
      const download = page.waitForEvent('download', LIMIT);
      const answered = page.waitForResponse((response) => response.url().includes('/api/original/'), LIMIT);
      await original.click();
      expect((await download).suggestedFilename()).toMatch(/^[0-9a-f]{64}\.xml$/);
      const headers = (await answered).headers();
      expect(headers['content-disposition']).toMatch(/^attachment;/);
      expect(headers['content-type']).toBe('application/octet-stream');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['content-security-policy']).toMatch(/^sandbox;/);

      // Opened directly, in a tab of its own, it is a download too: no document of the console's origin.
      const tab = await context.newPage();
      const directly = tab.waitForEvent('download', LIMIT);
      await tab.goto(`${host.url}api/original/${encodeURIComponent(key.sellerKey)}/${encodeURIComponent(XSS_NUMBER)}`).catch(() => undefined);
      await directly;

      // The console's own page stays, at the invoice's address.
      expect(page.url()).toBe(`${host.url}#/invoices/${encodeURIComponent(key.sellerKey)}/${XSS_NUMBER}`);
      expect(posts).toEqual([]);
      expect(violations).toEqual([]);
      expect(await state()).toEqual(before);
    } finally {
      await context.close();
      await new Promise((resolve) => elsewhere.server.close(resolve));
    }
  });

  it('takes no change from a page of another origin, with the user signed in: fetches and form posts are refused, the token stays unread', async () => {
    const before = await state();
    const attacker = await startAttacker(new Map([['/attack.html', ['text/html; charset=utf-8', attackPage(host.url, key)]]]));
    const context = await browser.newContext();
    try {
      // Signed in, in the same browser: another port of 127.0.0.1 is the same site, so the session cookie goes along with the attack.
      await signInPage(await context.newPage(), host.url);
      const posts: Request[] = [];
      context.on('request', (request) => request.url().startsWith(host.url) && request.method() === 'POST' && posts.push(request));
      const page = await context.newPage();
      await page.goto(`${attacker.url}attack.html`);
      await expect.poll(() => page.title()).toBe('done');
      // Every attempt left the browser: three fetches (one stopped at its preflight) and three forms.
      await expect.poll(() => posts.length).toBe(6);
      const forms = posts.filter((request) => request.frame() !== page.mainFrame());
      const answers = await Promise.all(forms.map((request) => request.response()));
      expect(answers.map((answer) => answer?.status())).toEqual([403, 403, 403]);
      // No answer is readable over there: no CORS grant, and the resource policy blocks even opaque ones.
      expect(await page.evaluate(() => (globalThis as unknown as { results: string[] }).results)).toEqual([
        'text/plain fetch: TypeError',
        'credentialed no-cors fetch: TypeError',
        'JSON fetch with a guessed token: TypeError',
        'reading the token: TypeError',
      ]);
      expect(await state()).toEqual(before);
    } finally {
      await context.close();
      await new Promise((resolve) => attacker.server.close(resolve));
    }
  });

  it('answers nothing to a name rebound to it (421), neither its page nor a change', async () => {
    const before = await state();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const rebound = `http://evil.example:${new URL(host.url).port}/`;
      const answer = await page.goto(rebound);
      expect(answer?.status()).toBe(421);
      expect(await page.content()).not.toContain('csrfToken');
      // A script of the rebound origin is same-origin with it: the Host check is what refuses it.
      const status = await page.evaluate(() =>
        fetch('/api/clock', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': 'guess' }, body: '{"advanceDays":30}' }).then((response) => response.status),
      );
      expect(status).toBe(421);
      expect(await state()).toEqual(before);
    } finally {
      await context.close();
    }
  });
});
