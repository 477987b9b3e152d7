// The console's page: plain DOM, every text set through textContent so nothing from an invoice becomes markup.
import { cognitoSignOut, cognitoToken, signInRedirect } from '/cognito.js';

const $ = (selector) => document.querySelector(selector);
const el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'onclick') node.addEventListener('click', value);
    else if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  return node;
};
// How people sign in here: as a dev user of npm start (a session cookie), or through the user pool's hosted UI in AWS (a bearer token).
const SIGN_IN = await (await fetch('/sign-in.json')).json();
const stopWith = (message) => {
  $('main').replaceChildren(el('p', { class: 'error', role: 'alert' }, message));
  return new Promise(() => undefined);
};
const bearer = SIGN_IN.kind === 'cognito' ? await cognitoToken(SIGN_IN).catch((error) => stopWith(error.message)) : null;
const toSignIn = () => {
  if (SIGN_IN.kind === 'cognito') return signInRedirect(SIGN_IN);
  location.assign(SIGN_IN.page);
  return new Promise(() => undefined);
};
if (SIGN_IN.kind === 'cognito' && !bearer) await toSignIn();
const authorization = bearer ? { authorization: `Bearer ${bearer}` } : {};
// Locally a change carries the session's CSRF token in a header: another site can neither read nor send it.
let csrf = {};
const api = async (path, body) => {
  const change = { method: 'POST', headers: { ...authorization, ...csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, body ? change : { headers: authorization });
  if (response.status === 401) await toSignIn();
  const data = await response.json();
  if (!response.ok) throw new Error(data.message ?? response.statusText);
  return data;
};
// Who is signed in and what their role lets them do: the page shows only that, and the server refuses the rest whatever is sent.
const SESSION = await api('/api/session').catch((error) => stopWith(`Signed in, but the console refuses: ${error.message}`));
if (SESSION.csrfToken) csrf = { 'x-csrf-token': SESSION.csrfToken };
const may = (name) => SESSION.may.includes(name);
const mayRecord = (type) => SESSION.events.includes(type);
$('#who').textContent = `${SESSION.user} (${SESSION.role})`;
$('#sign-out').addEventListener('click', async () => {
  if (SIGN_IN.kind === 'cognito') return cognitoSignOut(SIGN_IN);
  await api('/api/sign-out', {});
  location.assign(SIGN_IN.page);
});
$('#clock').hidden = !may('clock');
for (const control of document.querySelectorAll('#clock button, #clock label')) control.hidden = !may('set-clock');
$('#charts').hidden = !may('history');
$('#emails-section').hidden = !may('emails');
$('#settings-form').hidden = !may('publish-settings');
// Amounts stay the API's decimal strings: padded to cents for reading, never put through a float.
const cents = (amount) => {
  const [whole, fraction = ''] = String(amount).split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
};
const money = (currency, amount) => (amount === null || amount === undefined ? '—' : `${currency} ${cents(amount)}`);
const days = (value) => (value === null || value === undefined ? '—' : `${value} days`);
// A change with its sign written out, the API's decimal string untouched: '-40' reads − EUR 40.00.
const signedMoney = (currency, amount) => (String(amount).startsWith('-') ? `− ${money(currency, String(amount).slice(1))}` : `+ ${money(currency, amount)}`);
const isZero = (amount) => !/[1-9]/.test(String(amount));
// A movement in words: the principal's part as the amount paid or credited (a return as a negative
// one), the claims' part as what it did to the claims open (booked +, paid or waived −). A payment
// that reached both names both, so its principal part is not read as all that came in.
const movementText = (movement, currency) => {
  const what = movement.type.replace(/-/g, ' ');
  const principal = isZero(movement.change) ? null : money(currency, movement.change.startsWith('-') ? movement.change.slice(1) : `-${movement.change}`);
  const claims = isZero(movement.claimsChange) ? null : `claims ${signedMoney(currency, movement.claimsChange)}`;
  if (principal && claims) return `${what}: principal ${principal}, ${claims}`;
  return principal ? `${what} ${principal}` : `${what}: ${claims}`;
};
const percent = (value) => (value === null || value === undefined ? '—' : `${value} %`);
// Polling redraws a part only when its data changed: focus, hover and scroll stay put meanwhile.
const drawn = new Map();
const isUnchanged = (part, data) => {
  const json = JSON.stringify(data);
  if (drawn.get(part) === json) return true;
  drawn.set(part, json);
  return false;
};
// A failing credit or analytics call shows its message in its own section; the rest of the page goes on.
const guarded = (show, status) => async () => {
  try {
    await show();
    $(status).textContent = '';
  } catch (error) {
    $(status).textContent = `Could not load: ${error.message}`;
  }
};
const STATES = ['PlanNextStep', 'RouteNextStep', 'WaitForDateOrSignal', 'SendReminder', 'CreateCallTask', 'HandOverToAgency', 'FlagForLegal', 'RecordFailure', 'RunEnded'];
let selected = null;
let selectedCustomer = null;
// The last invoice list: the customer page takes each invoice's open amount and key from it.
let latestInvoices = [];
let overLimitById = new Map();

const openInvoice = (key) => {
  selected = key;
  return showDetail().then(() => $('#detail').scrollIntoView());
};
const invoiceLink = (key, text) => el('a', { href: '#', onclick: (event) => { event.preventDefault(); openInvoice(key); } }, text);
const customerLink = (id, name) => el('a', { href: '#', onclick: (event) => { event.preventDefault(); openCustomer(id); } }, name ?? id);

async function showClock() {
  if (!may('clock')) return;
  const clock = await api('/api/clock');
  $('#today').textContent = clock.today;
  $('#speed').textContent = clock.daysPerSecond > 0 ? `(running, ${clock.daysPerSecond} day(s)/s)` : '(paused)';
}

async function showInvoices() {
  const { invoices, aging } = await api('/api/invoices');
  latestInvoices = invoices;
  const states = [...new Set(invoices.map((invoice) => invoice.state))].sort();
  const filter = $('#state-filter');
  // Its options change only with the set of states, and never under a person choosing one.
  if ([...filter.options].slice(1).map((option) => option.value).join('\n') !== states.join('\n') && document.activeElement !== filter) {
    const chosen = filter.value;
    filter.replaceChildren(el('option', { value: '' }, 'all'), ...states.map((state) => el('option', { value: state }, state)));
    filter.value = states.includes(chosen) ? chosen : '';
  }
  const customer = $('#customer-filter').value.toLowerCase();
  const rows = invoices
    .filter((invoice) => !filter.value || invoice.state === filter.value)
    .filter((invoice) => !customer || (invoice.customer ?? '').toLowerCase().includes(customer))
    .filter((invoice) => !$('#aging-filter').value || invoice.aging === $('#aging-filter').value)
    .map((invoice) =>
      el('tr', {},
        el('td', {}, el('a', { href: '#', onclick: (event) => { event.preventDefault(); selected = invoice.key; showDetail(); } }, invoice.number)),
        el('td', {}, invoice.customerId ? customerLink(invoice.customerId, invoice.customer) : invoice.customer),
        el('td', { class: 'amount' }, `${invoice.currency} ${invoice.openAmount}${isPositiveAmount(invoice.claimsOpen) ? ` + claims ${invoice.claimsOpen}` : ''}`),
        el('td', {}, invoice.dueDate),
        el('td', {}, invoice.aging ?? '—'),
        el('td', {}, invoice.state),
        el('td', {}, invoice.nextStep ? `${invoice.nextStep.step ?? 'next step'} on ${invoice.nextStep.on}` : '—'),
      ));
  $('#invoices tbody').replaceChildren(...rows);
  $('#aging tbody').replaceChildren(...Object.entries(aging).map(([currency, buckets]) =>
    el('tr', {}, el('th', { scope: 'row' }, currency), ...['current', '1-30', '31-60', '61-90', 'over-90'].map((bucket) => el('td', { class: 'amount' }, buckets[bucket])))));
}

async function showDetail() {
  if (!selected) return;
  const detail = await api(`/api/invoices/${encodeURIComponent(selected.sellerKey)}/${encodeURIComponent(selected.number)}`);
  const invoice = detail.record.invoice;
  const history = detail.execution?.history ?? [];
  const entered = history.filter((event) => event.type === 'StateEntered').at(-1)?.state;
  const current = detail.execution?.status === 'RUNNING' ? entered : detail.execution ? 'RunEnded' : null;
  $('#detail').hidden = false;
  $('#detail-title').textContent = `Invoice ${invoice.number}`;
  $('#detail-body').replaceChildren(
    el('dl', {},
      el('dt', {}, 'Seller'), el('dd', {}, `${invoice.seller.name} (${invoice.seller.vatId ?? 'no VAT id'})`),
      el('dt', {}, 'Buyer'), el('dd', {}, `${invoice.buyer.name} ${invoice.buyer.email ? `<${invoice.buyer.email}>` : ''}`),
      el('dt', {}, 'Issued / due'), el('dd', {}, `${invoice.issueDate} / ${invoice.dueDate ?? '(no due date)'}`),
      el('dt', {}, 'Totals'), el('dd', {}, `net ${invoice.totals.taxExclusive ?? '—'}, VAT ${invoice.totals.tax ?? '—'}, gross ${invoice.totals.taxInclusive ?? '—'}, due ${invoice.currency} ${invoice.totals.due}`),
      el('dt', {}, 'Syntax'), el('dd', {}, `${invoice.syntax} ${invoice.typeCode ?? ''}, ${detail.record.lineCount} line(s)`),
      el('dt', {}, 'Original'), el('dd', {}, originalLink(selected, detail.record.archiveKey)),
    ),
    ...receivableSection(detail, invoice.currency, invoice.number),
    el('h3', {}, 'Instalment plan'),
    detail.plan ? planTable(detail.plan, invoice.currency, `Instalment plan of ${invoice.number}`) : el('p', {}, 'No instalment plan.'),
  );
  showClaimsForm(selected, invoice.currency, detail.claims.openTotal);
  showPlanForm(selected, invoice.currency, detail.principal.open);
  showDisputeForm(selected);
  $('#detail-run').replaceChildren(
    el('h3', {}, `Execution ${detail.execution?.name ?? '(not started)'} ${detail.execution ? `— ${detail.execution.status}` : ''}`),
    el('ul', { class: 'states', 'aria-label': 'State machine' }, ...STATES.map((state) => el('li', state === current ? { class: 'current', 'aria-current': 'step' } : {}, state))),
    el('h3', {}, 'Collections timeline'),
    el('ol', {}, ...detail.timeline.map((line) => el('li', {}, `${line.date} ${line.action} ${line.step ?? line.reason ?? ''}`))),
    el('h3', {}, 'Audit trail'),
    el('ol', {}, ...detail.audit.map((entry) => el('li', {}, `${entry.at} ${entry.action}: ${entry.detail}${entry.by ? `, by ${entry.by}` : ''}`))),
    el('h3', {}, 'Event history (virtual time)'),
    el('ol', {}, ...history.slice(-40).map((event) => el('li', {}, `${event.timestamp} ${event.type} ${event.state ?? ''} ${event.error ?? ''}`))),
  );
}

// Locally the session cookie goes with a plain link; in AWS the download needs the bearer token, so the page fetches it.
const originalLink = (key, archiveKey) => {
  const href = `/api/original/${encodeURIComponent(key.sellerKey)}/${encodeURIComponent(key.number)}`;
  if (!bearer) return el('a', { href }, archiveKey);
  return el('a', { href, onclick: async (event) => {
    event.preventDefault();
    const response = await fetch(href, { headers: authorization });
    if (!response.ok) return alertFailure(new Error((await response.json()).message ?? response.statusText));
    const link = el('a', { href: URL.createObjectURL(await response.blob()), download: archiveKey.slice(archiveKey.lastIndexOf('/') + 1) });
    link.click();
    URL.revokeObjectURL(link.href);
  } }, archiveKey);
};

// A credit manager records a dispute the customer raised, and decides it; a collector hears of one on a call (the worklist).
function showDisputeForm(key) {
  const box = $('#dispute-form');
  const allowed = ['dispute', 'dispute-resolved'].filter(mayRecord);
  box.hidden = allowed.length === 0;
  if (box.hidden || (box.dataset.invoice === JSON.stringify(key) && isEditing(box))) return;
  box.dataset.invoice = JSON.stringify(key);
  const status = el('p', { class: 'line-status', role: 'status' });
  const send = (event) => api('/api/events', { invoice: key, ...event }).then(() => { status.textContent = ''; return refresh(); }).catch((error) => { status.textContent = error.message; });
  box.replaceChildren(el('h3', {}, `Dispute of ${key.number}`),
    ...(mayRecord('dispute') ? [el('button', { type: 'button', onclick: () => send({ type: 'dispute' }) }, 'Record a dispute'), ' '] : []),
    ...(mayRecord('dispute-resolved')
      ? [el('button', { type: 'button', onclick: () => send({ type: 'dispute-resolved', outcome: 'rejected' }) }, 'Dispute rejected: collect'), ' ',
         el('button', { type: 'button', onclick: () => send({ type: 'dispute-resolved', outcome: 'upheld' }) }, 'Dispute upheld')]
      : []),
    status);
}

// The principal and the claims apart, each figure as the server sends it: nothing is added up here.
const CLAIM_KINDS = [['interest', 'Interest'], ['costs', 'Compensation (fixed costs)']];
const receivableSection = (detail, currency, number) => {
  const { principal, claims } = detail;
  const amountCell = (amount) => el('td', { class: 'amount' }, money(currency, amount));
  return [
    el('h3', {}, 'Principal'),
    table(`Principal of ${number}`, ['Billed', 'Paid', 'Credited', 'Open', ...(isPositiveAmount(principal.overpaid) ? ['Overpaid'] : [])], [
      el('tr', {}, ...[principal.billed, principal.paid, principal.credited, principal.open, ...(isPositiveAmount(principal.overpaid) ? [principal.overpaid] : [])].map(amountCell)),
    ]),
    el('h3', {}, 'Late-payment claims'),
    ...(claims.bookings.length
      ? [
          table(`Late-payment claims of ${number}`, ['Claim', 'Booked', 'Paid', 'Waived', 'Open'], CLAIM_KINDS.map(([kind, label]) =>
            el('tr', {}, el('th', { scope: 'row' }, label), ...[claims.booked[kind], claims.paid[kind], claims.waived[kind], claims.open[kind]].map(amountCell)))),
          el('p', {}, `Claims open: ${money(currency, claims.openTotal)}. A payment goes to ${claims.order.join(', then ')}.`),
          table(`Claims booked on ${number}`, ['Booked on', 'Step', 'Law', 'Interest', 'Compensation'], claims.bookings.map((booking) =>
            el('tr', {}, el('th', { scope: 'row' }, booking.date), el('td', {}, booking.step), el('td', {}, booking.law), amountCell(booking.interest), amountCell(booking.costs)))),
          claims.waivers.length
            ? el('ul', { 'aria-label': `Waivers of the claims on ${number}` }, ...claims.waivers.map((waiver) => el('li', {}, `Waived on ${waiver.date} by ${waiver.by}: ${waiver.reason}`)))
            : el('p', {}, 'Not waived.'),
        ]
      : [el('p', {}, 'No late-payment claims booked.')]),
  ];
};

// The waiver form of the invoice open in the detail, kept like the plan form: a refresh never takes
// the reason a person is typing. One request id per waiver until it is recorded, so a retry records once.
let claimsForm = null;

function newClaimsForm(key) {
  const open = el('p');
  const status = el('p', { class: 'line-status', role: 'status' });
  const reason = el('input', { type: 'text', size: 48, maxlength: 200, required: '', 'aria-label': 'Reason for waiving the claims' });
  const form = el('form', { 'aria-labelledby': 'claims-form-title' },
    el('h3', { id: 'claims-form-title' }, `Waive the late-payment claims on ${key.number}`),
    open,
    el('label', {}, 'Reason ', reason), ' ',
    el('button', { type: 'submit' }, 'Waive claims'),
    el('p', {}, `Gives up all the interest and compensation open; the principal stays to be collected. The waiver is recorded with your reason, as decided by you (${SESSION.user}).`),
    status);
  const entry = { key, form, open, status, requestId: crypto.randomUUID() };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api('/api/events', { invoice: key, requestId: entry.requestId, type: 'claims-waived', reason: reason.value })
      .then(() => {
        entry.requestId = crypto.randomUUID();
        reason.value = '';
        status.textContent = '';
        document.activeElement?.blur();
        return refresh();
      })
      .catch((error) => { status.textContent = error.message; });
  });
  return entry;
}

