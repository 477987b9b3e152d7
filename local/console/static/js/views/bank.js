// #/bank: the unmatched-payments queue (accept a suggestion, or choose the customer and type an
// amount per open invoice), the decisions taken here, and the statement files received. Queue rows
// are kept per line, as worklist rows are: a refresh never drops what a person typed.
import { api, may } from '../api.js';
import { $, el, isEditing, isUnchanged } from '../dom.js';
import { isPositiveAmount } from '../format.js';
import { fmt } from '../locale.js';
import { dateOf, instantOf } from '../parts.js';
import { refresh } from '../refresh.js';

const rows = new Map();
/** The customers by id, for the choice of who paid and the names in the decisions. */
let customers = [];

function decided(line, decision) {
  const allocations = decision.allocations.map((allocation) => `${allocation.key.number} ${fmt.money(allocation.amount, line.currency)}`).join(', ') || 'no invoice';
  const unapplied = isPositiveAmount(decision.unapplied) ? `, ${fmt.money(decision.unapplied, line.currency)} unapplied` : '';
  const customer = customers.find((candidate) => candidate.id === decision.customerId)?.name ?? decision.customerId;
  $('#decided-empty').hidden = true;
  $('#decided').append(el('li', {},
    dateOf(line.bookingDate), ` ${fmt.money(line.amount, line.currency)} from ${line.payer.name ?? line.payer.iban ?? 'an unknown payer'}: to ${customer} (${allocations}${unapplied}), by ${decision.by} at `, instantOf(decision.at)));
  rows.get(line.lineId)?.row.remove();
  rows.delete(line.lineId);
  return refresh();
}

function customerOptions(select) {
  const chosen = select.value;
  const sorted = customers.toSorted((a, b) => a.name.localeCompare(b.name, fmt.locale));
  select.replaceChildren(el('option', { value: '' }, 'choose a customer'), ...sorted.map((customer) => el('option', { value: customer.id }, customer.name)));
  select.value = sorted.some((customer) => customer.id === chosen) ? chosen : '';
}

