import { constants, inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFString } from 'pdf-lib';
import { loadPdfContext } from './pdf-parser';
import { InvoiceReadError } from './types';

/**
 * Names the hybrid standards give the embedded invoice, in the order one is taken when a PDF
 * carries several (a ZUGFeRD 1.0 and a Factur-X XML: the Factur-X one is the invoice): Factur-X,
 * XRechnung, ZUGFeRD 2.x, ZUGFeRD 1.0. The last two differ only in case, so a name is matched as
 * written first, and then whatever its case.
 */
const INVOICE_ATTACHMENT_NAMES = ['factur-x.xml', 'xrechnung.xml', 'zugferd-invoice.xml', 'ZUGFeRD-invoice.xml'];

/** Where a file stands in that order: as written, then case-insensitively after every name as written; null for another name. */
const attachmentRank = (filename: string): number | null => {
  const exact = INVOICE_ATTACHMENT_NAMES.indexOf(filename);
  if (exact >= 0) return exact;
  const folded = INVOICE_ATTACHMENT_NAMES.findIndex((standard) => standard.toLowerCase() === filename.toLowerCase());
  return folded >= 0 ? INVOICE_ATTACHMENT_NAMES.length + folded : null;
};

export const isPdf = (bytes: Uint8Array): boolean => {
  // %PDF- may follow a few bytes of junk (ISO 32000-1, 7.5.2 lets readers look within the first 1024 bytes),
  // but not markup: an XML invoice that mentions %PDF- near its start is XML.
  const header = Buffer.from(bytes.subarray(0, 1024)).indexOf('%PDF-');
  return header >= 0 && !bytes.subarray(0, header).includes(0x3c);
};

/** An attachment that may hold the invoice, not yet decoded: only the one the reader reads is ever inflated. */
export interface EmbeddedXml {
  readonly filename: string;
  /** The attachment's bytes, decoded; refused as `too-large` past the limit it was found with. */
  read(): Uint8Array;
}

interface Attachment {
  readonly filename: string;
  readonly stream: PDFRawStream | undefined;
}

const name = (key: string) => PDFName.of(key);

const textOf = (value: PDFString | PDFHexString | undefined): string | undefined => value?.decodeText();

