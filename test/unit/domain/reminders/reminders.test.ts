import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';
import { reminderFor, type PaymentDetails, type ReminderInput } from '../../../../functions/domain/reminders';

const ACCOUNT: PaymentDetails = { iban: 'DE89370400440532013000', bic: 'cobadeffxxx', reference: 'RF47 0D3K 9XQ2 7BLM 4TUV' };

const reminder = (overrides: { step?: string; language?: string | null; payment?: Partial<PaymentDetails>; buyerName?: string } = {}): ReminderInput => ({
  step: { id: overrides.step ?? 'reminder-1', kind: 'email' },
  invoice: {
    number: 'INV-1001',
    currency: 'EUR',
    openAmount: '1200.00' as Decimal,
    dueDate: isoDate('2026-03-05'),
    issueDate: isoDate('2026-02-01'),
    sellerName: 'Seller GmbH',
    buyerName: overrides.buyerName ?? 'Buyer Ltd',
    buyerEmail: 'ap@buyer.example',
    language: overrides.language ?? null,
    payment: { ...ACCOUNT, ...overrides.payment },
  },
  today: isoDate('2026-03-19'),
  agencyHandoverOn: isoDate('2026-04-30'),
  // What a claiming step states: the claims as booked in the ledger (the send-reminder task books them; here given).
  claims: ['reminder-2', 'final-notice'].includes(overrides.step ?? 'reminder-1')
    ? {
        interest: '3.89' as Decimal,
        referenceRatePercent: '2.15' as Decimal,
        marginPercent: '8' as Decimal,
        compensation: '40.00' as Decimal,
        paid: '0' as Decimal,
        open: '43.89' as Decimal,
        law: 'Directive 2011/7/EU',
      }
    : null,
});

// Intl puts a no-break space between amount and currency sign in German.
const readable = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('reminderFor: how to pay', () => {
  it('gives the amount, the IBAN in groups of four, the BIC and the reference in the text body', () => {
    expect(reminderFor(reminder()).text).toContain(
      [
        'How to pay',
        'Amount: €1,200.00',
        'IBAN: DE89 3704 0044 0532 0130 00',
        'BIC: COBADEFFXXX',
        'Reference: RF47 0D3K 9XQ2 7BLM 4TUV',
        'Please quote this reference with your payment, so that we can match it to this invoice.',
      ].join('\n'),
    );
  });

  it('gives the same block in the HTML body, one line each', () =>
    expect(reminderFor(reminder()).html).toContain(
      '<p>How to pay<br>Amount: €1,200.00<br>IBAN: DE89 3704 0044 0532 0130 00<br>BIC: COBADEFFXXX<br>Reference: RF47 0D3K 9XQ2 7BLM 4TUV<br>',
    ));

  it('writes the block in German, with the amount as Germans write it', () => {
    const { text, html } = reminderFor(reminder({ language: 'de-DE' }));
    const block = [
      'So zahlen Sie',
      'Betrag: 1.200,00 €',
      'IBAN: DE89 3704 0044 0532 0130 00',
      'BIC: COBADEFFXXX',
      'Verwendungszweck: RF47 0D3K 9XQ2 7BLM 4TUV',
      'Bitte geben Sie diesen Verwendungszweck bei der Zahlung an, damit wir sie dieser Rechnung zuordnen können.',
    ];
    expect(readable(text)).toContain(block.join('\n'));
    expect(readable(html)).toContain(`<p>${block.join('<br>')}</p>`);
  });

  it('formats an IBAN given with spaces or in lower case', () =>
    expect(reminderFor(reminder({ payment: { iban: 'gb82 west 1234 5698 7654 32' } })).text).toContain('IBAN: GB82 WEST 1234 5698 7654 32\n'));

  it('points to the invoice when it gives no account, and still asks for the reference', () => {
    const { text, html } = reminderFor(reminder({ payment: { iban: null, bic: null } }));
    expect(text).toContain('How to pay\nAmount: €1,200.00\nAccount: as given on the invoice\nReference: RF47 0D3K 9XQ2 7BLM 4TUV\n');
    expect(text).not.toMatch(/IBAN|BIC/);
    expect(html).toContain('Account: as given on the invoice<br>Reference: RF47 0D3K 9XQ2 7BLM 4TUV<br>');
    expect(readable(reminderFor(reminder({ language: 'de', payment: { iban: null, bic: null } })).text)).toContain(
      'Betrag: 1.200,00 €\nBankverbindung: wie auf der Rechnung angegeben\nVerwendungszweck: RF47 0D3K 9XQ2 7BLM 4TUV\n',
    );
  });

  it('leaves out the BIC line when the invoice gives an IBAN alone', () =>
    expect(reminderFor(reminder({ payment: { bic: null } })).text).toContain('IBAN: DE89 3704 0044 0532 0130 00\nReference: '));

  it('escapes the reference in the HTML body and leaves the text body as written', () => {
    const { text, html } = reminderFor(reminder({ payment: { reference: 'PO <4711> & "A"' } }));
    expect(text).toContain('Reference: PO <4711> & "A"\n');
    expect(html).toContain('Reference: PO &lt;4711&gt; &amp; &quot;A&quot;<br>');
    expect(html).not.toContain('<4711>');
  });

  it.each(['pre-due', 'reminder-1', 'reminder-2', 'final-notice', 'a-step-the-policy-invented'])('is in the %s e-mail, in both languages', (step) => {
    expect(reminderFor(reminder({ step })).text).toContain('Reference: RF47 0D3K 9XQ2 7BLM 4TUV');
    expect(reminderFor(reminder({ step, language: 'de' })).text).toContain('Verwendungszweck: RF47 0D3K 9XQ2 7BLM 4TUV');
  });

  it('comes before the interest claim and the closing', () => {
    const paragraphs = reminderFor(reminder({ step: 'reminder-2' })).text.split('\n\n');
    expect(paragraphs.findIndex((paragraph) => paragraph.startsWith('How to pay'))).toBe(paragraphs.length - 3);
    expect(paragraphs.at(-2)).toMatch(/^As the payment is late/);
  });
});

