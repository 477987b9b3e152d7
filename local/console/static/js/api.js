// Sign-in and the console's JSON API: who is signed in, what their role lets the page show, and
// one way to read and to change.
import { cognitoSignOut, cognitoToken, signInRedirect } from '../cognito.js';
import { $, el } from './dom.js';

/** A refusal or failure of the API, with the server's own words and its status (0: no answer at all). */
export class ApiError extends Error {
  name = 'ApiError';
  constructor(message, status, path) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

// How people sign in here: as a dev user of npm start (a session cookie), or through the user pool's hosted UI in AWS (a bearer token).
const SIGN_IN = await (await fetch('/sign-in.json')).json();
const stopWith = (message) => {
  $('main').replaceChildren(el('p', { class: 'error', role: 'alert' }, message));
  return new Promise(() => undefined);
};
const bearer = SIGN_IN.kind === 'cognito' ? await cognitoToken(SIGN_IN).catch((error) => stopWith(error.message)) : null;
const toSignIn = () => {
  if (SIGN_IN.kind === 'cognito') return signInRedirect(SIGN_IN);
  location.assign(SIGN_IN.page);
  return new Promise(() => undefined);
};
if (SIGN_IN.kind === 'cognito' && !bearer) await toSignIn();
const authorization = bearer ? { authorization: `Bearer ${bearer}` } : {};
// Locally a change carries the session's CSRF token in a header: another site can neither read nor send it.
let csrf = {};

const answerOf = async (response, path) => {
  const data = await response.json().catch(() => null);
  if (response.ok && data !== null) return data;
  throw new ApiError(data?.message ?? `the console answered ${response.status} ${response.statusText}`, response.status, path);
};

/** Reads (no body) or changes (a JSON body, POST) through the API; a refusal throws an {@link ApiError} with the server's message. */
export async function api(path, body) {
  const change = { method: 'POST', headers: { ...authorization, ...csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) };
  let response;
  try {
    response = await fetch(path, body ? change : { headers: authorization });
  } catch (error) {
    throw new ApiError(`the console did not answer (${error.message})`, 0, path);
  }
  if (response.status === 401) await toSignIn();
  return answerOf(response, path);
}

// Who is signed in and what their role lets them do: the page shows only that, and the server refuses the rest whatever is sent.
export const SESSION = await api('/api/session').catch((error) => stopWith(`Signed in, but the console refuses: ${error.message}`));
if (SESSION.csrfToken) csrf = { 'x-csrf-token': SESSION.csrfToken };
/** Whether a route of that name is served here and the role may call it. */
export const may = (name) => SESSION.may.includes(name);
/** Whether the role may record an event of that type. */
export const mayRecord = (type) => SESSION.events.includes(type);

export async function signOut() {
  if (SIGN_IN.kind === 'cognito') return cognitoSignOut(SIGN_IN);
  await api('/api/sign-out', {});
  location.assign(SIGN_IN.page);
}

/**
 * A link to download a stored file (an invoice's original, a quarantined file). Locally the
 * session cookie goes with a plain link; in AWS the download needs the bearer token, so the page
 * fetches it; a refusal is shown in `status`.
 */
export const downloadLink = (href, fileName, text, status) => {
  // The server answers a download as an attachment: a plain link saves it, never shows it in the page.
  if (!bearer) return el('a', { href }, text);
  return el('a', { href, onclick: async (event) => {
    event.preventDefault();
    const response = await fetch(href, { headers: authorization });
    if (!response.ok) {
      status.textContent = (await answerOf(response, href).catch((error) => error)).message;
      return;
    }
    const link = el('a', { href: URL.createObjectURL(await response.blob()), download: fileName });
    link.click();
    URL.revokeObjectURL(link.href);
  } }, text);
};

/** A link to download an invoice's original, named by its key in the bucket. */
export const originalLink = (key, archiveKey, status) =>
  downloadLink(`/api/original/${encodeURIComponent(key.sellerKey)}/${encodeURIComponent(key.number)}`, archiveKey.slice(archiveKey.lastIndexOf('/') + 1), archiveKey, status);
