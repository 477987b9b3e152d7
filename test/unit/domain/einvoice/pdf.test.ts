import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readInvoice, type ReadResult } from '../../../../functions/domain/einvoice';
import { deflateSync } from 'node:zlib';
import { ciiInvoice, generatedLines, ublInvoice, utf8, zugferd1Invoice } from '../../../support/einvoice-builders';
import { deflatedAttachment, handWrittenPdf, objectStreamOf, pdfWithStreams, zlibZeros } from '../../../support/pdf-builders';

interface Attachment {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly mimeType?: string;
}

/** A one-page PDF carrying the attachments, as a Factur-X writer would embed them. */
async function pdfWith(...attachments: Attachment[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText('Invoice: the structured data is attached.', { x: 50, y: 780, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  for (const { name, bytes, mimeType } of attachments) {
    await pdf.attach(bytes, name, { mimeType: mimeType ?? 'text/xml', description: 'Factur-X/ZUGFeRD invoice', creationDate: new Date(0), modificationDate: new Date(0) });
  }
  return pdf.save();
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

const invoiceOf = (result: ReadResult) => {
  if (!result.ok) throw new Error(`refused: ${result.error.code}: ${result.error.message}`);
  return result.invoice;
};

describe('readInvoice on PDFs', () => {
  it.each(['factur-x.xml', 'ZUGFeRD-invoice.xml', 'zugferd-invoice.xml'])('reads the CII invoice attached as %s', async (name) => {
    const invoice = invoiceOf(await readInvoice(await pdfWith({ name, bytes: utf8(ciiInvoice({ number: `FX-${name}` })) })));
    expect(invoice).toMatchObject({ syntax: 'cii', kind: 'invoice', number: `FX-${name}`, issueDate: '2026-03-05', totals: { due: '20' } });
    expect(invoice.lines).toHaveLength(2);
  });

  it('reads an xrechnung.xml attachment and gives the syntax of the embedded XML', async () => {
    const invoice = invoiceOf(await readInvoice(await pdfWith({ name: 'xrechnung.xml', bytes: utf8(ublInvoice({ number: 'XR-7' })) })));
    expect(invoice).toMatchObject({ syntax: 'ubl', number: 'XR-7' });
  });

  it('reads a CII invoice attached under another .xml name, as a fallback', async () => {
    const pdf = await pdfWith({ name: 'logo.png', bytes: PNG, mimeType: 'image/png' }, { name: 'other.xml', bytes: utf8(ciiInvoice({ number: 'OTHER-1' })) });
    expect(invoiceOf(await readInvoice(pdf)).number).toBe('OTHER-1');
  });

  it('reads a ZUGFeRD 1.0 invoice attached as ZUGFeRD-invoice.xml, and records the attachment', async () => {
    const invoice = invoiceOf(await readInvoice(await pdfWith({ name: 'ZUGFeRD-invoice.xml', bytes: utf8(zugferd1Invoice({ number: 'ZF1-9' })) })));
    expect(invoice).toMatchObject({ syntax: 'cii', customizationId: 'urn:ferd:CrossIndustryDocument:invoice:1p0:comfort', number: 'ZF1-9', attachment: 'ZUGFeRD-invoice.xml', totals: { due: '235.62' } });
  });

  it('takes the Factur-X invoice of a PDF that carries a ZUGFeRD 1.0 one too, whatever their order', async () => {
    const pdf = await pdfWith(
      { name: 'ZUGFeRD-invoice.xml', bytes: utf8(zugferd1Invoice({ number: 'ZF1-OLD' })) },
      { name: 'factur-x.xml', bytes: utf8(ciiInvoice({ number: 'FX-NEW' })) },
    );
    expect(invoiceOf(await readInvoice(pdf))).toMatchObject({ number: 'FX-NEW', attachment: 'factur-x.xml' });
  });

  it('takes factur-x.xml, then xrechnung.xml, then zugferd-invoice.xml, then ZUGFeRD-invoice.xml', async () => {
    const attached = (names: readonly string[]) => pdfWith(...names.map((name) => ({ name, bytes: utf8(ciiInvoice({ number: name.replace(/\W/g, '-') })) })));
    expect(invoiceOf(await readInvoice(await attached(['ZUGFeRD-invoice.xml', 'zugferd-invoice.xml', 'xrechnung.xml']))).attachment).toBe('xrechnung.xml');
    expect(invoiceOf(await readInvoice(await attached(['ZUGFeRD-invoice.xml', 'zugferd-invoice.xml']))).attachment).toBe('zugferd-invoice.xml');
  });

  it('refuses an embedded invoice whose declaration names an encoding that does not exist', async () => {
    const pdf = await pdfWith({ name: 'factur-x.xml', bytes: utf8(ciiInvoice({ number: 'ENC-1', declaration: '<?xml version="1.0" encoding="UTF-8-W/O-BOM"?>' })) });
    expect(await readInvoice(pdf)).toMatchObject({ ok: false, error: { code: 'unsupported-encoding', message: expect.stringContaining("embedded factur-x.xml: unsupported character encoding 'utf-8-w/o-bom'") } });
  });

  it('prefers the standard attachment to another XML file', async () => {
    const pdf = await pdfWith(
      { name: 'aaa-notes.xml', bytes: utf8(ciiInvoice({ number: 'NOT-THIS-ONE' })) },
      { name: 'factur-x.xml', bytes: utf8(ciiInvoice({ number: 'FX-1' })) },
    );
    expect(invoiceOf(await readInvoice(pdf)).number).toBe('FX-1');
  });

  it('refuses a PDF whose only attachment is not XML, naming the attachment', async () => {
    const result = await readInvoice(await pdfWith({ name: 'logo.png', bytes: PNG, mimeType: 'image/png' }));
    expect(result).toEqual({
      ok: false,
      error: { code: 'pdf-no-invoice', message: 'PDF has no embedded factur-x.xml, xrechnung.xml, zugferd-invoice.xml or ZUGFeRD-invoice.xml (attachments: logo.png)' },
    });
  });

  it('refuses a PDF without attachments', async () => {
    expect(await readInvoice(await pdfWith())).toEqual({
      ok: false,
      error: { code: 'pdf-no-invoice', message: expect.stringMatching(/\(no attachments\)$/) },
    });
  });

  it('refuses a PDF whose embedded XML is broken, naming the embedded file', async () => {
    const broken = ciiInvoice().slice(0, 900);
    const result = await readInvoice(await pdfWith({ name: 'factur-x.xml', bytes: utf8(broken) }));
    expect(result).toEqual({
      ok: false,
      error: { code: 'malformed-xml', message: expect.stringMatching(/^embedded factur-x\.xml: malformed XML .*truncated file\?/) },
    });
  });

  it('refuses a PDF whose embedded XML is not an invoice, naming the embedded file', async () => {
    const order = '<?xml version="1.0"?><Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>';
    const result = await readInvoice(await pdfWith({ name: 'factur-x.xml', bytes: utf8(order) }));
    expect(result).toEqual({ ok: false, error: { code: 'not-an-einvoice', message: expect.stringMatching(/^embedded factur-x\.xml: .*<Order>/) } });
  });

  it('refuses a truncated PDF as unreadable', async () => {
    const pdf = await pdfWith({ name: 'factur-x.xml', bytes: utf8(ciiInvoice()) });
    const result = await readInvoice(pdf.subarray(0, Math.floor(pdf.length / 2)));
    expect(result).toEqual({ ok: false, error: { code: 'pdf-unreadable', message: expect.stringMatching(/truncated or damaged/) } });
  });

  it('reads a PDF whose header follows a few bytes of junk', async () => {
    const pdf = await pdfWith({ name: 'factur-x.xml', bytes: utf8(ciiInvoice({ number: 'JUNK-1' })) });
    const mailed = new Uint8Array(Buffer.concat([Buffer.from('Content-Type: application/pdf\r\n\r\n'), pdf]));
    expect(invoiceOf(await readInvoice(mailed)).number).toBe('JUNK-1');
  });

  it('leaves the caller its bytes', async () => {
    const pdf = await pdfWith({ name: 'factur-x.xml', bytes: utf8(ciiInvoice()) });
    const copy = new Uint8Array(pdf);
    invoiceOf(await readInvoice(pdf));
    expect(pdf).toEqual(copy);
  });

  it('refuses an invoice attachment that inflates past the limit as too-large, naming it, without inflating it all', async () => {
    // 64 MiB of zeros in about 65 kB: past a 1 MiB limit at the first MiB.
    const pdf = await pdfWithStreams({ name: 'factur-x.xml', stored: zlibZeros(64) });
    expect(await readInvoice(pdf, { maxBytes: 1024 * 1024 })).toEqual({
      ok: false,
      error: { code: 'too-large', message: 'embedded factur-x.xml: attachment factur-x.xml inflates past the limit of 1048576 bytes' },
    });
  });

  it('reads an invoice attachment that inflates to exactly the limit, and refuses it one byte under', async () => {
    const xml = utf8(ciiInvoice({ number: 'EXACT-1', lines: generatedLines(100) }));
    const pdf = await pdfWithStreams(deflatedAttachment('factur-x.xml', xml));
    expect(pdf.length).toBeLessThan(xml.length); // so the limit is the inflated XML's, not the file's
    expect(invoiceOf(await readInvoice(pdf, { maxBytes: xml.length })).number).toBe('EXACT-1');
    expect(await readInvoice(pdf, { maxBytes: xml.length - 1 })).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it('never inflates a side attachment: one that would not inflate at all leaves the invoice readable', async () => {
    const broken = { name: 'delivery-note.bin', stored: new Uint8Array([0x78, 0xda, 0xff, 0xff, 0xff, 0xff]) };
    const pdf = await pdfWithStreams(broken, deflatedAttachment('factur-x.xml', utf8(ciiInvoice({ number: 'SIDE-1' }))));
    expect(invoiceOf(await readInvoice(pdf)).number).toBe('SIDE-1');
  });

  it('reads the invoice beside a side attachment that inflates to 1 GiB', async () => {
    const pdf = await pdfWithStreams(deflatedAttachment('factur-x.xml', utf8(ciiInvoice({ number: 'BIG-SIDE-1' }))), { name: 'scan.bin', stored: zlibZeros(1024) });
    expect(invoiceOf(await readInvoice(pdf)).number).toBe('BIG-SIDE-1');
  });

  it('reads an attachment stored without a filter', async () => {
    const pdf = await pdfWithStreams({ name: 'factur-x.xml', stored: utf8(ciiInvoice({ number: 'PLAIN-1' })), deflated: false });
    expect(invoiceOf(await readInvoice(pdf)).number).toBe('PLAIN-1');
  });

  it('refuses an attachment whose deflate data is broken, naming it', async () => {
    const pdf = await pdfWithStreams({ name: 'factur-x.xml', stored: new Uint8Array([0x78, 0xda, 0xff, 0xff, 0xff, 0xff]) });
    expect(await readInvoice(pdf)).toEqual({
      ok: false,
      error: { code: 'pdf-unreadable', message: expect.stringMatching(/^embedded factur-x\.xml: attachment factur-x\.xml does not inflate/) },
    });
  });
});

const MIB = 1024 * 1024;
const CATALOG = '<< /Type /Catalog >>';

/** A catalog inside an object stream of `padding` more inflated bytes, stored as given by `encode`. */
const catalogInObjectStream = (padding: number, type = '/Type /ObjStm', encode: (data: Uint8Array) => Uint8Array = deflateSync) => {
  const { entries, data } = objectStreamOf([[2, CATALOG]], padding);
  return handWrittenPdf([{ dict: `${type} ${entries} /Filter /FlateDecode`, data: encode(data) }], '/Root 2 0 R');
};

describe('readInvoice on PDF object streams', () => {
  it('reads a PDF 1.5 whose objects pdf-lib saved in object streams, with a cross-reference stream', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    await pdf.attach(utf8(ciiInvoice({ number: 'OBJSTM-1' })), 'factur-x.xml', { mimeType: 'text/xml' });
    const bytes = await pdf.save({ useObjectStreams: true });
    expect([Buffer.from(bytes).includes('/ObjStm'), Buffer.from(bytes).includes('/XRef')]).toEqual([true, true]);
    expect(invoiceOf(await readInvoice(bytes)).number).toBe('OBJSTM-1');
  });

  it('refuses an object stream that is a deflate bomb as too-large, naming it, before pdf-lib inflates it', async () => {
    // About 1 MB inflating to 1 GiB: pdf-lib's own inflater would take gigabytes and tens of seconds.
    const pdf = handWrittenPdf([CATALOG, { dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', data: zlibZeros(1024) }], '/Root 1 0 R');
    expect(await readInvoice(pdf)).toEqual({
      ok: false,
      error: { code: 'too-large', message: 'object stream 2 0 obj inflates past the limit of 134217728 bytes for all object streams' },
    });
  });

  it.each([
    ['without a space', '/Type/ObjStm'],
    ['with a name escape', '/Type /Obj#53tm'],
    ['after other keys, with a comment', '/Extends 1 0 R %x\n/Type\n/ObjStm'],
  ])('refuses a deflate-bomb object stream whose /Type is written %s', async (_, type) => {
    const pdf = handWrittenPdf([{ dict: `${type.replace(/\\n/g, '\n')} /N 1 /First 4 /Filter /FlateDecode`, data: zlibZeros(64) }]);
    expect(await readInvoice(pdf, { maxBytes: MIB })).toMatchObject({ ok: false, error: { code: 'too-large', message: expect.stringMatching(/^object stream 1 0 obj /) } });
  });

  it('refuses a deflate-bomb object stream whose /Type is a reference to the name ObjStm', async () => {
    const pdf = handWrittenPdf(['/ObjStm', { dict: '/Type 1 0 R /N 1 /First 4 /Filter [/FlateDecode]', data: zlibZeros(64) }]);
    expect(await readInvoice(pdf, { maxBytes: MIB })).toMatchObject({ ok: false, error: { code: 'too-large', message: expect.stringMatching(/^object stream 2 0 obj /) } });
  });

  it('reads object streams that inflate to exactly the limit together, and refuses them one byte over', async () => {
    const second = objectStreamOf([[3, '<< /Filler true >>']], MIB / 2);
    const pdf = (padding: number) =>
      handWrittenPdf(
        [
          { dict: `/Type /ObjStm ${objectStreamOf([[2, CATALOG]]).entries} /Filter /FlateDecode`, data: deflateSync(objectStreamOf([[2, CATALOG]], padding).data) },
          '<< /Type /EmbeddedFile >>',
          { dict: `/Type /ObjStm ${second.entries} /Filter /FlateDecode`, data: deflateSync(second.data) },
        ],
        '/Root 2 0 R',
      );
    const first = objectStreamOf([[2, CATALOG]]).data.length;
    const exact = pdf(MIB - first - second.data.length);
    expect(await readInvoice(exact, { maxBytes: MIB })).toMatchObject({ ok: false, error: { code: 'pdf-no-invoice' } });
    expect(await readInvoice(pdf(MIB - first - second.data.length + 1), { maxBytes: MIB })).toEqual({
      ok: false,
      error: { code: 'too-large', message: 'object stream 3 0 obj inflates past the limit of 1048576 bytes for all object streams' },
    });
  });

  it('refuses an object stream in a filter it does not bound as unreadable, naming it and the filter', async () => {
    const { entries, data } = objectStreamOf([[2, CATALOG]]);
    const pdf = handWrittenPdf([{ dict: `/Type /ObjStm ${entries} /Filter /LZWDecode`, data }], '/Root 2 0 R');
    expect(await readInvoice(pdf)).toEqual({
      ok: false,
      error: { code: 'pdf-unreadable', message: 'object stream 1 0 obj is encoded as LZWDecode, which this reader does not bound (FlateDecode is)' },
    });
  });

  it('refuses an object stream whose deflate data is broken as unreadable', async () => {
    const pdf = catalogInObjectStream(0, '/Type /ObjStm', () => new Uint8Array([0x78, 0xda, 0xff, 0xff, 0xff, 0xff]));
    expect(await readInvoice(pdf)).toMatchObject({ ok: false, error: { code: 'pdf-unreadable', message: expect.stringMatching(/^object stream 1 0 obj does not inflate/) } });
  });

  it('reads the catalog from a deflated object stream', async () => {
    expect(await readInvoice(catalogInObjectStream(1000))).toMatchObject({ ok: false, error: { code: 'pdf-no-invoice', message: expect.stringMatching(/\(no attachments\)$/) } });
  });
});

describe('readInvoice on PDF cross-reference streams', () => {
  it('never decodes a cross-reference stream: one whose deflate data is broken leaves the PDF readable, its /Root kept', async () => {
    const broken = new Uint8Array([0x78, 0xda, 0xff, 0xff, 0xff, 0xff]);
    const pdf = handWrittenPdf([CATALOG, { dict: '/Type /XRef /Size 2 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode', data: broken }]);
    expect(await readInvoice(pdf)).toMatchObject({ ok: false, error: { code: 'pdf-no-invoice', message: expect.stringMatching(/\(no attachments\)$/) } });
  });

  it('never builds the entries a cross-reference stream declares: an /Index pdf-lib could not read is never read', async () => {
    const pdf = handWrittenPdf([CATALOG, { dict: '/Type /XRef /Size 2 /Index [0 (two)] /W [1 4 2] /Root 1 0 R', data: new Uint8Array(14) }]);
    expect(await readInvoice(pdf)).toMatchObject({ ok: false, error: { code: 'pdf-no-invoice' } });
  });

  it('reads past a cross-reference stream declaring ten million entries in 129 bytes', async () => {
    const pdf = handWrittenPdf([CATALOG, { dict: '/Type /XRef /Size 10000000 /W [0 0 0] /Root 1 0 R', data: new Uint8Array(0) }]);
    expect(await readInvoice(pdf)).toMatchObject({ ok: false, error: { code: 'pdf-no-invoice' } });
  });
});