describe('reminderFor: claims as booked', () => {
  it('states the booked interest and compensation apart from the principal, and asks for both', () => {
    const { text } = reminderFor(reminder({ step: 'reminder-2' }));
    expect(text).toContain('interest of €3.89 to 19 March 2026, at 10.15% a year (the reference rate of 2.15% plus 8 points)');
    expect(text).toContain('the fixed compensation for recovery costs of €40.00');
    expect(text).toContain('Open: principal €1,200.00, claims €43.89. Interest goes on accruing until the principal is paid.');
    expect(text).toContain('Amount: €1,243.89');
  });

  it('writes a statement of the claims once the principal is paid, without saying interest still accrues', () => {
    const input = reminder({ step: 'claims-statement' });
    const { text, subject, template } = reminderFor({
      ...input,
      invoice: { ...input.invoice, openAmount: '0.00' as Decimal },
      claims: { interest: '12.34' as Decimal, referenceRatePercent: '2.15' as Decimal, marginPercent: '8' as Decimal, compensation: '40.00' as Decimal, paid: '10.00' as Decimal, open: '42.34' as Decimal, law: 'Directive 2011/7/EU' },
    });
    expect(template).toBe('en/claims-statement');
    expect(subject).toBe('Invoice INV-1001: statement of late-payment claims, €42.34 open');
    expect(text).toContain('Of these claims, €10.00 has been received. Open: principal €0.00, claims €42.34.');
    expect(text).not.toContain('goes on accruing');
    expect(text).toContain('Amount: €42.34');
  });

  it('reminds of a plan instalment in the customer\'s language', () => {
    const instalment = { planDate: isoDate('2026-03-10'), instalment: 2, instalments: 3, date: isoDate('2026-04-30'), amount: '300.00' as Decimal, paidSincePlan: '300.00' as Decimal };
    const { subject, text, template } = reminderFor({ ...reminder({ step: 'plan-reminder-2026-03-10-2', language: 'de' }), instalment });
    expect(template).toBe('de/plan-reminder');
    expect(readable(subject)).toBe('Rechnung INV-1001: Rate 2 Ihres Zahlungsplans ist am 30. April 2026 fällig');
    expect(readable(text)).toContain('Rate 2 von 3 über 300,00 € am 30. April 2026 fällig. Seit Abschluss des Plans sind 300,00 € eingegangen.');
  });
});
