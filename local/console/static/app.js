// The console's page: plain DOM, every text set through textContent so nothing from an invoice becomes markup.
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
const api = async (path, body) => {
  const response = await fetch(path, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {});
  const data = await response.json();
  if (!response.ok) throw new Error(data.message ?? response.statusText);
  return data;
};
const STATES = ['PlanNextStep', 'RouteNextStep', 'WaitForDateOrSignal', 'SendReminder', 'CreateCallTask', 'HandOverToAgency', 'FlagForLegal', 'RecordFailure', 'RunEnded'];
let selected = null;

async function showClock() {
  const clock = await api('/api/clock');
  $('#today').textContent = clock.today;
  $('#speed').textContent = clock.daysPerSecond > 0 ? `(running, ${clock.daysPerSecond} day(s)/s)` : '(paused)';
}

async function showInvoices() {
  const { invoices, aging } = await api('/api/invoices');
  const states = [...new Set(invoices.map((invoice) => invoice.state))].sort();
  const filter = $('#state-filter');
  const chosen = filter.value;
  filter.replaceChildren(el('option', { value: '' }, 'all'), ...states.map((state) => el('option', { value: state }, state)));
  filter.value = states.includes(chosen) ? chosen : '';
  const customer = $('#customer-filter').value.toLowerCase();
  const rows = invoices
    .filter((invoice) => !filter.value || invoice.state === filter.value)
    .filter((invoice) => !customer || (invoice.customer ?? '').toLowerCase().includes(customer))
    .filter((invoice) => !$('#aging-filter').value || invoice.aging === $('#aging-filter').value)
    .map((invoice) =>
      el('tr', {},
        el('td', {}, el('a', { href: '#', onclick: (event) => { event.preventDefault(); selected = invoice.key; showDetail(); } }, invoice.number)),
        el('td', {}, invoice.customer),
        el('td', { class: 'amount' }, `${invoice.currency} ${invoice.openAmount}`),
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
      el('dt', {}, 'Original'), el('dd', {}, el('a', { href: `/api/original/${encodeURIComponent(selected.sellerKey)}/${encodeURIComponent(selected.number)}` }, detail.record.archiveKey)),
    ),
    el('h3', {}, `Execution ${detail.execution?.name ?? '(not started)'} ${detail.execution ? `— ${detail.execution.status}` : ''}`),
    el('ul', { class: 'states', 'aria-label': 'State machine' }, ...STATES.map((state) => el('li', state === current ? { class: 'current', 'aria-current': 'step' } : {}, state))),
    el('h3', {}, 'Collections timeline'),
    el('ol', {}, ...detail.timeline.map((line) => el('li', {}, `${line.date} ${line.action} ${line.step ?? line.reason ?? ''}`))),
    el('h3', {}, 'Audit trail'),
    el('ol', {}, ...detail.audit.map((entry) => el('li', {}, `${entry.at} ${entry.action}: ${entry.detail}`))),
    el('h3', {}, 'Event history (virtual time)'),
    el('ol', {}, ...history.slice(-40).map((event) => el('li', {}, `${event.timestamp} ${event.type} ${event.state ?? ''} ${event.error ?? ''}`))),
  );
}

const record = (key, event) => api('/api/events', { invoice: key, ...event }).then(refresh).catch((error) => alert(error.message));

async function showWorklist() {
  const tasks = await api('/api/worklist');
  $('#worklist tbody').replaceChildren(...tasks.map((task) => {
    const promised = el('input', { type: 'date', 'aria-label': `Promised date for ${task.invoiceKey.number}` });
    const amount = el('input', { type: 'text', inputmode: 'decimal', size: 9, 'aria-label': `Payment amount for ${task.invoiceKey.number}`, value: task.openAmount });
    return el('tr', {},
      el('td', {}, task.invoiceKey.number),
      el('td', {}, [task.customer, task.contact.name, task.contact.phone, task.contact.email].filter(Boolean).join(' · ')),
      el('td', { class: 'amount' }, `${task.currency} ${task.openAmount}`),
      el('td', {}, task.createdOn),
      el('td', {}, task.expiresOn),
      el('td', {}, el('ul', {}, ...task.history.map((line) => el('li', {}, line)))),
      el('td', {},
        el('button', { type: 'button', onclick: () => record(task.invoiceKey, { type: 'call-outcome', outcome: 'no-answer' }) }, 'No answer'), ' ',
        promised, el('button', { type: 'button', onclick: () => record(task.invoiceKey, { type: 'call-outcome', outcome: 'promise', promisedDate: promised.value }) }, 'Promise'), ' ',
        el('button', { type: 'button', onclick: () => record(task.invoiceKey, { type: 'call-outcome', outcome: 'dispute' }) }, 'Dispute'), ' ',
        amount, el('button', { type: 'button', onclick: () => record(task.invoiceKey, { type: 'payment', amount: amount.value }) }, 'Payment'),
      ));
  }));
}

async function showEmails() {
  const emails = await api('/api/emails');
  $('#emails').replaceChildren(...emails.slice(-20).reverse().map((email) =>
    el('li', {}, el('p', {}, `To ${email.destination.to.join(', ')}: ${email.subject}`), el('iframe', { class: 'email', sandbox: '', title: email.subject, srcdoc: email.body.html ?? email.body.text ?? '' }))));
}

async function showQuarantine() {
  const files = await api('/api/quarantine');
  $('#quarantine tbody').replaceChildren(...files.map((file) => el('tr', {}, el('td', {}, file.sourceKey), el('td', {}, file.message), el('td', {}, file.receivedAt))));
}

const charts = {};
const BUCKETS = ['current', '1-30', '31-60', '61-90', 'over-90'];
const COLOURS = ['#2f855a', '#d69e2e', '#dd6b20', '#c53030', '#702459'];

async function showCharts() {
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

async function refresh() {
  await Promise.all([showClock(), showInvoices(), showWorklist(), showEmails(), showQuarantine(), showDetail(), showCharts()]);
}

$('#pause').addEventListener('click', () => api('/api/clock', { daysPerSecond: 0 }).then(refresh));
$('#resume').addEventListener('click', () => api('/api/clock', { daysPerSecond: 1 }).then(refresh));
$('#fast').addEventListener('click', () => api('/api/clock', { daysPerSecond: 7 }).then(refresh));
$('#next-day').addEventListener('click', () => api('/api/clock', { advanceDays: 1 }).then(refresh));
$('#run-at').addEventListener('click', () => api('/api/clock', { daysPerSecond: Number($('#speed-input').value) }).then(refresh).catch((error) => alert(error.message)));
$('#jump').addEventListener('click', () => api('/api/clock', { jumpTo: $('#jump-date').value }).then(refresh).catch((error) => alert(error.message)));
$('#state-filter').addEventListener('change', showInvoices);
$('#aging-filter').addEventListener('change', showInvoices);
$('#customer-filter').addEventListener('input', showInvoices);
await refresh();
setInterval(() => refresh().catch(() => undefined), 2000);
