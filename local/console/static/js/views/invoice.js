// #/invoices/<sellerKey>/<number>: one invoice's page. Where it stands (state, open amount and
// claims, days overdue, the next step by name), what the role may record on it right here
// (payment, promise, dispute and its resolution, plan, claims waiver), the receivable and its
// claims, the plan, and the run: its graph with the current state lit, timeline, audit trail and
// execution history. The forms are made once per invoice and kept: a refresh never takes what a
// person is typing.
import { api, mayRecord, originalLink, SESSION } from '../api.js';
import { $, definitions, el, field, isEditing, isUnchanged, table } from '../dom.js';
import { currentStateOf, historyLines, STATES } from '../execution.js';
import { isPositiveAmount } from '../format.js';
import { fmt } from '../locale.js';
import { amountCell, customerLink, dateOf, instantOf, nextStepText, overdueText, planTable } from '../parts.js';
import { confirmPayment, DISPUTE_REASONS, recordEvent } from '../record.js';
import { refresh } from '../refresh.js';

const sameKey = (a, b) => a.sellerKey === b.sellerKey && a.number === b.number;
const keyOf = (route) => ({ sellerKey: route.parts[0], number: route.parts[1] });

/** What the forms read of the invoice today: set on each draw, read when a form is sent. */
let standing = null;

const statusOf = () => el('p', { class: 'line-status', role: 'status', 'aria-live': 'polite' });
/** Sends an event from a form: on success clears the form's status and draws the page again, on refusal shows why. */
const sendFrom = (status, key, event, done = () => undefined) =>
  recordEvent(key, event)
    .then(() => {
      status.textContent = '';
      done();
      return refresh();
    })
    .catch((error) => {
      status.textContent = error.message;
    });

function paymentForm(key) {
  const amount = el('input', { type: 'text', inputmode: 'decimal', size: 10, required: true, autocomplete: 'off' });
  const status = statusOf();
  const form = el('form', { 'aria-labelledby': 'payment-form-title', class: 'action' },
    el('h4', { id: 'payment-form-title' }, 'Record a payment'),
    field('Amount received', amount), ' ',
    el('button', { type: 'submit' }, 'Record payment'),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const typed = amount.value.trim();
    const { currency, open, claimsOpen, customer } = standing;
    if (!(await confirmPayment({ number: key.number, customer, currency, amount: typed, openAmount: open, claimsOpen }))) return;
    await sendFrom(status, key, { type: 'payment', amount: typed }, () => {
      amount.value = '';
    });
  });
  return form;
}

function promiseForm(key) {
  const promised = el('input', { type: 'date', required: true });
  const status = statusOf();
  const form = el('form', { 'aria-labelledby': 'promise-form-title', class: 'action' },
    el('h4', { id: 'promise-form-title' }, 'Record a promise to pay'),
    field('Promised to pay by', promised), ' ',
    el('button', { type: 'submit' }, 'Record promise'),
    status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendFrom(status, key, { type: 'promise', promisedDate: promised.value }, () => {
      promised.value = '';
    });
  });
  return form;
}

const reasonSelect = () => el('select', {}, el('option', { value: '' }, 'no reason given'), ...DISPUTE_REASONS.map(([code, words]) => el('option', { value: code }, words)));
const noteInput = () => el('input', { type: 'text', size: 40, maxlength: 500 });
const withNote = (note) => (note.value.trim() ? { note: note.value.trim() } : {});

// A credit manager records a dispute the customer raised (here), and decides it (resolveForm):
// rejected (collect), upheld (in full), or upheld in part (the amount the customer is right about is credited).
function disputeForms(key) {
  const forms = [];
  if (mayRecord('dispute')) {
    const reason = reasonSelect();
    const note = noteInput();
    const status = statusOf();
    const form = el('form', { 'aria-labelledby': 'dispute-form-title', class: 'action' },
      el('h4', { id: 'dispute-form-title' }, 'Record a dispute'),
      field('Reason', reason), ' ',
      field('Note', note), ' ',
      el('button', { type: 'submit' }, 'Record a dispute'),
      status);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      sendFrom(status, key, { type: 'dispute', ...(reason.value ? { reason: reason.value } : {}), ...withNote(note) }, () => {
        reason.value = '';
        note.value = '';
      });
    });
    forms.push(form);
  }
  return forms;
}

