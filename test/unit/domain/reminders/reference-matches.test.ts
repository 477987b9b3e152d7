import { describe, expect, it } from 'vitest';
import type { Decimal } from '../../../../functions/domain/money';
import {
  buildMatchIndex,
  formatRf,
  matchCredit,
  referencesOf,
  referenceToQuote,
  rfReferenceOf,
  type InvoiceWithPayment,
  type MatchRule,
} from '../../../../functions/domain/matching';
import { reminderFor } from '../../../../functions/domain/reminders';
import { isoDate } from '../../../../functions/domain/calendar';
import { credit, openItem, SELLER } from '../matching/fixtures';

const key = { sellerKey: SELLER, number: 'INV-1001' };
const RF = formatRf(rfReferenceOf(key));

const invoiceWith = (remittanceInformation: string | null): InvoiceWithPayment => ({
  key,
  invoice: { payment: { meansCode: '58', remittanceInformation, iban: 'DE89370400440532013000', bic: null } },
});

const reminderText = (record: InvoiceWithPayment, language: string | null): string =>
  reminderFor({
    step: { id: 'reminder-1', kind: 'email' },
    invoice: {
      number: key.number,
      currency: 'EUR',
      openAmount: '1200.00' as Decimal,
      dueDate: isoDate('2026-03-05'),
      issueDate: isoDate('2026-02-01'),
      sellerName: 'Seller GmbH',
      buyerName: 'Buyer Ltd',
      buyerEmail: 'ap@buyer.example',
      language,
      payment: { iban: 'DE89370400440532013000', bic: null, reference: referenceToQuote(record) },
    },
    today: isoDate('2026-03-19'),
    agencyHandoverOn: null,
    claims: null,
  }).text;

/** The reference as the customer copies it out of the e-mail. */
const quotedIn = (text: string): string => /^(?:Reference|Verwendungszweck): (.+)$/m.exec(text)?.[1] ?? '';

/** The invoice open in matching as statement booking puts it, beside another invoice of the same customer. */
const matchedBy = (record: InvoiceWithPayment, remittance: string) => {
  const index = buildMatchIndex([openItem(key.number, '1200.00', { key, ...referencesOf(record) }), openItem('INV-1002', '1200.00')], []);
  return matchCredit(index, credit('1200.00', { remittanceTexts: [remittance] }));
};

describe('the reference a reminder asks the customer to quote', () => {
  it.each<[string, string | null, string, MatchRule]>([
    ['no BT-83', null, RF, 'rf-reference'],
    ['an empty BT-83', '', RF, 'rf-reference'],
    ['a BT-83 of its own', 'PO 4711-A', 'PO 4711-A', 'payment-reference'],
    ['a BT-83 that is a creditor reference', 'rf18539007547034', 'RF18 5390 0754 7034', 'rf-reference'],
    ['a BT-83 without a digit, which matching cannot find in a text', 'ACME', RF, 'rf-reference'],
    ['a BT-83 too short to find in a text', '12', RF, 'rf-reference'],
    ['a BT-83 with a creditor reference inside, which matching blanks out', 'RF18 5390 0754 7034 PO 12', RF, 'rf-reference'],
  ])('with %s is %j, and a payment quoting it is matched to the invoice', (_case, bt83, expected, rule) => {
    const record = invoiceWith(bt83);
    for (const language of [null, 'de']) {
      const quoted = quotedIn(reminderText(record, language));
      expect(quoted).toBe(expected);
      for (const remittance of [quoted, `Zahlung ${quoted} danke`, quoted.replace(/\s+/g, '')]) {
        expect(matchedBy(record, remittance)).toMatchObject({ kind: 'matched', rule, allocations: [{ key, amount: '1200.00' }] });
      }
    }
  });
});
