// #/quarantine: the files intake could not take, each with its reason; a credit manager puts one
// back into intake once its cause is dealt with.
import { api, may } from '../api.js';
import { $, el, keyedRows } from '../dom.js';
import { instantOf } from '../parts.js';
import { refresh } from '../refresh.js';

function fileRow(file) {
  const status = el('p', { class: 'line-status', role: 'status', 'aria-live': 'polite' });
  const release = () =>
    api(`/api/quarantine/${encodeURIComponent(file.fileId)}/release`, {})
      .then(() => refresh())
      .catch((error) => {
        status.textContent = error.message;
      });
  const action = file.released
    ? ['put back by ', file.released.by, ' at ', instantOf(file.released.at)]
    : may('release-file') ? [el('button', { type: 'button', 'aria-label': `Put ${file.sourceKey} back`, onclick: release }, 'Put back into intake')] : ['—'];
  return el('tr', {}, el('th', { scope: 'row' }, file.sourceKey), el('td', {}, file.message), el('td', {}, instantOf(file.receivedAt)), el('td', {}, ...action, status));
}

export default {
  name: 'quarantine',
  section: '#view-quarantine',
  heading: () => 'Quarantined files',
  what: () => 'the quarantined files',
  allowed: () => true,
  async draw(_route, { stale }) {
    const files = await api('/api/quarantine');
    if (stale()) return;
    $('#quarantine-empty').hidden = files.length > 0;
    $('#quarantine').hidden = files.length === 0;
    keyedRows($('#quarantine tbody'), files, (file) => `${file.fileId} ${file.receivedAt}`, fileRow);
  },
};
