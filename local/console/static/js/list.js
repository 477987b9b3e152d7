// A list whose filters, sort and page live in the page's address (`#/disputes?reason=pricing&offset=50`):
// a reload or a shared link shows the same page, Back leaves the view as it was, and the view asks
// the server for exactly that. The server filters, sorts and pages; the page only says what to ask.
import { el } from './dom.js';
import { fmt } from './locale.js';
import { hrefOf, routeOf } from './router.js';

/** Rows a page of a list holds (the server's default). */
export const PAGE_SIZE = 50;

/** A page's offset as the address has it: a whole number from 0. */
const offsetOf = (text) => Math.max(0, Number.parseInt(text, 10) || 0);

/**
 * The address query of a view: each parameter with its default (the address leaves out a value
 * at its default, so the view's plain address is its default list).
 * @param {string} view the view's name, the address's first part
 * @param {Readonly<Record<string, string>>} defaults every parameter the view keeps in its address
 */
export function addressQuery(view, defaults) {
  let redraw = () => undefined;
  const read = (query) => Object.fromEntries(Object.entries(defaults).map(([name, value]) => [name, query.get(name) ?? value]));
  const current = () => read(routeOf(location.hash).query);
  return {
    /** The query a route names. */
    of: (route) => read(route.query),
    current,
    /** Set by the view's draw: how the view draws itself again. */
    onChange: (draw) => {
      redraw = draw;
    },
    /** Puts changes in the address, without a history entry or a move of the focus, and draws the view again. */
    change(changes) {
      const query = { ...current(), ...changes };
      const kept = Object.fromEntries(Object.entries(query).map(([name, value]) => [name, String(value) === defaults[name] ? '' : String(value)]));
      history.replaceState(null, '', hrefOf(view, [], kept));
      redraw();
    },
  };
}

/**
 * What a list asks its route: the parameters it takes, those with a value, and the page's offset
 * and size. The routes refuse a parameter they do not take, so nothing else is sent.
 * @example apiPath('/api/deliveries', { state: 'bounced', customer: '' }, ['state', 'customer'], 50) // '/api/deliveries?state=bounced&offset=50&limit=50'
 */
export function apiPath(path, query, names, offset = 0) {
  const search = new URLSearchParams(names.filter((name) => query[name] !== '').map((name) => [name, query[name]]));
  if (offset > 0) search.set('offset', String(offset));
  search.set('limit', String(PAGE_SIZE));
  return `${path}?${search}`;
}

/**
 * A list's pager: Previous and Next, and which rows are shown ("51–100 of 834"). `param` is the
 * address parameter holding its offset (a view with two lists pages each on its own).
 * @param {ReturnType<typeof addressQuery>} address
 * @param {string} what the list's name, for the buttons' names ("Next page of the deliveries")
 */
export function pager(address, what, param = 'offset') {
  const count = el('span', { class: 'pager-count' });
  const move = (by) => address.change({ [param]: String(Math.max(0, offsetOf(address.current()[param]) + by)) });
  const previous = el('button', { type: 'button', 'aria-label': `Previous page of ${what}`, onclick: () => move(-PAGE_SIZE) }, 'Previous page');
  const next = el('button', { type: 'button', 'aria-label': `Next page of ${what}`, onclick: () => move(PAGE_SIZE) }, 'Next page');
  const node = el('div', { class: 'pager' }, previous, count, next);
  return {
    node,
    /** The offset the query asks for. */
    offsetOf: (query) => offsetOf(query[param]),
    /** Shows a page the server answered (`{ rows, total, offset }`); its buttons hide while one page holds them all. */
    draw({ rows, total, offset }) {
      previous.hidden = next.hidden = total <= PAGE_SIZE && offset === 0;
      count.textContent = total === 0 ? '' : `${fmt.count(offset + 1)}–${fmt.count(offset + rows.length)} of ${fmt.count(total)}`;
      previous.disabled = offset === 0;
      next.disabled = offset + rows.length >= total;
    },
  };
}

/**
 * Column headings that sort the list on the server: each `th[data-sort]` holds a button; the
 * heading sorted by says so (aria-sort, and a mark: the colour is never the only sign). A second
 * click turns the order round; a new column starts descending (the most overdue, the largest, the
 * oldest), or as its `data-first-order` says (names: A to Z).
 */
export function sortingHeadings(table, address) {
  const headings = [...table.querySelectorAll('thead th[data-sort]')];
  for (const th of headings) {
    th.querySelector('button').addEventListener('click', () => {
      const { sort, order } = address.current();
      const field = th.dataset.sort;
      address.change({ sort: field, order: sort === field ? (order === 'desc' ? 'asc' : 'desc') : (th.dataset.firstOrder ?? 'desc'), offset: '0' });
    });
  }
  return {
    draw({ sort, order }) {
      for (const th of headings) {
        const sorted = th.dataset.sort === sort;
        if (sorted) th.setAttribute('aria-sort', order === 'asc' ? 'ascending' : 'descending');
        else th.removeAttribute('aria-sort');
        th.querySelector('.sort-mark').textContent = sorted ? (order === 'asc' ? ' ▲' : ' ▼') : '';
      }
    },
  };
}

/** Fills a select's options after its first (the "all" choice), only when they change and never under a person choosing; then shows the chosen value. */
export function setOptions(select, values, chosen, label = (value) => value) {
  const current = [...select.options].slice(1).map((option) => option.value);
  if (document.activeElement === select) return;
  if (current.join('\n') !== values.join('\n')) select.replaceChildren(select.options[0], ...values.map((value) => el('option', { value }, label(value))));
  select.value = values.includes(chosen) ? chosen : '';
}
