// #/worklist: the collector's call tasks. One row per task, made once and kept: a refresh rewrites
// what the server says and leaves the fields alone while a collector is at them (a typed partial
// payment once became the open amount).
import { api, mayRecord } from '../api.js';
import { $, el } from '../dom.js';
import { isPositiveAmount } from '../format.js';
import { fmt } from '../locale.js';
import { dateOf, invoiceLink } from '../parts.js';
import { confirmPayment, recordEvent } from '../record.js';
import { refresh } from '../refresh.js';

const rows = new Map();
const taskId = (key) => JSON.stringify([key.sellerKey, key.number]);
const isBeingEdited = (entry) => entry.row.contains(document.activeElement) || entry.amount.value !== entry.amount.defaultValue || entry.promised.value !== '';
// Once what was typed is recorded the row is done with: its fields are cleared and the focus goes
// to the list's heading, so the row can leave the list when its task closes.
const clearFields = (entry) => {
  entry.amount.value = entry.amount.defaultValue;
  entry.promised.value = '';
  if (entry.row.contains(document.activeElement)) $('#worklist-title').focus();
};

async function recordPayment(entry) {
  if (!entry.amount.reportValidity()) return;
  const amount = entry.amount.value.trim();
  const { task } = entry;
  if (!(await confirmPayment({ number: task.invoiceKey.number, customer: task.customer, currency: task.currency, amount, openAmount: task.openAmount, claimsOpen: task.claimsOpen }))) return;
  await recordEvent(task.invoiceKey, { type: 'payment', amount });
  clearFields(entry);
  await refresh();
}

function worklistRow(task) {
  const number = task.invoiceKey.number;
  const status = el('p', { class: 'line-status', role: 'status', 'aria-live': 'polite' });
  const failed = (error) => {
    status.textContent = error.message;
  };
  const entry = {
    task,
    status,
    promised: el('input', { type: 'date', 'aria-label': `Promised date for ${number}` }),
    amount: el('input', { type: 'text', inputmode: 'decimal', size: 9, required: true, 'aria-label': `Payment amount for ${number}`, value: task.amountToPay }),
    cells: { number: el('th', { scope: 'row' }), contact: el('td'), open: el('td', { class: 'amount' }), since: el('td'), expires: el('td'), history: el('td') },
  };
  const outcome = (event) =>
    recordEvent(entry.task.invoiceKey, { type: 'call-outcome', ...event })
      .then(() => {
        status.textContent = '';
        clearFields(entry);
        return refresh();
      })
      .catch(failed);
  const controls = [
    ...(mayRecord('call-outcome')
      ? [el('button', { type: 'button', onclick: () => outcome({ outcome: 'no-answer' }) }, 'No answer'), ' ',
         entry.promised, el('button', { type: 'button', onclick: () => outcome({ outcome: 'promise', promisedDate: entry.promised.value }) }, 'Promise'), ' ',
         el('button', { type: 'button', onclick: () => outcome({ outcome: 'dispute' }) }, 'Dispute'), ' ']
      : []),
    ...(mayRecord('payment') ? [entry.amount, el('button', { type: 'button', onclick: () => recordPayment(entry).catch(failed) }, 'Payment')] : []),
  ];
  entry.row = el('tr', {}, ...Object.values(entry.cells), el('td', {}, ...(controls.length ? controls : ['— (your role reads only)']), status));
  return entry;
}

function updateRow(entry, task) {
  entry.task = task;
  const { cells } = entry;
  // The link is made once: a link someone has tabbed to keeps the focus through refreshes.
  if (!cells.number.querySelector('a')) cells.number.replaceChildren(invoiceLink(task.invoiceKey));
  cells.contact.textContent = [task.customer, task.contact.name, task.contact.phone, task.contact.email].filter(Boolean).join(' · ');
  cells.open.replaceChildren(fmt.money(task.openAmount, task.currency), isPositiveAmount(task.claimsOpen) ? el('div', {}, `+ claims ${fmt.money(task.claimsOpen, task.currency)}`) : '');
  cells.since.replaceChildren(dateOf(task.createdOn));
  cells.expires.replaceChildren(dateOf(task.expiresOn));
  cells.history.replaceChildren(el('ul', {}, ...task.history.map((line) => el('li', {}, line))));
  if (!isBeingEdited(entry)) {
    entry.amount.defaultValue = task.amountToPay;
    entry.amount.value = task.amountToPay;
  }
}

export default {
  name: 'worklist',
  section: '#view-worklist',
  heading: () => 'Collector worklist',
  what: () => 'the worklist',
  allowed: () => true,
  async draw(_route, { stale }) {
    const tasks = await api('/api/worklist');
    if (stale()) return;
    const listed = new Set(tasks.map((task) => taskId(task.invoiceKey)));
    const body = $('#worklist tbody');
    // Rows are only appended and removed, never moved: moving a row would take the focus out of its field.
    for (const task of tasks) {
      const id = taskId(task.invoiceKey);
      if (!rows.has(id)) rows.set(id, worklistRow(task));
      const entry = rows.get(id);
      updateRow(entry, task);
      entry.row.classList.remove('gone');
      if (!entry.row.isConnected) body.append(entry.row);
    }
    // A task that left the list goes too, unless a collector is filling in its row: that one says so and stays.
    for (const [id, entry] of rows) {
      if (listed.has(id)) continue;
      if (isBeingEdited(entry)) {
        entry.row.classList.add('gone');
        entry.cells.number.replaceChildren(`${entry.task.invoiceKey.number} (no longer on the worklist)`);
      } else {
        entry.row.remove();
        rows.delete(id);
      }
    }
    $('#worklist-empty').hidden = rows.size > 0;
    $('#worklist').hidden = rows.size === 0;
  },
};
