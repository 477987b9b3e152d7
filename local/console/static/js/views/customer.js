// #/customers/<id>: a customer's page. Its profile and late-payment terms (a credit manager
// changes them and the limit here), risk with every reason and its history, changes by people,
// credit holds, figures per currency, invoices with their plans, and the statement of account
// with the credit forms. A part being typed in is not drawn anew until the person leaves it.
import { api, may } from '../api.js';
import { $, definitions, el, field, isEditing, isUnchanged, redrawNext, statusLine, table } from '../dom.js';
import { isPositiveAmount, isZeroAmount } from '../format.js';
import { fmt } from '../locale.js';
import { amountCell, dateOf, instantOf, invoiceLink, planSummary, planTable } from '../parts.js';
import { BUCKETS } from '../charts.js';
import { refresh } from '../refresh.js';
import { customerInvoiceRows } from './invoices.js';

const idOf = (route) => route.parts[0];
const statusOf = () => el('p', { class: 'line-status', role: 'status', 'aria-live': 'polite' });

const lateRuleText = (claims) =>
  claims.jurisdiction === null ? 'none: no rule is known for its country' : `${claims.jurisdiction} (${claims.chosen ? 'chosen' : 'from country'})`;

// A movement in words: the principal's part as the amount paid or credited (a return as a negative
// one), the claims' part as what it did to the claims open (booked +, paid or waived −). A payment
// that reached both names both, so its principal part is not read as all that came in.
const movementText = (movement, currency) => {
  const what = movement.type.replace(/-/g, ' ');
  const principal = isZeroAmount(movement.change) ? null : fmt.money(movement.change.startsWith('-') ? movement.change.slice(1) : `-${movement.change}`, currency);
  const claims = isZeroAmount(movement.claimsChange) ? null : `claims ${fmt.signedMoney(movement.claimsChange, currency)}`;
  if (principal && claims) return `${what}: principal ${principal}, ${claims}`;
  return principal ? `${what} ${principal}` : `${what}: ${claims}`;
};
const creditSourceText = (credit) => (credit.source === 'over-payment' ? `over-payment on ${credit.invoice.number}` : credit.source);

export const FIGURE_HEADINGS = ['Open', 'Current', '1-30', '31-60', '61-90', 'Over 90', 'DSO (standard)', 'DSO (countback)', 'CEI'];
/** A currency's figures as table cells: open, the aging buckets, DSO both ways and CEI. */
export const figureCells = (currency, figures) => [
  amountCell(figures.open, currency),
  ...BUCKETS.map((bucket) => amountCell(figures.aging[bucket], currency)),
  el('td', { class: 'amount' }, fmt.days(figures.dsoStandard)),
  el('td', { class: 'amount' }, fmt.days(figures.dsoCountback)),
  el('td', { class: 'amount' }, fmt.percent(figures.cei)),
];

// Sends a change of the customer's profile, then draws its page anew; a refusal shows in the form's status line.
function saveCustomerChange(customer, what, body, status) {
  return api(`/api/customers/${encodeURIComponent(customer.id)}/${what}`, body)
    .then(() => {
      status.textContent = '';
      redrawNext('customer', 'claim-terms');
      // The form is drawn anew only when none of it has the focus; the button that sent has it.
      document.activeElement?.blur();
      return refresh();
    })
    .catch((error) => {
      status.textContent = error.message;
    });
}

function claimTermsForm(customer, claims) {
  const status = statusOf();
  const option = (value, text, chosen) => el('option', { value, selected: chosen }, text);
  const party = el('select', {}, ...claims.choices.parties.map((kind) => option(kind, kind, kind === customer.party)));
  const jurisdiction = el('select', {},
    option('', 'from the country', customer.jurisdiction === null),
    ...claims.choices.jurisdictions.map((key) => option(key, key, key === customer.jurisdiction)));
  const save = () => saveCustomerChange(customer, 'claim-terms', { party: party.value, jurisdiction: jurisdiction.value || null }, status);
  return el('fieldset', {},
    el('legend', {}, 'Late-payment terms: whom interest and compensation are claimed from, under which rule'),
    field('Party', party),
    field('Jurisdiction', jurisdiction),
    el('button', { type: 'button', onclick: save }, 'Save terms'),
    status);
}