function showClaimsForm(key, currency, claimsOpen) {
  if (!mayRecord('claims-waived')) return;
  if (!claimsForm || !sameKey(claimsForm.key, key)) {
    claimsForm = newClaimsForm(key);
    $('#claims-form').replaceChildren(claimsForm.form);
  }
  claimsForm.open.textContent = `Claims open today: ${money(currency, claimsOpen)}.`;
  // Nothing open, nothing to waive; a reason being typed, or a refusal being read, stays.
  $('#claims-form').hidden = !isPositiveAmount(claimsOpen) && !isEditing(claimsForm.form) && !claimsForm.status.textContent;
}

// How a plan stands, in words: the server's state, never worked out here.
const planStateText = (plan) => {
  if (plan.state === 'running') return 'running';
  if (plan.state === 'ended') return `ended on ${plan.on} (${plan.by.replace(/-/g, ' ')})`;
  return `${plan.state} on ${plan.on}`;
};
const planSummary = (plan, currency) =>
  `Plan of ${plan.date}, ${planStateText(plan)}: paid since ${money(currency, plan.paidSince)}, left ${money(currency, plan.left)}.`;
const planTable = (plan, currency, label) =>
  el('div', { class: 'plan' },
    el('p', {}, planSummary(plan, currency)),
    table(label, ['Instalment', 'Amount', 'Running total', 'Status'], plan.instalments.map((instalment) =>
      el('tr', { class: `instalment-${instalment.status}` },
        el('th', { scope: 'row' }, instalment.date),
        el('td', { class: 'amount' }, money(currency, instalment.amount)),
        el('td', { class: 'amount' }, money(currency, instalment.runningTotal)),
        el('td', {}, instalment.status)))));

