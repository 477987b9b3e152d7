import sax from 'sax';
import { TextDecoder } from 'node:util';
import { InvoiceReadError } from './types';

/** An element of a parsed document: namespace URI, local name, attributes by local name, own text. */
export interface XmlElement {
  readonly ns: string;
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  text: string;
  readonly children: XmlElement[];
}

/**
 * Elements that repeat without bound (invoice lines) are handed over as soon as they close and
 * then dropped from the tree, so a document of 200,000 lines is read in memory bounded by what
 * the caller keeps of each, not by the whole tree.
 */
export interface RepeatedElements {
  matches(element: XmlElement, parent: XmlElement, depth: number): boolean;
  take(element: XmlElement): void;
}

export interface XmlParseOptions {
  readonly repeated?: RepeatedElements;
  /** Deepest element nesting accepted; e-invoices stay far below. @default 64 */
  readonly maxDepth?: number;
}

const CHUNK_BYTES = 1 << 20;
// strictEntities: only the five XML entities; without it sax expands HTML ones (&nbsp;, &eacute;) no XML defines.
const SAX_OPTIONS = { xmlns: true, position: true, strictEntities: true } as const;

const BOM_UTF8 = [0xef, 0xbb, 0xbf];
const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  prefix.every((byte, i) => bytes[i] === byte);

interface Encoding {
  readonly label: string;
  readonly skipBytes: number;
}

/**
 * The document's encoding from its byte-order mark, its first bytes, or its XML declaration
 * (XML 1.0, appendix F). UTF-8 when nothing says otherwise.
 */
export const detectEncoding = (bytes: Uint8Array): Encoding => {
  if (startsWith(bytes, BOM_UTF8)) return { label: 'utf-8', skipBytes: 3 };
  if (startsWith(bytes, [0xff, 0xfe])) return { label: 'utf-16le', skipBytes: 2 };
  if (startsWith(bytes, [0xfe, 0xff])) return { label: 'utf-16be', skipBytes: 2 };
  if (startsWith(bytes, [0x3c, 0x00, 0x3f, 0x00])) return { label: 'utf-16le', skipBytes: 0 };
  if (startsWith(bytes, [0x00, 0x3c, 0x00, 0x3f])) return { label: 'utf-16be', skipBytes: 0 };
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  const declared = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  return { label: declared?.toLowerCase() ?? 'utf-8', skipBytes: 0 };
};

const decoderFor = (encoding: Encoding): TextDecoder => {
  try {
    return new TextDecoder(encoding.label, { fatal: true, ignoreBOM: true });
  } catch (err) {
    throw new InvoiceReadError(
      'unsupported-encoding',
      `unsupported character encoding '${encoding.label}' in the XML declaration (use UTF-8, UTF-16 or ISO-8859-1)`,
      { cause: err },
    );
  }
};

/** The sax message's first line, in words a person can act on. */
const describeSaxError = (error: Error, atEnd: boolean, open: XmlElement | undefined): string => {
  const first = error.message.split('\n')[0] ?? 'unreadable';
  if (atEnd && /^Unclosed root tag/.test(first)) return 'the document ends before its root element is closed (truncated file?)';
  if (/^Unexpected close tag/.test(first) && open) return `unexpected close tag while <${open.name}> is still open (is it closed?)`;
  if (/^Invalid character entity/.test(first)) return 'undefined entity reference (only &lt; &gt; &amp; &quot; &apos; and character references are allowed)';
  if (/^Non-whitespace before first tag/.test(first)) return 'text before the first element: not an XML document';
  return first.charAt(0).toLowerCase() + first.slice(1);
};

/**
 * Parses an XML document into a tree of elements, streaming the bytes through the decoder and
 * the parser chunk by chunk. Refuses any DOCTYPE: e-invoices never need a DTD, and DTD entities
 * are how entity-expansion bombs and external-entity reads (XXE) get in. Comments and processing
 * instructions are not data and are dropped.
 */
