// One set of charts per currency, each a captioned figure: a USD invoice adds its own set and
// never replaces the EUR one. Chart.js (a classic script, the global `Chart`) draws numbers: the
// exact decimals are converted for drawing only, never summed here.
import { el } from './dom.js';
import { fmt } from './locale.js';

export const BUCKETS = ['current', '1-30', '31-60', '61-90', 'over-90'];
export const BUCKET_COLOURS = ['#2f855a', '#d69e2e', '#dd6b20', '#c53030', '#702459'];

/** A decimal string as a number to draw (null stays a gap). */
export const plotted = (value) => (value === null || value === undefined ? null : Number(value));

/**
 * The chart sets of one place in the page, kept per currency: each update redraws the charts in
 * place (no animation, no new canvas), adds a set for a new currency in its sorted place and takes
 * away the set of a currency gone.
 */
export function chartSets(container) {
  const sets = new Map();
  return {
    /** `specs`: per currency, its charts: `{ caption, label, type, data, options }`. */
    show(specs) {
      const currencies = [...specs.keys()].sort();
      for (const currency of currencies) {
        const charts = specs.get(currency);
        const existing = sets.get(currency);
        if (existing) {
          existing.charts.forEach((chart, i) => {
            chart.data = charts[i].data;
            chart.update('none');
          });
          continue;
        }
        const figures = charts.map((spec) => {
          const canvas = el('canvas', { role: 'img', 'aria-label': spec.label });
          return { canvas, figure: el('figure', {}, canvas, el('figcaption', {}, spec.caption)) };
        });
        const node = el('div', { class: 'charts', 'data-currency': currency }, figures.map(({ figure }) => figure));
        const after = currencies.slice(currencies.indexOf(currency) + 1).find((other) => sets.has(other));
        container.insertBefore(node, after ? sets.get(after).node : null);
        sets.set(currency, {
          node,
          charts: charts.map((spec, i) => new Chart(figures[i].canvas, { type: spec.type, data: spec.data, options: { animation: false, responsive: true, locale: fmt.locale, ...spec.options } })),
        });
      }
      for (const [currency, set] of sets) {
        if (specs.has(currency)) continue;
        set.charts.forEach((chart) => chart.destroy());
        set.node.remove();
        sets.delete(currency);
      }
    },
  };
}
