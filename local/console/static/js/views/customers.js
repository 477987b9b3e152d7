// #/customers: every customer with its segment, policy, risk, limit and exposure, open amounts,
// DSO and CEI (one line per currency where it owes in more than one).
import { api } from '../api.js';
import { $, el, keyedRows } from '../dom.js';
import { fmt } from '../locale.js';
import { customerLink } from '../parts.js';

/** A risk score with its grade in words (the colour is not the only sign) and its first reason. */
export const riskSummary = (risk) =>
  risk ? [el('strong', { class: `grade-${risk.grade}` }, `${risk.score} (${risk.grade})`), ' ', risk.reasons[0] ?? 'no risk signs'] : ['not yet assessed'];

const perCurrency = (figures, show) => (figures.length ? figures.map((figure) => el('div', {}, show(figure))) : ['—']);
// The currency names a figure only where the customer is billed in more than one.
const named = (customer, figure, text) => `${customer.figures.length > 1 ? `${figure.currency}: ` : ''}${text}`;

const customerRow = (customer) =>
  el('tr', customer.overLimit ? { class: 'over-limit' } : {},
    el('th', { scope: 'row' }, customerLink(customer.id, customer.name), customer.reference ? ` (${customer.reference})` : ''),
    el('td', {}, customer.segment),
    el('td', {}, customer.policy),
    el('td', {}, ...riskSummary(customer.risk)),
    el('td', { class: 'amount' }, customer.creditLimit ? fmt.money(customer.creditLimit.amount, customer.creditLimit.currency) : 'none'),
    el('td', { class: 'amount' }, fmt.money(customer.exposure.amount, customer.exposure.currency), customer.overLimit ? el('div', {}, el('span', { class: 'badge badge-over' }, 'over limit')) : ''),
    el('td', { class: 'amount' }, ...perCurrency(customer.figures, (figure) => fmt.money(figure.open, figure.currency))),
    el('td', { class: 'amount' }, ...perCurrency(customer.figures, (figure) => named(customer, figure, fmt.days(figure.dsoCountback)))),
    el('td', { class: 'amount' }, ...perCurrency(customer.figures, (figure) => named(customer, figure, fmt.percent(figure.cei)))));

export default {
  name: 'customers',
  section: '#view-customers',
  heading: () => 'Customers',
  what: () => 'the customers',
  allowed: () => true,
  matches: (route) => route.view === 'customers' && route.parts.length === 0,
  async draw(_route, { stale }) {
    const customers = await api('/api/customers');
    if (stale()) return;
    $('#customers-empty').hidden = customers.length > 0;
    $('#customers').hidden = customers.length === 0;
    keyedRows($('#customers tbody'), customers, (customer) => customer.id, customerRow);
  },
};