// The plan form of the invoice open in the detail: made once per invoice and kept, so the 2-second
// refresh never takes a row a person is typing in. One request id per plan until it is recorded.
let planForm = null;
const sameKey = (a, b) => a.sellerKey === b.sellerKey && a.number === b.number;

function newPlanForm(key) {
  const rows = el('tbody');
  const open = el('p');
  const status = el('p', { class: 'line-status', role: 'status' });
  const addRow = () => {
    const n = rows.children.length + 1;
    rows.append(el('tr', {},
      el('td', {}, el('input', { type: 'date', required: '', 'aria-label': `Date of instalment ${n}` })),
      el('td', {}, el('input', { type: 'text', inputmode: 'decimal', size: 10, required: '', 'aria-label': `Amount of instalment ${n}` }))));
  };
  const removeRow = () => {
    if (rows.children.length > 1) rows.lastElementChild.remove();
  };
  const form = el('form', { 'aria-labelledby': 'plan-form-title' },
    el('h3', { id: 'plan-form-title' }, `Record an instalment plan for ${key.number}`),
    open,
    el('table', { 'aria-label': 'Instalments of the new plan' }, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Date'), el('th', { scope: 'col' }, 'Amount'))), rows),
    el('button', { type: 'button', onclick: addRow }, 'Add instalment'), ' ',
    el('button', { type: 'button', onclick: removeRow }, 'Remove last instalment'), ' ',
    el('button', { type: 'submit' }, 'Record plan'),
    el('p', {}, 'The instalments must add up to what is open today; the plan pauses the reminders until an instalment is missed.'),
    status);
  const entry = { key, form, open, status, requestId: crypto.randomUUID() };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const instalments = [...rows.children].map((row) => {
      const [date, amount] = row.querySelectorAll('input');
      return { date: date.value, amount: amount.value.trim() };
    });
    api('/api/events', { invoice: key, requestId: entry.requestId, type: 'plan', instalments })
      .then(() => {
        entry.requestId = crypto.randomUUID();
        rows.replaceChildren();
        addRow();
        status.textContent = '';
        document.activeElement?.blur();
        return refresh();
      })
      .catch((error) => { status.textContent = error.message; });
  });
  addRow();
  return entry;
}

function showPlanForm(key, currency, openAmount) {
  if (!mayRecord('plan')) return;
  if (!planForm || !sameKey(planForm.key, key)) {
    planForm = newPlanForm(key);
    $('#plan-form').replaceChildren(planForm.form);
  }
  planForm.open.textContent = `Open today: ${money(currency, openAmount)}.`;
  // A settled invoice takes no plan; one being typed stays until it is sent.
  $('#plan-form').hidden = !isPositiveAmount(openAmount) && !isEditing(planForm.form);
}

const record = (key, event) => api('/api/events', { invoice: key, ...event }).then(refresh);
const alertFailure = (error) => alert(error.message);

// Asked in the page before a payment is sent: what a collector typed, against which invoice.
const confirmPayment = (task, amount) =>
  new Promise((resolve) => {
    const dialog = $('#confirm-payment');
    $('#confirm-payment-text').textContent =
      `Record a payment of ${task.currency} ${amount} on invoice ${task.invoiceKey.number}${task.customer ? ` of ${task.customer}` : ''}? It has ${task.currency} ${task.openAmount} open${Number(task.claimsOpen) > 0 ? `, and ${task.currency} ${task.claimsOpen} of late-payment claims` : ''}.`;
    dialog.returnValue = '';
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'record'), { once: true });
    dialog.showModal();
  });

// One row per call task, made once and kept: a refresh rewrites what the server says and leaves the
// fields alone while a collector is at them (a typed partial payment once became the open amount).
const worklistRows = new Map();
const taskId = (key) => JSON.stringify([key.sellerKey, key.number]);
const isBeingEdited = (entry) =>
  entry.row.contains(document.activeElement) || entry.amount.value !== entry.amount.defaultValue || entry.promised.value !== '';
const clearFields = (entry) => {
  entry.amount.value = entry.amount.defaultValue;
  entry.promised.value = '';
};

async function recordPayment(entry) {
  if (!entry.amount.reportValidity()) return;
  const amount = entry.amount.value.trim();
  if (!(await confirmPayment(entry.task, amount))) return;
  await record(entry.task.invoiceKey, { type: 'payment', amount });
  clearFields(entry);
}

function worklistRow(task) {
  const number = task.invoiceKey.number;
  const entry = {
    task,
    promised: el('input', { type: 'date', 'aria-label': `Promised date for ${number}` }),
    amount: el('input', { type: 'text', inputmode: 'decimal', size: 9, required: '', 'aria-label': `Payment amount for ${number}`, value: task.amountToPay }),
    cells: { number: el('td'), contact: el('td'), open: el('td', { class: 'amount' }), since: el('td'), expires: el('td'), history: el('td') },
  };
  const outcome = (event) => record(entry.task.invoiceKey, { type: 'call-outcome', ...event }).then(() => clearFields(entry)).catch(alertFailure);
  const controls = [
    ...(mayRecord('call-outcome')
      ? [el('button', { type: 'button', onclick: () => outcome({ outcome: 'no-answer' }) }, 'No answer'), ' ',
         entry.promised, el('button', { type: 'button', onclick: () => outcome({ outcome: 'promise', promisedDate: entry.promised.value }) }, 'Promise'), ' ',
         el('button', { type: 'button', onclick: () => outcome({ outcome: 'dispute' }) }, 'Dispute'), ' ']
      : []),
    ...(mayRecord('payment') ? [entry.amount, el('button', { type: 'button', onclick: () => recordPayment(entry).catch(alertFailure) }, 'Payment')] : []),
  ];
  entry.row = el('tr', {}, ...Object.values(entry.cells), el('td', {}, ...(controls.length ? controls : ['— (your role reads only)'])));
  return entry;
}

