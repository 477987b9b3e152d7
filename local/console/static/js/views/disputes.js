// #/disputes?reason=…&customer=…&sort=…&order=…&offset=…&from=…&to=…: the disputes waiting for a
// decision, the oldest first (each resolved on its invoice's page, where the form is), and why
// customers dispute: counts by outcome and amounts by reason, by customer and by month, each
// amount in its own currency (never added across currencies), with a chart per currency.
import { api, mayRecord } from '../api.js';
import { chartSets, plotted } from '../charts.js';
import { $, el, isEditing, isUnchanged, keyedRows, table } from '../dom.js';
import { addressQuery, apiPath, pager, setOptions, sortingHeadings } from '../list.js';
import { fmt } from '../locale.js';
import { customerLink, dateOf, invoiceLink } from '../parts.js';
import { DISPUTE_REASONS } from '../record.js';
import { invoiceHref } from '../router.js';

const address = addressQuery('disputes', { reason: '', customer: '', sort: 'age', order: 'desc', offset: '0', from: '', to: '' });
const pages = pager(address, 'the disputes waiting');
let headings = null;
let charts = null;

const REASONS = new Map([...DISPUTE_REASONS, ['unspecified', 'no reason given']]);
const reasonText = (code) => REASONS.get(code) ?? code;
const OUTCOMES = [['open', 'Open'], ['rejected', 'Rejected'], ['upheld', 'Upheld'], ['upheld-in-part', 'Upheld in part']];

function disputeRow(dispute) {
  const number = dispute.invoice.number;
  return el('tr', {},
    el('th', { scope: 'row' }, invoiceLink(dispute.invoice)),
    el('td', {}, customerLink(dispute.customerId, dispute.customerName)),
    el('td', {}, dateOf(dispute.raisedOn), dispute.raisedOnCall ? ' (on a call)' : ''),
    el('td', { class: 'amount' }, fmt.days(dispute.ageDays)),
    el('td', {}, reasonText(dispute.reason), dispute.note ? el('div', {}, dispute.note) : ''),
    el('td', { class: 'amount' }, fmt.money(dispute.disputedAmount, dispute.currency)),
    el('td', { class: 'amount' }, fmt.money(dispute.openAmount, dispute.currency)),
    el('td', {}, mayRecord('dispute-resolved') ? el('a', { href: invoiceHref(dispute.invoice), 'aria-label': `Resolve the dispute on ${number}` }, 'Resolve') : '—'));
}

/** Amounts of a tally, a line per currency. */
const perCurrency = (tally, kind) =>
  el('td', { class: 'amount' }, ...(tally.amounts.length ? tally.amounts.map((amounts) => el('div', {}, fmt.money(amounts[kind], amounts.currency))) : ['—']));

const tallyTable = (caption, heading, tallies, keyCell) =>
  table(caption, [heading, 'Disputes', ...OUTCOMES.map(([, label]) => label), 'Disputed', 'Credited'], tallies.map((tally) =>
    el('tr', {},
      el('th', { scope: 'row' }, keyCell(tally.key)),
      el('td', { class: 'amount' }, fmt.count(tally.count)),
      ...OUTCOMES.map(([outcome]) => el('td', { class: 'amount' }, fmt.count(tally.outcomes[outcome]))),
      perCurrency(tally, 'disputed'),
      perCurrency(tally, 'credited'))));

/** Per currency, a bar chart of what was disputed and what resolutions credited, month by month. */
function chartSpecs(byMonth) {
  const currencies = [...new Set(byMonth.flatMap((tally) => tally.amounts.map((amounts) => amounts.currency)))];
  const labels = byMonth.map((tally) => fmt.month(tally.key));
  const amountOf = (tally, currency, kind) => plotted(tally.amounts.find((amounts) => amounts.currency === currency)?.[kind] ?? '0');
  return new Map(currencies.map((currency) => [currency, [{
    caption: `Disputed and credited by month (${currency})`,
    label: `${currency} amounts disputed and credited, month by month`,
    type: 'bar',
    data: { labels, datasets: [
      { label: 'Disputed', data: byMonth.map((tally) => amountOf(tally, currency, 'disputed')), backgroundColor: '#dd6b20' },
      { label: 'Credited', data: byMonth.map((tally) => amountOf(tally, currency, 'credited')), backgroundColor: '#1f3b57' },
    ] },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: currency } } } },
  }]]));
}

function drawAnalytics(analytics) {
  const names = analytics.customerNames;
  const counted = analytics.byReason.length > 0;
  $('#dispute-analytics-caption').textContent = counted
    ? `Disputes raised from ${fmt.month(analytics.from)} to ${fmt.month(analytics.to)}, as they stand today; amounts per currency.`
    : `No dispute was raised from ${fmt.month(analytics.from)} to ${fmt.month(analytics.to)}.`;
  charts ??= chartSets($('#dispute-charts'));
  charts.show(counted ? chartSpecs(analytics.byMonth) : new Map());
  $('#dispute-analytics').replaceChildren(...(counted
    ? [
        tallyTable('Disputes by reason', 'Reason', analytics.byReason, reasonText),
        tallyTable('Disputes by customer', 'Customer', analytics.byCustomer, (id) => customerLink(id, names[id])),
        tallyTable('Disputes by month raised', 'Month', analytics.byMonth, (month) => fmt.month(month)),
      ]
    : []));
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('#disputes').after(pages.node);
  headings = sortingHeadings($('#disputes'), address);
  setOptions($('#dispute-reason'), [...REASONS.keys()], '', reasonText);
  const filtered = () => address.change({ reason: $('#dispute-reason').value, customer: $('#dispute-customer').value, offset: '0' });
  $('#dispute-reason').addEventListener('change', filtered);
  $('#dispute-customer').addEventListener('input', filtered);
  const months = () => address.change({ from: $('#dispute-from').value, to: $('#dispute-to').value });
  $('#dispute-from').addEventListener('change', months);
  $('#dispute-to').addEventListener('change', months);
}

export default {
  name: 'disputes',
  section: '#view-disputes',
  heading: () => 'Disputes',
  what: () => 'the disputes',
  allowed: () => true,
  async draw(route, { stale, redraw }) {
    wire();
    address.onChange(redraw);
    const query = address.of(route);
    const months = new URLSearchParams(['from', 'to'].filter((name) => query[name]).map((name) => [name, query[name]]));
    const [page, analytics] = await Promise.all([
      api(apiPath('/api/disputes', query, ['reason', 'customer', 'sort', 'order'], pages.offsetOf(query))),
      api(`/api/disputes/analytics${months.size ? `?${months}` : ''}`),
    ]);
    if (stale()) return;
    if (!isEditing($('#dispute-filters'))) {
      $('#dispute-reason').value = query.reason;
      $('#dispute-customer').value = query.customer;
    }
    if (!isEditing($('#dispute-months'))) {
      $('#dispute-from').value = analytics.from;
      $('#dispute-to').value = analytics.to;
    }
    headings.draw(query);
    pages.draw(page);
    $('#disputes-empty').hidden = page.total > 0;
    $('#disputes').hidden = page.total === 0;
    keyedRows($('#disputes tbody'), page.rows, (dispute) => JSON.stringify([dispute.invoice, dispute.raisedOn]), disputeRow);
    if (!isUnchanged('dispute-analytics', analytics)) drawAnalytics(analytics);
  },
};
