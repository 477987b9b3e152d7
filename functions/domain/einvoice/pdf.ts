import { getDocumentProxy } from 'unpdf';
import { InvoiceReadError } from './types';

/** Names the hybrid standards give the embedded invoice (Factur-X, ZUGFeRD 2.x, XRechnung in PDF). */
const INVOICE_ATTACHMENT_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'];

export const isPdf = (bytes: Uint8Array): boolean => {
  // %PDF- may follow a few bytes of junk (ISO 32000-1, 7.5.2 lets readers look within the first 1024 bytes),
  // but not markup: an XML invoice that mentions %PDF- near its start is XML.
  const header = Buffer.from(bytes.subarray(0, 1024)).indexOf('%PDF-');
  return header >= 0 && !bytes.subarray(0, header).includes(0x3c);
};

export interface EmbeddedXml {
  readonly filename: string;
  readonly bytes: Uint8Array;
}

/**
 * The XML invoice a Factur-X / ZUGFeRD / XRechnung PDF carries: the attachment with one of the
 * standard names (case-insensitively), else any other XML attachment, for the caller to try.
 */
export async function embeddedInvoiceXml(bytes: Uint8Array): Promise<EmbeddedXml[]> {
  let attachments: Record<string, { filename: string; content: Uint8Array }> | null;
  try {
    // pdf.js takes ownership of the buffer it is given: hand it a copy so the caller keeps its bytes.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, stopAtErrors: true });
    try {
      attachments = await pdf.getAttachments();
    } finally {
      await pdf.destroy();
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new InvoiceReadError('pdf-unreadable', `PDF cannot be read (${reason}): truncated or damaged file?`, { cause: err });
  }
  const files = Object.values(attachments ?? {}).map((a) => ({ filename: a.filename, bytes: a.content }));
  const standard = files.filter((f) => INVOICE_ATTACHMENT_NAMES.includes(f.filename.toLowerCase()));
  const otherXml = files.filter((f) => !standard.includes(f) && f.filename.toLowerCase().endsWith('.xml'));
  if (standard.length + otherXml.length === 0) {
    const names = files.map((f) => f.filename).join(', ');
    throw new InvoiceReadError(
      'pdf-no-invoice',
      `PDF has no embedded factur-x.xml, zugferd-invoice.xml or xrechnung.xml${names ? ` (attachments: ${names})` : ' (no attachments)'}`,
    );
  }
  return [...standard, ...otherXml];
}
