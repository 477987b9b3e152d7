import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isoDate } from '../../functions/domain/calendar';
import { recordDelivery } from '../../functions/record-delivery/record';
import { startConsoleServer, type ConsoleServer } from '../../local/console/server';
import { startSystemHost, type SystemHost } from '../../local/system-host';
import { launchChromium, signInPage } from '../support/console-host';
import { einvoicePath } from '../support/shared';

// Every wait is on a condition; the limits are generous for a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000, expect: { poll: { timeout: 60_000 } } });

const BOUNCED = 'lj@buyer.se';
const SES_DETAIL = 'General: smtp; 550 5.1.1 user unknown';

describe('the console: reminder deliveries and the contacts to find', () => {
  let dataDir: string;
  let host: SystemHost;
  let web: ConsoleServer;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(`${tmpdir()}/credit-control-console-deliveries-`);
    let added: () => void = () => undefined;
    const ingested = new Promise<void>((resolve) => (added = resolve));
    host = await startSystemHost({
      dataDir,
      reset: true,
      daysPerSecond: 0,
      demo: false,
      startOn: isoDate('2017-11-20'),
      onIngest: (result) => result.outcome === 'added' && added(),
      onError: () => undefined,
      onTimeline: () => undefined,
    });
    web = await startConsoleServer(host, 0);
    await copyFile(einvoicePath('dev/ubl-peppol-base-example.xml'), `${host.intake.dropDir}/peppol.xml`);
    await ingested;
    // Snippet1 is due on 2017-12-01: its pre-due reminder goes out on 2017-11-28, and SES reports it bounced the day after.
    await host.advanceDays(9);
    const { ledger } = host.collections;
    const [sent] = await ledger.deliveries.list('sent');
    expect(sent).toMatchObject({ stepId: 'pre-due', messageId: expect.any(String) });
    await recordDelivery(
      { messageId: sent!.messageId!, event: { kind: 'bounced', id: 'feedback-1', at: '2017-11-29T08:00:00.000Z', bounceType: 'permanent', recipients: [BOUNCED], detail: SES_DETAIL } },
      { ledger },
    );
    // The reminders after it find no address to go to; the call step on 2017-12-22 puts the invoice on the worklist.
    await host.advanceDays(24);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await host?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("shows a bounced reminder and the ones not sent for it, marks the address on the worklist, and lets a collector resolve the task to find another, with who did", async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB', timezoneId: 'UTC' });
    const violations: string[] = [];
    page.on('console', (message) => /Content Security Policy/.test(message.text()) && violations.push(message.text()));
    await signInPage(page, web.url, 'collector@local');
    const goTo = (section: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true }).click();

    await goTo('Deliveries');
    const state = page.getByLabel('Delivery', { exact: true });
    await state.selectOption({ label: 'bounced' });
    const rows = page.locator('#deliveries tbody tr');
    await expect.poll(() => rows.allInnerTexts()).toEqual([
      expect.stringMatching(new RegExp(`^Snippet1\\s+Buyer Official Name\\s+pre-due of 28 Nov 2017\\s+${BOUNCED}\\s+bounced: the address is undeliverable\\s+29 Nov 2017, 08:00 bounced \\(permanent\\) for ${BOUNCED}: ${SES_DETAIL}`)),
    ]);
    await state.selectOption({ label: 'no address' });
    await expect.poll(() => page.url()).toBe(`${web.url}#/deliveries?state=no-address`);
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allInnerTexts()) {
      expect(text).toContain(`not sent: no address to send to\n${BOUNCED} bounced permanently on 2017-11-29 (${SES_DETAIL}): find another contact`);
    }

    await goTo('Worklist');
    const call = page.locator('#worklist tbody tr', { hasText: 'Snippet1' });
    const contacts = call.getByRole('list', { name: 'Contacts for Snippet1' });
    await expect.poll(() => contacts.innerText()).toContain(`${BOUNCED} undeliverable: bounced since 29 Nov 2017, 08:00 (${SES_DETAIL})`);

    const task = page.locator('#contact-tasks tbody tr', { hasText: BOUNCED });
    await expect.poll(() => task.innerText()).toMatch(new RegExp(`^Buyer Official Name\\s+${BOUNCED}\\s+bounced: ${SES_DETAIL}\\s+29 Nov 2017, 08:00\\s+Snippet1 pre-due`));
    const status = task.getByRole('status');
    await task.getByRole('button', { name: `Resolve ${BOUNCED}` }).click();
    await expect.poll(() => status.innerText()).toBe('Give the new address, or a note of what you did, or both.');
    // The address that bounced is no answer: the server says why.
    await task.getByLabel(`New address for ${BOUNCED}`).fill(BOUNCED);
    await task.getByRole('button', { name: `Resolve ${BOUNCED}` }).click();
    await expect.poll(() => status.innerText()).toBe(`body.address: ${BOUNCED} bounced permanently on 2017-11-29 (${SES_DETAIL}): find another contact`);
    await task.getByLabel(`New address for ${BOUNCED}`).fill('accounts@buyer.se');
    await task.getByLabel(`What was done about ${BOUNCED}`).fill('called the buyer: new accounts payable mailbox');
    await task.getByRole('button', { name: `Resolve ${BOUNCED}` }).click();
    await expect.poll(() => page.locator('#contact-resolved').innerText()).toMatch(
      new RegExp(`^Buyer Official Name, instead of ${BOUNCED}: new address accounts@buyer\\.se; called the buyer: new accounts payable mailbox, by collector@local, 23 Dec 2017, \\d\\d:\\d\\d$`),
    );
    await expect.poll(() => page.locator('#contact-tasks-empty').isVisible()).toBe(true);
    // The address found is the customer's now: the worklist offers it beside the one that bounced.
    await expect.poll(() => contacts.innerText()).toContain('accounts@buyer.se');
    expect(violations).toEqual([]);
  });
});