function updateWorklistRow(entry, task) {
  entry.task = task;
  const { cells } = entry;
  cells.number.textContent = task.invoiceKey.number;
  cells.contact.textContent = [task.customer, task.contact.name, task.contact.phone, task.contact.email].filter(Boolean).join(' · ');
  cells.open.textContent = `${task.currency} ${task.openAmount}${Number(task.claimsOpen) > 0 ? ` + claims ${task.claimsOpen}` : ''}`;
  cells.since.textContent = task.createdOn;
  cells.expires.textContent = task.expiresOn;
  cells.history.replaceChildren(el('ul', {}, ...task.history.map((line) => el('li', {}, line))));
  if (!isBeingEdited(entry)) {
    entry.amount.defaultValue = task.amountToPay;
    entry.amount.value = task.amountToPay;
  }
}

async function showWorklist() {
  const tasks = await api('/api/worklist');
  const listed = new Set(tasks.map((task) => taskId(task.invoiceKey)));
  const body = $('#worklist tbody');
  // Rows are only appended and removed, never moved: moving a row would take the focus out of its field.
  for (const task of tasks) {
    const id = taskId(task.invoiceKey);
    if (!worklistRows.has(id)) worklistRows.set(id, worklistRow(task));
    const entry = worklistRows.get(id);
    updateWorklistRow(entry, task);
    entry.row.classList.remove('gone');
    if (!entry.row.isConnected) body.append(entry.row);
  }
  // A task that left the list goes too, unless a collector is filling in its row: that one says so and stays.
  for (const [id, entry] of worklistRows) {
    if (listed.has(id)) continue;
    if (isBeingEdited(entry)) {
      entry.row.classList.add('gone');
      entry.cells.number.textContent = `${entry.task.invoiceKey.number} (no longer on the worklist)`;
    } else {
      entry.row.remove();
      worklistRows.delete(id);
    }
  }
}

async function showEmails() {
  if (!may('emails')) return;
  const emails = await api('/api/emails');
  $('#emails').replaceChildren(...emails.slice(-20).reverse().map((email) =>
    el('li', {}, el('p', {}, `To ${email.destination.to.join(', ')}: ${email.subject}`), el('iframe', { class: 'email', sandbox: '', title: email.subject, srcdoc: email.body.html ?? email.body.text ?? '' }))));
}

async function showQuarantine() {
  const files = await api('/api/quarantine');
  if (isUnchanged('quarantine', files)) return;
  // A file is put back where it came in once its cause is dealt with; intake reads it again.
  const release = (file, status) =>
    api(`/api/quarantine/${encodeURIComponent(file.fileId)}/release`, {}).then(refresh).catch((error) => { status.textContent = error.message; });
  $('#quarantine tbody').replaceChildren(...files.map((file) => {
    const status = el('p', { class: 'line-status', role: 'status' });
    const action = file.released
      ? `put back by ${file.released.by} at ${file.released.at}`
      : may('release-file') ? el('button', { type: 'button', 'aria-label': `Put ${file.sourceKey} back`, onclick: () => release(file, status) }, 'Put back into intake') : '—';
    return el('tr', {}, el('td', {}, file.sourceKey), el('td', {}, file.message), el('td', {}, file.receivedAt), el('td', {}, action, status));
  }));
}

const charts = {};
const BUCKETS = ['current', '1-30', '31-60', '61-90', 'over-90'];
const COLOURS = ['#2f855a', '#d69e2e', '#dd6b20', '#c53030', '#702459'];

async function showCharts() {
  if (!may('history')) return;
  const history = await api('/api/history');
  const currency = history.at(-1)?.currency;
  const days = history.filter((snapshot) => snapshot.currency === currency);
  const labels = days.map((snapshot) => snapshot.date);
  // Chart.js draws numbers: the exact decimals are only converted for display, never summed here.
  const aging = BUCKETS.map((bucket, i) => ({ label: bucket, data: days.map((snapshot) => Number(snapshot.aging[bucket])), backgroundColor: COLOURS[i], stack: 'open' }));
  const dso = [{ label: `DSO (${currency ?? '—'})`, data: days.map((snapshot) => (snapshot.dso === null ? null : Number(snapshot.dso))), borderColor: '#1f3b57', tension: 0.2 }];
  const draw = (id, type, datasets, options) => {
    if (charts[id]) {
      charts[id].data.labels = labels;
      charts[id].data.datasets = datasets;
      charts[id].update('none');
    } else charts[id] = new Chart($(`#${id}`), { type, data: { labels, datasets }, options: { animation: false, responsive: true, ...options } });
  };
  draw('aging-chart', 'bar', aging, { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: currency ?? '' } } } });
  draw('dso-chart', 'line', dso, { scales: { y: { title: { display: true, text: 'days' } } } });
}

const riskSummary = (risk) =>
  risk
    ? [el('strong', { class: `grade-${risk.grade}` }, `${risk.score} (${risk.grade})`), ' ', risk.reasons[0] ?? 'no risk signs']
    : ['not yet assessed'];
// One line per currency: a customer can owe in more than one.
const perCurrency = (figures, show) => (figures.length ? figures.map((figure) => el('div', {}, show(figure))) : ['—']);

async function showCredit() {
  const [holds, customers] = await Promise.all([api('/api/credit-holds'), api('/api/customers')]);
  if (!isUnchanged('holds', holds)) {
    $('#holds-empty').hidden = holds.length > 0;
    $('#holds').hidden = holds.length === 0;
    $('#holds tbody').replaceChildren(...holds.map((hold) =>
      el('tr', { class: 'hold' },
        el('td', {}, el('span', { class: 'badge badge-hold' }, hold.crossed ? 'Credit hold: crossed the limit' : 'Credit hold: already over')),
        el('th', { scope: 'row' }, customerLink(hold.customerId, hold.customerName)),
        el('td', {}, invoiceLink(hold.invoice, hold.invoice.number)),
        el('td', {}, hold.raisedOn),
        el('td', { class: 'amount' }, money(hold.limit.currency, hold.limit.amount)),
        el('td', { class: 'amount' }, money(hold.limit.currency, hold.exposure)),
        el('td', { class: 'amount over' }, money(hold.limit.currency, hold.overBy)),
      )));
  }
  overLimitById = new Map(customers.map((customer) => [customer.id, customer.overLimit]));
  if (!isUnchanged('customers', customers)) {
    $('#customers tbody').replaceChildren(...customers.map((customer) =>
      el('tr', customer.overLimit ? { class: 'over-limit' } : {},
        el('th', { scope: 'row' }, customerLink(customer.id, customer.name), customer.reference ? ` (${customer.reference})` : ''),
        el('td', {}, customer.segment),
        el('td', {}, customer.policy),
        el('td', {}, ...riskSummary(customer.risk)),
        el('td', { class: 'amount' }, customer.creditLimit ? money(customer.creditLimit.currency, customer.creditLimit.amount) : 'none'),
        el('td', { class: 'amount' }, money(customer.exposure.currency, customer.exposure.amount), customer.overLimit ? el('div', {}, el('span', { class: 'badge badge-over' }, 'over limit')) : ''),
        el('td', { class: 'amount' }, ...perCurrency(customer.figures, (figure) => money(figure.currency, figure.open))),
        // The currency names a figure only where the customer is billed in more than one.
        el('td', { class: 'amount' }, ...perCurrency(customer.figures, (figure) => `${customer.figures.length > 1 ? `${figure.currency}: ` : ''}${days(figure.dsoCountback)}`)),
        el('td', { class: 'amount' }, ...perCurrency(customer.figures, (figure) => `${customer.figures.length > 1 ? `${figure.currency}: ` : ''}${percent(figure.cei)}`)),
      )));
  }
}

