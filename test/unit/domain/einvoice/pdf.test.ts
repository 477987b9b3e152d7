import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readInvoice, type ReadResult } from '../../../../functions/domain/einvoice';
import { ciiInvoice, generatedLines, ublInvoice, utf8 } from '../../../support/einvoice-builders';
import { deflatedAttachment, pdfWithStreams, zlibZeros } from '../../../support/pdf-builders';

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
      error: { code: 'pdf-no-invoice', message: 'PDF has no embedded factur-x.xml, zugferd-invoice.xml or xrechnung.xml (attachments: logo.png)' },
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