// A credit manager sets a customer's limit (empty: none); the server files the customer under the segment it now falls in.
function creditLimitForm(customer) {
  const status = statusOf();
  const limit = customer.creditLimit;
  const amount = el('input', { type: 'text', inputmode: 'decimal', size: 12, value: limit?.amount ?? '' });
  const currency = el('input', { type: 'text', size: 4, maxlength: 3, value: limit?.currency ?? 'EUR' });
  const save = () =>
    saveCustomerChange(customer, 'credit-limit', { creditLimit: amount.value.trim() ? { amount: amount.value.trim(), currency: currency.value.trim().toUpperCase() } : null }, status);
  return el('fieldset', {},
    el('legend', {}, 'Credit limit (empty for none)'),
    field('Credit limit amount', amount),
    field('Credit limit currency', currency),
    el('button', { type: 'button', onclick: save }, 'Save limit'),
    status);
}

function drawProfile(detail) {
  const { customer } = detail;
  const limit = customer.creditLimit;
  $('#customer-profile').replaceChildren(definitions([
    ['Reference', customer.reference ?? '—'],
    ['Identities', customer.identities.join(', ') || '—'],
    ['Country', customer.countryCode ?? '—'],
    ['Contacts', customer.contacts.length ? el('ul', {}, ...customer.contacts.map((contact) => el('li', {}, [contact.name, contact.email, contact.phone].filter(Boolean).join(' · ')))) : '—'],
    ['Language', customer.language ?? '— (from the country)'],
    ['Time zone', customer.timeZone],
    ['Tags', customer.tags.join(', ') || '—'],
    ['First invoice', dateOf(customer.firstInvoiceOn)],
    ['Segment and policy', `${customer.segment}, collected under ${detail.policy}`],
    ['Credit limit', limit ? fmt.money(limit.amount, limit.currency) : 'none'],
    ['Exposure', [fmt.money(detail.exposure.amount, detail.exposure.currency), ...(detail.overLimit ? [' ', el('span', { class: 'badge badge-over' }, 'over limit')] : [])]],
    ['Party', customer.party],
    ['Late-payment rule', lateRuleText(detail.claims)],
  ]));
}

