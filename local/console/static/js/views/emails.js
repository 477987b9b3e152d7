// #/emails (npm start only: the SES twin's mailbox): every e-mail sent, newest first, a page at a
// time, each dated and shown as the customer sees it in a sandboxed frame. Items are kept per
// message: a refresh adds the new ones before them and never moves or redraws a frame.
import { api, may } from '../api.js';
import { $, el } from '../dom.js';
import { fmt } from '../locale.js';
import { instantOf } from '../parts.js';

const EMAILS_PER_PAGE = 10;
const items = new Map();
let page = 0;

const sentAt = (email) => new Date(email.at * 1000).toISOString();

const itemOf = (email) =>
  el('li', { 'data-message': email.messageId },
    el('p', {}, instantOf(sentAt(email)), ` to ${email.destination.to.join(', ')}: `, el('strong', {}, email.subject)),
    el('iframe', { class: 'email', sandbox: '', title: `E-mail: ${email.subject}`, srcdoc: email.body.html ?? email.body.text ?? '' }));

/** Shows exactly these e-mails in this order, keeping the items already shown (the newest come first, so none moves). */
function showItems(emails) {
  const list = $('#emails');
  const wanted = new Set(emails.map((email) => email.messageId));
  for (const [id, item] of items) {
    if (wanted.has(id)) continue;
    item.remove();
    items.delete(id);
  }
  emails.forEach((email, i) => {
    if (!items.has(email.messageId)) {
      const item = itemOf(email);
      items.set(email.messageId, item);
      list.insertBefore(item, list.children[i] ?? null);
    }
  });
}

let wired = false;
function wire(redraw) {
  if (wired) return;
  wired = true;
  $('#emails-newer').addEventListener('click', () => {
    page = Math.max(0, page - 1);
    redraw();
  });
  $('#emails-older').addEventListener('click', () => {
    page += 1;
    redraw();
  });
}

export default {
  name: 'emails',
  section: '#view-emails',
  heading: () => 'E-mails sent',
  what: () => 'the e-mails',
  allowed: () => may('emails'),
  async draw(_route, { stale, redraw }) {
    wire(redraw);
    const emails = await api('/api/emails');
    if (stale()) return;
    const newestFirst = emails.toReversed();
    const pages = Math.max(1, Math.ceil(newestFirst.length / EMAILS_PER_PAGE));
    page = Math.min(page, pages - 1);
    const shown = newestFirst.slice(page * EMAILS_PER_PAGE, (page + 1) * EMAILS_PER_PAGE);
    showItems(shown);
    $('#emails-empty').hidden = emails.length > 0;
    $('#emails-count').textContent = emails.length === 0 ? '' : `E-mails ${fmt.count(page * EMAILS_PER_PAGE + 1)} to ${fmt.count(page * EMAILS_PER_PAGE + shown.length)} of ${fmt.count(emails.length)}, newest first`;
    $('#emails-newer').disabled = page === 0;
    $('#emails-older').disabled = page >= pages - 1;
  },
};
