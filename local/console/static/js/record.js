// Recording what a person learnt (a payment, a promise, a dispute…) through POST /api/events, and
// the confirmation a payment asks for before it is sent.
import { api } from './api.js';
import { confirmInPage } from './dom.js';
import { fmt } from './locale.js';
import { isPositiveAmount } from './format.js';

/** Records an event on an invoice; the server's refusal throws with its message. */
export const recordEvent = (key, event) => api('/api/events', { invoice: key, ...event });

/**
 * Asks in the page before a payment is sent: what was typed, against which invoice, and what is
 * open on it. Resolves true to record it.
 */
export const confirmPayment = ({ number, customer, currency, amount, openAmount, claimsOpen }) => {
  const claims = isPositiveAmount(claimsOpen) ? `, and ${fmt.money(claimsOpen, currency)} of late-payment claims` : '';
  return confirmInPage({
    title: 'Record this payment?',
    text: `Record a payment of ${fmt.money(amount, currency)} on invoice ${number}${customer ? ` of ${customer}` : ''}? It has ${fmt.money(openAmount, currency)} open${claims}.`,
    action: 'Record payment',
  });
};

/**
 * Why a customer disputes an invoice: the codes the server takes (DISPUTE_REASONS of
 * functions/domain/policy/types.ts, refused with the list if one is unknown there), in words.
 */
export const DISPUTE_REASONS = [
  ['pricing', 'pricing'],
  ['quantity', 'quantity'],
  ['quality', 'quality'],
  ['not-received', 'not received'],
  ['duplicate', 'billed twice'],
  ['terms', 'payment terms'],
  ['other', 'other'],
];
