import { describe, expect, it } from 'vitest';
import { readInvoice, type CanonicalInvoice, type ReadErrorCode, type ReadResult } from '../../../../functions/domain/einvoice';
import { compareDecimals, parseDecimal, sumDecimals, type Decimal } from '../../../../functions/domain/money';
import { invoicePk } from '../../../../functions/adapters/ledger';
import { invoiceKeyOf } from '../../../../functions/domain/intake';
import { ciiInvoice, generatedLines, ublInvoice, utf8 } from '../../../support/einvoice-builders';

const read = (document: string | Uint8Array, maxBytes?: number): Promise<ReadResult> =>
  readInvoice(typeof document === 'string' ? utf8(document) : document, maxBytes === undefined ? {} : { maxBytes });

const readOk = async (document: string | Uint8Array): Promise<CanonicalInvoice> => {
  const result = await read(document);
  if (!result.ok) throw new Error(`refused: ${result.error.code}: ${result.error.message}`);
  return result.invoice;
};

/** The refusal, checked to be one with a message a person can read. */
const refusal = async (document: string | Uint8Array, maxBytes?: number): Promise<{ code: ReadErrorCode; message: string }> => {
  const result = await read(document, maxBytes);
  if (result.ok) throw new Error(`read, not refused: invoice ${result.invoice.number}`);
  expect(result.error.message).not.toBe('');
  return result.error;
};

const decimal = (text: string): Decimal => {
  const value = parseDecimal(text);
  if (value === undefined) throw new Error(`not a decimal: ${text}`);
  return value;
};

/** The same characters as UTF-16BE bytes after a byte-order mark. */
const utf16beWithBom = (text: string): Uint8Array => {
  const body = Buffer.from(text, 'utf16le').swap16();
  return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), body]));
};

describe('readInvoice on entity tricks', () => {
  it('refuses a billion-laughs bomb declared in an internal DTD subset without expanding it', async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const bomb = ublInvoice({ prolog: `<!DOCTYPE Invoice [<!ENTITY lol0 "lol">${entities}]>`, paymentTerms: '&lol9;' });
    // Refused at the DOCTYPE, before any entity exists to expand: the code says so, whatever the machine's load.
    expect(await refusal(bomb)).toEqual({ code: 'dtd-forbidden', message: expect.stringMatching(/DOCTYPE is refused/) });
  });

  it('refuses an external parameter entity (XXE) before anything is fetched', async () => {
    const xxe = ublInvoice({
      prolog: '<!DOCTYPE Invoice [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote; <!ENTITY secret SYSTEM "file:///etc/passwd">]>',
      paymentTerms: '&secret;',
    });
    expect(await refusal(xxe)).toEqual({ code: 'dtd-forbidden', message: expect.stringMatching(/external-entity \(XXE\)/) });
  });

  it('refuses a DOCTYPE naming an external DTD only', async () => {
    const external = ublInvoice({ prolog: '<!DOCTYPE Invoice SYSTEM "http://127.0.0.1:9/ubl.dtd">' });
    expect((await refusal(external)).code).toBe('dtd-forbidden');
  });

  it.each(['&lol;', '&nbsp;', '&eacute;', '&copy;'])(
    'refuses the undefined entity reference %s without a DOCTYPE as malformed, never expanding it',
    async (reference) => {
      expect(await refusal(ublInvoice({ paymentTerms: `Net 30${reference} days` }))).toEqual({
        code: 'malformed-xml',
        message: expect.stringMatching(/undefined entity reference/),
      });
    },
  );

  it('reads the five predefined entities and character references', async () => {
    const invoice = await readOk(ublInvoice({ paymentTerms: '&lt;30&gt; days &amp; &quot;net&quot; &apos;cash&apos; &#68;r&#xF6;j' }));
    expect(invoice.paymentTerms).toBe(`<30> days & "net" 'cash' Dröj`);
  });
});