/** Every (name, file specification) pair of an EmbeddedFiles name tree, leaves and kids alike (ISO 32000-1, 7.9.6). */
function nameTreeValues(node: PDFDict, seen = new Set<PDFDict>()): PDFDict[] {
  if (seen.has(node)) return []; // a tree whose kids point back up would otherwise never end
  seen.add(node);
  const values: PDFDict[] = [];
  const names = node.lookupMaybe(name('Names'), PDFArray);
  for (let i = 1; names && i < names.size(); i += 2) {
    const spec = names.lookupMaybe(i, PDFDict);
    if (spec) values.push(spec);
  }
  const kids = node.lookupMaybe(name('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i++) {
    const kid = kids.lookupMaybe(i, PDFDict);
    if (kid) values.push(...nameTreeValues(kid, seen));
  }
  return values;
}

/** The file name a file specification gives (UF, the Unicode one, first), without any folder. */
function attachmentOf(spec: PDFDict): Attachment {
  const path = textOf(spec.lookupMaybe(name('UF'), PDFString, PDFHexString)) ?? textOf(spec.lookupMaybe(name('F'), PDFString, PDFHexString)) ?? '';
  const files = spec.lookupMaybe(name('EF'), PDFDict);
  const stream = files?.lookup(name('UF')) ?? files?.lookup(name('F'));
  return { filename: path.split(/[/\\]/).pop() ?? path, stream: stream instanceof PDFRawStream ? stream : undefined };
}

/** The filters a stream names, as a list whether the PDF wrote one name or an array. */
function filtersOf(stream: PDFRawStream): string[] {
  const filter = stream.dict.lookup(name('Filter'));
  if (filter instanceof PDFName) return [filter.decodeText()];
  if (filter instanceof PDFArray) return filter.asArray().map((entry) => (entry instanceof PDFName ? entry.decodeText() : String(entry)));
  return [];
}

/** Whether the stream's DecodeParms ask for a PNG or TIFF predictor (ISO 32000-1, table 8), which zlib alone does not undo. */
function hasPredictor(stream: PDFRawStream): boolean {
  const parms = stream.dict.lookup(name('DecodeParms'));
  const predictor = parms instanceof PDFDict ? parms.lookup(name('Predictor')) : undefined;
  return predictor instanceof PDFNumber && predictor.asNumber() > 1;
}

/**
 * The attachment decoded, never past maxBytes: zlib's maxOutputLength stops inflating at the limit, so a
 * deflate bomb costs the limit in memory, not its inflated size.
 */
function decode({ filename, stream }: Attachment, maxBytes: number): Uint8Array {
  if (!stream) throw new InvoiceReadError('pdf-unreadable', `attachment ${filename} has no embedded file stream`);
  const filters = filtersOf(stream);
  // Stored as is, it is part of the file, which is within the limit already.
  if (filters.length === 0) return stream.contents;
  if (filters.length > 1 || filters[0] !== 'FlateDecode' || hasPredictor(stream)) {
    const predictor = hasPredictor(stream) ? ' with a predictor' : '';
    throw new InvoiceReadError('pdf-unreadable', `attachment ${filename} is encoded as ${filters.join(' + ')}${predictor}, which this reader does not decode (FlateDecode is)`);
  }
  try {
    // Z_SYNC_FLUSH: a stream cut short gives what it holds, as PDF readers are lenient about missing trailers.
    return inflateSync(stream.contents, { maxOutputLength: maxBytes, finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 64 * 1024 });
  } catch (err) {
    if (err instanceof RangeError) throw new InvoiceReadError('too-large', `attachment ${filename} inflates past the limit of ${maxBytes} bytes`, { cause: err });
    throw new InvoiceReadError('pdf-unreadable', `attachment ${filename} does not inflate (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
}

/**
 * pdf-lib rather than pdf.js: pdf.js's getAttachments() inflates every attachment before anything can be
 * checked, and its API gives no raw stream; pdf-lib keeps streams as written, so only the chosen one is inflated.
 * Its object streams are inflated while loading, within the same limit (pdf-parser.ts).
 */
async function attachmentsOf(bytes: Uint8Array, maxBytes: number): Promise<Attachment[]> {
  try {
    const context = await loadPdfContext(bytes, maxBytes);
    if (context.lookup(context.trailerInfo.Encrypt)) throw new InvoiceReadError('pdf-unreadable', 'PDF is encrypted: its attachments cannot be read');
    const catalog = context.lookup(context.trailerInfo.Root, PDFDict);
    const tree = catalog.lookupMaybe(name('Names'), PDFDict)?.lookupMaybe(name('EmbeddedFiles'), PDFDict);
    return tree ? nameTreeValues(tree).map(attachmentOf) : [];
  } catch (err) {
    if (err instanceof InvoiceReadError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new InvoiceReadError('pdf-unreadable', `PDF cannot be read (${reason}): truncated or damaged file?`, { cause: err });
  }
}

/**
 * The XML invoice a Factur-X / ZUGFeRD / XRechnung PDF carries: the attachments with the
 * standard names in the standards' order, then any other XML attachment, for the caller to try in
 * order. No attachment is inflated here: each candidate is decoded when read, up to maxBytes; the PDF's
 * object streams are, while it loads, within maxBytes together.
 */
export async function embeddedInvoiceXml(bytes: Uint8Array, maxBytes: number): Promise<EmbeddedXml[]> {
  const files = await attachmentsOf(bytes, maxBytes);
  const standard = files
    .flatMap((file) => {
      const rank = attachmentRank(file.filename);
      return rank === null ? [] : [{ file, rank }];
    })
    .sort((a, b) => a.rank - b.rank)
    .map(({ file }) => file);
  const otherXml = files.filter((f) => !standard.includes(f) && f.filename.toLowerCase().endsWith('.xml'));
  if (standard.length + otherXml.length === 0) {
    const names = files.map((f) => f.filename).join(', ');
    throw new InvoiceReadError(
      'pdf-no-invoice',
      `PDF has no embedded factur-x.xml, xrechnung.xml, zugferd-invoice.xml or ZUGFeRD-invoice.xml${names ? ` (attachments: ${names})` : ' (no attachments)'}`,
    );
  }
  return [...standard, ...otherXml].map((file) => ({ filename: file.filename, read: () => decode(file, maxBytes) }));
}
