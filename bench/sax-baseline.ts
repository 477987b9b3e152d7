import { TextDecoder } from 'node:util';
import sax from 'sax';

const CHUNK_BYTES = 1 << 20;

/**
 * The baseline a reader is measured against: the same bytes decoded in the same 1 MiB chunks and
 * pushed through the same strict, namespace-aware, position-tracking sax parser, with no handler
 * that builds anything. What readInvoice costs above this is the reader's own work.
 * @example bareSaxParse(readFileSync('invoice.xml'));
 */
export function bareSaxParse(bytes: Uint8Array): void {
  const parser = sax.parser(true, { xmlns: true, position: true });
  parser.onerror = (error) => {
    throw error;
  };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (let offset = bom; offset < bytes.length; offset += CHUNK_BYTES) {
    parser.write(decoder.decode(bytes.subarray(offset, Math.min(offset + CHUNK_BYTES, bytes.length)), { stream: true }));
  }
  parser.write(decoder.decode());
  parser.close();
}
