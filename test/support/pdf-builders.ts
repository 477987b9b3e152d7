import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, StandardFonts, type PDFRef } from 'pdf-lib';

/** An attachment as it is written into the PDF: its stream bytes, deflated unless `raw`. */
export interface RawAttachment {
  readonly name: string;
  /** The stream's bytes as stored in the file. */
  readonly stored: Uint8Array;
  /** Whether `stored` is zlib data (FlateDecode); false stores the bytes as they are. @default true */
  readonly deflated?: boolean;
}

/** An attachment of these bytes, deflated as a Factur-X writer would store it. */
export const deflatedAttachment = (name: string, bytes: Uint8Array): RawAttachment => ({ name, stored: deflateSync(bytes) });

const ZLIB_HEADER = [0x78, 0xda];
// A final, empty, fixed-Huffman deflate block: ends a stream after non-final blocks.
const FINAL_EMPTY_BLOCK = [0x03, 0x00];
const MIB = 1024 * 1024;
// One MiB of zeros deflated and full-flushed, so it depends on nothing before it and can be repeated.
const ZEROS_BLOCK = deflateRawSync(new Uint8Array(MIB), { level: 9, finishFlush: constants.Z_FULL_FLUSH });

/**
 * zlib data that inflates to `mebibytes` MiB of zeros, built in milliseconds whatever its inflated size:
 * the deflated MiB is repeated, then the stream is closed with the Adler-32 of that many zeros (a stays 1, b is the byte count mod 65521).
 * @example zlibZeros(1024) // about 1 MB that inflates to 1 GiB
 */
export function zlibZeros(mebibytes: number): Uint8Array {
  const adler = ((mebibytes * MIB) % 65521) * 65536 + 1;
  const out = new Uint8Array(ZLIB_HEADER.length + ZEROS_BLOCK.length * mebibytes + FINAL_EMPTY_BLOCK.length + 4);
  out.set(ZLIB_HEADER);
  for (let i = 0; i < mebibytes; i++) out.set(ZEROS_BLOCK, ZLIB_HEADER.length + i * ZEROS_BLOCK.length);
  out.set(FINAL_EMPTY_BLOCK, out.length - 6);
  new DataView(out.buffer).setUint32(out.length - 4, adler);
  return out;
}

/** Mebibytes of zeros whose zlib form fills about `bytes` of a file: how big a bomb a file of that size holds. */
export const zerosFilling = (bytes: number): number => Math.max(1, Math.round(bytes / ZEROS_BLOCK.length));

function fileSpec(pdf: PDFDocument, { name, stored, deflated = true }: RawAttachment): PDFRef {
  const dict = pdf.context.obj({ Type: 'EmbeddedFile', Subtype: 'text/xml' });
  if (deflated) dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
  const stream = pdf.context.register(PDFRawStream.of(dict, stored));
  const spec = pdf.context.obj({ Type: 'Filespec', F: PDFString.of(name), UF: PDFHexString.fromText(name), AFRelationship: 'Data' });
  spec.set(PDFName.of('EF'), pdf.context.obj({ F: stream, UF: stream }));
  return pdf.context.register(spec);
}

/**
 * A one-page PDF whose EmbeddedFiles name tree holds the attachments with their streams exactly as given:
 * how a hostile file can carry a deflate bomb that no writer would make.
 */
export async function pdfWithStreams(...attachments: RawAttachment[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText('Invoice: the structured data is attached.', { x: 50, y: 780, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  const names = attachments.flatMap((attachment) => [PDFHexString.fromText(attachment.name), fileSpec(pdf, attachment)]);
  pdf.catalog.set(PDFName.of('Names'), pdf.context.obj({ EmbeddedFiles: pdf.context.obj({ Names: names }) }));
  return pdf.save();
}

/** An indirect object's body as written between `N 0 obj` and `endobj`: text, or a stream's dictionary entries and data. */
export type HandWrittenObject = string | { readonly dict: string; readonly data: Uint8Array };

const latin1 = (text: string) => Buffer.from(text, 'latin1');

/**
 * A PDF written byte by byte: objects numbered from 1 in order, each stream given an exact /Length, then the
 * trailer dictionary's entries if any. No xref table: pdf-lib reads the objects in order, as it does anyway.
 * @example handWrittenPdf(['<< /Type /Catalog >>'], '/Root 1 0 R')
 */
export function handWrittenPdf(objects: readonly HandWrittenObject[], trailer?: string): Uint8Array {
  const parts: Uint8Array[] = [latin1('%PDF-1.5\n')];
  objects.forEach((object, i) => {
    if (typeof object === 'string') parts.push(latin1(`${i + 1} 0 obj\n${object}\nendobj\n`));
    else parts.push(latin1(`${i + 1} 0 obj\n<< ${object.dict} /Length ${object.data.length} >>\nstream\n`), object.data, latin1('\nendstream\nendobj\n'));
  });
  if (trailer !== undefined) parts.push(latin1(`trailer\n<< ${trailer} >>\n`));
  parts.push(latin1('%%EOF\n'));
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * An object stream's /N and /First and its data: the objects (number, text) after their offsets, then `padding`
 * spaces, which inflate to as many bytes and parse as nothing.
 */
export function objectStreamOf(objects: readonly (readonly [number, string])[], padding = 0): { readonly entries: string; readonly data: Uint8Array } {
  let offset = 0;
  const offsets = objects.map(([number, text]) => {
    const entry = `${number} ${offset}`;
    offset += text.length + 1;
    return entry;
  });
  const header = `${offsets.join(' ')}\n`;
  const body = objects.map(([, text]) => `${text}\n`).join('');
  return { entries: `/N ${objects.length} /First ${header.length}`, data: latin1(header + body + ' '.repeat(padding)) };
}