async function openCustomer(id) {
  selectedCustomer = id;
  await Promise.all([showCustomerGuarded(), showAccountGuarded()]);
  $('#customer-title').focus();
}

const definitions = (pairs) => el('dl', {}, ...pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, ...(Array.isArray(value) ? value : [value]))]));
const table = (label, headings, rows) =>
  el('table', { 'aria-label': label }, el('thead', {}, el('tr', {}, ...headings.map((heading) => el('th', { scope: 'col' }, heading)))), el('tbody', {}, ...rows));

const FIGURE_HEADINGS = ['Open', 'Current', '1-30', '31-60', '61-90', 'Over 90', 'DSO (standard)', 'DSO (countback)', 'CEI'];
const figureCells = (currency, figures) => [
  el('td', { class: 'amount' }, money(currency, figures.open)),
  ...BUCKETS.map((bucket) => el('td', { class: 'amount' }, cents(figures.aging[bucket]))),
  el('td', { class: 'amount' }, days(figures.dsoStandard)),
  el('td', { class: 'amount' }, days(figures.dsoCountback)),
  el('td', { class: 'amount' }, percent(figures.cei)),
];

const lateRuleText = (claims) =>
  claims.jurisdiction === null ? 'none: no rule is known for its country' : `${claims.jurisdiction} (${claims.chosen ? 'chosen' : 'from country'})`;

function claimTermsForm(customer, claims) {
  const status = el('p', { class: 'line-status', role: 'status' });
  const option = (value, text, chosen) => el('option', { value, selected: chosen ? '' : null }, text);
  const party = el('select', { 'aria-label': 'Party' }, ...claims.choices.parties.map((kind) => option(kind, kind, kind === customer.party)));
  const jurisdiction = el('select', { 'aria-label': 'Jurisdiction' },
    option('', 'from the country', customer.jurisdiction === null),
    ...claims.choices.jurisdictions.map((key) => option(key, key, key === customer.jurisdiction)));
  const save = () =>
    saveCustomerChange(customer, 'claim-terms', { party: party.value, jurisdiction: jurisdiction.value || null }, status);
  return el('fieldset', {},
    el('legend', {}, 'Late-payment terms: whom interest and compensation are claimed from, under which rule'),
    el('label', {}, 'Party ', party),
    el('label', {}, 'Jurisdiction ', jurisdiction),
    el('button', { type: 'button', onclick: save }, 'Save terms'),
    status,
  );
}

// Sends a change of the customer's profile, then draws its page anew; a refusal shows in the form's status line.
function saveCustomerChange(customer, what, body, status) {
  return api(`/api/customers/${encodeURIComponent(customer.id)}/${what}`, body)
    .then(() => {
      status.textContent = '';
      drawn.delete('customer');
      drawn.delete('claim-terms');
      // The form is drawn anew only when none of it has the focus; the button that sent has it.
      document.activeElement?.blur();
      return refresh();
    })
    .catch((error) => { status.textContent = error.message; });
}

// A credit manager sets a customer's limit (empty: none); the server files the customer under the segment it now falls in.
function creditLimitForm(customer) {
  const status = el('p', { class: 'line-status', role: 'status' });
  const limit = customer.creditLimit;
  const amount = el('input', { type: 'text', inputmode: 'decimal', size: 12, value: limit ? cents(limit.amount) : '', 'aria-label': 'Credit limit amount' });
  const currency = el('input', { type: 'text', size: 4, maxlength: 3, value: limit?.currency ?? 'EUR', 'aria-label': 'Credit limit currency' });
  const save = () =>
    saveCustomerChange(customer, 'credit-limit', { creditLimit: amount.value.trim() ? { amount: amount.value.trim(), currency: currency.value.trim().toUpperCase() } : null }, status);
  return el('fieldset', {},
    el('legend', {}, 'Credit limit (empty for none)'),
    el('label', {}, 'Amount ', amount),
    el('label', {}, 'Currency ', currency),
    el('button', { type: 'button', onclick: save }, 'Save limit'),
    status,
  );
}

