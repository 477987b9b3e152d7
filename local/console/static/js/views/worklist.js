// #/worklist?collector=…: the open call tasks of a collector (a collector's own and nobody's
// unless another choice is made), each with the customer's contacts (an address mail to which
// bounced or drew a complaint marked), whose task it is (a credit manager gives it to a collector
// or takes it back), and what to record. Below, the tasks to find another contact. Worklist rows
// are made once and kept: a refresh rewrites what the server says and leaves the fields alone
// while a collector is at them (a typed partial payment once became the open amount).
import { api, may, mayRecord, SESSION } from '../api.js';
import { $, el, field, isEditing, keyedRows } from '../dom.js';
import { isPositiveAmount } from '../format.js';
import { addressQuery, apiPath, pager, setOptions } from '../list.js';
import { fmt } from '../locale.js';
import { dateOf, instantOf, invoiceLink } from '../parts.js';
import { confirmPayment, recordEvent } from '../record.js';
import { refresh } from '../refresh.js';

const address = addressQuery('worklist', { collector: '', offset: '0', contactsOffset: '0' });
const pages = pager(address, 'the worklist');
const contactPages = pager(address, 'the contacts to find', 'contactsOffset');

/** The roles a call task may go to (the server refuses the others). */
/** Whose tasks, besides a collector's by name; the empty choice is the server's default for the role. */
const CHOICES = [
  ['', SESSION.role === 'collector' ? "mine and nobody's" : "everyone's"],
  ['me', 'mine'],
  ['unassigned', "nobody's yet"],
  ...(SESSION.role === 'collector' ? [['all', "everyone's"]] : []),
];

/**
 * The collectors a task may go to, as the server names them to a credit manager (enabled users in
 * a collector's role or higher); for another role, those the worklist has shown tasks assigned to.
 */
const collectors = new Set();
let collectorsRead = false;
async function readCollectors() {
  if (!may('collectors') || collectorsRead) return;
  const { rows: names } = await api('/api/collectors');
  for (const { name } of names) collectors.add(name);
  collectorsRead = true;
}
const collectorNames = () => [...collectors].sort((a, b) => a.localeCompare(b, fmt.locale));

const rows = new Map();
const taskId = (task) => JSON.stringify([task.invoiceKey.sellerKey, task.invoiceKey.number, task.stepId]);
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

/** A contact in a line; an address mail to which is undeliverable says so, with when and SES's words. */
const contactItem = (contact) =>
  el('li', {}, [contact.name, contact.phone, contact.email].filter(Boolean).join(' · '),
    contact.undeliverable
      ? [' ', el('span', { class: 'badge badge-over' }, `undeliverable: ${contact.undeliverable.why}`), ` since ${fmt.instant(contact.undeliverable.since)} (${contact.undeliverable.detail})`]
      : []);

/** Who has the task, and who gave it to them when. */
const assignmentText = (task) =>
  task.assignment
    ? [task.assignee ?? 'nobody', el('div', {}, `given by ${task.assignment.by}, `, instantOf(task.assignment.at))]
    : ['nobody yet'];

/** A credit manager's control to give the task to a collector or back to nobody. */
function assignControl(entry) {
  const { task } = entry;
  const number = task.invoiceKey.number;
  const names = collectorNames();
  if (names.length === 0 && task.assignee === null) return [];
  const to = el('select', {}, el('option', { value: '' }, 'nobody'), ...names.map((name) => el('option', { value: name, selected: name === task.assignee }, name)));
  const assign = () =>
    api('/api/worklist/assign', { invoice: entry.task.invoiceKey, collector: to.value || null })
      .then(() => {
        entry.status.textContent = '';
        // The cell is drawn anew only when none of it has the focus; the button that sent has it.
        document.activeElement?.blur();
        return refresh();
      })
      .catch((error) => {
        entry.status.textContent = error.message;
      });
  return [el('div', { class: 'assign' },
    field(['Give', el('span', { class: 'visually-hidden' }, ` the call on ${number}`), ' to'], to), ' ',
    el('button', { type: 'button', 'aria-label': `Assign the call on ${number}`, onclick: assign }, 'Assign'))];
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
    cells: { number: el('th', { scope: 'row' }), contact: el('td'), open: el('td', { class: 'amount' }), since: el('td'), expires: el('td'), assigned: el('td'), history: el('td') },
    assignKey: null,
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
  cells.contact.replaceChildren(task.customer ?? '—', el('ul', { 'aria-label': `Contacts for ${task.invoiceKey.number}` }, ...task.contacts.map(contactItem)));
  cells.open.replaceChildren(fmt.money(task.openAmount, task.currency), isPositiveAmount(task.claimsOpen) ? el('div', {}, `+ claims ${fmt.money(task.claimsOpen, task.currency)}`) : '');
  cells.since.replaceChildren(dateOf(task.createdOn));
  cells.expires.replaceChildren(dateOf(task.expiresOn));
  cells.history.replaceChildren(el('ul', {}, ...task.history.map((line) => el('li', {}, line))));
  // The assignment and its control are drawn anew when either changes, never under a person choosing.
  const assignKey = JSON.stringify([task.assignment, may('assign-call-task') ? collectorNames() : []]);
  if (entry.assignKey !== assignKey && !isEditing(cells.assigned)) {
    entry.assignKey = assignKey;
    cells.assigned.replaceChildren(...assignmentText(task), ...(may('assign-call-task') ? assignControl(entry) : []));
  }
  if (!isBeingEdited(entry)) {
    entry.amount.defaultValue = task.amountToPay;
    entry.amount.value = task.amountToPay;
  }
}