// Shown while a dispute is open (or a resolution is being typed or its answer read).
function resolveForm(key) {
  const outcome = el('select', {},
    el('option', { value: 'rejected' }, 'rejected: collect'),
    el('option', { value: 'upheld' }, 'upheld in full'),
    el('option', { value: 'upheld-in-part' }, 'upheld in part'));
  const amount = el('input', { type: 'text', inputmode: 'decimal', size: 10 });
  const amountLabel = field('Amount upheld (credited)', amount, { hidden: true });
  outcome.addEventListener('change', () => {
    amountLabel.hidden = outcome.value !== 'upheld-in-part';
    amount.required = !amountLabel.hidden;
  });
  const note = noteInput();
  const status = statusOf();
  const form = el('form', { 'aria-labelledby': 'resolve-form-title', class: 'action' },
    el('h4', { id: 'resolve-form-title' }, 'Resolve the dispute'),
    field('Outcome', outcome), ' ', amountLabel, ' ',
    field('Note', note), ' ',
    el('button', { type: 'submit' }, 'Record the resolution'),
    status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const part = outcome.value === 'upheld-in-part' ? { amount: amount.value.trim() } : {};
    sendFrom(status, key, { type: 'dispute-resolved', outcome: outcome.value, ...part, ...withNote(note) }, () => {
      amount.value = '';
      note.value = '';
    });
  });
  return { form, update: () => undefined, shown: () => standing.disputeOpen || isEditing(form) || status.textContent !== '' };
}

// One request id per plan or waiver until it is recorded, so a retry records it once.
function planForm(key) {
  const rows = el('tbody');
  const open = el('p');
  const status = statusOf();
  let requestId = crypto.randomUUID();
  const addRow = () => {
    const n = rows.children.length + 1;
    rows.append(el('tr', {},
      el('td', {}, el('input', { type: 'date', required: true, 'aria-label': `Date of instalment ${n}` })),
      el('td', {}, el('input', { type: 'text', inputmode: 'decimal', size: 10, required: true, 'aria-label': `Amount of instalment ${n}` }))));
  };
  const removeRow = () => {
    if (rows.children.length > 1) rows.lastElementChild.remove();
  };
  const form = el('form', { 'aria-labelledby': 'plan-form-title', class: 'action' },
    el('h4', { id: 'plan-form-title' }, `Record an instalment plan for ${key.number}`),
    open,
    el('table', {}, el('caption', {}, 'Instalments of the new plan'), el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Date'), el('th', { scope: 'col' }, 'Amount'))), rows),
    el('button', { type: 'button', onclick: addRow }, 'Add instalment'), ' ',
    el('button', { type: 'button', onclick: removeRow }, 'Remove last instalment'), ' ',
    el('button', { type: 'submit' }, 'Record plan'),
    el('p', {}, 'The instalments must add up to what is open today; the plan pauses the reminders until an instalment is missed.'),
    status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const instalments = [...rows.children].map((row) => {
      const [date, amount] = row.querySelectorAll('input');
      return { date: date.value, amount: amount.value.trim() };
    });
    sendFrom(status, key, { requestId, type: 'plan', instalments }, () => {
      requestId = crypto.randomUUID();
      rows.replaceChildren();
      addRow();
    });
  });
  addRow();
  return { form, update: () => (open.textContent = `Open today: ${fmt.money(standing.open, standing.currency)}.`), shown: () => isPositiveAmount(standing.open) || isEditing(form) };
}

function claimsForm(key) {
  const open = el('p');
  const status = statusOf();
  const reason = el('input', { type: 'text', size: 48, maxlength: 200, required: true });
  let requestId = crypto.randomUUID();
  const form = el('form', { 'aria-labelledby': 'claims-form-title', class: 'action' },
    el('h4', { id: 'claims-form-title' }, `Waive the late-payment claims on ${key.number}`),
    open,
    field('Reason for waiving the claims', reason), ' ',
    el('button', { type: 'submit' }, 'Waive claims'),
    el('p', {}, `Gives up all the interest and compensation open; the principal stays to be collected. The waiver is recorded with your reason, as decided by you (${SESSION.user}).`),
    status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendFrom(status, key, { requestId, type: 'claims-waived', reason: reason.value }, () => {
      requestId = crypto.randomUUID();
      reason.value = '';
    });
  });
  // Nothing open, nothing to waive; a reason being typed, or a refusal being read, stays.
  return { form, update: () => (open.textContent = `Claims open today: ${fmt.money(standing.claimsOpen, standing.currency)}.`), shown: () => isPositiveAmount(standing.claimsOpen) || isEditing(form) || status.textContent !== '' };
}