function drawBody(detail, rows) {
  const { risk } = detail.customer;
  const behaviour = risk?.behaviour;
  const keyOf = (invoice) => invoice.key ?? rows.get(invoice.number)?.key;
  const linked = (invoice) => (keyOf(invoice) ? invoiceLink(keyOf(invoice), invoice.number) : invoice.number);
  $('#customer-body').replaceChildren(
    el('h3', {}, 'Risk'),
    risk
      ? el('p', {}, el('strong', { class: `grade-${risk.grade}` }, `Score ${risk.score} of 100 (${risk.grade})`), ' as of ', dateOf(risk.asOf))
      : el('p', {}, 'Not yet assessed: the daily credit review has not seen this customer.'),
    risk && risk.reasons.length === 0 ? el('p', {}, 'No risk signs.') : '',
    risk ? el('ul', { class: 'reasons', 'aria-label': 'Risk reasons' }, ...risk.reasons.map((reason) => el('li', {}, `${reason.text} (${reason.points} points)`))) : '',
    behaviour
      ? definitions([
          ['Invoices settled in the last year', fmt.count(behaviour.settled)],
          ['Average days beyond terms', fmt.days(behaviour.averageDaysBeyondTerms)],
          ['Weighted by amount', fmt.days(behaviour.weightedDaysBeyondTerms)],
          ['Paid late', fmt.percent(behaviour.shareLatePercent)],
          ['Broken promises', fmt.count(behaviour.brokenPromises)],
          ['Disputes', fmt.count(behaviour.disputes)],
          ['More than 60 days past due', Object.entries(behaviour.longOverdue).map(([currency, amount]) => fmt.money(amount, currency)).join(', ') || 'nothing'],
          ['Trend (weighted days beyond terms)', `last 90 days ${fmt.days(behaviour.trend.recent)}, the 275 before ${fmt.days(behaviour.trend.earlier)}`],
        ])
      : '',
    el('h3', {}, 'Changes by people'),
    detail.changes.length
      ? el('ul', { 'aria-label': 'Changes by people' }, ...detail.changes.map((change) => el('li', {}, instantOf(change.at), ` by ${change.by}: ${change.detail}`)))
      : el('p', {}, 'No changes by people yet.'),
    el('h3', {}, 'Risk history'),
    detail.riskChanges.length
      ? table('Risk history', ['On', 'Score', 'Segment', 'Changes'], detail.riskChanges.map((change) =>
          el('tr', {}, el('th', { scope: 'row' }, dateOf(change.on)), el('td', {}, `${change.score} (${change.grade})`), el('td', {}, change.segment), el('td', {}, el('ul', {}, ...change.changes.map((line) => el('li', {}, line)))))))
      : el('p', {}, 'No changes recorded yet.'),
    el('h3', {}, 'Credit holds'),
    detail.creditHolds.length
      ? table('Credit holds of this customer', ['Invoice', 'Raised on', 'Limit', 'Exposure', 'Over by'], detail.creditHolds.map((hold) => {
          const holding = hold.state ? hold.state === 'active' : detail.overLimit;
          return el('tr', { class: holding ? 'hold' : 'hold-released' },
            el('th', { scope: 'row' }, invoiceLink(hold.invoice), ' ', holding
              ? el('span', { class: 'badge badge-hold' }, hold.crossed ? 'crossed the limit' : 'already over')
              : el('span', { class: 'badge badge-released' }, 'released')),
            el('td', {}, dateOf(hold.raisedOn)),
            amountCell(hold.limit.amount, hold.limit.currency),
            amountCell(hold.exposure, hold.limit.currency),
            el('td', { class: holding ? 'amount over' : 'amount' }, fmt.money(hold.overBy, hold.limit.currency)));
        }))
      : el('p', {}, 'No credit holds.'),
    el('h3', {}, 'Figures per currency'),
    detail.figures.length
      ? table('Figures per currency', ['Currency', ...FIGURE_HEADINGS], detail.figures.map((figures) => el('tr', {}, el('th', { scope: 'row' }, figures.currency), ...figureCells(figures.currency, figures))))
      : el('p', {}, 'No figures: nothing billed yet.'),
    el('h3', {}, 'Invoices'),
    detail.invoices.length
      ? table('Invoices of this customer', ['Invoice', 'Issued', 'Due', 'Amount', 'Open', 'Claims open', 'Payments, credits and claims', 'Promises and disputes'], detail.invoices.map((invoice) =>
          el('tr', {},
            el('th', { scope: 'row' }, linked(invoice)),
            el('td', {}, dateOf(invoice.issueDate)),
            el('td', {}, dateOf(invoice.dueDate)),
            amountCell(invoice.amount, invoice.currency),
            amountCell(invoice.open, invoice.currency),
            amountCell(invoice.claimsOpen, invoice.currency),
            // A movement's own text may hold a comma (principal, claims): movements are set apart by semicolons.
            el('td', {}, [
              ...invoice.movements.map((movement) => `${fmt.date(movement.date)}: ${movementText(movement, invoice.currency)}`),
              ...(invoice.settled ? [`settled (${invoice.settled.by.replace(/-/g, ' ')}) on ${fmt.date(invoice.settled.on)}`] : []),
            ].join('; ') || 'none'),
            el('td', {}, [
              ...invoice.promises.map((promise) => `promised on ${fmt.date(promise.madeOn)} to pay by ${fmt.date(promise.promisedDate)}`),
              ...invoice.disputedOn.map((date) => `disputed on ${fmt.date(date)}`),
            ].join('; ') || '—'))))
      : el('p', {}, 'No invoices.'),
    el('h3', {}, 'Instalment plans'),
    ...(detail.invoices.some((invoice) => invoice.plan)
      ? detail.invoices.filter((invoice) => invoice.plan).map((invoice) =>
          el('div', {}, el('h4', {}, 'Invoice ', linked(invoice)), planTable(invoice.plan, invoice.currency, `Instalment plan of ${invoice.number}`)))
      : [el('p', {}, 'No instalment plans.')]),
  );
}

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
        redrawNext('account');
        // The account is drawn anew only when no field of it has the focus; the button that sent has it.
        document.activeElement?.blur();
        return refresh();
      })
      .catch((error) => {
        status.textContent = error.message;
      });
  const invoice = el('select', {}, ...openItems.map((item, i) => el('option', { value: String(i) }, `${item.key.number} (open ${fmt.money(item.open, currency)})`)));
  const allocateAmount = el('input', { type: 'text', inputmode: 'decimal', size: 9 });
  const refundAmount = el('input', { type: 'text', inputmode: 'decimal', size: 9 });
  const reference = el('input', { type: 'text', size: 24, value: 'refund to the customer' });
  return el('fieldset', {},
    el('legend', {}, `Use the ${fmt.money(balance.credit, currency)} credit`),
    ...(openItems.length
      ? [field(`${currency} amount to allocate`, allocateAmount), field(`Invoice to allocate ${currency} credit to`, invoice),
         el('button', { type: 'button', onclick: () => send(`allocate:${currency}`, { kind: 'allocate', invoice: openItems[Number(invoice.value)].key, amount: allocateAmount.value.trim() }) }, 'Allocate'), ' ']
      : []),
    field(`${currency} amount to refund`, refundAmount), field('Refund reference', reference),
    el('button', { type: 'button', onclick: () => send(`refund:${currency}`, { kind: 'refund', amount: refundAmount.value.trim(), reference: reference.value }) }, 'Refund'));
}

