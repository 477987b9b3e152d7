// The console's shell: signs in (api.js), shows one view at a time as the URL's hash names it, and
// keeps the view shown and the clock fresh. Each view is a module of js/views/: its section of
// index.html, its heading, and a draw() that reads the API and draws only what changed.
import { SESSION, signOut } from './js/api.js';
import { drawClock, setUpClock } from './js/clock.js';
import { $, statusLine } from './js/dom.js';
import { onRefresh } from './js/refresh.js';
import { routeOf } from './js/router.js';
import analytics from './js/views/analytics.js';
import bank from './js/views/bank.js';
import customer from './js/views/customer.js';
import customers from './js/views/customers.js';
import deliveries from './js/views/deliveries.js';
import disputes from './js/views/disputes.js';
import emails from './js/views/emails.js';
import invoice from './js/views/invoice.js';
import invoices from './js/views/invoices.js';
import overview from './js/views/overview.js';
import quarantine from './js/views/quarantine.js';
import settings from './js/views/settings.js';
import users from './js/views/users.js';
import worklist from './js/views/worklist.js';

const VIEWS = [overview, invoices, invoice, customers, customer, worklist, bank, disputes, deliveries, quarantine, analytics, settings, users, emails];
const DEFAULT_HASH = '#/overview';
/** How often the view shown and the clock are read again. */
const REFRESH_MS = 2000;

// The console's own address (no hash, or `#/`) is the overview; it stays as it is, so a bookmark of it keeps working.
const currentRoute = () => routeOf(location.hash.length > 2 ? location.hash : DEFAULT_HASH);
const matches = (view, route) => (view.matches ? view.matches(route) : route.view === view.name);
const viewOf = (route) => VIEWS.find((view) => matches(view, route) && view.allowed()) ?? null;
const headingOf = (view) => $(`${view.section} h2`);

// Each view's status line (loading, failed with a retry), right under its heading.
const statusOf = new Map(VIEWS.map((view) => [view, statusLine()]));
for (const [view, status] of statusOf) headingOf(view).after(status.node);
const notFound = statusLine({ role: 'alert' });
$('#view-not-found h2').after(notFound.node);

let shown = null;
let navigation = 0;
let drawing = null;

/** Draws the view shown: its status says loading the first time, and what failed (with a retry) when the API fails. */
function drawShown({ entering = false } = {}) {
  if (!shown) return Promise.resolve();
  // A view may have put its own query in the address (the list's filters): draw what it says now.
  const now = currentRoute();
  if (viewOf(now) === shown.view) shown.route = now;
  const { view, route } = shown;
  const status = statusOf.get(view);
  const at = navigation;
  const draw = (drawing = {});
  const stale = () => at !== navigation || draw !== drawing;
  if (entering) status.loading(view.what(route));
  return view
    .draw(route, { stale, redraw: () => drawShown() })
    .then(() => {
      if (stale()) return;
      status.clear();
      // The heading may name what was loaded (a customer's name): the tab's title follows it.
      document.title = `${headingOf(view).textContent} · credit-control`;
    })
    .catch((error) => {
      if (!stale()) status.failed(view.what(route), error, () => drawShown({ entering: true }));
    });
}

/** Shows the view the hash names, hides the others, marks its link in the navigation and moves the focus to its heading. */
function navigate({ focus = true } = {}) {
  if (location.hash !== '' && !location.hash.startsWith('#/')) return;
  const route = currentRoute();
  const view = viewOf(route);
  navigation += 1;
  for (const other of VIEWS) $(other.section).hidden = other !== view;
  $('#view-not-found').hidden = view !== null;
  const section = view ? (view.nav ?? view.name) : null;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.view === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const heading = view ? headingOf(view) : $('#view-not-found h2');
  if (view) heading.textContent = view.heading(route);
  else notFound.show(`Nothing is at ${location.hash} for you here: choose a section above.`);
  document.title = `${heading.textContent} · credit-control`;
  if (focus) heading.focus();
  shown = view ? { view, route } : null;
  view?.enter?.(route);
  return drawShown({ entering: true });
}

const refreshNow = () => Promise.all([drawClock().catch(() => undefined), drawShown()]);
onRefresh(refreshNow);

$('#who').textContent = `${SESSION.user} (${SESSION.role})`;
$('#sign-out').addEventListener('click', signOut);
// The skip link moves the focus to the view without changing the address.
$('#skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  (shown ? headingOf(shown.view) : $('#main')).focus();
});
for (const link of document.querySelectorAll('#nav a')) {
  const view = VIEWS.find((candidate) => candidate.name === link.dataset.view);
  link.parentElement.hidden = !view?.allowed();
}
setUpClock();
addEventListener('hashchange', () => navigate());
// A page opened at an address shows it without taking the focus from where the browser put it.
await Promise.all([drawClock().catch(() => undefined), navigate({ focus: false })]);

// A poll waits for the one before it: on a slow answer the page never stacks requests.
let polling = false;
setInterval(() => {
  if (polling) return;
  polling = true;
  refreshNow().finally(() => {
    polling = false;
  });
}, REFRESH_MS);
