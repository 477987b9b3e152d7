// The page's addresses: one view at a time, named by the URL's hash, so a link can be shared and
// Back goes back. `#/invoices?state=…` carries the list's filters; `#/invoices/<seller>/<number>`
// and `#/customers/<id>` name one invoice or customer. No DOM here: the unit tests import it.

/** What a hash names: the view, the path's parts after it (decoded), and the query. */
export function routeOf(hash) {
  const [path, query = ''] = String(hash).replace(/^#\/?/, '').split('?');
  const [view = '', ...parts] = path.split('/').filter(Boolean);
  let decoded;
  try {
    decoded = parts.map(decodeURIComponent);
  } catch {
    decoded = parts;
  }
  return { view, parts: decoded, query: new URLSearchParams(query) };
}

const part = (text) => encodeURIComponent(text);

/** The hash of a view, its path's parts and query; empty query values are left out. */
export function hrefOf(view, parts = [], query = {}) {
  const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== '' && value !== null && value !== undefined));
  const text = search.toString();
  return `#/${[view, ...parts.map(part)].join('/')}${text ? `?${text}` : ''}`;
}

/** An invoice's page. @example invoiceHref({ sellerKey: 'vat:DE1', number: 'A/1' }) // '#/invoices/vat%3ADE1/A%2F1' */
export const invoiceHref = (key) => hrefOf('invoices', [key.sellerKey, key.number]);
/** A customer's page. */
export const customerHref = (id) => hrefOf('customers', [id]);