function drawAccount(account) {
  const status = statusOf();
  $('#customer-account').replaceChildren(
    el('h3', {}, 'Statement of account as of ', dateOf(account.asOf)),
    account.currencies.length
      ? table('Statement of account', ['Currency', 'Open', 'Late-payment claims open', 'Credit (unapplied cash and credit notes)', 'Balance (open less credit)'], account.currencies.map((balance) =>
          el('tr', {}, el('th', { scope: 'row' }, balance.currency), ...[balance.open, balance.claimsOpen, balance.credit, balance.balance].map((amount) => amountCell(amount, balance.currency)))))
      : el('p', {}, 'Nothing on the account.'),
    el('h3', {}, 'Open items, oldest due first'),
    account.openItems.length
      ? table('Open items', ['Invoice', 'Due', 'Open', 'Claims open', 'Days overdue', 'Instalment plan'], account.openItems.map((item) =>
          el('tr', {},
            el('th', { scope: 'row' }, invoiceLink(item.key)),
            el('td', {}, dateOf(item.dueDate)),
            amountCell(item.open, item.currency),
            amountCell(item.claimsOpen, item.currency),
            el('td', { class: 'amount' }, fmt.count(item.daysOverdue)),
            el('td', {}, ...(item.plan
              ? [planSummary(item.plan, item.currency), el('ul', {}, ...item.plan.instalments.map((instalment) => el('li', {}, `${fmt.date(instalment.date)} ${fmt.money(instalment.amount, item.currency)}: ${instalment.status}`)))]
              : ['—'])))))
      : el('p', {}, 'No open items.'),
    el('h3', {}, 'Movements of principal and claims'),
    account.movements.length
      ? table('Movements', ['Date', 'Invoice', 'Movement', 'Principal', 'Balance after', 'Claims', 'Claims open after'], account.movements.map((movement) =>
          el('tr', {},
            el('th', { scope: 'row' }, dateOf(movement.date)),
            el('td', {}, invoiceLink(movement.invoice)),
            el('td', {}, movement.type.replace(/-/g, ' ')),
            el('td', { class: 'amount' }, isZeroAmount(movement.change) ? '—' : fmt.signedMoney(movement.change, movement.currency)),
            amountCell(movement.balanceAfter, movement.currency),
            el('td', { class: 'amount' }, isZeroAmount(movement.claimsChange) ? '—' : fmt.signedMoney(movement.claimsChange, movement.currency)),
            amountCell(movement.claimsOpenAfter, movement.currency))))
      : el('p', {}, 'No movements.'),
    el('h3', {}, 'Credits'),
    account.credits.length
      ? table('Credits', ['Source', 'Date', 'Reference', 'Amount'], account.credits.map((credit) =>
          el('tr', {}, el('th', { scope: 'row' }, creditSourceText(credit)), el('td', {}, dateOf(credit.date)), el('td', {}, credit.reference ?? '—'), amountCell(credit.amount, credit.currency))))
      : el('p', {}, 'No credits.'),
    ...account.currencies.filter((balance) => isPositiveAmount(balance.credit)).map((balance) =>
      // The server allocates credit only to an invoice whose principal is open: one with only claims open is not offered.
      may('use-credit') ? creditForm(account.customerId, balance, account.openItems.filter((item) => item.currency === balance.currency && isPositiveAmount(item.open)), status) : ''),
    status);
}

