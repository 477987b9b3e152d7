// #/invoices?state=…&customer=…&aging=…&currency=…&sort=…&order=…&offset=…: the invoice list,
// filtered, sorted and paged on the server, its query in the address.
import { api } from '../api.js';
import { $, el, isEditing, keyedRows } from '../dom.js';
import { isPositiveAmount } from '../format.js';
import { addressQuery, apiPath, pager, setOptions, sortingHeadings } from '../list.js';
import { fmt } from '../locale.js';
import { customerLink, dateOf, invoiceLink, nextStepText, overdueText } from '../parts.js';

const FILTERS = ['state', 'customer', 'aging', 'currency'];
const address = addressQuery('invoices', { state: '', customer: '', aging: '', currency: '', sort: 'daysOverdue', order: 'desc', offset: '0' });
const pages = pager(address, 'the invoices');
let headings = null;

/**
 * A customer's invoices as the list has them (key, state, next step): asked with the customer's
 * id as the filter, which also matches names containing it, so kept to that customer here.
 */
export async function customerInvoiceRows(customerId) {
  const answer = await api(`/api/invoices?${new URLSearchParams({ customer: customerId, limit: '200' })}`);
  return answer.rows.filter((row) => row.customerId === customerId);
}

function invoiceRow(row) {
  return el('tr', { class: row.daysOverdue > 0 ? 'overdue' : '' },
    el('th', { scope: 'row' }, invoiceLink(row.key, row.number)),
    el('td', {}, customerLink(row.customerId, row.customer)),
    el('td', { class: 'amount' }, fmt.money(row.openAmount, row.currency), isPositiveAmount(row.claimsOpen) ? el('div', {}, `+ claims ${fmt.money(row.claimsOpen, row.currency)}`) : ''),
    el('td', {}, dateOf(row.dueDate)),
    el('td', {}, overdueText(row)),
    el('td', {}, row.state),
    el('td', {}, nextStepText(row.nextStep)));
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('#invoices').after(pages.node);
  headings = sortingHeadings($('#invoices'), address);
  const filterChanged = () => address.change({ state: $('#state-filter').value, customer: $('#customer-filter').value, aging: $('#aging-filter').value, currency: $('#currency-filter').value, offset: '0' });
  for (const id of ['#state-filter', '#aging-filter', '#currency-filter']) $(id).addEventListener('change', filterChanged);
  $('#customer-filter').addEventListener('input', filterChanged);
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
    address.onChange(redraw);
    const query = address.of(route);
    const page = await api(apiPath('/api/invoices', query, [...FILTERS, 'sort', 'order'], pages.offsetOf(query)));
    if (stale()) return;
    setOptions($('#state-filter'), page.states, query.state);
    setOptions($('#currency-filter'), page.currencies, query.currency);
    if (!isEditing($('#invoice-filters'))) {
      $('#customer-filter').value = query.customer;
      $('#aging-filter').value = query.aging;
    }
    headings.draw(query);
    pages.draw(page);
    $('#invoices-empty').hidden = page.total > 0;
    $('#invoices').hidden = page.total === 0;
    keyedRows($('#invoices tbody'), page.rows, (row) => JSON.stringify(row.key), invoiceRow);
  },
};