async function showCustomer() {
  const id = selectedCustomer;
  if (!id) return;
  const detail = await api(`/api/customers/${encodeURIComponent(id)}`);
  // Another customer was opened, or the page closed, while this one loaded.
  if (id !== selectedCustomer) return;
  const { customer } = detail;
  // Redrawn apart from the rest, and never under a person choosing: a refresh would undo their choice.
  const terms = $('#customer-terms');
  if (!isEditing(terms) && !isUnchanged('claim-terms', { id, party: customer.party, jurisdiction: customer.jurisdiction, creditLimit: customer.creditLimit, claims: detail.claims })) {
    terms.replaceChildren(...(may('claim-terms') ? [claimTermsForm(customer, detail.claims)] : []), ...(may('credit-limit') ? [creditLimitForm(customer)] : []));
  }
  const listed = new Map(latestInvoices.filter((row) => row.customerId === customer.id).map((row) => [row.number, row]));
  if (isUnchanged('customer', { detail, listed: [...listed], overLimit: overLimitById.get(customer.id) })) return;
  const { risk } = customer;
  const behaviour = risk?.behaviour;
  const limit = customer.creditLimit;
  // The page's API does not say whether the customer is over its limit; the customer list does.
  const overLimit = overLimitById.get(customer.id) ?? false;
  $('#customer').hidden = false;
  $('#customer-title').textContent = `Customer ${customer.name}`;
  $('#customer-profile').replaceChildren(
    definitions([
      ['Reference', customer.reference ?? '—'],
      ['Identities', customer.identities.join(', ') || '—'],
      ['Country', customer.countryCode ?? '—'],
      ['Contacts', customer.contacts.length ? el('ul', {}, ...customer.contacts.map((contact) => el('li', {}, [contact.name, contact.email, contact.phone].filter(Boolean).join(' · ')))) : '—'],
      ['Language', customer.language ?? '— (from the country)'],
      ['Time zone', customer.timeZone],
      ['Tags', customer.tags.join(', ') || '—'],
      ['First invoice', customer.firstInvoiceOn ?? '—'],
      ['Segment and policy', `${customer.segment}, collected under ${detail.policy}`],
      ['Credit limit', limit ? money(limit.currency, limit.amount) : 'none'],
      ['Exposure', [money(detail.exposure.currency, detail.exposure.amount), ...(overLimit ? [' ', el('span', { class: 'badge badge-over' }, 'over limit')] : [])]],
      ['Party', customer.party],
      ['Late-payment rule', lateRuleText(detail.claims)],
    ]),
  );
  $('#customer-body').replaceChildren(
    el('h3', {}, 'Risk'),
    risk
      ? el('p', {}, el('strong', { class: `grade-${risk.grade}` }, `Score ${risk.score} of 100 (${risk.grade})`), ` as of ${risk.asOf}`)
      : el('p', {}, 'Not yet assessed: the daily credit review has not seen this customer.'),
    risk && risk.reasons.length === 0 ? el('p', {}, 'No risk signs.') : '',
    risk ? el('ul', { class: 'reasons', 'aria-label': 'Risk reasons' }, ...risk.reasons.map((reason) => el('li', {}, `${reason.text} (${reason.points} points)`))) : '',
    behaviour
      ? definitions([
          ['Invoices settled in the last year', String(behaviour.settled)],
          ['Average days beyond terms', days(behaviour.averageDaysBeyondTerms)],
          ['Weighted by amount', days(behaviour.weightedDaysBeyondTerms)],
          ['Paid late', percent(behaviour.shareLatePercent)],
          ['Broken promises', String(behaviour.brokenPromises)],
          ['Disputes', String(behaviour.disputes)],
          ['More than 60 days past due', Object.entries(behaviour.longOverdue).map(([currency, amount]) => money(currency, amount)).join(', ') || 'nothing'],
          ['Trend (weighted days beyond terms)', `last 90 days ${days(behaviour.trend.recent)}, the 275 before ${days(behaviour.trend.earlier)}`],
        ])
      : '',
    el('h3', {}, 'Changes by people'),
    detail.changes.length
      ? el('ul', { 'aria-label': 'Changes by people' }, ...detail.changes.map((change) => el('li', {}, `${change.at} by ${change.by}: ${change.detail}`)))
      : el('p', {}, 'No changes by people yet.'),
    el('h3', {}, 'Risk history'),
    detail.riskChanges.length
      ? table('Risk history', ['On', 'Score', 'Segment', 'Changes'], detail.riskChanges.map((change) =>
          el('tr', {}, el('th', { scope: 'row' }, change.on), el('td', {}, `${change.score} (${change.grade})`), el('td', {}, change.segment), el('td', {}, el('ul', {}, ...change.changes.map((line) => el('li', {}, line)))))))
      : el('p', {}, 'No changes recorded yet.'),
    el('h3', {}, 'Credit holds'),
    detail.creditHolds.length
      ? table('Credit holds of this customer', ['Invoice', 'Raised on', 'Limit', 'Exposure', 'Over by'], detail.creditHolds.map((hold) =>
          el('tr', { class: 'hold' },
            el('th', { scope: 'row' }, invoiceLink(hold.invoice, hold.invoice.number), ' ', el('span', { class: 'badge badge-hold' }, hold.crossed ? 'crossed the limit' : 'already over')),
            el('td', {}, hold.raisedOn),
            el('td', { class: 'amount' }, money(hold.limit.currency, hold.limit.amount)),
            el('td', { class: 'amount' }, money(hold.limit.currency, hold.exposure)),
            el('td', { class: 'amount over' }, money(hold.limit.currency, hold.overBy)))))
      : el('p', {}, 'No credit holds.'),
    el('h3', {}, 'Figures per currency'),
    table('Figures per currency', ['Currency', ...FIGURE_HEADINGS], detail.figures.map((figures) =>
      el('tr', {}, el('th', { scope: 'row' }, figures.currency), ...figureCells(figures.currency, figures)))),
    el('h3', {}, 'Invoices'),
    table('Invoices of this customer', ['Invoice', 'Issued', 'Due', 'Amount', 'Open', 'Claims open', 'Payments, credits and claims', 'Promises and disputes'], detail.invoices.map((invoice) => {
      const row = listed.get(invoice.number);
      return el('tr', {},
        el('th', { scope: 'row' }, row ? invoiceLink(row.key, invoice.number) : invoice.number),
        el('td', {}, invoice.issueDate),
        el('td', {}, invoice.dueDate),
        el('td', { class: 'amount' }, money(invoice.currency, invoice.amount)),
        el('td', { class: 'amount' }, row ? money(row.currency, row.openAmount) : '—'),
        el('td', { class: 'amount' }, money(invoice.currency, invoice.claimsOpen)),
        // A movement's own text may hold a comma (principal, claims): movements are set apart by semicolons.
        el('td', {}, [
          ...invoice.movements.map((movement) => `${movement.date}: ${movementText(movement, invoice.currency)}`),
          ...(invoice.settled ? [`settled (${invoice.settled.by.replace(/-/g, ' ')}) on ${invoice.settled.on}`] : []),
        ].join('; ') || 'none'),
        el('td', {}, [
          ...invoice.promises.map((promise) => `promised on ${promise.madeOn} to pay by ${promise.promisedDate}`),
          ...invoice.disputedOn.map((date) => `disputed on ${date}`),
        ].join('; ') || '—'),
      );
    })),
    el('h3', {}, 'Instalment plans'),
    ...(detail.invoices.some((invoice) => invoice.plan)
      ? detail.invoices.filter((invoice) => invoice.plan).map((invoice) => {
          const row = listed.get(invoice.number);
          return el('div', {},
            el('h4', {}, 'Invoice ', row ? invoiceLink(row.key, invoice.number) : invoice.number),
            planTable(invoice.plan, invoice.currency, `Instalment plan of ${invoice.number}`));
        })
      : [el('p', {}, 'No instalment plans.')]),
  );
}
const showCustomerGuarded = guarded(showCustomer, '#customer-error');

// The as-of day of the analytics: null follows the virtual today, a picked date stays.
let analyticsAsOf = null;
let analyticsRequest = 0;
const analyticsCharts = new Map();
const KPI_COLOURS = ['#1f3b57', '#5b8db8', '#2f855a'];

function drawCurrencyCharts(report) {
  const segments = Object.keys(report.bySegment).sort();
  // Chart.js draws numbers: the exact decimals are only converted for display, never summed here.
  const aging = BUCKETS.map((bucket, i) => ({ label: bucket, data: segments.map((segment) => Number(report.bySegment[segment].aging[bucket])), backgroundColor: COLOURS[i], stack: 'open' }));
  const figure = (segment, name) => (report.bySegment[segment][name] === null ? null : Number(report.bySegment[segment][name]));
  const kpi = [
    { label: 'DSO standard (days)', data: segments.map((segment) => figure(segment, 'dsoStandard')), backgroundColor: KPI_COLOURS[0], yAxisID: 'days' },
    { label: 'DSO countback (days)', data: segments.map((segment) => figure(segment, 'dsoCountback')), backgroundColor: KPI_COLOURS[1], yAxisID: 'days' },
    { label: 'CEI (%)', data: segments.map((segment) => figure(segment, 'cei')), backgroundColor: KPI_COLOURS[2], yAxisID: 'percent' },
  ];
  let charts = analyticsCharts.get(report.currency);
  if (!charts) {
    const agingCanvas = el('canvas', { role: 'img', 'aria-label': `Open ${report.currency} receivables by aging bucket, one bar per segment` });
    const kpiCanvas = el('canvas', { role: 'img', 'aria-label': `DSO (standard and countback) and CEI per segment, ${report.currency}` });
    const node = el('div', { class: 'charts', 'data-currency': report.currency },
      el('figure', {}, agingCanvas, el('figcaption', {}, `Aging by segment (${report.currency})`)),
      el('figure', {}, kpiCanvas, el('figcaption', {}, `DSO and CEI by segment (${report.currency})`)));
    $('#analytics-charts').append(node);
    charts = {
      node,
      aging: new Chart(agingCanvas, { type: 'bar', data: { labels: segments, datasets: aging }, options: { animation: false, responsive: true, scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: report.currency } } } } }),
      kpi: new Chart(kpiCanvas, { type: 'bar', data: { labels: segments, datasets: kpi }, options: { animation: false, responsive: true, scales: {
        days: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'days' } },
        percent: { type: 'linear', position: 'right', min: 0, max: 100, title: { display: true, text: 'CEI %' }, grid: { drawOnChartArea: false } },
      } } }),
    };
    analyticsCharts.set(report.currency, charts);
    return;
  }
  for (const [chart, datasets] of [[charts.aging, aging], [charts.kpi, kpi]]) {
    chart.data.labels = segments;
    chart.data.datasets = datasets;
    chart.update('none');
  }
}

async function showAnalytics() {
  const request = ++analyticsRequest;
  const data = await api(`/api/report${analyticsAsOf ? `?asOf=${encodeURIComponent(analyticsAsOf)}` : ''}`);
  // A slower answer to an earlier request (the poll, or a date picked before) must not overwrite a newer one.
  if (request !== analyticsRequest) return;
  const input = $('#analytics-as-of');
  if (!analyticsAsOf && document.activeElement !== input) input.value = data.asOf;
  if (isUnchanged('analytics', data)) return;
  $('#analytics-caption').textContent = `Figures as of ${data.asOf}${analyticsAsOf ? '' : ' (today)'}, per currency and segment`;
  for (const report of data.reports) drawCurrencyCharts(report);
  for (const [currency, charts] of analyticsCharts) {
    if (data.reports.some((report) => report.currency === currency)) continue;
    charts.aging.destroy();
    charts.kpi.destroy();
    charts.node.remove();
    analyticsCharts.delete(currency);
  }
  $('#analytics-totals tbody').replaceChildren(...data.reports.flatMap((report) => [
    el('tr', { class: 'total' }, el('th', { scope: 'row' }, report.currency), el('td', {}, 'all segments'), ...figureCells(report.currency, report.total)),
    ...Object.keys(report.bySegment).sort().map((segment) =>
      el('tr', {}, el('th', { scope: 'row' }, report.currency), el('td', {}, segment), ...figureCells(report.currency, report.bySegment[segment]))),
  ]));
}