function queueRow(line) {
  const what = `${fmt.money(line.amount, line.currency)} of ${fmt.date(line.bookingDate)}`;
  const status = el('p', { class: 'line-status', role: 'status', 'aria-live': 'polite' });
  const send = (customerId, allocations) =>
    api(`/api/bank/lines/${encodeURIComponent(line.lineId)}/assign`, { customerId, allocations })
      .then((answer) => decided(line, answer.decision))
      .catch((error) => {
        status.textContent = error.message;
      });
  const customer = el('select', { 'aria-label': `Customer for ${what}` });
  const amounts = el('div');
  // The chosen customer's open invoices in the line's currency, from its statement of account.
  const drawAmounts = async () => {
    const chosen = customer.value;
    if (!chosen) return amounts.replaceChildren();
    amounts.replaceChildren(el('span', { role: 'status' }, 'Loading the open invoices…'));
    try {
      const account = await api(`/api/customers/${encodeURIComponent(chosen)}/account`);
      if (customer.value !== chosen) return;
      const open = account.openItems.filter((item) => item.currency === line.currency && isPositiveAmount(item.open));
      amounts.replaceChildren(...(open.length
        ? open.map((item) =>
            el('label', {}, `${item.key.number} (open ${fmt.money(item.open, item.currency)}) `,
              el('input', { type: 'text', inputmode: 'decimal', size: 9, 'data-seller': item.key.sellerKey, 'data-number': item.key.number, 'aria-label': `Amount of ${what} for ${item.key.number}` })))
        : [el('span', {}, `No ${line.currency} invoice of this customer is open: the payment stays unapplied cash.`)]));
    } catch (error) {
      amounts.replaceChildren(el('span', { role: 'status' }, `Could not load the customer's open invoices: ${error.message}`));
    }
  };
  customer.addEventListener('change', drawAmounts);
  customerOptions(customer);
  const assign = () => {
    if (!customer.value) {
      status.textContent = 'Choose the customer who paid.';
      return;
    }
    const allocations = [...amounts.querySelectorAll('input')].filter((input) => input.value.trim()).map((input) => ({ key: { sellerKey: input.dataset.seller, number: input.dataset.number }, amount: input.value.trim() }));
    send(customer.value, allocations);
  };
  const suggestions = line.suggestions.length
    ? el('ul', {}, ...line.suggestions.map((suggestion, i) => el('li', {},
        `${suggestion.rule}, ${fmt.share(suggestion.confidence)}: ${suggestion.customerName ?? suggestion.customerId}`,
        el('ul', {}, ...suggestion.allocations.map((allocation) => el('li', {}, `${allocation.key.number}: ${fmt.money(allocation.amount, line.currency)}`))),
        isPositiveAmount(suggestion.unapplied) ? el('div', {}, `unapplied: ${fmt.money(suggestion.unapplied, line.currency)}`) : '',
        may('assign-line') ? el('button', { type: 'button', 'aria-label': `Accept suggestion ${i + 1} for ${what}`, onclick: () => send(suggestion.customerId, suggestion.allocations) }, 'Accept') : '')))
    : 'none';
  const row = el('tr', {},
    el('th', { scope: 'row' }, dateOf(line.bookingDate)),
    el('td', { class: 'amount' }, line.direction === 'DBIT' ? `− ${fmt.money(line.amount, line.currency)} (a return)` : fmt.money(line.amount, line.currency)),
    el('td', {}, [line.payer.name, line.payer.iban].filter(Boolean).join(' · ') || '—'),
    el('td', {}, el('ul', {}, ...[...line.texts, ...line.references, ...(line.endToEndId ? [`end-to-end ${line.endToEndId}`] : [])].map((text) => el('li', {}, text)))),
    el('td', {}, line.why),
    el('td', {}, suggestions),
    el('td', { class: 'assign' }, ...(!may('assign-line') ? ['—'] : line.assignable
      ? [customer, amounts, el('button', { type: 'button', 'aria-label': `Assign ${what}`, onclick: assign }, 'Assign'), el('div', {}, 'Amounts left empty are not allocated; the rest stays unapplied cash.')]
      : ['A return: trace its payment.']), status));
  return { row, customer };
}

export default {
  name: 'bank',
  section: '#view-bank',
  heading: () => 'Bank',
  what: () => 'the bank queue and statements',
  allowed: () => true,
  async draw(_route, { stale }) {
    const [queue, statements, known] = await Promise.all([api('/api/bank/queue'), api('/api/bank/statements'), api('/api/customers')]);
    if (stale()) return;
    const customersChanged = !isUnchanged('bank-customers', known.map((customer) => [customer.id, customer.name]));
    customers = known;
    const listed = new Set(queue.map((line) => line.lineId));
    $('#queue-empty').hidden = queue.length > 0;
    $('#queue').hidden = queue.length === 0;
    for (const line of queue) {
      if (!rows.has(line.lineId)) rows.set(line.lineId, queueRow(line));
      const entry = rows.get(line.lineId);
      if (customersChanged && !isEditing(entry.row)) customerOptions(entry.customer);
      if (!entry.row.isConnected) $('#queue tbody').append(entry.row);
    }
    for (const [lineId, entry] of rows) {
      if (listed.has(lineId)) continue;
      entry.row.remove();
      rows.delete(lineId);
    }
    if (isUnchanged('statements', statements)) return;
    $('#statements-empty').hidden = statements.length > 0;
    $('#statements').hidden = statements.length === 0;
    $('#statements tbody').replaceChildren(...statements.map((file) =>
      el('tr', {}, el('th', { scope: 'row' }, instantOf(file.receivedAt)), el('td', {}, file.format), ...[file.lines, file.newLines, file.payments, file.returns, file.unmatched].map((count) => el('td', { class: 'amount' }, fmt.count(count))))));
  },
};
