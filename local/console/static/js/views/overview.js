// #/overview: the receivables day by day (one chart set per currency), today's aging, and the credit holds.
import { api, may } from '../api.js';
import { BUCKET_COLOURS, BUCKETS, chartSets, plotted } from '../charts.js';
import { $, el, isUnchanged, keyedRows } from '../dom.js';
import { fmt } from '../locale.js';
import { amountCell, customerLink, dateOf, invoiceLink } from '../parts.js';

let charts = null;

function drawHistory(history) {
  charts ??= chartSets($('#overview-charts'));
  const byCurrency = Map.groupBy(history, (snapshot) => snapshot.currency);
  const specs = new Map([...byCurrency].map(([currency, days]) => {
    const labels = days.map((snapshot) => fmt.date(snapshot.date));
    return [currency, [
      {
        caption: `Open receivables by aging bucket (${currency})`,
        label: `Open ${currency} receivables by aging bucket, day by day`,
        type: 'bar',
        data: { labels, datasets: BUCKETS.map((bucket, i) => ({ label: bucket, data: days.map((snapshot) => plotted(snapshot.aging[bucket])), backgroundColor: BUCKET_COLOURS[i], stack: 'open' })) },
        options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: currency } } } },
      },
      {
        caption: `DSO (standard method, 90 days), ${currency}`,
        label: `Days sales outstanding of the ${currency} receivables, day by day`,
        type: 'line',
        data: { labels, datasets: [{ label: `DSO (${currency})`, data: days.map((snapshot) => plotted(snapshot.dso)), borderColor: '#1f3b57', tension: 0.2 }] },
        options: { scales: { y: { title: { display: true, text: 'days' } } } },
      },
    ]];
  }));
  $('#overview-charts-empty').hidden = specs.size > 0;
  charts.show(specs);
}

function drawAging(report) {
  $('#aging-caption').textContent = `Open receivables by days past due, as of ${fmt.date(report.asOf)}, per currency`;
  $('#aging-empty').hidden = report.reports.length > 0;
  $('#aging').hidden = report.reports.length === 0;
  $('#aging tbody').replaceChildren(...report.reports.map(({ currency, total }) =>
    el('tr', {}, el('th', { scope: 'row' }, currency), ...BUCKETS.map((bucket) => amountCell(total.aging[bucket], currency)), amountCell(total.open, currency))));
}

// A hold stays in the ledger once raised; whether it still holds is the customer's standing now,
// as the server computes it: a customer back under its limit has its holds released.
function holdRow({ hold, holding }) {
  const currency = hold.limit.currency;
  return el('tr', { class: holding ? 'hold' : 'hold-released' },
    el('td', {}, holding
      ? el('span', { class: 'badge badge-hold' }, hold.crossed ? 'Credit hold: crossed the limit' : 'Credit hold: already over')
      : el('span', { class: 'badge badge-released' }, 'Released: exposure back under the limit')),
    el('th', { scope: 'row' }, customerLink(hold.customerId, hold.customerName)),
    el('td', {}, invoiceLink(hold.invoice)),
    el('td', {}, dateOf(hold.raisedOn)),
    amountCell(hold.limit.amount, currency),
    amountCell(hold.exposure, currency),
    el('td', { class: holding ? 'amount over' : 'amount' }, fmt.money(hold.overBy, currency)));
}

function drawHolds(holds, customers) {
  const overLimit = new Map(customers.map((customer) => [customer.id, customer.overLimit]));
  $('#holds-empty').hidden = holds.length > 0;
  $('#holds').hidden = holds.length === 0;
  const rows = holds.map((hold) => ({ hold, holding: hold.state ? hold.state === 'active' : overLimit.get(hold.customerId) === true }));
  keyedRows($('#holds tbody'), rows, ({ hold }) => JSON.stringify([hold.customerId, hold.invoice, hold.raisedAt]), holdRow);
}

export default {
  name: 'overview',
  section: '#view-overview',
  heading: () => 'Overview',
  what: () => 'the overview',
  allowed: () => true,
  async draw(_route, { stale }) {
    const [history, report, holds, customers] = await Promise.all([
      may('history') ? api('/api/history') : null,
      api('/api/report'),
      api('/api/credit-holds'),
      api('/api/customers'),
    ]);
    if (stale()) return;
    $('#overview-charts-section').hidden = history === null;
    if (history && !isUnchanged('overview-history', history)) drawHistory(history);
    if (!isUnchanged('overview-aging', report.reports.map(({ currency, total }) => ({ currency, total, asOf: report.asOf })))) drawAging(report);
    drawHolds(holds, customers);
  },
};
