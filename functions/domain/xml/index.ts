import sax from 'sax';
import { TextDecoder } from 'node:util';

/** An element of a parsed document: namespace URI, local name, attributes by local name, own text. */
export interface XmlElement {
  readonly ns: string;
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** Empty once the text passed {@link MAX_ELEMENT_TEXT_CHARS}; {@link textOf} then refuses it. */
  text: string;
  /** Whether the text passed {@link MAX_ELEMENT_TEXT_CHARS} and was dropped while streaming. */
  textTooLong: boolean;
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
  /** Deepest element nesting accepted; e-invoices and bank statements stay far below. @default 64 */
  readonly maxDepth?: number;
  /** What the document should be, with its article, in the refusals' words ('not an e-invoice'). @default 'the document expected' */
  readonly documentKind?: string;
}

/** Why a document is refused, in codes shared by every reader of XML; the message says where. */
export type XmlReadErrorCode = 'malformed-xml' | 'dtd-forbidden' | 'invalid-encoding' | 'unsupported-encoding' | 'invalid-value';

/** A refused document: thrown by {@link parseXml} and {@link textOf}; each reader turns it into its own refusal. */
export class XmlReadError extends Error {
  override readonly name = 'XmlReadError';
  constructor(
    readonly code: XmlReadErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Attributes on one element, namespace declarations included. UBL and CII elements carry at most a
 * handful (currencyID, schemeID, unitCode, format); a root adds its namespace declarations and
 * xsi:schemaLocation. Past this the file is not a business document, and refusing it early keeps the cost of an
 * element linear in its bytes.
 */
export const MAX_ATTRIBUTES_PER_ELEMENT = 256;

/** Namespace declarations on one element: real roots declare 5 to 20 (UBL, CII, xsi, xs, qdt, udt...). */
export const MAX_NAMESPACE_DECLARATIONS_PER_ELEMENT = 64;

/**
 * Characters of text kept per element while streaming. Longer text is dropped as it arrives, so an
 * unread element (a base64 attachment in UBL) costs no memory, and reading a term from it is refused.
 * Far above any term's own bound ({@link MAX_TEXT_CHARS} after whitespace is collapsed).
 */
export const MAX_ELEMENT_TEXT_CHARS = 64 * 1024;

const CHUNK_BYTES = 1 << 20;
// xmlns: false: namespaces are resolved here, because sax's own resolution defers every attribute to the end of
// the tag and checks each against all before it, quadratic in attributes (200,000 took 39 s). Without it sax
// reports each attribute as it reads it, so the bound is enforced while the tag is being read.
// strictEntities: only the five XML entities; without it sax expands HTML ones (&nbsp;, &eacute;) no XML defines.
const SAX_OPTIONS = { xmlns: false, position: true, strictEntities: true } as const;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** Prefix bindings in force: a declaring element's own, then its ancestors', by walking up. */
interface NamespaceScope {
  readonly bindings: ReadonlyMap<string, string>;
  readonly parent: NamespaceScope | undefined;
}

const ROOT_SCOPE: NamespaceScope = { bindings: new Map([['xml', XML_NAMESPACE], ['xmlns', XMLNS_NAMESPACE]]), parent: undefined };

const lookupNamespace = (scope: NamespaceScope | undefined, prefix: string): string | undefined => {
  for (let s = scope; s; s = s.parent) {
    const uri = s.bindings.get(prefix);
    if (uri !== undefined) return uri;
  }
  return undefined;
};

const splitName = (qualified: string): readonly [prefix: string, local: string] => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? ['', qualified] : [qualified.slice(0, colon), qualified.slice(colon + 1)];
};

const isNamespaceDeclaration = (name: string): boolean => name === 'xmlns' || name.startsWith('xmlns:');

/** The element's own declarations as a scope, or the parent's scope when it declares none. */
function scopeOf(attributes: Readonly<Record<string, string>>, parent: NamespaceScope): NamespaceScope {
  const bindings = new Map<string, string>();
  for (const [name, uri] of Object.entries(attributes)) {
    if (!isNamespaceDeclaration(name)) continue;
    const prefix = name === 'xmlns' ? '' : name.slice('xmlns:'.length);
    // Namespaces in XML 1.0, section 3: xml is bound once and for all, xmlns is never declared.
    if (prefix === 'xml' && uri !== XML_NAMESPACE) throw new Error(`xml: prefix must be bound to ${XML_NAMESPACE}`);
    if (prefix === 'xmlns') throw new Error('the xmlns: prefix must not be declared');
    bindings.set(prefix, uri);
  }
  return bindings.size > 0 ? { bindings, parent } : parent;
}

// XML 1.0, section 2.2: Char excludes the C0 controls but tab, LF and CR, and U+FFFE / U+FFFF. Surrogates never
// get this far: the fatal decoder refuses them in the bytes, sax in character references.
const NOT_XML_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

const codePoint = (char: string): string => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

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
  // Any label is taken as written, so one that names no encoding (e.g. "UTF-8-W/O-BOM") is refused, not read as UTF-8.
  const declared = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']/.exec(head)?.[1];
  return { label: declared?.toLowerCase() ?? 'utf-8', skipBytes: 0 };
};