describe('readInvoice on size', () => {
  const invoice = utf8(ublInvoice());

  it('refuses a file over maxBytes as too-large before parsing it', async () => {
    const garbage = new Uint8Array(invoice.length).fill(0x3c); // '<<<<...': malformed, were it parsed
    expect(await refusal(garbage, invoice.length - 1)).toEqual({
      code: 'too-large',
      message: `file too large: ${invoice.length} bytes, the limit is ${invoice.length - 1} bytes`,
    });
  });

  it('reads a file of exactly maxBytes', async () => {
    const result = await readInvoice(invoice, { maxBytes: invoice.length });
    expect(result.ok).toBe(true);
  });

  it('refuses a deeply nested document without running out of stack', async () => {
    const depth = 100_000;
    const nested = ublInvoice({ header: `${'<cbc:Note>'.repeat(depth)}x${'</cbc:Note>'.repeat(depth)}` });
    expect(await refusal(nested)).toEqual({ code: 'malformed-xml', message: expect.stringMatching(/nested deeper than \d+ levels/) });
  });

  it('reads a UBL invoice of 20,000 lines, streaming them', async () => {
    const lines = generatedLines(20_000, (i) => `${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}`);
    const document = ublInvoice({ lines });
    const invoice = await readOk(document);
    expect(invoice.lines).toHaveLength(20_000);
    expect(invoice.lines[0]).toEqual({ id: '1', quantity: '1', unitCode: 'C62', netAmount: '1.00', name: 'Item 1' });
    expect(invoice.lines.at(-1)?.id).toBe('20000');
    const sum = sumDecimals(invoice.lines.map((line) => line.netAmount ?? decimal('0')));
    expect(invoice.totals.lineNet).not.toBeNull();
    expect(compareDecimals(sum, invoice.totals.lineNet ?? decimal('0'))).toBe(0);
  });

  it.each([0, 1, 2])('reads multi-byte characters wherever the read chunks split them (shift %i)', async (shift) => {
    // 3 MB of three-byte characters in a note the reader does not map (BT-22): at one of three shifts, every chunk
    // boundary splits one, and a character decoded wrongly would be refused as invalid-encoding.
    const note = `<cbc:Note>${'x'.repeat(shift)}${'€'.repeat(1_000_000)}</cbc:Note>`;
    const invoice = await readOk(ublInvoice({ header: note, paymentTerms: '30 Tage netto, 2 % Skonto: 9,80 €' }));
    expect(invoice.paymentTerms).toBe('30 Tage netto, 2 % Skonto: 9,80 €');
  });
});

describe('readInvoice on character encodings', () => {
  it('refuses bytes that are not UTF-8 in a UTF-8 document', async () => {
    const bytes = utf8(ublInvoice({ sellerName: 'Seller XX' }));
    const at = Buffer.from(bytes).indexOf('XX');
    bytes.set([0xc3, 0x28], at); // a lead byte followed by an ASCII byte
    expect(await refusal(bytes)).toEqual({ code: 'invalid-encoding', message: expect.stringMatching(/not valid UTF-8/) });
  });

  it('refuses Latin-1 bytes in a document that declares no encoding (so UTF-8)', async () => {
    const latin1 = new Uint8Array(Buffer.from(ublInvoice({ declaration: '<?xml version="1.0"?>', sellerName: 'Dröjsmål AB' }), 'latin1'));
    expect((await refusal(latin1)).code).toBe('invalid-encoding');
  });

  it('refuses a document declaring an encoding it does not know', async () => {
    const document = ublInvoice({ declaration: '<?xml version="1.0" encoding="x-klingon-8"?>' });
    expect(await refusal(document)).toEqual({ code: 'unsupported-encoding', message: expect.stringMatching(/'x-klingon-8'/) });
  });

  it('reads ISO-8859-1 as declared', async () => {
    const text = ublInvoice({ declaration: '<?xml version="1.0" encoding="ISO-8859-1"?>', paymentTerms: '30 dagar netto. Dröjsmålsränta: 12 %' });
    const invoice = await readOk(new Uint8Array(Buffer.from(text, 'latin1')));
    expect(invoice.paymentTerms).toBe('30 dagar netto. Dröjsmålsränta: 12 %');
  });

  it('reads UTF-16BE with a byte-order mark', async () => {
    const text = ublInvoice({ declaration: '<?xml version="1.0" encoding="UTF-16"?>', sellerName: 'Telefonitjänster AB', number: 'Ünïcödé-7' });
    const invoice = await readOk(utf16beWithBom(text));
    expect([invoice.number, invoice.seller.name]).toEqual(['Ünïcödé-7', 'Telefonitjänster AB']);
  });

  it('reads UTF-16LE with a byte-order mark', async () => {
    const body = Buffer.from(ublInvoice({ declaration: '<?xml version="1.0" encoding="UTF-16"?>', sellerName: 'Åkeri AB' }), 'utf16le');
    const invoice = await readOk(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), body])));
    expect(invoice.seller.name).toBe('Åkeri AB');
  });
});

