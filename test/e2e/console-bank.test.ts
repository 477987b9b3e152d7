import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3DocumentStore } from '../../functions/adapters/document-store';
import { isoDate } from '../../functions/domain/calendar';
import { updateFromBuyer } from '../../functions/domain/credit';
import { rfReferenceOf } from '../../functions/domain/matching';
import type { Decimal } from '../../functions/domain/money';
import { ingestStatement } from '../../functions/ingest-statement/ingest';
import { startConsoleServer, type ConsoleServer } from '../../local/console/server';
import { writeCamt053, type EntryDraft } from '../../local/demo/camt053-writer';
import { LOCAL_BUCKET } from '../../local/intake-host';
import { startSystemHost, type SystemHost } from '../../local/system-host';
import { launchChromium, signInPage } from '../support/console-host';
import { storeInvoice } from '../support/stored-invoice';

vi.setConfig({ testTimeout: 180_000, expect: { poll: { timeout: 60_000 } } });

describe('the console bank page and statement of account', () => {
  let dataDir: string;
  let host: SystemHost;
  let web: ConsoleServer;
  let browser: Browser | undefined;

  /** An invoice as ingest leaves it, with its customer's profile. */
  async function stored(number: string, customer: string, amountDue: string) {
    const { ledger } = host.collections;
    const record = await storeInvoice(ledger, { number, customer, amountDue: amountDue as Decimal, issueDate: isoDate('2017-10-01'), dueDate: isoDate('2017-11-01'), entryDate: isoDate('2017-10-01') });
    await ledger.customers.upsert(updateFromBuyer(record.invoice.buyer, record.invoice.issueDate), host.clock.now().toISOString());
    return record.key;
  }

  const credit = (reference: string, amount: string, extra: Partial<EntryDraft> = {}): EntryDraft => ({
    amount: amount as Decimal,
    creditDebit: 'CRDT',
    bookingDate: isoDate('2017-11-18'),
    bankReference: reference,
    counterparty: { name: 'Unknown Payer Ltd' },
    unstructuredRemittance: 'Zahlung',
    ...extra,
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(`${tmpdir()}/credit-control-console-bank-`);
    host = await startSystemHost({ dataDir, reset: true, daysPerSecond: 0, demo: false, startOn: isoDate('2017-11-20'), onIngest: () => undefined, onError: () => undefined, onTimeline: () => undefined });
    web = await startConsoleServer(host, 0);
    await stored('UI-1', 'Ui Customer X', '100.00');
    await stored('UI-2', 'Ui Customer X', '250.00');
    const paid = await stored('UI-3', 'Ui Customer Y', '80.00');
    await stored('UI-4', 'Ui Customer Y', '70.00');
    const xml = writeCamt053({
      messageId: 'MSG-UI',
      statementId: 'STMT-UI',
      createdAt: '2017-11-18T18:00:00+01:00',
      iban: 'DE89370400440532013000',
      currency: 'EUR',
      openingBalance: '0.00' as Decimal,
      fromDate: isoDate('2017-11-18'),
      toDate: isoDate('2017-11-18'),
      entries: [credit('U1', '100.00'), credit('U2', '40.00'), credit('U3', '130.00', { creditorReference: rfReferenceOf(paid) })],
    });
    const key = 'statements/ui.xml';
    await host.intake.clients.s3.send(new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: key, Body: xml }));
    await ingestStatement(
      { key, eventTime: '2017-11-18T19:00:00.000Z', sequencer: 'ui' },
      { ...host.collections.booking, ledger: host.collections.ledger, documents: new S3DocumentStore(host.intake.clients.s3, LOCAL_BUCKET), maxStatementBytes: 1 << 20 },
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await host?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lets a credit manager accept a suggestion, shown with who and when, shows the problem with a typed amount, and allocates and refunds credit', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB', timezoneId: 'UTC' });
    const violations: string[] = [];
    page.on('console', (message) => /Content Security Policy/.test(message.text()) && violations.push(message.text()));
    // The unmatched-payments queue is a credit manager's to work.
    await signInPage(page, web.url, 'manager@local');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Bank' }).click();

    await expect.poll(() => page.locator('#statements tbody').innerText()).toContain('camt.053');
    await page.getByRole('button', { name: 'Accept suggestion 1 for €100.00 of 18 Nov 2017' }).click();
    await expect.poll(() => page.locator('#decided').innerText()).toMatch(/UI-1 €100\.00.*by manager@local at \d+ \w+ 2017, \d\d:\d\d$/);

    await page.getByRole('combobox', { name: 'Customer for €40.00 of 18 Nov 2017' }).selectOption({ label: 'Ui Customer X' });
    await page.getByRole('textbox', { name: 'Amount of €40.00 of 18 Nov 2017 for UI-2' }).fill('45.00');
    await page.getByRole('button', { name: 'Assign €40.00 of 18 Nov 2017' }).click();
    await expect.poll(() => page.locator('#queue').innerText()).toContain('more than the payment');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Invoices' }).click();
    await page.locator('#invoices tbody tr', { hasText: 'UI-4' }).getByRole('link', { name: 'Ui Customer Y' }).click();
    const account = page.locator('#customer-account');
    await expect.poll(() => account.getByRole('table', { name: 'Statement of account' }).innerText()).toContain('€50.00');
    await account.getByRole('textbox', { name: 'EUR amount to allocate' }).fill('30.00');
    await account.getByRole('button', { name: 'Allocate' }).click();
    await expect.poll(() => account.getByRole('table', { name: 'Open items' }).innerText()).toContain('€40.00');
    await account.getByRole('textbox', { name: 'EUR amount to refund' }).fill('100.00');
    await account.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => account.innerText()).toContain("more than the customer's credit of 20");
    expect(violations).toEqual([]);
  });
});