// Amounts are the API's decimal strings: whether one is above zero is read from its digits, never a float.
const isPositiveAmount = (amount) => !String(amount).startsWith('-') && /[1-9]/.test(String(amount));
const isEditing = (node) => node.contains(document.activeElement);
// An invoice has an aging bucket only while something is open on it.
const openInvoicesOf = (customerId, currency) => latestInvoices.filter((row) => row.customerId === customerId && row.currency === currency && row.aging !== null);
const creditSourceText = (credit) => (credit.source === 'over-payment' ? `over-payment on ${credit.invoice.number}` : credit.source);

// Rows of the unmatched queue are kept per line, as worklist rows are: a refresh never drops what a person typed.
const queueRows = new Map();

function decided(line, decision) {
  const allocations = decision.allocations.map((allocation) => `${allocation.key.number} ${money(line.currency, allocation.amount)}`).join(', ') || 'no invoice';
  const unapplied = isPositiveAmount(decision.unapplied) ? `, ${money(line.currency, decision.unapplied)} unapplied` : '';
  const customer = latestInvoices.find((row) => row.customerId === decision.customerId)?.customer ?? decision.customerId;
  $('#decided').append(el('li', {}, `${line.bookingDate} ${money(line.currency, line.amount)} from ${line.payer.name ?? line.payer.iban ?? 'an unknown payer'}: to ${customer} (${allocations}${unapplied}), by ${decision.by} at ${decision.at}`));
  queueRows.get(line.lineId)?.row.remove();
  queueRows.delete(line.lineId);
  return refresh();
}

function customerOptions(select) {
  const names = new Map(latestInvoices.filter((row) => row.customerId).map((row) => [row.customerId, row.customer ?? row.customerId]));
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'choose a customer'), ...[...names].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => el('option', { value: id }, name)));
  select.value = names.has(chosen) ? chosen : '';
}

function queueRow(line) {
  const what = `${money(line.currency, line.amount)} of ${line.bookingDate}`;
  const status = el('p', { class: 'line-status', role: 'status' });
  const send = (customerId, allocations) =>
    api(`/api/bank/lines/${encodeURIComponent(line.lineId)}/assign`, { customerId, allocations })
      .then((answer) => decided(line, answer.decision))
      .catch((error) => { status.textContent = error.message; });
  const customer = el('select', { 'aria-label': `Customer for ${what}` });
  const amounts = el('div');
  const drawAmounts = () => amounts.replaceChildren(...openInvoicesOf(customer.value, line.currency).map((invoice) =>
    el('label', {}, `${invoice.number} (open ${money(invoice.currency, invoice.openAmount)}) `,
      el('input', { type: 'text', inputmode: 'decimal', size: 9, 'data-seller': invoice.key.sellerKey, 'data-number': invoice.key.number, 'aria-label': `Amount of ${what} for ${invoice.number}` }))));
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
        `${suggestion.rule}, ${Math.round(suggestion.confidence * 100)} %: ${suggestion.customerName ?? suggestion.customerId}`,
        el('ul', {}, ...suggestion.allocations.map((allocation) => el('li', {}, `${allocation.key.number}: ${money(line.currency, allocation.amount)}`))),
        isPositiveAmount(suggestion.unapplied) ? el('div', {}, `unapplied: ${money(line.currency, suggestion.unapplied)}`) : '',
        may('assign-line') ? el('button', { type: 'button', 'aria-label': `Accept suggestion ${i + 1} for ${what}`, onclick: () => send(suggestion.customerId, suggestion.allocations) }, 'Accept') : '')))
    : 'none';
  const row = el('tr', {},
    el('td', {}, line.bookingDate),
    el('td', { class: 'amount' }, `${line.direction === 'DBIT' ? '−' : ''}${money(line.currency, line.amount)}`),
    el('td', {}, [line.payer.name, line.payer.iban].filter(Boolean).join(' · ') || '—'),
    el('td', {}, el('ul', {}, ...[...line.texts, ...line.references, ...(line.endToEndId ? [`end-to-end ${line.endToEndId}`] : [])].map((text) => el('li', {}, text)))),
    el('td', {}, line.why),
    el('td', {}, suggestions),
    el('td', { class: 'assign' }, ...(!may('assign-line') ? ['—'] : line.assignable
      ? [customer, amounts, el('button', { type: 'button', 'aria-label': `Assign ${what}`, onclick: assign }, 'Assign'), el('div', {}, 'Amounts left empty are not allocated; the rest stays unapplied cash.')]
      : ['A return: trace its payment.']), status),
  );
  return { row, customer };
}

async function showBank() {
  const [queue, statements] = await Promise.all([api('/api/bank/queue'), api('/api/bank/statements')]);
  const listed = new Set(queue.map((line) => line.lineId));
  $('#queue-empty').hidden = queue.length > 0;
  $('#queue').hidden = queue.length === 0;
  for (const line of queue) {
    if (!queueRows.has(line.lineId)) queueRows.set(line.lineId, queueRow(line));
    const entry = queueRows.get(line.lineId);
    if (!isEditing(entry.row)) customerOptions(entry.customer);
    if (!entry.row.isConnected) $('#queue tbody').append(entry.row);
  }
  for (const [lineId, entry] of queueRows) {
    if (listed.has(lineId)) continue;
    entry.row.remove();
    queueRows.delete(lineId);
  }
  if (isUnchanged('statements', statements)) return;
  $('#statements tbody').replaceChildren(...statements.map((file) =>
    el('tr', {}, el('td', {}, file.receivedAt), el('td', {}, file.format), ...[file.lines, file.newLines, file.payments, file.returns, file.unmatched].map((count) => el('td', { class: 'amount' }, String(count))))));
}
const showBankGuarded = guarded(showBank, '#bank-error');

// One id per credit action until it succeeds: a retry after a lost answer is the same request, recorded once.
const creditRequestIds = new Map();
const creditRequestId = (action) => {
  if (!creditRequestIds.has(action)) creditRequestIds.set(action, crypto.randomUUID());
  return creditRequestIds.get(action);
};

function creditForm(customerId, balance, openItems, status) {
  const { currency } = balance;
  const send = (action, body) =>
    api(`/api/customers/${encodeURIComponent(customerId)}/credit`, { ...body, currency, requestId: creditRequestId(action) })
      .then(() => {
        creditRequestIds.delete(action);
        status.textContent = '';
        drawn.delete('account');
        // The account is drawn anew only when no field of it has the focus; the button that sent has it.
        document.activeElement?.blur();
        return refresh();
      })
      .catch((error) => { status.textContent = error.message; });
  const invoice = el('select', { 'aria-label': `Invoice to allocate ${currency} credit to` }, ...openItems.map((item, i) => el('option', { value: String(i) }, `${item.key.number} (open ${money(currency, item.open)})`)));
  const allocateAmount = el('input', { type: 'text', inputmode: 'decimal', size: 9, 'aria-label': `${currency} amount to allocate` });
  const refundAmount = el('input', { type: 'text', inputmode: 'decimal', size: 9, 'aria-label': `${currency} amount to refund` });
  const reference = el('input', { type: 'text', size: 24, value: 'refund to the customer', 'aria-label': 'Refund reference' });
  return el('fieldset', {},
    el('legend', {}, `Use the ${money(currency, balance.credit)} credit`),
    ...(openItems.length
      ? [el('label', {}, 'Allocate ', allocateAmount), el('label', {}, 'to ', invoice),
         el('button', { type: 'button', onclick: () => send(`allocate:${currency}`, { kind: 'allocate', invoice: openItems[Number(invoice.value)].key, amount: allocateAmount.value.trim() }) }, 'Allocate'), ' ']
      : []),
    el('label', {}, 'Refund ', refundAmount), el('label', {}, 'reference ', reference),
    el('button', { type: 'button', onclick: () => send(`refund:${currency}`, { kind: 'refund', amount: refundAmount.value.trim(), reference: reference.value }) }, 'Refund'),
  );
}

