import { InvoiceReadError, type CanonicalInvoice, type InvoiceLine, type ReadResult } from './types';
export { embeddedInvoiceXml, isPdf, type EmbeddedXml } from './pdf';
export { amountDueOf, writeCii, writeUbl, type DraftLine, type DraftParty, type InvoiceDraft } from './writer';
import { ciiLines, isCiiRoot, mapCii } from './cii';
import { embeddedInvoiceXml, isPdf } from './pdf';
import { checkStorable } from './storable';
import { isUblRoot, mapUbl, ublLines } from './ubl';
import { looksLikeXml, parseXml, type RepeatedElements } from './xml';

export type {
  CanonicalInvoice,
  InvoiceKind,
  InvoiceLine,
  Party,
  ReadError,
  ReadErrorCode,
  ReadResult,
  Syntax,
  Totals,
} from './types';

/** Largest file read by default: far above real invoices, low enough for a 1 GB Lambda. */
export const DEFAULT_MAX_INVOICE_BYTES = 128 * 1024 * 1024;

export interface ReadOptions {
  /** Files above this size are refused unread. @default DEFAULT_MAX_INVOICE_BYTES (128 MiB) */
  readonly maxBytes?: number;
}

/**
 * Reads an e-invoice (UBL 2.1, UN/CEFACT CII D16B, or a Factur-X / ZUGFeRD / XRechnung PDF) into
 * the canonical invoice. The format is recognised by content, never by name. A refusal is a value
 * whose message names what is wrong.
 * @example const result = await readInvoice(await readFile('invoice.xml'));
 */
export async function readInvoice(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  try {
    return { ok: true, invoice: await read(bytes, options.maxBytes ?? DEFAULT_MAX_INVOICE_BYTES) };
  } catch (err) {
    if (err instanceof InvoiceReadError) return { ok: false, error: { code: err.code, message: err.message } };
    throw err;
  }
}

async function read(bytes: Uint8Array, maxBytes: number): Promise<CanonicalInvoice> {
  if (bytes.length === 0) throw new InvoiceReadError('empty', 'empty file (0 bytes)');
  if (bytes.length > maxBytes) {
    throw new InvoiceReadError('too-large', `file too large: ${bytes.length} bytes, the limit is ${maxBytes} bytes`);
  }
  if (!isPdf(bytes)) return readXml(bytes);
  // The limit holds for the embedded XML as inflated, not only for the PDF's bytes.
  const candidates = await embeddedInvoiceXml(bytes, maxBytes);
  let firstRefusal: InvoiceReadError | undefined;
  for (const candidate of candidates) {
    try {
      // Which attachment the invoice was read from is part of what was read: a PDF may carry several.
      return { ...readXml(candidate.read()), attachment: candidate.filename };
    } catch (err) {
      if (!(err instanceof InvoiceReadError)) throw err;
      firstRefusal ??= new InvoiceReadError(err.code, `embedded ${candidate.filename}: ${err.message}`, { cause: err });
    }
  }
  throw firstRefusal ?? new InvoiceReadError('pdf-no-invoice', 'PDF has no embedded e-invoice');
}

function readXml(bytes: Uint8Array): CanonicalInvoice {
  if (!looksLikeXml(bytes)) {
    throw new InvoiceReadError('not-an-einvoice', 'not an e-invoice: neither XML nor PDF');
  }
  const lines: InvoiceLine[] = [];
  const sinks = { ubl: ublLines(lines), cii: ciiLines(lines) };
  const repeated: RepeatedElements = {
    matches: (element, parent, depth) => sinks.ubl.matches(element, parent, depth) || sinks.cii.matches(element, parent, depth),
    take: (element) => (element.name === 'IncludedSupplyChainTradeLineItem' ? sinks.cii : sinks.ubl).take(element),
  };
  const root = parseXml(bytes, { repeated });
  const invoice = isUblRoot(root) ? mapUbl(root, lines) : isCiiRoot(root) ? mapCii(root, lines) : undefined;
  if (invoice) {
    checkStorable(invoice);
    return invoice;
  }
  throw new InvoiceReadError(
    'not-an-einvoice',
    `not an e-invoice: root element <${root.name}>${root.ns ? ` in namespace ${root.ns}` : ''} is neither UBL Invoice/CreditNote, CII CrossIndustryInvoice nor ZUGFeRD 1.0 CrossIndustryDocument`,
  );
}
