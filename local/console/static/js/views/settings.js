// #/settings: the settings in force; an admin publishes a new version (segments and policies, as
// `creditctl settings publish` takes them).
import { api, may } from '../api.js';
import { $, isEditing, isUnchanged, redrawNext } from '../dom.js';
import { instantOf } from '../parts.js';
import { refresh } from '../refresh.js';

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
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
        redrawNext('settings');
        document.activeElement?.blur();
        return refresh();
      })
      .catch((error) => {
        $('#settings-error').textContent = error.message;
      });
  });
}

export default {
  name: 'settings',
  section: '#view-settings',
  heading: () => 'Settings',
  what: () => 'the settings',
  allowed: () => true,
  async draw(_route, { stale }) {
    wire();
    $('#settings-form').hidden = !may('publish-settings');
    const settings = await api('/api/settings');
    if (stale() || isUnchanged('settings', settings)) return;
    $('#settings-version').replaceChildren(
      `Version ${settings.version}, published `, instantOf(settings.publishedAt), settings.publishedBy ? ` by ${settings.publishedBy}` : '',
      `: ${settings.segments.map((rule) => `${rule.segment} → ${rule.policy}`).join(', ')}.`);
    if (!isEditing($('#settings-form'))) {
      $('#settings-document').value = JSON.stringify({ segments: settings.segments, policies: Object.fromEntries(Object.entries(settings.policies).map(([name, version]) => [name, version.policy])) }, null, 2);
    }
  },
};