describe('readInvoice on values', () => {
  it('refuses a decimal comma in a line amount, naming the line', async () => {
    const lines = generatedLines(3, (i) => (i === 1 ? '12,50' : '10.00'));
    expect(await refusal(ublInvoice({ lines }))).toEqual({
      code: 'invalid-value',
      message: "BT-131 net amount of line 2 '12,50' is not a decimal number (a decimal comma: write it with a point)",
    });
  });

  it('refuses a decimal comma in a CII total', async () => {
    expect(await refusal(ciiInvoice({ totals: { taxInclusive: '20,00' } }))).toEqual({
      code: 'invalid-value',
      message: expect.stringMatching(/^BT-112 total with VAT '20,00' is not a decimal number/),
    });
  });

  it.each(['1e3', 'NaN', '12.50 EUR'])('refuses the amount %s', async (amount) => {
    expect((await refusal(ublInvoice({ totals: { due: amount } }))).code).toBe('invalid-value');
  });

  it('refuses an impossible issue date (BT-2)', async () => {
    expect(await refusal(ublInvoice({ issueDate: '2026-02-30' }))).toEqual({
      code: 'invalid-value',
      message: "BT-2 issue date '2026-02-30' is not a calendar date (YYYY-MM-DD)",
    });
  });

  it('refuses an impossible CII issue date in format 102', async () => {
    expect(await refusal(ciiInvoice({ issueDate: '20260230' }))).toEqual({
      code: 'invalid-value',
      message: expect.stringMatching(/^BT-2 issue date '2026-02-30'/),
    });
  });

  it('refuses an invoice without its number (BT-1)', async () => {
    expect(await refusal(ublInvoice({ number: null }))).toEqual({ code: 'missing-term', message: 'BT-1 invoice number missing' });
  });

  it('keeps the amounts exactly as written, a negative amount due included', async () => {
    const invoice = await readOk(ublInvoice({ totals: { lineNet: '1000.10', taxInclusive: '1000.1', due: '-0.005' } }));
    expect(invoice.totals).toMatchObject({ lineNet: '1000.10', taxInclusive: '1000.1', due: '-0.005' });
  });
});

describe('readInvoice on markup that is not data', () => {
  it('ignores elements inside comments', async () => {
    const invoice = await readOk(ublInvoice({ dueDate: null, header: '<!-- <cbc:DueDate>2099-01-01</cbc:DueDate> -->' }));
    expect(invoice.dueDate).toBeNull();
  });

  it('reads text around a comment as one text', async () => {
    const invoice = await readOk(ublInvoice({ sellerName: 'ACME<!-- legal form below --> Trading<?pi ignored?> Ltd' }));
    expect(invoice.seller.name).toBe('ACME Trading Ltd');
  });

  it('reads CDATA text literally', async () => {
    const invoice = await readOk(ublInvoice({ paymentTerms: '<![CDATA[Net 30 & <b>no</b> discount]]>' }));
    expect(invoice.paymentTerms).toBe('Net 30 & <b>no</b> discount');
  });

  it('ignores a look-alike element in another namespace', async () => {
    const invoice = await readOk(ublInvoice({ header: '<x:DueDate xmlns:x="urn:example:not-ubl">2099-01-01</x:DueDate>', dueDate: null }));
    expect(invoice.dueDate).toBeNull();
  });

  it('collapses whitespace in text terms', async () => {
    const invoice = await readOk(ublInvoice({ sellerName: '\n   Seller\t\tand\r\n  Sons AB  ' }));
    expect(invoice.seller.name).toBe('Seller and Sons AB');
  });

  it('reads an XML invoice that mentions %PDF- near its start as XML', async () => {
    const invoice = await readOk(ublInvoice({ prolog: '<!-- printed copy: see the attached %PDF-1.7 file -->' }));
    expect(invoice.number).toBe('INV-1');
  });

  it('refuses a second root element', async () => {
    const document = ublInvoice();
    expect((await refusal(document + document.replace(/^<\?xml[^>]*>/, ''))).code).toBe('malformed-xml');
  });
});