export function parseXml(bytes: Uint8Array, options: XmlParseOptions = {}): XmlElement {
  const maxDepth = options.maxDepth ?? 64;
  const repeated = options.repeated;
  const encoding = detectEncoding(bytes);
  const decoder = decoderFor(encoding);
  const parser = sax.parser(true, SAX_OPTIONS);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: InvoiceReadError | undefined;
  let atEnd = false;

  parser.ondoctype = () => {
    throw new InvoiceReadError(
      'dtd-forbidden',
      'XML with a DOCTYPE is refused: e-invoices need no DTD, and DTD entities enable entity-expansion bombs and external-entity (XXE) reads',
    );
  };
  parser.onopentag = (tag) => {
    if (stack.length >= maxDepth) {
      throw new InvoiceReadError('malformed-xml', `elements nested deeper than ${maxDepth} levels: not an e-invoice`);
    }
    const qualified = tag as sax.QualifiedTag;
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(qualified.attributes)) {
      if (attr.prefix !== 'xmlns' && attr.name !== 'xmlns') attrs[attr.local] = attr.value;
    }
    const element: XmlElement = { ns: qualified.uri, name: qualified.local, attrs, text: '', children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  };
  parser.onclosetag = () => {
    const element = stack.pop();
    const parent = stack[stack.length - 1];
    if (element && parent && repeated?.matches(element, parent, stack.length)) {
      repeated.take(element);
      parent.children.pop();
    }
  };
  parser.ontext = (text) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  };
  parser.oncdata = parser.ontext;
  parser.onerror = (error) => {
    throw new InvoiceReadError(
      'malformed-xml',
      `malformed XML at line ${parser.line + 1}, column ${parser.column + 1}: ${describeSaxError(error, atEnd, stack[stack.length - 1])}`,
      { cause: error },
    );
  };

  try {
    for (let offset = encoding.skipBytes; offset < bytes.length; offset += CHUNK_BYTES) {
      const chunk = bytes.subarray(offset, Math.min(offset + CHUNK_BYTES, bytes.length));
      parser.write(decodeChunk(decoder, chunk, offset, encoding.label, true));
    }
    parser.write(decodeChunk(decoder, new Uint8Array(0), bytes.length, encoding.label, false));
    atEnd = true;
    parser.close();
  } catch (err) {
    failure = err instanceof InvoiceReadError ? err : new InvoiceReadError('malformed-xml', `malformed XML: ${String(err)}`, { cause: err });
  }
  if (failure) throw failure;
  if (!root) throw new InvoiceReadError('malformed-xml', 'no root element: not an XML document');
  return root;
}

const decodeChunk = (decoder: TextDecoder, chunk: Uint8Array, offset: number, label: string, stream: boolean): string => {
  try {
    return decoder.decode(chunk, { stream });
  } catch (err) {
    throw new InvoiceReadError(
      'invalid-encoding',
      `bytes near offset ${offset} are not valid ${label.toUpperCase()}: save the file in the encoding its XML declaration names (UTF-8 when it names none)`,
      { cause: err },
    );
  }
};

/** Whitespace collapsed as XML schema's token type does: trimmed, inner runs read as one space. */
export const collapseWhitespace = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The element's collapsed text; null when the element is absent or its text empty. */
export const textOf = (element: XmlElement | undefined): string | null =>
  element ? collapseWhitespace(element.text) || null : null;

/**
 * Lookups by qualified path ('cac:Party/cbc:Name'), with prefixes resolved through the namespace
 * map a syntax module gives. The document's own prefixes never matter.
 */
export class XmlPaths {
  private readonly cache = new Map<string, readonly (readonly [string, string])[]>();
  constructor(private readonly namespaces: Readonly<Record<string, string>>) {}

  private steps(path: string): readonly (readonly [string, string])[] {
    let steps = this.cache.get(path);
    if (!steps) {
      steps = path.split('/').map((step) => {
        const [prefix, name] = step.split(':');
        const ns = prefix !== undefined ? this.namespaces[prefix] : undefined;
        if (ns === undefined || name === undefined) throw new Error(`unknown prefix in path '${path}'`);
        return [ns, name] as const;
      });
      this.cache.set(path, steps);
    }
    return steps;
  }

  /** Every element at the path below `from`, in document order. */
  all(from: XmlElement | undefined, path: string): XmlElement[] {
    let current: XmlElement[] = from ? [from] : [];
    for (const [ns, name] of this.steps(path)) {
      current = current.flatMap((element) => element.children.filter((c) => c.name === name && c.ns === ns));
    }
    return current;
  }

  /** The first element at the path, if any. */
  one(from: XmlElement | undefined, path: string): XmlElement | undefined {
    return this.all(from, path)[0];
  }

  /** The collapsed text of the first element at the path; null when absent or empty. */
  text(from: XmlElement | undefined, path: string): string | null {
    return textOf(this.one(from, path));
  }
}
