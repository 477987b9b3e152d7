// #/quarantine?state=…: the files intake could not take, each with its reason and its original as
// it came in; a credit manager puts one back into intake once its cause is dealt with, or sets it
// aside saying why. Who did either, and when, stays on the file.
import { api, downloadLink, may } from '../api.js';
import { $, confirmInPage, el, field, keyedRows } from '../dom.js';
import { addressQuery, apiPath, pager } from '../list.js';
import { instantOf } from '../parts.js';
import { refresh } from '../refresh.js';

const address = addressQuery('quarantine', { state: 'open', offset: '0' });
const pages = pager(address, 'the quarantined files');
const EMPTY = {
  open: 'No file waits in quarantine: intake took every file it received, or a person dealt with it.',
  released: 'No file has been put back into intake.',
  discarded: 'No file has been set aside.',
  all: 'No file in quarantine: intake took every file it received.',
};

const fileName = (sourceKey) => sourceKey.slice(sourceKey.lastIndexOf('/') + 1);
const urlOf = (file, what) => `/api/quarantine/${encodeURIComponent(file.fileId)}/${what}`;

/** Where a file stands, with who decided and when. */
const standing = (file) => {
  if (file.released) return ['put back into intake by ', file.released.by, ', ', instantOf(file.released.at)];
  if (file.discarded) return ['set aside by ', file.discarded.by, ', ', instantOf(file.discarded.at), `: ${file.discarded.reason}`];
  return ['waiting for a person'];
};

function decided(file, answer) {
  // The row is drawn anew only when none of it has the focus; the button that sent has it.
  document.activeElement?.blur();
  $('#quarantine-decided-section').hidden = false;
  $('#quarantine-decided').append(el('li', {}, `${fileName(file.sourceKey)}: `, ...standing(answer)));
  return refresh();
}

function decideControls(file, status) {
  const name = fileName(file.sourceKey);
  const send = (what, body) =>
    api(urlOf(file, what), body)
      .then((answer) => decided(file, answer))
      .catch((error) => {
        status.textContent = error.message;
      });
  const controls = [];
  if (may('release-file')) controls.push(el('button', { type: 'button', 'aria-label': `Put ${name} back into intake`, onclick: () => send('release', {}) }, 'Put back into intake'));
  if (may('discard-file')) {
    const reason = el('input', { type: 'text', size: 28, maxlength: 500, autocomplete: 'off' });
    const setAside = async () => {
      const why = reason.value.trim();
      if (!why) {
        status.textContent = 'Say why the file is set aside.';
        reason.focus();
        return;
      }
      const sure = await confirmInPage({ title: `Set ${name} aside?`, text: `${name} leaves the quarantine, set aside by you because: ${why}. Its original stays kept.`, action: 'Set aside' });
      if (sure) await send('discard', { reason: why });
    };
    controls.push(el('div', {}, field(`Why set ${name} aside`, reason), el('button', { type: 'button', onclick: setAside }, 'Set aside')));
  }
  return controls.length ? controls : ['—'];
}

function fileRow(file) {
  const status = el('p', { class: 'line-status', role: 'status', 'aria-live': 'polite' });
  const waiting = file.state === 'open';
  return el('tr', {},
    el('th', { scope: 'row' }, fileName(file.sourceKey), el('div', {}, downloadLink(urlOf(file, 'original'), fileName(file.sourceKey), 'original', status))),
    el('td', {}, file.message),
    el('td', {}, instantOf(file.receivedAt)),
    el('td', {}, ...standing(file)),
    el('td', {}, ...(waiting ? decideControls(file, status) : ['—']), status));
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('#quarantine').after(pages.node);
  $('#quarantine-state').addEventListener('change', (event) => address.change({ state: event.target.value, offset: '0' }));
}

export default {
  name: 'quarantine',
  section: '#view-quarantine',
  heading: () => 'Quarantined files',
  what: () => 'the quarantined files',
  allowed: () => true,
  async draw(route, { stale, redraw }) {
    wire();
    address.onChange(redraw);
    const query = address.of(route);
    const page = await api(apiPath('/api/quarantine', query, ['state'], pages.offsetOf(query)));
    if (stale()) return;
    const select = $('#quarantine-state');
    if (document.activeElement !== select) select.value = query.state;
    pages.draw(page);
    $('#quarantine-empty').textContent = EMPTY[query.state];
    $('#quarantine-empty').hidden = page.total > 0;
    $('#quarantine').hidden = page.total === 0;
    keyedRows($('#quarantine tbody'), page.rows, (file) => `${file.fileId} ${file.quarantinedAt}`, fileRow);
  },
};
