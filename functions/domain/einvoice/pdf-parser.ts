import { constants, inflateSync } from 'node:zlib';
import { ParseSpeeds, PDFArray, PDFName, PDFParser, PDFRawStream, type PDFContext, type PDFDict, type PDFStream } from 'pdf-lib';
import { InvoiceReadError } from './types';

const name = (key: string) => PDFName.of(key);

/** The filters a stream names, resolved as pdf-lib resolves them (references followed), one name or an array. */
function filtersOf(dict: PDFDict): string[] {
  const filter = dict.lookup(name('Filter'));
  if (filter === undefined) return [];
  if (filter instanceof PDFName) return [filter.decodeText()];
  if (filter instanceof PDFArray) return filter.asArray().map((entry) => (entry instanceof PDFName ? entry.decodeText() : String(entry)));
  return [String(filter)];
}

/**
 * How a stream that starts at `offset` is named in a message: its object header ("5 0 obj"), read back from
 * the few bytes before it, else its offset. The window is bounded, so the pattern costs nothing on any input.
 */
function objectAt(bytes: Uint8Array, offset: number): string {
  const before = Buffer.from(bytes.subarray(Math.max(0, offset - 64), offset)).toString('latin1');
  const header = /(\d+)\s+(\d+)\s+obj\s*$/.exec(before);
  return header ? `${header[1]} ${header[2]} obj` : `at byte ${offset}`;
}

/**
 * pdf-lib's parser, with what it decodes while loading bounded before it is decoded.
 *
 * PDFDocument.load inflates every object stream (/Type /ObjStm) and cross-reference stream (/Type /XRef) as
 * it meets them, in pure JS, with no cap: a 531 kB object stream of zeros took 6.6 s and 603 MB, a 129-byte
 * cross-reference stream declaring 10,000,000 entries 20 s and 2.5 GB. The check sits in parseDictOrStream
 * (protected, so made to be overridden) rather than in a scan of the raw bytes before pdf-lib: a second PDF
 * parser would disagree with pdf-lib's somewhere (a /Length it honours, `/Type 7 0 R`, `(stream)` in a string)
 * and each disagreement would be a way past the bound; here the stream is the very object pdf-lib is about
 * to decode, its /Type and /Filter looked up as pdf-lib looks them up, and nothing is decoded before the check.
 * Pinned to pdf-lib 1.17.1 (package.json); test/unit/domain/einvoice/pdf.test.ts fails if the hook stops firing.
 */
class BoundedPdfParser extends PDFParser {
  private inflatedBytes = 0;
  /** The refusal that stopped the parse: pdf-lib catches what an object throws and throws its own "invalid object" error instead. */
  refusal: InvoiceReadError | undefined;

  constructor(
    private readonly pdfBytes: Uint8Array,
    /** The inflated size all object streams of the file may reach together. */
    private readonly maxInflatedBytes: number,
  ) {
    // pdf-lib's defaults for PDFDocument.load, but throwing on an invalid object rather than guessing past it.
    super(pdfBytes, ParseSpeeds.Slow, true, false);
  }

  protected override parseDictOrStream(): PDFDict | PDFStream {
    const offset = this.bytes.offset();
    const parsed = super.parseDictOrStream();
    if (!(parsed instanceof PDFRawStream)) return parsed;
    // The same test as PDFParser.parseIndirectObject's: lookup follows a reference, and names are compared decoded (Obj#53tm is ObjStm).
    const type = parsed.dict.lookup(name('Type'));
    if (type === name('XRef')) return withoutEntries(parsed);
    if (type !== name('ObjStm')) return parsed;
    try {
      return this.inflatedObjectStream(parsed, objectAt(this.pdfBytes, offset));
    } catch (err) {
      if (err instanceof InvoiceReadError) this.refusal = err;
      throw err;
    }
  }

  /**
   * The object stream with its data inflated here, by zlib, stopping at what is left of the budget: pdf-lib
   * then parses the objects from bytes already bounded, and its own inflater never runs. pdf-lib applies no
   * /DecodeParms predictor to an object stream, so dropping /Filter and /DecodeParms changes nothing it reads.
   */
  private inflatedObjectStream(stream: PDFRawStream, object: string): PDFRawStream {
    const filters = filtersOf(stream.dict);
    if (filters.length === 0) return stream; // its bytes are the file's, already within the limit
    if (filters.length > 1 || filters[0] !== 'FlateDecode') {
      throw new InvoiceReadError('pdf-unreadable', `object stream ${object} is encoded as ${filters.join(' + ')}, which this reader does not bound (FlateDecode is)`);
    }
    const inflated = inflateWithin(stream.contents, this.maxInflatedBytes - this.inflatedBytes, object, this.maxInflatedBytes);
    this.inflatedBytes += inflated.length;
    const dict = stream.dict.clone(this.context);
    dict.delete(name('Filter'));
    dict.delete(name('DecodeParms'));
    return PDFRawStream.of(dict, inflated);
  }
}

/** zlib data inflated, refused as `too-large` past `leftBytes` (what the object streams before it left of `limit`). */
function inflateWithin(data: Uint8Array, leftBytes: number, object: string, limit: number): Uint8Array {
  const tooLarge = (cause?: unknown) =>
    new InvoiceReadError('too-large', `object stream ${object} inflates past the limit of ${limit} bytes for all object streams`, { cause });
  let inflated: Uint8Array;
  try {
    // One byte over what is left, so that exactly what is left still reads (zlib's maxOutputLength is at least 1).
    // Z_SYNC_FLUSH: a stream cut short gives what it holds, as pdf-lib's inflater does.
    inflated = inflateSync(data, { maxOutputLength: leftBytes + 1, finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 64 * 1024 });
  } catch (err) {
    if (err instanceof RangeError) throw tooLarge(err);
    throw new InvoiceReadError('pdf-unreadable', `object stream ${object} does not inflate (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  if (inflated.length > leftBytes) throw tooLarge();
  return inflated;
}

/**
 * The cross-reference stream with no data and no entries. pdf-lib keeps only its trailer keys (Root, Encrypt,
 * Info, ID) and drops the entries it decodes (it finds objects by reading the file in order), yet builds one
 * object per entry declared, whatever the data holds; given no entries, it decodes nothing and builds nothing.
 */
function withoutEntries(stream: PDFRawStream): PDFRawStream {
  const dict = stream.dict.clone(stream.dict.context);
  dict.delete(name('Filter'));
  dict.delete(name('DecodeParms'));
  dict.set(name('Index'), dict.context.obj([]));
  return PDFRawStream.of(dict, new Uint8Array(0));
}

/**
 * The PDF's objects as pdf-lib reads them, with object streams inflated to at most `maxInflatedBytes` together
 * (`too-large` past it) and cross-reference streams not decoded at all.
 */
export async function loadPdfContext(bytes: Uint8Array, maxInflatedBytes: number): Promise<PDFContext> {
  const parser = new BoundedPdfParser(bytes, maxInflatedBytes);
  try {
    return await parser.parseDocument();
  } catch (err) {
    throw parser.refusal ?? err;
  }
}
