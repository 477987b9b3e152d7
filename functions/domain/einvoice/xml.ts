import {
  parseXml as parseAnyXml,
  textOf as anyTextOf,
  XmlPaths as AnyXmlPaths,
  XmlReadError,
  MAX_ELEMENT_TEXT_CHARS,
  type XmlElement,
  type XmlParseOptions,
} from '../xml';
import { InvoiceReadError } from './types';

// The hardened parser is shared with the bank statement reader (functions/domain/xml); the invoice
// readers keep seeing their own refusal type and wording through this file.
export {
  collapseWhitespace,
  detectEncoding,
  looksLikeXml,
  MAX_ATTRIBUTES_PER_ELEMENT,
  MAX_ELEMENT_TEXT_CHARS,
  MAX_NAMESPACE_DECLARATIONS_PER_ELEMENT,
  type RepeatedElements,
  type XmlElement,
  type XmlParseOptions,
} from '../xml';

const asInvoiceRefusal = <T>(read: () => T): T => {
  try {
    return read();
  } catch (err) {
    if (err instanceof XmlReadError) throw new InvoiceReadError(err.code, err.message, { cause: err });
    throw err;
  }
};

/** {@link parseAnyXml} with an e-invoice's refusals. */
export const parseXml = (bytes: Uint8Array, options: XmlParseOptions = {}): XmlElement =>
  asInvoiceRefusal(() => parseAnyXml(bytes, { documentKind: 'an e-invoice', ...options }));

/** The element's collapsed text, refused in the invoice's words when it was too long to keep. */
export const textOf = (element: XmlElement | undefined): string | null => {
  if (element?.textTooLong) {
    throw new InvoiceReadError('invalid-value', `the text of <${element.name}> is longer than ${MAX_ELEMENT_TEXT_CHARS} characters: no invoice term is that long`);
  }
  return anyTextOf(element);
};

/** Path lookups whose text reads through the invoice's {@link textOf}. */
export class XmlPaths extends AnyXmlPaths {
  override text(from: XmlElement | undefined, path: string): string | null {
    return textOf(this.one(from, path));
  }
}
