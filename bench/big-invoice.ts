import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';

export const BIG_INVOICE_LINES = 200_000;

const ITEMS = [
  'Hex bolt DIN 933 M8 x 40, box of 100',
  'Nitrile gloves, size L, pack of 200',
  'Copy paper A4 80 g/m2, 500 sheets',
  'LED panel 620 x 620 mm, 36 W, 4000 K',
  'Cable tie 4.8 x 300 mm, bag of 100',
  'Safety boots S3, size 43',
  'Ballpoint pen, blue, box of 50',
];

interface GeneratedLine {
  readonly quantity: number;
  readonly priceCents: number;
  /** Two German VAT rates, so the VAT breakdown (BG-23) has two subtotals as real invoices do. */
  readonly vatPercent: 19 | 7;
}

/** Deterministic, varied lines: the same file on every run, no two neighbours alike. */
const lineAt = (n: number): GeneratedLine => ({
  quantity: 1 + (n % 9),
  priceCents: 150 + ((n * 7_919) % 49_850),
  vatPercent: n % 4 === 0 ? 7 : 19,
});

const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** The XML of line n, about 500 bytes: Peppol BIS 3 order of elements (ID, quantity, amount, item, price). */
function lineXml(n: number): string {
  const { quantity, priceCents, vatPercent } = lineAt(n);
  return `  <cac:InvoiceLine>
    <cbc:ID>${n}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="H87">${quantity}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">${amount(quantity * priceCents)}</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Name>${ITEMS[n % ITEMS.length]}</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${vatPercent}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">${amount(priceCents)}</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
`;
}

const party = (role: 'AccountingSupplierParty' | 'AccountingCustomerParty', p: { gln: string; name: string; street: string; city: string; zip: string; vat: string }) => `  <cac:${role}>
    <cac:Party>
      <cbc:EndpointID schemeID="0088">${p.gln}</cbc:EndpointID>
      <cac:PartyName><cbc:Name>${p.name}</cbc:Name></cac:PartyName>
      <cac:PostalAddress>
        <cbc:StreetName>${p.street}</cbc:StreetName>
        <cbc:CityName>${p.city}</cbc:CityName>
        <cbc:PostalZone>${p.zip}</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme><cbc:CompanyID>${p.vat}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
      <cac:PartyLegalEntity><cbc:RegistrationName>${p.name}</cbc:RegistrationName></cac:PartyLegalEntity>
    </cac:Party>
  </cac:${role}>
`;

/**
 * Everything before the lines. UBL puts the totals before the lines, so they are summed from the
 * deterministic lines first, without holding the lines: the whole file is never one string.
 */
function headXml(lines: number): string {
  const taxable = { 19: 0, 7: 0 };
  for (let n = 1; n <= lines; n++) {
    const line = lineAt(n);
    taxable[line.vatPercent] += line.quantity * line.priceCents;
  }
  const tax = { 19: Math.round((taxable[19] * 19) / 100), 7: Math.round((taxable[7] * 7) / 100) };
  const net = taxable[19] + taxable[7];
  const gross = net + tax[19] + tax[7];
  const subtotal = (percent: 19 | 7) => `    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">${amount(taxable[percent])}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">${amount(tax[percent])}</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${percent}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>BIG-2026-0001</cbc:ID>
  <cbc:IssueDate>2026-03-01</cbc:IssueDate>
  <cbc:DueDate>2026-03-31</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>PO-77-2026</cbc:BuyerReference>
  <cac:OrderReference><cbc:ID>PO-77-2026</cbc:ID></cac:OrderReference>
${party('AccountingSupplierParty', { gln: '4000000000000', name: 'Bench Supplies GmbH', street: 'Lagerstraße 12', city: 'Hamburg', zip: '20095', vat: 'DE123456789' })}${party('AccountingCustomerParty', { gln: '4000000000001', name: 'Bench Buyer AG', street: 'Werkstraße 3', city: 'Köln', zip: '50667', vat: 'DE987654321' })}  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cbc:PaymentID>BIG-2026-0001</cbc:PaymentID>
    <cac:PayeeFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>30 days net</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">${amount(tax[19] + tax[7])}</cbc:TaxAmount>
${subtotal(19)}${subtotal(7)}  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">${amount(net)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">${amount(net)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">${amount(gross)}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">${amount(gross)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
`;
}

const TAIL = '</Invoice>\n';

/** Lines are joined this many at a time per write: 200,000 tiny writes would time the stream, not the disk. */
const LINES_PER_WRITE = 500;

function* pieces(lines: number): Generator<string> {
  yield headXml(lines);
  for (let first = 1; first <= lines; first += LINES_PER_WRITE) {
    let text = '';
    for (let n = first; n < Math.min(first + LINES_PER_WRITE, lines + 1); n++) text += lineXml(n);
    yield text;
  }
  yield TAIL;
}

/** The exact size the generator writes, worked out without writing: a file of another size is stale or cut short. */
const expectedBytes = (lines: number): number => {
  let total = 0;
  for (const piece of pieces(lines)) total += Buffer.byteLength(piece);
  return total;
};

export interface BigInvoice {
  readonly path: string;
  readonly bytes: number;
  readonly lines: number;
  /** False when a file of the right size was already there and reused. */
  readonly generated: boolean;
}

/**
 * A Peppol BIS 3 UBL invoice of 200,000 lines (about 100 MB), written once by streaming and reused
 * while its size is exactly what this generator writes.
 * @example const { path } = await bigInvoice('bench/.generated/big-invoice-200k-lines.xml');
 */
export async function bigInvoice(path: string, lines = BIG_INVOICE_LINES): Promise<BigInvoice> {
  const bytes = expectedBytes(lines);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.size === bytes) return { path, bytes, lines, generated: false };

  await mkdir(dirname(path), { recursive: true });
  // Written beside the target and renamed at the end, so an interrupted run never leaves a file that looks finished.
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  try {
    for (const piece of pieces(lines)) {
      if (!out.write(piece)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    await rm(partial, { force: true });
    throw err;
  }
  await rename(partial, path);
  return { path, bytes, lines, generated: true };
}