/** The forms of the invoice shown, made when another invoice is opened. */
let forms = null;

function drawForms(key) {
  const box = $('#invoice-actions');
  if (!forms || !sameKey(forms.key, key)) {
    const settled = [];
    const kept = [];
    if (mayRecord('payment')) settled.push(paymentForm(key));
    if (mayRecord('promise')) settled.push(promiseForm(key));
    settled.push(...disputeForms(key));
    if (mayRecord('dispute-resolved')) kept.push(resolveForm(key));
    if (mayRecord('plan')) kept.push(planForm(key));
    if (mayRecord('claims-waived')) kept.push(claimsForm(key));
    forms = { key, kept, count: settled.length + kept.length };
    box.replaceChildren(
      el('h3', { id: 'invoice-actions-title' }, 'Record'),
      ...settled,
      ...kept.map(({ form }) => form));
  }
  box.hidden = forms.count === 0;
  for (const entry of forms.kept) {
    entry.update();
    entry.form.hidden = !entry.shown();
  }
}

const CLAIM_KINDS = [['interest', 'Interest'], ['costs', 'Compensation (fixed costs)']];

// The principal and the claims apart, each figure as the server sends it: nothing is added up here.
function receivableParts(detail, currency, number) {
  const { principal, claims } = detail;
  const overpaid = isPositiveAmount(principal.overpaid);
  return [
    el('h3', {}, 'Principal'),
    table(`Principal of ${number}`, ['Billed', 'Paid', 'Credited', 'Open', ...(overpaid ? ['Overpaid'] : [])], [
      el('tr', {}, ...[principal.billed, principal.paid, principal.credited, principal.open, ...(overpaid ? [principal.overpaid] : [])].map((amount) => amountCell(amount, currency))),
    ]),
    el('h3', {}, 'Late-payment claims'),
    ...(claims.bookings.length
      ? [
          table(`Late-payment claims of ${number}`, ['Claim', 'Booked', 'Paid', 'Waived', 'Open'], CLAIM_KINDS.map(([kind, label]) =>
            el('tr', {}, el('th', { scope: 'row' }, label), ...[claims.booked[kind], claims.paid[kind], claims.waived[kind], claims.open[kind]].map((amount) => amountCell(amount, currency))))),
          el('p', {}, `Claims open: ${fmt.money(claims.openTotal, currency)}. A payment goes to ${claims.order.join(', then ')}.`),
          table(`Claims booked on ${number}`, ['Booked on', 'Step', 'Law', 'Interest', 'Compensation'], claims.bookings.map((booking) =>
            el('tr', {}, el('th', { scope: 'row' }, dateOf(booking.date)), el('td', {}, booking.step), el('td', {}, booking.law), amountCell(booking.interest, currency), amountCell(booking.costs, currency)))),
          claims.waivers.length
            ? el('ul', { 'aria-label': `Waivers of the claims on ${number}` }, ...claims.waivers.map((waiver) => el('li', {}, `Waived on ${fmt.date(waiver.date)} by ${waiver.by}: ${waiver.reason}`)))
            : el('p', {}, 'Not waived.'),
        ]
      : [el('p', {}, 'No late-payment claims booked.')]),
  ];
}

function drawSummary(detail) {
  const invoice = detail.record.invoice;
  const { currency } = invoice;
  const claimsOpen = detail.claims.openTotal;
  $('#invoice-summary').replaceChildren(definitions([
    ['Customer', detail.record.customerId ? customerLink(detail.record.customerId, invoice.buyer.name) : invoice.buyer.name],
    ['State', detail.state],
    ['Open', [fmt.money(detail.principal.open, currency), ...(isPositiveAmount(claimsOpen) ? [` + claims ${fmt.money(claimsOpen, currency)}`] : [])]],
    ['Due', dateOf(detail.dueDate)],
    ['Overdue', overdueText(detail)],
    ['Next step', nextStepText(detail.nextStep)],
  ]));
}

