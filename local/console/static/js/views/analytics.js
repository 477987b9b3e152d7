// #/analytics: the portfolio as of a chosen day, per currency and segment: one chart set per
// currency (aging by segment; DSO and CEI by segment) and the figures in a table.
import { api } from '../api.js';
import { BUCKET_COLOURS, BUCKETS, chartSets, plotted } from '../charts.js';
import { $, el, isUnchanged } from '../dom.js';
import { fmt } from '../locale.js';
import { figureCells } from './customer.js';

const KPI_COLOURS = ['#1f3b57', '#5b8db8', '#2f855a'];
// The as-of day: null follows today, a picked date stays.
let asOf = null;
let charts = null;

const chartsOf = (report) => {
  const segments = Object.keys(report.bySegment).sort();
  const figure = (segment, name) => plotted(report.bySegment[segment][name]);
  const { currency } = report;
  return [
    {
      caption: `Aging by segment (${currency})`,
      label: `Open ${currency} receivables by aging bucket, one bar per segment`,
      type: 'bar',
      data: { labels: segments, datasets: BUCKETS.map((bucket, i) => ({ label: bucket, data: segments.map((segment) => plotted(report.bySegment[segment].aging[bucket])), backgroundColor: BUCKET_COLOURS[i], stack: 'open' })) },
      options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: currency } } } },
    },
    {
      caption: `DSO and CEI by segment (${currency})`,
      label: `DSO (standard and countback) and CEI per segment, ${currency}`,
      type: 'bar',
      data: {
        labels: segments,
        datasets: [
          { label: 'DSO standard (days)', data: segments.map((segment) => figure(segment, 'dsoStandard')), backgroundColor: KPI_COLOURS[0], yAxisID: 'days' },
          { label: 'DSO countback (days)', data: segments.map((segment) => figure(segment, 'dsoCountback')), backgroundColor: KPI_COLOURS[1], yAxisID: 'days' },
          { label: 'CEI (%)', data: segments.map((segment) => figure(segment, 'cei')), backgroundColor: KPI_COLOURS[2], yAxisID: 'percent' },
        ],
      },
      options: { scales: {
        days: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'days' } },
        percent: { type: 'linear', position: 'right', min: 0, max: 100, title: { display: true, text: 'CEI %' }, grid: { drawOnChartArea: false } },
      } },
    },
  ];
};

let wired = false;
function wire(redraw) {
  if (wired) return;
  wired = true;
  $('#analytics-as-of').addEventListener('change', (event) => {
    asOf = event.target.value || null;
    redraw();
  });
  $('#analytics-today').addEventListener('click', () => {
    asOf = null;
    $('#analytics-as-of').value = '';
    redraw();
  });
}

export default {
  name: 'analytics',
  section: '#view-analytics',
  heading: () => 'Portfolio analytics',
  what: () => 'the portfolio analytics',
  allowed: () => true,
  async draw(_route, { stale, redraw }) {
    wire(redraw);
    const asked = asOf;
    const data = await api(`/api/report${asked ? `?asOf=${encodeURIComponent(asked)}` : ''}`);
    // An answer for another day than the one now chosen (a date picked meanwhile) is not drawn.
    if (stale() || asked !== asOf) return;
    const input = $('#analytics-as-of');
    if (!asOf && document.activeElement !== input) input.value = data.asOf;
    if (isUnchanged('analytics', data)) return;
    $('#analytics-caption').replaceChildren('Figures as of ', el('time', { datetime: data.asOf }, fmt.date(data.asOf)), asOf ? '' : ' (today)', ', per currency and segment');
    charts ??= chartSets($('#analytics-charts'));
    charts.show(new Map(data.reports.map((report) => [report.currency, chartsOf(report)])));
    $('#analytics-empty').hidden = data.reports.length > 0;
    $('#analytics-totals tbody').replaceChildren(...data.reports.flatMap((report) => [
      el('tr', { class: 'total' }, el('th', { scope: 'row' }, report.currency), el('td', {}, 'all segments'), ...figureCells(report.currency, report.total)),
      ...Object.keys(report.bySegment).sort().map((segment) =>
        el('tr', {}, el('th', { scope: 'row' }, report.currency), el('td', {}, segment), ...figureCells(report.currency, report.bySegment[segment]))),
    ]));
  },
};
