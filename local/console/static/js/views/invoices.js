// #/invoices?state=…&customer=…&aging=…&currency=…&sort=…&order=…&offset=…: the invoice list,
// its filters, sort and page in the address. The query goes to the server as it is; a server that
// answers every invoice (an array, or `{ invoices }`) is filtered, sorted and paged here, one that
// answers `{ rows, total, offset, limit, states, currencies }` has done it.
import { api } from '../api.js';
import { $, el, isEditing, keyedRows } from '../dom.js';
import { compareDecimals, isPositiveAmount } from '../format.js';
import { fmt } from '../locale.js';
import { customerLink, dateOf, invoiceLink, nextStepText, overdueText } from '../parts.js';
import { hrefOf } from '../router.js';

const PAGE_SIZE = 50;
const FILTERS = ['state', 'customer', 'aging', 'currency'];
const SORTS = { number: 'Invoice', customer: 'Customer', open: 'Open', due: 'Due', daysOverdue: 'Overdue', state: 'State' };
const DEFAULT_SORT = { sort: 'daysOverdue', order: 'desc' };

/** The list's query from the address, with its defaults. */
const queryOf = (route) => {
  const query = Object.fromEntries(FILTERS.map((name) => [name, route.query.get(name) ?? '']));
  const sort = Object.hasOwn(SORTS, route.query.get('sort') ?? '') ? route.query.get('sort') : DEFAULT_SORT.sort;
  const order = route.query.get('order') === 'asc' || route.query.get('order') === 'desc' ? route.query.get('order') : DEFAULT_SORT.order;
  const offset = Math.max(0, Number.parseInt(route.query.get('offset') ?? '0', 10) || 0);
  return { ...query, sort, order, offset, limit: PAGE_SIZE };
};

// Days overdue where the server says; before it does, an open invoice's due date (the earlier, the more overdue).
const overdueKey = (row) => (typeof row.daysOverdue === 'number' ? row.daysOverdue : row.aging === null ? Number.NEGATIVE_INFINITY : -Date.parse(row.dueDate));
const COMPARE = {
  number: (a, b) => a.number.localeCompare(b.number, fmt.locale, { numeric: true }),
  customer: (a, b) => (a.customer ?? '').localeCompare(b.customer ?? '', fmt.locale),
  open: (a, b) => (a.currency === b.currency ? compareDecimals(a.openAmount, b.openAmount) : a.currency.localeCompare(b.currency)),
  due: (a, b) => a.dueDate.localeCompare(b.dueDate),
  daysOverdue: (a, b) => overdueKey(a) - overdueKey(b),
  state: (a, b) => a.state.localeCompare(b.state, fmt.locale),
};

/** The rows of an answer of either shape. */
const rowsOf = (answer) => (Array.isArray(answer) ? answer : (answer.rows ?? answer.invoices));

/**
 * A customer's invoices as the list has them (key, state, next step): asked with the customer's
 * id as the filter, and kept to that customer here whatever the server did with it.
 */
export async function customerInvoiceRows(customerId) {
  const answer = await api(`/api/invoices?${new URLSearchParams({ customer: customerId, limit: '200' })}`);
  return rowsOf(answer).filter((row) => row.customerId === customerId);
}

/** What the server answered, as one page: rows, how many in all, and the filters' choices. */
function pageOf(answer, query) {
  if (!Array.isArray(answer) && Array.isArray(answer.rows) && typeof answer.total === 'number') {
    return { rows: answer.rows, total: answer.total, states: answer.states ?? [], currencies: answer.currencies ?? [] };
  }
  const all = rowsOf(answer);
  const customer = query.customer.toLowerCase();
  const matching = all
    .filter((row) => !query.state || row.state === query.state)
    .filter((row) => !customer || (row.customer ?? '').toLowerCase().includes(customer) || (row.customerId ?? '').toLowerCase().includes(customer))
    .filter((row) => !query.aging || row.aging === query.aging)
    .filter((row) => !query.currency || row.currency === query.currency);
  const sign = query.order === 'asc' ? 1 : -1;
  const sorted = matching.toSorted((a, b) => sign * COMPARE[query.sort](a, b) || COMPARE.number(a, b));
  return {
    rows: sorted.slice(query.offset, query.offset + query.limit),
    total: matching.length,
    states: [...new Set(all.map((row) => row.state))].sort(),
    currencies: [...new Set(all.map((row) => row.currency))].sort(),
  };
}

/** Fills a select's options, only when they change and never under a person choosing. */
function setOptions(select, values, chosen) {
  const current = [...select.options].slice(1).map((option) => option.value);
  if (current.join('\n') !== values.join('\n') && document.activeElement !== select) {
    select.replaceChildren(select.options[0], ...values.map((value) => el('option', { value }, value)));
  }
  if (document.activeElement !== select) select.value = values.includes(chosen) ? chosen : '';
}

