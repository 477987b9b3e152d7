// Pieces more than one view draws: links to an invoice or a customer, amounts, dates, the next
// step in words, an instalment plan.
import { el, table, time } from './dom.js';
import { fmt } from './locale.js';
import { customerHref, invoiceHref } from './router.js';

export const invoiceLink = (key, text = key.number) => el('a', { href: invoiceHref(key) }, text);
export const customerLink = (id, name) => el('a', { href: customerHref(id) }, name ?? id);

/** A calendar date as a `<time>`: the reader's format, the ISO date for machines. */
export const dateOf = (isoDate) => (isoDate ? time(isoDate, fmt.date(isoDate)) : '—');
/** An instant as a `<time>`, in the reader's time zone. */
export const instantOf = (iso) => (iso ? time(iso, fmt.instant(iso)) : '—');
/** A table cell with an amount, its digits lined up. */
export const amountCell = (amount, currency) => el('td', { class: 'amount' }, fmt.money(amount, currency));

/** A policy step's kind in words. */
const STEP_KINDS = { email: 'e-mail', 'call-task': 'call', 'agency-handover': 'agency handover', 'legal-flag': 'legal flag' };

/** What comes next for an invoice, by name: `reminder-2 (e-mail) on 12 Mar 2026`; '—' when it waits for a person or has ended. */
export const nextStepText = (next) => (next ? `${next.id} (${STEP_KINDS[next.kind] ?? next.kind}) on ${fmt.date(next.on)}` : '—');

/** How overdue an invoice is, by its days past due. */
export const overdueText = (row) => (row.daysOverdue > 0 ? `${fmt.days(row.daysOverdue)} overdue` : 'not overdue');

// How a plan stands, in words: the server's state, never worked out here.
const planStateText = (plan) => {
  if (plan.state === 'running') return 'running';
  if (plan.state === 'ended') return `ended on ${fmt.date(plan.on)} (${plan.by.replace(/-/g, ' ')})`;
  return `${plan.state} on ${fmt.date(plan.on)}`;
};
export const planSummary = (plan, currency) =>
  `Plan of ${fmt.date(plan.date)}, ${planStateText(plan)}: paid since ${fmt.money(plan.paidSince, currency)}, left ${fmt.money(plan.left, currency)}.`;
/** An instalment plan: its summary, and each instalment with its running total and status (in words: the colour is not the only sign). */
export const planTable = (plan, currency, caption) =>
  el('div', { class: 'plan' },
    el('p', {}, planSummary(plan, currency)),
    table(caption, ['Instalment', 'Amount', 'Running total', 'Status'], plan.instalments.map((instalment) =>
      el('tr', { class: `instalment-${instalment.status}` },
        el('th', { scope: 'row' }, dateOf(instalment.date)),
        amountCell(instalment.amount, currency),
        amountCell(instalment.runningTotal, currency),
        el('td', {}, instalment.status)))));