describe('readInvoice on invoice kinds', () => {
  it.each([
    ['380', 'invoice'],
    ['381', 'credit-note'],
    ['384', 'invoice'],
    ['389', 'invoice'],
    ['396', 'credit-note'],
  ] as const)('reads CII type code %s as kind %s', async (typeCode, kind) => {
    const invoice = await readOk(ciiInvoice({ typeCode }));
    expect(invoice).toMatchObject({ syntax: 'cii', kind, typeCode });
  });

  it('reads a UBL CreditNote root as a credit note', async () => {
    const invoice = await readOk(ublInvoice({ root: 'CreditNote' }));
    expect(invoice).toMatchObject({ syntax: 'ubl', kind: 'credit-note', typeCode: '381' });
    expect(invoice.lines).toHaveLength(2);
  });

  it('reads a UBL Invoice with type code 381 as a credit note', async () => {
    expect((await readOk(ublInvoice({ typeCode: '381' }))).kind).toBe('credit-note');
  });

  it('reads the CII lines, dates and totals', async () => {
    const invoice = await readOk(ciiInvoice({ lines: generatedLines(3) }));
    expect(invoice).toMatchObject({
      number: 'CII-1',
      issueDate: '2026-03-05',
      dueDate: '2026-04-04',
      currency: 'EUR',
      paymentTerms: 'Net 30 days',
      seller: { name: 'Verkäufer GmbH', vatId: 'DE123456789' },
      buyer: { name: 'Acheteur SARL' },
      totals: { lineNet: '30', tax: '0.00', due: '30' },
    });
    expect(invoice.lines.map((line) => line.id)).toEqual(['1', '2', '3']);
  });
});

/** `count` attributes named a0, a1, ... with empty values. */
const attributes = (count: number, name = (i: number) => `a${i}`) => Array.from({ length: count }, (_, i) => ` ${name(i)}=""`).join('');

describe('readInvoice on markup that would make the parser super-linear', () => {
  it('refuses a million attributes on one element while the tag is read', async () => {
    const document = ublInvoice({ header: `<cbc:Note${attributes(1_000_000)}>x</cbc:Note>` });
    expect(await refusal(document)).toEqual({
      code: 'malformed-xml',
      message: expect.stringMatching(/^malformed XML at line 7, column \d+: more than 256 attributes on one element: not an e-invoice$/),
    });
  });

  it('reads an element with 256 attributes, the bound', async () => {
    expect((await readOk(ublInvoice({ header: `<cbc:Note${attributes(256)}>x</cbc:Note>` }))).number).toBe('INV-1');
  });

  it('refuses 100,000 namespace declarations on one element while the tag is read', async () => {
    const declarations = attributes(100_000, (i) => `xmlns:p${i}`).replace(/""/g, '"urn:x"');
    expect(await refusal(ublInvoice({ header: `<cbc:Note${declarations}>x</cbc:Note>` }))).toEqual({
      code: 'malformed-xml',
      message: expect.stringMatching(/more than 64 namespace declarations on one element/),
    });
  });

  it('reads an element with 64 namespace declarations, the bound', async () => {
    const declarations = attributes(64, (i) => `xmlns:p${i}`).replace(/""/g, '"urn:x"');
    expect((await readOk(ublInvoice({ header: `<cbc:Note${declarations}>x</cbc:Note>` }))).number).toBe('INV-1');
  });

  it('refuses an element whose prefix is bound nowhere', async () => {
    expect(await refusal(ublInvoice({ header: '<x:Note>x</x:Note>' }))).toEqual({
      code: 'malformed-xml',
      message: expect.stringMatching(/unbound namespace prefix 'x'/),
    });
  });

  it('refuses an attribute whose prefix is bound nowhere', async () => {
    expect((await refusal(ublInvoice({ header: '<cbc:Note x:lang="de">x</cbc:Note>' }))).message).toMatch(/unbound namespace prefix 'x'/);
  });

  it('reads xml:lang, whose prefix XML binds', async () => {
    expect((await readOk(ublInvoice({ header: '<cbc:Note xml:lang="de">x</cbc:Note>' }))).number).toBe('INV-1');
  });

  it('refuses a redeclared xml: prefix', async () => {
    expect((await refusal(ublInvoice({ header: '<cbc:Note xmlns:xml="urn:not-xml">x</cbc:Note>' }))).message).toMatch(/xml: prefix must be bound/);
  });

  it('refuses a 50 MB buyer name, keeping none of it while streaming', async () => {
    expect(await refusal(ublInvoice({ buyerName: 'B'.repeat(50_000_000) }))).toEqual({
      code: 'invalid-value',
      message: 'the text of <RegistrationName> is longer than 65536 characters: no invoice term is that long',
    });
  });
});

