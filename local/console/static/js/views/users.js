// #/users (an admin's): who may sign in and in which role; an admin puts a user in another role,
// confirmed in the page first, and the recent changes say who made each. The server keeps an
// admin from taking away their own admin role and says so.
import { api, may } from '../api.js';
import { $, confirmInPage, el, field, keyedRows } from '../dom.js';
import { addressQuery, apiPath, pager } from '../list.js';
import { instantOf } from '../parts.js';
import { refresh } from '../refresh.js';

const address = addressQuery('users', { offset: '0' });
const pages = pager(address, 'the users');

/** The roles (ROLES of functions/console-api/roles.ts), the least trusted first, with what each may do. */
const ROLES = [
  ['viewer', 'reads everything'],
  ['collector', 'also works the worklist: calls, promises, payments, plans'],
  ['credit-manager', 'also disputes, limits, waivers, credit, quarantine, the bank queue'],
  ['admin', 'also users, settings and the clock'],
];

function userRow(user) {
  const status = el('p', { class: 'line-status', role: 'status', 'aria-live': 'polite' });
  const role = el('select', {}, ...ROLES.map(([name]) => el('option', { value: name, selected: name === user.role }, name)));
  const change = async () => {
    const [, what] = ROLES.find(([name]) => name === role.value);
    const sure = await confirmInPage({
      title: `Make ${user.name} ${role.value}?`,
      text: `${user.name} goes from ${user.role ?? 'no role'} to ${role.value} (${what}), from their next request here, in AWS from their next sign-in. The change is kept with your name.`,
      action: 'Change role',
    });
    if (!sure) return;
    api(`/api/users/${encodeURIComponent(user.name)}/role`, { role: role.value })
      .then(() => {
        status.textContent = '';
        // The row is drawn anew only when none of it has the focus; the button that sent has it.
        document.activeElement?.blur();
        return refresh();
      })
      .catch((error) => {
        status.textContent = error.message;
      });
  };
  return el('tr', {},
    el('th', { scope: 'row' }, user.name),
    el('td', {}, user.role ?? 'no role: the console refuses them'),
    el('td', {}, user.enabled ? 'yes' : 'no: disabled'),
    el('td', {}, field(`Role for ${user.name}`, role), ' ', el('button', { type: 'button', 'aria-label': `Change the role of ${user.name}`, onclick: change }, 'Change role'), status));
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('#users').after(pages.node);
}

export default {
  name: 'users',
  section: '#view-users',
  heading: () => 'Users and roles',
  what: () => 'the users',
  allowed: () => may('users'),
  async draw(route, { stale, redraw }) {
    wire();
    address.onChange(redraw);
    const query = address.of(route);
    const page = await api(apiPath('/api/users', query, [], pages.offsetOf(query)));
    if (stale()) return;
    pages.draw(page);
    keyedRows($('#users tbody'), page.rows, (user) => user.name, userRow);
    $('#role-changes-empty').hidden = page.changes.length > 0;
    keyedRows($('#role-changes'), page.changes, (change) => change.id, (change) => el('li', {}, instantOf(change.at), ` by ${change.by}: ${change.detail}`));
  },
};
