import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { chromium, type Browser } from 'playwright-core';
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

/** A change as the console's own page sends it: from its origin, with the session token the page was given. */
export async function changeAsPage(consoleUrl: string, path: string, body: unknown): Promise<Response> {
  const page = await (await fetch(consoleUrl)).text();
  const token = /name="session-token" content="([^"]+)"/.exec(page)?.[1] ?? '';
  return fetch(new URL(path, consoleUrl), {
    method: 'POST',
    headers: { origin: new URL(consoleUrl).origin, 'content-type': 'application/json', 'x-csrf-token': token },
    body: JSON.stringify(body),
  });
}