describe('readInvoice on XML 1.0 characters and declarations', () => {
  it.each([
    ['an escape sequence', 'INV-\u001b[31m1', 'U+001B'],
    ['a NUL', 'INV-\u00001', 'U+0000'],
    ['U+FFFE', 'INV-\uFFFE', 'U+FFFE'],
    ['U+FFFF', 'INV-\uFFFF', 'U+FFFF'],
  ])('refuses %s in the text, with its position', async (_what, number, codePoint) => {
    expect(await refusal(ublInvoice({ number }))).toEqual({
      code: 'malformed-xml',
      message: `malformed XML at line 5, column 13: character ${codePoint} is not allowed in XML 1.0 (a control character?)`,
    });
  });

  it('refuses a lone surrogate in UTF-16 bytes as invalid encoding', async () => {
    const bytes = utf16beWithBom(ublInvoice({ declaration: '<?xml version="1.0" encoding="UTF-16"?>', sellerName: 'Seller XX' }));
    const at = Buffer.from(bytes).indexOf(Buffer.from('XX', 'utf16le').swap16());
    bytes.set([0xd8, 0x00], at); // a high surrogate followed by 'X', not by a low surrogate
    expect((await refusal(bytes)).code).toBe('invalid-encoding');
  });

  it('refuses a control character in an attribute value', async () => {
    expect((await refusal(ublInvoice({ header: '<cbc:Note a="\u0007">x</cbc:Note>' }))).message).toMatch(/character U\+0007 is not allowed/);
  });

  it.each(['&#1;', '&#x1B;', '&#xFFFE;', '&#xD800;', '&#0;'])('refuses the character reference %s to a character XML 1.0 forbids', async (reference) => {
    expect(await refusal(ublInvoice({ number: `INV-${reference}1` }))).toEqual({
      code: 'malformed-xml',
      message: expect.stringMatching(/a character reference to a character XML 1\.0 forbids/),
    });
  });

  it.each([
    ['a second declaration', '<?xml version="1.0" encoding="UTF-8"?>\n<?xml version="1.0"?>', /only come first, and only once/],
    ['a processing instruction before the declaration', '<?pi x?><?xml version="1.0"?>', /only come first, and only once/],
    ['whitespace before the declaration', '\n <?xml version="1.0"?>', /only come first, and only once/],
    ['an XML declaration in upper case', '<?XML version="1.0"?>', /the processing instruction name 'XML' is reserved/],
  ])('refuses %s', async (_what, declaration, message) => {
    expect(await refusal(ublInvoice({ declaration }))).toEqual({ code: 'malformed-xml', message: expect.stringMatching(message) });
  });

  it('refuses an XML declaration after the root element has started', async () => {
    expect((await refusal(ublInvoice({ header: '<?xml version="1.0"?>' }))).message).toMatch(/only come first, and only once/);
  });

  it('reads a document without a declaration, and other processing instructions after it', async () => {
    expect((await readOk(ublInvoice({ declaration: '', prolog: '<?xml-stylesheet href="a.xsl"?>' }))).number).toBe('INV-1');
  });
});

