import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MailerThrottledError } from '../../functions/adapters/errors';
import { ledgerStores, type LedgerStores } from '../../functions/adapters/ledger';
import { SesMailer } from '../../functions/adapters/mailer';
import { isoDate } from '../../functions/domain/calendar';
import { fixedClock } from '../../functions/domain/clock';
import { formatRf, rfReferenceOf } from '../../functions/domain/matching';
import type { Decimal } from '../../functions/domain/money';
import { statutoryInterestRules } from '../../functions/domain/interest';
import { STANDARD_POLICY } from '../../functions/domain/policy';
import type { EmailMessage } from '../../functions/domain/reminders';
import { sendReminder } from '../../functions/send-reminder/reminder';
import { clientsFor, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';
import { ledgerInvoiceForScenario } from '../../local/simulate/ledger-invoice';

let emulators: Emulators;
let dynamodb: DynamoDBClient;
let ledger: LedgerStores;
let tables = 0;
const clock = fixedClock('2026-03-19T06:00:00Z');

beforeAll(async () => {
  emulators = await startEmulators();
  ({ dynamodb } = clientsFor(emulators));
});
afterAll(async () => emulators?.stop());
beforeEach(async () => {
  const table = `mail-${++tables}`;
  await createLedgerTable(dynamodb, table);
  ledger = ledgerStores(dynamodb, table);
});

const message = (to: string): EmailMessage => ({ to, subject: 'Reminder', text: 'Please pay.', html: '<p>Please pay.</p>', language: 'en', template: 'en/reminder-1' });
const sentTo = async (to: string) => (await emulators.sentEmails()).filter((email) => email.destination.to.includes(to));

/**
 * A real SES client whose first call fails as `fault` says: a fault injected, the rest is the emulator.
 * The middleware goes on the client before its first send: a client caches its stack then (sdkClient).
 */
const faultySes = (fault: 'lost-answer' | 'throttled'): { readonly ses: SESv2Client; readonly injected: () => number } => {
  const { ses } = clientsFor(emulators);
  let injected = 0;
  ses.middlewareStack.add(
    (next) => async (args) => {
      if (injected > 0) return next(args);
      injected++;
      if (fault === 'throttled') {
        throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
      }
      await next(args);
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    },
    // Outside the SDK's own retries: the handler sees the fault as Lambda would.
    { step: 'initialize', name: 'injectFault' },
  );
  return { ses, injected: () => injected };
};

describe('SesMailer', () => {
  it('sends one e-mail per key however often it is asked', async () => {
    const mailer = new SesMailer(clientsFor(emulators).ses, ledger.sendClaims, clock, 'collections@seller.example');
    const first = await mailer.send(message('once@buyer.example'), 'INV-1#reminder-1');
    const second = await mailer.send(message('once@buyer.example'), 'INV-1#reminder-1');
    expect(first).toMatchObject({ status: 'sent' });
    expect(second).toEqual({ status: 'already-sent', messageId: 'messageId' in first ? first.messageId : '' });
    expect(await sentTo('once@buyer.example')).toHaveLength(1);
  });

  it('sends no second e-mail when SES accepted the first but its answer was lost', async () => {
    const faulty = faultySes('lost-answer');
    const mailer = new SesMailer(faulty.ses, ledger.sendClaims, clock, 'collections@seller.example');
    await expect(mailer.send(message('lost@buyer.example'), 'INV-2#reminder-2')).rejects.toThrow(/no answer from SES/);
    expect(faulty.injected()).toBe(1);
    expect(await mailer.send(message('lost@buyer.example'), 'INV-2#reminder-2')).toEqual({ status: 'unconfirmed' });
    expect(await sentTo('lost@buyer.example')).toHaveLength(1);
  });

  it('gives the key back when SES throttles, so the retry sends exactly one', async () => {
    const faulty = faultySes('throttled');
    const mailer = new SesMailer(faulty.ses, ledger.sendClaims, clock, 'collections@seller.example');
    await expect(mailer.send(message('busy@buyer.example'), 'INV-3#reminder-1')).rejects.toBeInstanceOf(MailerThrottledError);
    expect(faulty.injected()).toBe(1);
    expect(await sentTo('busy@buyer.example')).toHaveLength(0);
    expect(await mailer.send(message('busy@buyer.example'), 'INV-3#reminder-1')).toMatchObject({ status: 'sent' });
    expect(await sentTo('busy@buyer.example')).toHaveLength(1);
  });
});

describe('send-reminder', () => {
  it('sends the step e-mail once and records the step once, when the task is retried', async () => {
    const record = await ledgerInvoiceForScenario(
      {
        number: 'INV-4',
        kind: 'invoice',
        issueDate: isoDate('2026-02-01'),
        dueDate: isoDate('2026-03-05'),
        amountDue: '1000.00' as Decimal,
        entryDate: isoDate('2026-03-02'),
        customer: 'C-4',
        currency: 'EUR',
        email: 'ap@c-4.example',
        timezone: 'Europe/Berlin',
        language: 'de',
        file: null,
      },
      STANDARD_POLICY,
    );
    const payment = { meansCode: '58', remittanceInformation: null, iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' };
    const buyer = { ...record.invoice.buyer, address: { lines: ['Hauptstraße 1'], city: 'Köln', postCode: '50667', countrySubdivision: null, countryCode: 'DE' } };
    await ledger.invoices.add({ ...record, invoice: { ...record.invoice, payment, buyer } });
    const deps = {
      ledger,
      mailer: new SesMailer(clientsFor(emulators).ses, ledger.sendClaims, clock, 'collections@seller.example'),
      clock,
      interestRules: statutoryInterestRules,
    };
    const input = { invoiceKey: record.key, step: { id: 'reminder-2', kind: 'email' as const, rank: '2-002' }, on: isoDate('2026-03-19') };

    expect(await sendReminder(input, deps)).toMatchObject({ outcome: 'done', delivery: 'sent' });
    expect(await sendReminder(input, deps)).toMatchObject({ outcome: 'already-done', delivery: 'already-sent' });

    const emails = await sentTo('ap@c-4.example');
    expect(emails).toHaveLength(1);
    // Intl puts a no-break space between amount and currency sign.
    const readable = (text = '') => text.replace(/[\u00a0\u202f]/g, ' ');
    expect(readable(emails[0]?.subject)).toBe('1. Mahnung: Rechnung INV-4, 1.000,00 € überfällig');
    // § 288 (2) BGB: the Basiszinssatz of 2026-H1 (1.27 %) plus 9 points, on 1,000.00 for the 14 days since 03-05:
    // 1000 × 10.27 × 14 / 36500 = 3.939… → 3.94 €; and the lump sum of § 288 (5), 40 €.
    expect(readable(emails[0]?.body.text)).toMatch(
      /nach § 288 BGB.* geltend: Verzugszinsen von 3,94 € bis zum 19\. März 2026, 10\.27 % p\. a\. \(Bezugszinssatz 1\.27 % zuzüglich 9 Prozentpunkte\).*und die Pauschale für Beitreibungskosten von 40,00 €\. Offen: Hauptforderung 1\.000,00 €, Nebenforderungen 43,94 €\./s,
    );
    // The e-mail states what the ledger booked, once however often the step is retried.
    const claims = (await ledger.cases.get(record.key))?.events.filter((event) => event.type === 'claim');
    expect(claims).toEqual([expect.objectContaining({ id: 'claim:reminder-2:2026-03-19', interest: '3.94', costs: '40.00', order: ['costs', 'interest', 'principal'] })]);
    // The reference the statement matcher finds the payment by: this invoice has no BT-83 of its own, so its RF.
    expect(readable(emails[0]?.body.text)).toContain(
      `Betrag: 1.043,94 €\nIBAN: DE89 3704 0044 0532 0130 00\nBIC: COBADEFFXXX\nVerwendungszweck: ${formatRf(rfReferenceOf(record.key))}\n`,
    );
    expect((await ledger.cases.get(record.key))?.timeline.filter((line) => line.action === 'email')).toHaveLength(1);
  });
});