function invoiceRow(row) {
  const overdue = typeof row.daysOverdue === 'number' ? row.daysOverdue > 0 : row.aging !== null && row.aging !== 'current';
  return el('tr', { class: overdue ? 'overdue' : '' },
    el('th', { scope: 'row' }, invoiceLink(row.key, row.number)),
    el('td', {}, row.customerId ? customerLink(row.customerId, row.customer) : row.customer),
    el('td', { class: 'amount' }, fmt.money(row.openAmount, row.currency), isPositiveAmount(row.claimsOpen) ? el('div', {}, `+ claims ${fmt.money(row.claimsOpen, row.currency)}`) : ''),
    el('td', {}, dateOf(row.dueDate)),
    el('td', {}, overdueText(row)),
    el('td', {}, row.state),
    el('td', {}, nextStepText(row.nextStep)));
}

/** Puts the list's query in the address without a new history entry or a move of the focus, and draws it. */
let redrawList = () => undefined;
const replaceQuery = (query) => {
  history.replaceState(null, '', hrefOf('invoices', [], { ...query, limit: undefined, offset: query.offset || undefined, ...(query.sort === DEFAULT_SORT.sort && query.order === DEFAULT_SORT.order ? { sort: undefined, order: undefined } : {}) }));
  redrawList();
};
const currentQuery = () => queryOf({ query: new URLSearchParams(location.hash.split('?')[1] ?? '') });

function drawSortHeadings(query) {
  for (const th of document.querySelectorAll('#invoices thead th[data-sort]')) {
    const field = th.dataset.sort;
    const sorted = field === query.sort;
    if (sorted) th.setAttribute('aria-sort', query.order === 'asc' ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
    th.querySelector('.sort-mark').textContent = sorted ? (query.order === 'asc' ? ' ▲' : ' ▼') : '';
  }
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  const filterChanged = () => replaceQuery({ ...currentQuery(), state: $('#state-filter').value, customer: $('#customer-filter').value, aging: $('#aging-filter').value, currency: $('#currency-filter').value, offset: 0 });
  for (const id of ['#state-filter', '#aging-filter', '#currency-filter']) $(id).addEventListener('change', filterChanged);
  $('#customer-filter').addEventListener('input', filterChanged);
  for (const th of document.querySelectorAll('#invoices thead th[data-sort]')) {
    th.querySelector('button').addEventListener('click', () => {
      const query = currentQuery();
      const field = th.dataset.sort;
      replaceQuery({ ...query, sort: field, order: query.sort === field && query.order === 'desc' ? 'asc' : 'desc', offset: 0 });
    });
  }
  $('#invoices-previous').addEventListener('click', () => {
    const query = currentQuery();
    replaceQuery({ ...query, offset: Math.max(0, query.offset - PAGE_SIZE) });
  });
  $('#invoices-next').addEventListener('click', () => {
    const query = currentQuery();
    replaceQuery({ ...query, offset: query.offset + PAGE_SIZE });
  });
}

export default {
  name: 'invoices',
  section: '#view-invoices',
  heading: () => 'Invoices',
  what: () => 'the invoices',
  allowed: () => true,
  matches: (route) => route.view === 'invoices' && route.parts.length === 0,
  async draw(route, { stale, redraw }) {
    wire();
    redrawList = redraw;
    const query = queryOf(route);
    const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== '').map(([name, value]) => [name, String(value)]));
    const answer = await api(`/api/invoices?${search}`);
    if (stale()) return;
    const page = pageOf(answer, query);
    setOptions($('#state-filter'), page.states, query.state);
    setOptions($('#currency-filter'), page.currencies, query.currency);
    const filters = $('#invoice-filters');
    if (!isEditing(filters)) {
      $('#customer-filter').value = query.customer;
      $('#aging-filter').value = query.aging;
    }
    drawSortHeadings(query);
    const last = Math.min(query.offset + page.rows.length, page.total);
    $('#invoices-count').textContent = page.total === 0 ? '' : `Invoices ${fmt.count(query.offset + 1)} to ${fmt.count(last)} of ${fmt.count(page.total)}`;
    $('#invoices-previous').disabled = query.offset === 0;
    $('#invoices-next').disabled = last >= page.total;
    $('#invoices-empty').hidden = page.total > 0;
    $('#invoices').hidden = page.total === 0;
    keyedRows($('#invoices tbody'), page.rows, (row) => JSON.stringify(row.key), invoiceRow);
  },
};