describe('readInvoice on what the ledger stores', () => {
  it.each(['XYZ', 'eur', 'EURO', '€', '💶', '&lt;b&gt;EUR&lt;/b&gt;'])('refuses the currency %s, naming BT-5', async (currency) => {
    expect(await refusal(ublInvoice({ currency }))).toEqual({
      code: 'invalid-value',
      message: expect.stringMatching(/^BT-5 invoice currency code ".*" is not an ISO 4217 currency code \(three upper-case letters, e\.g\. EUR\)$/),
    });
  });

  it('refuses a CII currency not on ISO 4217', async () => {
    expect((await refusal(ciiInvoice({ currency: 'XYZ' }))).message).toBe('BT-5 invoice currency code "XYZ" is not an ISO 4217 currency code (three upper-case letters, e.g. EUR)');
  });

  it.each(['SEK', 'CHF', 'JPY', 'XCG'])('reads the ISO 4217 currency %s', async (currency) => {
    expect((await readOk(ciiInvoice({ currency }))).currency).toBe(currency);
  });

  it('reads an amount with a leading + and drops the sign', async () => {
    expect((await readOk(ublInvoice({ totals: { due: '+1656.25' } }))).totals.due).toBe('1656.25');
  });

  it('refuses a 40-digit amount, which no ledger number holds', async () => {
    expect(await refusal(ublInvoice({ totals: { due: '1'.repeat(40) } }))).toEqual({
      code: 'invalid-value',
      message: `BT-115 amount due for payment '${'1'.repeat(40)}' has more digits than the ledger stores (at most 18 before the decimal point and 20 after)`,
    });
  });

  it('refuses a 10 kB invoice number, too long for a ledger key', async () => {
    expect(await refusal(ublInvoice({ number: 'N'.repeat(10_240) }))).toEqual({
      code: 'invalid-value',
      message: 'BT-1 invoice number is 10240 bytes long: the ledger keys identifiers of at most 200 bytes (UTF-8)',
    });
  });

  it('reads an invoice number of 200 bytes and refuses one of 201, counting UTF-8 bytes', async () => {
    const number = `${'€'.repeat(66)}NN`; // 66 × 3 + 2 = 200 bytes
    expect((await readOk(ublInvoice({ number }))).number).toBe(number);
    expect((await refusal(ublInvoice({ number: `${number}N` }))).message).toMatch(/^BT-1 invoice number is 201 bytes long/);
  });

  it('refuses a C1 control character (CSI) in a name, which terminals act on', async () => {
    expect(await refusal(ublInvoice({ sellerName: 'Seller\u009B2J AB' }))).toEqual({
      code: 'invalid-value',
      message: 'BT-27 seller name contains the control character U+009B',
    });
  });

  it('reads a name of 4,000 characters and refuses one of 4,001', async () => {
    expect((await readOk(ublInvoice({ buyerName: 'B'.repeat(4_000) }))).buyer.name).toHaveLength(4_000);
    expect((await refusal(ublInvoice({ buyerName: 'B'.repeat(4_001) }))).message).toBe('BT-44 buyer name is 4001 characters long: at most 4000 are read');
  });

  it('refuses an invoice whose header is too large for one ledger item', async () => {
    const reason = 'R'.repeat(3_900);
    const subtotal = `<cac:TaxSubtotal><cac:TaxCategory><cbc:ID>E</cbc:ID><cbc:TaxExemptionReason>${reason}</cbc:TaxExemptionReason></cac:TaxCategory></cac:TaxSubtotal>`;
    const header = `<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">0</cbc:TaxAmount>${subtotal.repeat(100)}</cac:TaxTotal>`;
    expect(await refusal(ublInvoice({ header }))).toEqual({
      code: 'too-large',
      message: expect.stringMatching(/^the invoice without its lines is \d+ bytes: the ledger keeps at most 262144 bytes per invoice/),
    });
  });

  it('keeps the longest keys an accepted invoice makes within DynamoDB key limits', async () => {
    // The worst case: a 200-byte number, and a seller known only by a name of three-byte characters (its key keeps 200).
    const invoice = await readOk(ublInvoice({ number: `${'€'.repeat(66)}NN`, sellerName: '€'.repeat(4_000) }));
    const pk = invoicePk(invoiceKeyOf(invoice));
    expect(Buffer.byteLength(pk)).toBeLessThanOrEqual(2_048);
    // Sort keys that embed it: a call task's (with a policy step id) and a credit-hold alert's.
    expect(Buffer.byteLength(`${pk}#${'step-id-'.repeat(8)}`)).toBeLessThanOrEqual(1_024);
    expect(Buffer.byteLength(`ALERT#${pk}`)).toBeLessThanOrEqual(1_024);
  });
});