async function showAccount() {
  const id = selectedCustomer;
  if (!id) return;
  const account = await api(`/api/customers/${encodeURIComponent(id)}/account`);
  const box = $('#customer-account');
  // Another customer was opened meanwhile, or a person is typing in the forms: draw on a later refresh.
  if (id !== selectedCustomer || isEditing(box) || isUnchanged('account', account)) return;
  const status = el('p', { class: 'line-status', role: 'status' });
  box.replaceChildren(
    el('h3', {}, `Statement of account as of ${account.asOf}`),
    account.currencies.length
      ? table('Statement of account', ['Currency', 'Open', 'Late-payment claims open', 'Credit (unapplied cash and credit notes)', 'Balance (open less credit)'], account.currencies.map((balance) =>
          el('tr', {}, el('th', { scope: 'row' }, balance.currency), ...[balance.open, balance.claimsOpen, balance.credit, balance.balance].map((amount) => el('td', { class: 'amount' }, money(balance.currency, amount))))))
      : el('p', {}, 'Nothing on the account.'),
    el('h3', {}, 'Open items, oldest due first'),
    account.openItems.length
      ? table('Open items', ['Invoice', 'Due', 'Open', 'Claims open', 'Days overdue', 'Instalment plan'], account.openItems.map((item) =>
          el('tr', {},
            el('th', { scope: 'row' }, invoiceLink(item.key, item.key.number)),
            el('td', {}, item.dueDate),
            el('td', { class: 'amount' }, money(item.currency, item.open)),
            el('td', { class: 'amount' }, money(item.currency, item.claimsOpen)),
            el('td', { class: 'amount' }, String(item.daysOverdue)),
            el('td', {}, ...(item.plan
              ? [planSummary(item.plan, item.currency), el('ul', {}, ...item.plan.instalments.map((instalment) => el('li', {}, `${instalment.date} ${money(item.currency, instalment.amount)}: ${instalment.status}`)))]
              : ['—'])))))
      : el('p', {}, 'No open items.'),
    el('h3', {}, 'Movements of principal and claims'),
    account.movements.length
      ? table('Movements', ['Date', 'Invoice', 'Movement', 'Principal', 'Balance after', 'Claims', 'Claims open after'], account.movements.map((movement) =>
          el('tr', {},
            el('th', { scope: 'row' }, movement.date),
            el('td', {}, invoiceLink(movement.invoice, movement.invoice.number)),
            el('td', {}, movement.type.replace(/-/g, ' ')),
            el('td', { class: 'amount' }, isZero(movement.change) ? '—' : signedMoney(movement.currency, movement.change)),
            el('td', { class: 'amount' }, money(movement.currency, movement.balanceAfter)),
            el('td', { class: 'amount' }, isZero(movement.claimsChange) ? '—' : signedMoney(movement.currency, movement.claimsChange)),
            el('td', { class: 'amount' }, money(movement.currency, movement.claimsOpenAfter)))))
      : el('p', {}, 'No movements.'),
    el('h3', {}, 'Credits'),
    account.credits.length
      ? table('Credits', ['Source', 'Date', 'Reference', 'Amount'], account.credits.map((credit) =>
          el('tr', {}, el('th', { scope: 'row' }, creditSourceText(credit)), el('td', {}, credit.date ?? '—'), el('td', {}, credit.reference ?? '—'), el('td', { class: 'amount' }, money(credit.currency, credit.amount)))))
      : el('p', {}, 'No credits.'),
    ...account.currencies.filter((balance) => isPositiveAmount(balance.credit)).map((balance) =>
      // The server allocates credit only to an invoice whose principal is open: one with only claims open is not offered.
      may('use-credit') ? creditForm(account.customerId, balance, account.openItems.filter((item) => item.currency === balance.currency && isPositiveAmount(item.open)), status) : ''),
    status,
  );
}
const showAccountGuarded = guarded(showAccount, '#account-error');

const showCreditGuarded = guarded(showCredit, '#credit-error');

// The settings in force; an admin publishes a new version (segments and policies, as creditctl settings publish takes them).
async function showSettings() {
  const settings = await api('/api/settings');
  if (isUnchanged('settings', settings)) return;
  $('#settings-version').textContent = `Version ${settings.version}, published ${settings.publishedAt}${settings.publishedBy ? ` by ${settings.publishedBy}` : ''}: ${settings.segments.map((rule) => `${rule.segment} → ${rule.policy}`).join(', ')}.`;
  const text = $('#settings-document');
  if (!isEditing($('#settings-form'))) {
    text.value = JSON.stringify({ segments: settings.segments, policies: Object.fromEntries(Object.entries(settings.policies).map(([name, version]) => [name, version.policy])) }, null, 2);
  }
}
const showSettingsGuarded = guarded(showSettings, '#settings-error');
$('#settings-form').addEventListener('submit', (event) => {
  event.preventDefault();
  let sent;
  try {
    sent = JSON.parse($('#settings-document').value);
  } catch (error) {
    $('#settings-error').textContent = `Not JSON: ${error.message}`;
    return;
  }
  api('/api/settings', sent)
    .then((answer) => {
      $('#settings-error').textContent = answer.changed ? '' : 'Nothing changed.';
      drawn.delete('settings');
      document.activeElement?.blur();
      return refresh();
    })
    .catch((error) => { $('#settings-error').textContent = error.message; });
});
const showAnalyticsGuarded = guarded(showAnalytics, '#analytics-status');

async function refresh() {
  await Promise.all([
    showClock(),
    // The customer page and the bank's assignments read open amounts from the invoice list, so they follow it.
    showInvoices().then(() => Promise.all([showCustomerGuarded(), showAccountGuarded(), showBankGuarded()])),
    showWorklist(),
    showEmails(),
    showQuarantine(),
    showDetail(),
    showCharts(),
    showCreditGuarded(),
    showAnalyticsGuarded(),
    showSettingsGuarded(),
  ]);
}

$('#pause').addEventListener('click', () => api('/api/clock', { daysPerSecond: 0 }).then(refresh));
$('#resume').addEventListener('click', () => api('/api/clock', { daysPerSecond: 1 }).then(refresh));
$('#fast').addEventListener('click', () => api('/api/clock', { daysPerSecond: 7 }).then(refresh));
$('#next-day').addEventListener('click', () => api('/api/clock', { advanceDays: 1 }).then(refresh));
$('#run-at').addEventListener('click', () => api('/api/clock', { daysPerSecond: Number($('#speed-input').value) }).then(refresh).catch(alertFailure));
$('#jump').addEventListener('click', () => api('/api/clock', { jumpTo: $('#jump-date').value }).then(refresh).catch(alertFailure));
$('#state-filter').addEventListener('change', showInvoices);
$('#aging-filter').addEventListener('change', showInvoices);
$('#customer-filter').addEventListener('input', showInvoices);
$('#customer-close').addEventListener('click', () => {
  selectedCustomer = null;
  drawn.delete('customer');
  drawn.delete('claim-terms');
  drawn.delete('account');
  $('#customer-terms').replaceChildren();
  $('#customer-account').replaceChildren();
  $('#customer').hidden = true;
});
$('#analytics-as-of').addEventListener('change', (event) => {
  analyticsAsOf = event.target.value || null;
  showAnalyticsGuarded();
});
$('#analytics-today').addEventListener('click', () => {
  analyticsAsOf = null;
  $('#analytics-as-of').value = '';
  showAnalyticsGuarded();
});
await refresh();
setInterval(() => refresh().catch(() => undefined), 2000);
