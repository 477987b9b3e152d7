// The page's DOM helpers: every text is set as text (textContent, text nodes), so nothing an
// invoice carries becomes markup.

export const $ = (selector, root = document) => root.querySelector(selector);

/** An element with attributes (`onclick`, `onsubmit`, `onchange`, `oninput` become listeners) and children; null and undefined attributes are left out. */
export const el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (/^on[a-z]+$/.test(name)) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat().map((child) => (child instanceof Node ? child : document.createTextNode(String(child ?? '')))));
  return node;
};

let fields = 0;
/**
 * A control with its label beside it, tied by `for`: the label names the control and nothing else
 * (a label wrapped round a select would take its options' text into the name).
 */
export const field = (text, control, attributes = {}) => {
  control.id ||= `field-${++fields}`;
  return el('span', { class: 'field', ...attributes }, el('label', { for: control.id }, text), ' ', control);
};

/** A calendar date or an instant as a `<time>`: the text for the reader, the ISO value in `datetime` for machines. */
export const time = (iso, text) => el('time', { datetime: iso }, text);

/** A table with a caption (its accessible name), column headings with scope, and its rows. */
export const table = (caption, headings, rows, attributes = {}) =>
  el('table', attributes,
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headings.map((heading) => el('th', { scope: 'col' }, heading)))),
    el('tbody', {}, ...rows));

/** A list of terms and what they are. */
export const definitions = (pairs) => el('dl', {}, ...pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, ...(Array.isArray(value) ? value : [value]))]));

/** Whether a person is at a part of the page: a field or button of it has the focus. */
export const isEditing = (node) => node.contains(document.activeElement);

// A poll redraws a part only when its data changed: focus, hover, scroll and frames stay put meanwhile.
const drawn = new Map();
/** True when the part was last drawn from the same data; otherwise notes this data as drawn. */
export const isUnchanged = (part, data) => {
  const json = JSON.stringify(data);
  if (drawn.get(part) === json) return true;
  drawn.set(part, json);
  return false;
};
/** Forgets what a part was drawn from: the next poll draws it whatever it brings. */
export const redrawNext = (...parts) => parts.forEach((part) => drawn.delete(part));

// What each kept row was drawn from: its key and its data.
const drawnRows = new WeakMap();
/**
 * Makes a table body show a row per item, in order, keyed: a row whose item is unchanged is kept
 * as it is, a changed one is drawn anew (unless a person is at it: it waits for a later poll), and
 * rows are inserted and removed around the kept ones, so a link or button someone has tabbed to
 * keeps the focus through a refresh.
 */
export function keyedRows(body, items, keyOf, draw) {
  const current = new Map([...body.children].filter((row) => drawnRows.has(row)).map((row) => [drawnRows.get(row).key, row]));
  const rows = items.map((item) => {
    const key = keyOf(item);
    const data = JSON.stringify(item);
    const row = current.get(key);
    if (row && (drawnRows.get(row).data === data || isEditing(row))) return row;
    const fresh = draw(item);
    drawnRows.set(fresh, { key, data });
    return fresh;
  });
  const wanted = new Set(rows);
  for (const row of [...body.children]) if (!wanted.has(row)) row.remove();
  rows.forEach((row, i) => {
    if (body.children[i] !== row) body.insertBefore(row, body.children[i] ?? null);
  });
}

/**
 * A status line (role=status, polite): loading, empty, or what failed with a way to try again.
 * The message is set as text; a retry is a button beside it.
 */
export function statusLine(attributes = {}) {
  const text = el('span');
  const retry = el('button', { type: 'button', hidden: true }, 'Try again');
  const node = el('p', { role: 'status', 'aria-live': 'polite', class: 'view-status', ...attributes }, text, ' ', retry);
  let again = null;
  retry.addEventListener('click', () => again?.());
  const set = (kind, message, onRetry = null) => {
    node.dataset.kind = kind;
    text.textContent = message;
    again = onRetry;
    retry.hidden = !onRetry;
  };
  return {
    node,
    loading: (what) => set('loading', `Loading ${what}…`),
    failed: (what, error, onRetry) => set('error', `Could not load ${what}: ${error.message}`, onRetry),
    show: (message) => set('note', message),
    clear: () => set('', ''),
  };
}

/**
 * Asks in the page before a change is sent: the question, what it will do, and the button that
 * does it (Cancel beside it). Resolves true to go on.
 * @example await confirmInPage({ title: 'Set this file aside?', text: 'order.xml leaves the quarantine.', action: 'Set aside' })
 */
export const confirmInPage = ({ title, text, action }) =>
  new Promise((resolve) => {
    const dialog = $('#confirm');
    $('#confirm-title').textContent = title;
    $('#confirm-text').textContent = text;
    $('#confirm-yes').textContent = action;
    dialog.returnValue = '';
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.showModal();
  });