function drawTasks(tasks) {
  const listed = new Set(tasks.map(taskId));
  const body = $('#worklist tbody');
  // Rows are only appended and removed, never moved: moving a row would take the focus out of its field.
  for (const task of tasks) {
    const id = taskId(task);
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
      entry.cells.number.replaceChildren(`${entry.task.invoiceKey.number} (no longer on this worklist)`);
    } else {
      entry.row.remove();
      rows.delete(id);
    }
  }
  $('#worklist-empty').hidden = rows.size > 0;
  $('#worklist').hidden = rows.size === 0;
}

const WHY = { bounced: 'bounced', complained: 'the recipient marked it as spam' };

function contactTaskRow(task) {
  const status = el('p', { class: 'line-status', role: 'status', 'aria-live': 'polite' });
  const found = el('input', { type: 'email', size: 26, autocomplete: 'off' });
  const note = el('input', { type: 'text', size: 30, maxlength: 1000, autocomplete: 'off' });
  const resolve = () => {
    const body = { ...(found.value.trim() ? { address: found.value.trim() } : {}), ...(note.value.trim() ? { note: note.value.trim() } : {}) };
    if (!body.address && !body.note) {
      status.textContent = 'Give the new address, or a note of what you did, or both.';
      return;
    }
    api(`/api/contact-tasks/${encodeURIComponent(task.id)}/resolve`, body)
      .then((answer) => {
        const { resolution } = answer;
        $('#contact-resolved-section').hidden = false;
        $('#contact-resolved').append(el('li', {},
          `${task.customer ?? task.customerId}, instead of ${task.address}: ${[resolution.address && `new address ${resolution.address}`, resolution.note].filter(Boolean).join('; ')}, by ${resolution.by}, `, instantOf(resolution.at)));
        return refresh();
      })
      .catch((error) => {
        status.textContent = error.message;
      });
  };
  const controls = may('resolve-contact-task')
    ? [field(`New address for ${task.address}`, found), field(`What was done about ${task.address}`, note), el('button', { type: 'button', 'aria-label': `Resolve ${task.address}`, onclick: resolve }, 'Resolve')]
    : ['—'];
  return el('tr', {},
    el('th', { scope: 'row' }, task.customer ?? task.customerId),
    el('td', {}, task.address),
    el('td', {}, `${WHY[task.why] ?? task.why}: ${task.detail}`),
    el('td', {}, instantOf(task.since)),
    el('td', {}, invoiceLink(task.invoiceKey), ` ${task.stepId}`),
    el('td', {}, ...controls, status));
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('#worklist').after(pages.node);
  $('#contact-tasks').after(contactPages.node);
  $('#worklist-collector').append(...CHOICES.map(([value, label]) => el('option', { value }, label)));
  $('#worklist-collector').addEventListener('change', (event) => address.change({ collector: event.target.value, offset: '0' }));
}

export default {
  name: 'worklist',
  section: '#view-worklist',
  heading: () => 'Collector worklist',
  what: () => 'the worklist',
  allowed: () => true,
  // The collectors are read again on entering: a role changed meanwhile changes who a task may go to.
  enter() {
    if (!may('collectors')) return;
    collectorsRead = false;
    collectors.clear();
  },
  async draw(route, { stale, redraw }) {
    wire();
    address.onChange(redraw);
    const query = address.of(route);
    const [page, contactTasks] = await Promise.all([
      api(apiPath('/api/worklist', query, ['collector'], pages.offsetOf(query))),
      api(apiPath('/api/contact-tasks', query, [], contactPages.offsetOf(query))),
      readCollectors(),
    ]);
    if (stale()) return;
    if (!may('collectors')) for (const task of page.rows) if (task.assignee) collectors.add(task.assignee);
    // The choices: the fixed ones, then a collector's tasks by name (the address may name one not seen yet).
    const select = $('#worklist-collector');
    const names = collectorNames();
    const byName = query.collector && !CHOICES.some(([value]) => value === query.collector) && !names.includes(query.collector) ? [...names, query.collector] : names;
    setOptions(select, [...CHOICES.slice(1).map(([value]) => value), ...byName], query.collector, (value) => CHOICES.find(([choice]) => choice === value)?.[1] ?? `${value}'s`);
    pages.draw(page);
    drawTasks(page.rows);
    contactPages.draw(contactTasks);
    $('#contact-tasks-empty').hidden = contactTasks.total > 0;
    $('#contact-tasks').hidden = contactTasks.total === 0;
    keyedRows($('#contact-tasks tbody'), contactTasks.rows, (task) => task.id, contactTaskRow);
  },
};
