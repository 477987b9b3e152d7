import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHost } from './host-process';

/** Chromium as the e2e tests run it: Debian's build, headless, nothing reaching out on its own. */
export const launchChromium = (extraArgs: readonly string[] = []): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Playwright gives each launch a new, empty profile (user data dir) of its own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });

/** `creditctl start` as a user runs it, in a data folder of its own. */
export interface ConsoleHost {
  /** The console's address as the host printed it, ending in `/`. */
  readonly url: string;
  readonly dataDir: string;
  /** Everything the host printed so far. */
  output(): string;
  /** Resolves once the output matches; fails with the output after `limitMs`. */
  waitFor(pattern: RegExp, limitMs?: number): Promise<void>;
  /** Ctrl-C, then the data folder goes. */
  stop(): Promise<void>;
}

/** Starts the host with the given `creditctl start` options and waits until its console is up. */
export async function startConsoleHost(options: readonly string[]): Promise<ConsoleHost> {
  const dataDir = await mkdtemp(`${tmpdir()}/credit-control-console-`);
  const host = startHost(['--data-dir', dataDir, '--port', '0', ...options]);
  const stop = async () => {
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const [, url] = await host.waitFor(/console +(http:\/\/127\.0\.0\.1:\d+\/)/);
    return { url: url!, dataDir, output: host.output, waitFor: async (pattern, limitMs) => void (await host.waitFor(pattern, limitMs)), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A signed-in page of the local console: its session cookie and the CSRF token its changes carry. */
export interface PageSession {
  readonly cookie: string;
  readonly csrfToken: string;
}

/** Signs in as a dev user the way the sign-in page does (from the console's own origin), as `admin@local` unless told. */
export async function signIn(consoleUrl: string, user = 'admin@local'): Promise<PageSession> {
  const signedIn = await fetch(new URL('api/sign-in', consoleUrl), {
    method: 'POST',
    headers: { origin: new URL(consoleUrl).origin, 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  if (!signedIn.ok) throw new Error(`sign-in as ${user} refused (${signedIn.status}): ${await signedIn.text()}`);
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const session = (await (await fetch(new URL('api/session', consoleUrl), { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, csrfToken: session.csrfToken };
}

/** A read as a signed-in page makes it. */
export const readAsPage = (consoleUrl: string, path: string, session: PageSession): Promise<Response> => fetch(new URL(path, consoleUrl), { headers: { cookie: session.cookie } });

/** A change as the console's own page sends it: from its origin, with the session's cookie and CSRF token (an admin's unless given). */
export async function changeAsPage(consoleUrl: string, path: string, body: unknown, session?: PageSession): Promise<Response> {
  const { cookie, csrfToken } = session ?? (await signIn(consoleUrl));
  return fetch(new URL(path, consoleUrl), {
    method: 'POST',
    headers: { origin: new URL(consoleUrl).origin, 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
    body: JSON.stringify(body),
  });
}

/** Signs a browser page in through the sign-in page, as a person would, and waits for the console to show who is signed in. */
export async function signInPage(page: Page, consoleUrl: string, user = 'admin@local'): Promise<void> {
  await page.goto(new URL('sign-in.html', consoleUrl).href);
  await page.getByRole('button', { name: `Sign in as ${user}` }).click();
  await page.waitForURL(consoleUrl);
  await page.locator('#who', { hasText: user }).waitFor({ timeout: 60_000 });
}