function drawBody(detail, key, status) {
  const invoice = detail.record.invoice;
  $('#invoice-body').replaceChildren(
    el('h3', {}, 'The invoice'),
    definitions([
      ['Seller', `${invoice.seller.name} (${invoice.seller.vatId ?? 'no VAT id'})`],
      ['Buyer', `${invoice.buyer.name}${invoice.buyer.email ? ` <${invoice.buyer.email}>` : ''}`],
      ['Issued / due', [dateOf(invoice.issueDate), ' / ', invoice.dueDate ? dateOf(invoice.dueDate) : '(no due date)']],
      ['Totals', `net ${fmt.money(invoice.totals.taxExclusive, invoice.currency)}, VAT ${fmt.money(invoice.totals.tax, invoice.currency)}, gross ${fmt.money(invoice.totals.taxInclusive, invoice.currency)}, due ${fmt.money(invoice.totals.due, invoice.currency)}`],
      ['Syntax', `${invoice.syntax} ${invoice.typeCode ?? ''}, ${fmt.count(detail.record.lineCount)} line(s)`],
      ['Original', [originalLink(key, detail.record.archiveKey, status)]],
    ]),
    ...receivableParts(detail, invoice.currency, invoice.number),
    el('h3', {}, 'Instalment plan'),
    detail.plan ? planTable(detail.plan, invoice.currency, `Instalment plan of ${invoice.number}`) : el('p', {}, 'No instalment plan.'),
  );
}

function drawRun(detail) {
  const execution = detail.execution;
  const current = currentStateOf(execution);
  const history = historyLines(execution?.history ?? []).slice(-40);
  $('#invoice-run').replaceChildren(
    el('h3', {}, `Execution ${execution?.name ?? '(not started)'}${execution ? ` — ${execution.status}` : ''}`),
    el('ol', { class: 'states', 'aria-label': 'State machine' }, ...STATES.map((state) =>
      el('li', state === current ? { class: 'current', 'aria-current': 'step' } : {}, state))),
    el('h3', {}, 'Collections timeline'),
    detail.timeline.length
      ? el('ol', {}, ...detail.timeline.map((line) => el('li', {}, dateOf(line.date), ` ${line.action} ${line.step ?? line.reason ?? ''}`)))
      : el('p', {}, 'No steps taken yet.'),
    el('h3', {}, 'Audit trail'),
    el('ol', {}, ...detail.audit.map((entry) => el('li', {}, instantOf(entry.at), ` ${entry.action}: ${entry.detail}${entry.by ? `, by ${entry.by}` : ''}`))),
    el('h3', {}, 'Execution history (virtual time)'),
    history.length
      ? el('ol', { class: 'history' }, ...history.map((line) => el('li', { class: `history-${line.kind}` }, instantOf(line.timestamp), ` ${line.text}`)))
      : el('p', {}, 'No execution yet: the run starts on the invoice\'s collections start date.'),
  );
}

export default {
  name: 'invoice',
  section: '#view-invoice',
  nav: 'invoices',
  heading: (route) => `Invoice ${route.parts[1] ?? ''}`,
  what: (route) => `invoice ${route.parts[1] ?? ''}`,
  allowed: () => true,
  matches: (route) => route.view === 'invoices' && route.parts.length === 2,
  async draw(route, { stale }) {
    const key = keyOf(route);
    const detail = await api(`/api/invoices/${encodeURIComponent(key.sellerKey)}/${encodeURIComponent(key.number)}`);
    if (stale()) return;
    const invoice = detail.record.invoice;
    standing = { currency: invoice.currency, open: detail.principal.open, claimsOpen: detail.claims.openTotal, disputeOpen: detail.disputeOpen, customer: invoice.buyer.name };
    drawForms(key);
    if (isUnchanged('invoice', detail)) return;
    $('#invoice-title').textContent = `Invoice ${invoice.number}`;
    drawSummary(detail);
    drawBody(detail, key, $('#invoice-download-status'));
    drawRun(detail);
  },
};
