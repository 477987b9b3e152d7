// Sign-in through the user pool's hosted UI (authorization code with PKCE, no client secret):
// the page keeps the ID token for the life of the tab only, and sends it as a bearer token.
const store = sessionStorage;
const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomText = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
const claimsOf = (jwt) => JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
// A token with less than a minute left is as good as expired: the next call would be refused.
const isFresh = (jwt) => claimsOf(jwt).exp * 1000 > Date.now() + 60_000;

/** Leaves for the hosted UI, which comes back to the console with a code for this tab's verifier (and to the view the address named). */
export async function signInRedirect(config) {
  const verifier = randomText();
  const state = randomText();
  // The hosted UI returns to the console's root: the view asked for (a shared link) is kept here.
  store.setItem('pkce', JSON.stringify({ verifier, state, hash: location.hash }));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL('/oauth2/authorize', config.domain);
  url.search = new URLSearchParams({ response_type: 'code', client_id: config.clientId, redirect_uri: config.redirectUri, scope: 'openid email', state, code_challenge_method: 'S256', code_challenge: challenge });
  location.assign(url);
  return new Promise(() => undefined);
}

/**
 * This tab's ID token: exchanged for the code the hosted UI came back with, or kept from before;
 * null when there is none still fresh (or the code is not this tab's). A refused exchange throws.
 */
export async function cognitoToken(config) {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (code) {
    const pkce = JSON.parse(store.getItem('pkce') ?? 'null');
    store.removeItem('pkce');
    if (!pkce || pkce.state !== params.get('state')) {
      history.replaceState(null, '', location.pathname);
      return null;
    }
    history.replaceState(null, '', `${location.pathname}${pkce.hash ?? ''}`);
    const response = await fetch(new URL('/oauth2/token', config.domain), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: config.redirectUri, code_verifier: pkce.verifier }),
    });
    if (!response.ok) throw new Error(`the user pool did not take the sign-in (${response.status}): reload to sign in again`);
    store.setItem('idToken', (await response.json()).id_token);
  }
  const token = store.getItem('idToken');
  return token && isFresh(token) ? token : null;
}

/** Forgets the token and ends the hosted UI's session too, which then sends the browser back to the console. */
export function cognitoSignOut(config) {
  store.removeItem('idToken');
  const url = new URL('/logout', config.domain);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri });
  location.assign(url);
}