const decoderFor = (encoding: Encoding): TextDecoder => {
  try {
    return new TextDecoder(encoding.label, { fatal: true, ignoreBOM: true });
  } catch (err) {
    throw new XmlReadError(
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
  if (/^Invalid character entity/.test(first)) {
    return 'undefined entity reference, or a character reference to a character XML 1.0 forbids (only &lt; &gt; &amp; &quot; &apos; and references to allowed characters are)';
  }
  if (/^Non-whitespace before first tag/.test(first)) return 'text before the first element: not an XML document';
  return first.charAt(0).toLowerCase() + first.slice(1);
};

/**
 * Parses an XML document into a tree of elements, streaming the bytes through the decoder and
 * the parser chunk by chunk. Refuses any DOCTYPE: business documents never need a DTD, and DTD entities
 * are how entity-expansion bombs and external-entity reads (XXE) get in. Comments and processing
 * instructions are not data and are dropped.
 */
export function parseXml(bytes: Uint8Array, options: XmlParseOptions = {}): XmlElement {
  const maxDepth = options.maxDepth ?? 64;
  const kind = options.documentKind ?? 'the document expected';
  const repeated = options.repeated;
  const encoding = detectEncoding(bytes);
  const decoder = decoderFor(encoding);
  const parser = sax.parser(true, SAX_OPTIONS);
  const stack: XmlElement[] = [];
  const scopes: NamespaceScope[] = [];
  let root: XmlElement | undefined;
  let failure: XmlReadError | undefined;
  let callerFailure: unknown;
  let atEnd = false;
  let attributes = 0;
  let declarations = 0;

  const malformed = (what: string, cause?: unknown) =>
    new XmlReadError('malformed-xml', `malformed XML at line ${parser.line + 1}, column ${parser.column + 1}: ${what}`, { cause });

  parser.ondoctype = () => {
    throw new XmlReadError(
      'dtd-forbidden',
      `XML with a DOCTYPE is refused: ${kind} needs no DTD, and DTD entities enable entity-expansion bombs and external-entity (XXE) reads`,
    );
  };
  parser.onprocessinginstruction = ({ name }) => {
    if (name.toLowerCase() !== 'xml') return;
    if (name !== 'xml') throw malformed(`the processing instruction name '${name}' is reserved by XML`);
    // The '<' of a declaration at the very start is the document's first character (after any byte-order mark).
    if (parser.startTagPosition !== 1) throw malformed('the XML declaration may only come first, and only once');
  };
  parser.onopentagstart = () => {
    attributes = 0;
    declarations = 0;
  };
  parser.onattribute = ({ name }) => {
    if (++attributes > MAX_ATTRIBUTES_PER_ELEMENT) {
      throw malformed(`more than ${MAX_ATTRIBUTES_PER_ELEMENT} attributes on one element: not ${kind}`);
    }
    if (isNamespaceDeclaration(name) && ++declarations > MAX_NAMESPACE_DECLARATIONS_PER_ELEMENT) {
      throw malformed(`more than ${MAX_NAMESPACE_DECLARATIONS_PER_ELEMENT} namespace declarations on one element: not ${kind}`);
    }
  };
  parser.onopentag = (tag) => {
    if (stack.length >= maxDepth) {
      throw new XmlReadError('malformed-xml', `elements nested deeper than ${maxDepth} levels: not ${kind}`);
    }
    const all = (tag as sax.Tag).attributes;
    let scope: NamespaceScope;
    try {
      scope = scopeOf(all, scopes[scopes.length - 1] ?? ROOT_SCOPE);
    } catch (err) {
      throw malformed(err instanceof Error ? err.message : String(err), err);
    }
    const resolve = (prefix: string): string => {
      const uri = lookupNamespace(scope, prefix);
      if (uri === undefined) throw malformed(`unbound namespace prefix '${prefix}'`);
      return uri;
    };
    const attrs: Record<string, string> = {};
    for (const [qualified, value] of Object.entries(all)) {
      if (isNamespaceDeclaration(qualified)) continue;
      const [prefix, local] = splitName(qualified);
      if (prefix) resolve(prefix); // an attribute's prefix must be bound; unprefixed ones are in no namespace
      attrs[local] = value;
    }
    const [prefix, local] = splitName(tag.name);
    const ns = prefix ? resolve(prefix) : (lookupNamespace(scope, '') ?? '');
    const element: XmlElement = { ns, name: local, attrs, text: '', textTooLong: false, children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
    scopes.push(scope);
  };
  parser.onclosetag = () => {
    const element = stack.pop();
    scopes.pop();
    const parent = stack[stack.length - 1];
    if (!element || !parent || !repeated) return;
    try {
      if (!repeated.matches(element, parent, stack.length)) return;
      repeated.take(element);
    } catch (err) {
      callerFailure = err; // the caller's own refusal of an element, passed on as the caller threw it
      throw err;
    }
    parent.children.pop();
  };
  parser.ontext = (text) => {
    const current = stack[stack.length - 1];
    if (!current || current.textTooLong) return;
    if (current.text.length + text.length > MAX_ELEMENT_TEXT_CHARS) {
      current.textTooLong = true;
      current.text = '';
    } else {
      current.text += text;
    }
  };
  parser.oncdata = parser.ontext;
  parser.onerror = (error) => {
    throw malformed(describeSaxError(error, atEnd, stack[stack.length - 1]), error);
  };

  /** Hands decoded text to sax, stopping at the first character XML 1.0 forbids so the position sax reports is its own. */
  const write = (text: string) => {
    const bad = NOT_XML_CHAR.exec(text);
    parser.write(bad ? text.slice(0, bad.index) : text);
    if (bad) throw malformed(`character ${codePoint(bad[0])} is not allowed in XML 1.0 (a control character?)`);
  };

  try {
    for (let offset = encoding.skipBytes; offset < bytes.length; offset += CHUNK_BYTES) {
      const chunk = bytes.subarray(offset, Math.min(offset + CHUNK_BYTES, bytes.length));
      write(decodeChunk(decoder, chunk, offset, encoding.label, true));
    }
    write(decodeChunk(decoder, new Uint8Array(0), bytes.length, encoding.label, false));
    atEnd = true;
    parser.close();
  } catch (err) {
    if (err === callerFailure) throw err;
    failure = err instanceof XmlReadError ? err : new XmlReadError('malformed-xml', `malformed XML: ${String(err)}`, { cause: err });
  }
  if (failure) throw failure;
  if (!root) throw new XmlReadError('malformed-xml', 'no root element: not an XML document');
  return root;
}

const decodeChunk = (decoder: TextDecoder, chunk: Uint8Array, offset: number, label: string, stream: boolean): string => {
  try {
    return decoder.decode(chunk, { stream });
  } catch (err) {
    throw new XmlReadError(
      'invalid-encoding',
      `bytes near offset ${offset} are not valid ${label.toUpperCase()}: save the file in the encoding its XML declaration names (UTF-8 when it names none)`,
      { cause: err },
    );
  }
};

/** Whether the first bytes look like XML (after any byte-order mark, in UTF-8 or UTF-16): a reader tries to parse only then. */
export const looksLikeXml = (bytes: Uint8Array): boolean => {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').replace(/\0/g, '');
  return /^(\uFEFF|ï»¿|þÿ|ÿþ)?\s*</.test(head);
};

/** Whitespace collapsed as XML schema's token type does: trimmed, inner runs read as one space. */
export const collapseWhitespace = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The element's collapsed text; null when the element is absent or its text empty; refused when it was too long to keep. */
export const textOf = (element: XmlElement | undefined): string | null => {
  if (!element) return null;
  if (element.textTooLong) {
    throw new XmlReadError('invalid-value', `the text of <${element.name}> is longer than ${MAX_ELEMENT_TEXT_CHARS} characters: no value read from it is that long`);
  }
  return collapseWhitespace(element.text) || null;
};

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
