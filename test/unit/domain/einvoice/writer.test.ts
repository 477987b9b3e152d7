import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import { readInvoice, writeCii, writeUbl, type InvoiceDraft } from '../../../../functions/domain/einvoice';
import { compareDecimals, type Decimal } from '../../../../functions/domain/money';

const draft = (overrides: Partial<InvoiceDraft> = {}): InvoiceDraft => ({
  number: 'DEMO-2026-0001',
  issueDate: isoDate('2026-02-01'),
  dueDate: isoDate('2026-03-03'),
  currency: 'EUR',
  paymentTerms: 'Net 30 days',
  seller: { name: 'Nordwind Maschinenbau GmbH', email: 'billing@nordwind.example', street: 'Hafenstraße 1', city: 'Hamburg', postCode: '20457', countryCode: 'DE', vatId: 'DE811111111', iban: 'DE02120300000000202051' },
  buyer: { name: 'Ostsee & Söhne <Handel> KG', email: 'ap@ostsee.example', street: 'Markt 7', city: 'Kiel', postCode: '24103', countryCode: 'DE', vatId: 'DE822222222' },
  lines: [
    { name: 'Ventil DN50', quantity: '3' as Decimal, unitCode: 'C62', unitPrice: '199.99' as Decimal, vatRate: '19' as Decimal },
    { name: 'Fachbuch', quantity: '2' as Decimal, unitCode: 'C62', unitPrice: '24.95' as Decimal, vatRate: '7' as Decimal },
  ],
  ...overrides,
});

describe.each([
  ['UBL', writeUbl, 'ubl'],
  ['CII', writeCii, 'cii'],
] as const)('write%s', (_name, write, syntax) => {
  it('writes an invoice the readers take back with every total computed exactly', async () => {
    const result = await readInvoice(Buffer.from(write(draft())));
    expect(result).toMatchObject({
      ok: true,
      invoice: {
        syntax,
        number: 'DEMO-2026-0001',
        dueDate: '2026-03-03',
        seller: { name: 'Nordwind Maschinenbau GmbH', vatId: 'DE811111111' },
        buyer: { name: 'Ostsee & Söhne <Handel> KG', email: 'ap@ostsee.example' },
        // 3 × 199.99 = 599.97 at 19 % (113.99 from 113.9943), 2 × 24.95 = 49.90 at 7 % (3.49 from 3.493)
        totals: { lineNet: '649.87', taxExclusive: '649.87', tax: '117.48', taxInclusive: '767.35', due: '767.35' },
        payment: { iban: 'DE02120300000000202051' },
      },
    });
  });

  it('round-trips any lines: the amount due is the sum of the rounded line nets and VAT', () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            cents: fc.integer({ min: 1, max: 10_000_000 }),
            quantity: fc.integer({ min: 1, max: 500 }),
            vatRate: fc.constantFrom('0', '7', '19', '20', '25.5'),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (lines) => {
          const written = write(
            draft({
              lines: lines.map((line, i) => ({
                name: `Item ${i}`,
                quantity: String(line.quantity) as Decimal,
                unitCode: 'C62',
                unitPrice: (line.cents / 100).toFixed(2) as Decimal,
                vatRate: line.vatRate as Decimal,
              })),
            }),
          );
          const result = await readInvoice(Buffer.from(written));
          if (!result.ok) return false;
          const { totals } = result.invoice;
          return result.invoice.lines.length === lines.length && compareDecimals(totals.due!, totals.taxInclusive!) === 0;
        },
      ),
      { numRuns: 40 },
    ));
});
