// #/deliveries?state=…&customer=…: every reminder e-mail's delivery, the newest first, in words:
// sent, delivered, bounced, marked as spam, unconfirmed, or not sent for want of an address, each
// with what SES reported of it and a link to its invoice.
import { api } from '../api.js';
import { $, el, isEditing, keyedRows } from '../dom.js';
import { addressQuery, apiPath, pager, setOptions } from '../list.js';
import { fmt } from '../locale.js';
import { dateOf, instantOf, invoiceLink } from '../parts.js';

const address = addressQuery('deliveries', { state: '', customer: '', offset: '0' });
const pages = pager(address, 'the deliveries');

/** The delivery states the server records (DELIVERY_STATES of functions/domain/deliveries), in words. */
const STATES = {
  sent: 'sent: SES took it, no report yet',
  'soft-bounced': 'bounced for now: SES tries again',
  delivered: 'delivered',
  bounced: 'bounced: the address is undeliverable',
  complained: 'marked as spam by the recipient',
  unconfirmed: "unconfirmed: SES's answer was lost, so it is not sent again",
  'no-address': 'not sent: no address to send to',
};
/** Delivery states a person should act on: the row says so beside the words. */
const TROUBLE = new Set(['bounced', 'complained', 'unconfirmed', 'no-address']);

const eventText = (event) => {
  if (event.kind === 'delivered') return 'delivered';
  if (event.kind === 'bounced') return `bounced (${event.bounceType}) for ${event.recipients.join(', ')}: ${event.detail}`;
  return `complaint from ${event.recipients.join(', ')}: ${event.detail}`;
};

function deliveryRow(delivery) {
  return el('tr', { class: TROUBLE.has(delivery.state) ? 'trouble' : '' },
    el('th', { scope: 'row' }, invoiceLink(delivery.invoiceKey, delivery.number)),
    el('td', {}, delivery.customer ?? delivery.customerId),
    el('td', {}, `${delivery.stepId} of `, dateOf(delivery.on), delivery.occurrence ? ` (again under the policy of ${fmt.date(delivery.occurrence)})` : ''),
    el('td', {}, delivery.address ?? '—'),
    el('td', {}, STATES[delivery.state] ?? delivery.state, delivery.reason ? el('div', {}, delivery.reason) : ''),
    el('td', {}, delivery.events.length ? el('ul', {}, ...delivery.events.map((event) => el('li', {}, instantOf(event.at), ` ${eventText(event)}`))) : '—'),
    el('td', {}, instantOf(delivery.updatedAt)));
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('#deliveries').after(pages.node);
  setOptions($('#delivery-state'), Object.keys(STATES), '', (state) => state.replace('-', ' '));
  const changed = () => address.change({ state: $('#delivery-state').value, customer: $('#delivery-customer').value, offset: '0' });
  $('#delivery-state').addEventListener('change', changed);
  $('#delivery-customer').addEventListener('input', changed);
}

export default {
  name: 'deliveries',
  section: '#view-deliveries',
  heading: () => 'Reminder deliveries',
  what: () => 'the deliveries',
  allowed: () => true,
  async draw(route, { stale, redraw }) {
    wire();
    address.onChange(redraw);
    const query = address.of(route);
    const page = await api(apiPath('/api/deliveries', query, ['state', 'customer'], pages.offsetOf(query)));
    if (stale()) return;
    if (!isEditing($('#delivery-filters'))) {
      $('#delivery-state').value = query.state;
      $('#delivery-customer').value = query.customer;
    }
    pages.draw(page);
    $('#deliveries-empty').hidden = page.total > 0;
    $('#deliveries').hidden = page.total === 0;
    keyedRows($('#deliveries tbody'), page.rows, (delivery) => JSON.stringify([delivery.invoiceKey, delivery.stepId, delivery.occurrence ?? null]), deliveryRow);
  },
};
