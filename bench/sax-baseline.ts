import { TextDecoder } from 'node:util';
import sax from 'sax';

/**
 * The baseline a reader is measured against: the same bytes decoded in the same 1 MiB chunks and
 * pushed through the same strict, namespace-aware sax parser, building nothing.
 */
export function bareSaxParse(bytes: Uint8Array): void {
  const parser = sax.parser(true, { xmlns: true, position: true });
  parser.onerror = (error) => {
    throw error;
  };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (let offset = bom; offset < bytes.length; offset += 1 << 20) {
    parser.write(decoder.decode(bytes.subarray(offset, Math.min(offset + (1 << 20), bytes.length)), { stream: true }));
  }
  parser.close();
}