// The statement of account fails apart from the page: its own status line says so, the rest stays.
const accountStatus = statusLine();

export default {
  name: 'customer',
  section: '#view-customer',
  nav: 'customers',
  heading: () => 'Customer',
  what: () => 'the customer',
  allowed: () => true,
  matches: (route) => route.view === 'customers' && route.parts.length === 1,
  enter() {
    redrawNext('customer', 'claim-terms', 'account');
    if (!accountStatus.node.isConnected) $('#customer-account').before(accountStatus.node);
  },
  async draw(route, { stale }) {
    const id = idOf(route);
    const [detail, rows, account] = await Promise.all([
      api(`/api/customers/${encodeURIComponent(id)}`),
      customerInvoiceRows(id),
      api(`/api/customers/${encodeURIComponent(id)}/account`).then(
        (answer) => ({ answer }),
        (error) => ({ error }),
      ),
    ]);
    if (stale()) return;
    const { customer } = detail;
    $('#customer-title').textContent = `Customer ${customer.name}`;
    // Redrawn apart from the rest, and never under a person choosing: a refresh would undo their choice.
    const terms = $('#customer-terms');
    if (!isEditing(terms) && !isUnchanged('claim-terms', { id, party: customer.party, jurisdiction: customer.jurisdiction, creditLimit: customer.creditLimit, claims: detail.claims })) {
      terms.replaceChildren(...(may('claim-terms') ? [claimTermsForm(customer, detail.claims)] : []), ...(may('credit-limit') ? [creditLimitForm(customer)] : []));
    }
    const listed = new Map(rows.map((row) => [row.number, row]));
    if (!isUnchanged('customer', { detail, keys: [...listed].map(([number, row]) => [number, row.key]) })) {
      drawProfile(detail);
      drawBody(detail, listed);
    }
    if (account.error) return accountStatus.failed('the statement of account', account.error, () => refresh());
    accountStatus.clear();
    // A person typing in the credit forms: drawn on a later refresh.
    if (!isEditing($('#customer-account')) && !isUnchanged('account', account.answer)) drawAccount(account.answer);
  },
};
