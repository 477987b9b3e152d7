import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { LocalConsoleBackend } from '../../functions/console-api/backend';
import { downloadHeaders, RequestRefusedError, SECURITY_HEADERS } from '../../functions/console-api/http';
import { answer, API_ROUTES, type Reply } from '../../functions/console-api/routes';
import { realTimers } from '../real-timers';
import type { SystemHost } from '../system-host';
import { localConsoleBackend } from './backend';
import { checkHost, checkSameOrigin, checkSameOriginChange, ownHosts, readJsonBody } from './guard';
import { CLEARED_COOKIE, DEV_USERS, sessionCookie, Sessions, type Session } from './sessions';
import { LocalUserDirectory } from './users';

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
/**
 * The page's files, every file of static/ and its folders (the views are modules in js/) by its
 * path, of a type it names: a path is looked up in this map, never joined onto a folder, so no
 * request reaches a file outside it. Listed once at start, as a deployment uploads them.
 */
const STATIC = new Map<string, readonly [string, string]>([
  ['/', [join(STATIC_DIR, 'index.html'), CONTENT_TYPES['.html']!]],
  ...readdirSync(STATIC_DIR, { recursive: true, encoding: 'utf8' }).flatMap((file): [string, readonly [string, string]][] => {
    const type = CONTENT_TYPES[extname(file)];
    return type ? [[`/${file.split(sep).join('/')}`, [join(STATIC_DIR, file), type]]] : [];
  }),
  // Chart.js, as npm installed it: the console has no build step.
  ['/vendor/chart.umd.js', [fileURLToPath(new URL('./chart.umd.js', import.meta.resolve('chart.js'))), CONTENT_TYPES['.js']!]],
]);
/**
 * How the page signs in here (the page reads it before anything else; in AWS the same file,
 * deployed beside it, names the user pool's hosted UI): locally, as one of the dev users, in their
 * roles of the moment.
 */
const signInOf = (users: LocalUserDirectory) => ({ kind: 'local', page: SIGN_IN_PAGE, users: users.users() }) as const;
const SIGN_IN_PAGE = '/sign-in.html';
const SignInRequest = z.strictObject({ user: z.string().max(100) });

/** How long a request in progress may go on after close() before its connection is cut. */
export const SHUTDOWN_GRACE_MS = 2_000;

export interface ConsoleServer {
  readonly url: string;
  /** Stops at once for idle connections, and within {@link SHUTDOWN_GRACE_MS} whatever clients do. */
  close(): Promise<void>;
}

interface Context {
  readonly backend: LocalConsoleBackend;
  readonly users: LocalUserDirectory;
  hosts: ReadonlySet<string>;
  readonly sessions: Sessions;
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

const sendJson = (response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void => {
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const writeReply = (response: ServerResponse, reply: Reply): void => {
  if (reply.kind === 'json') return sendJson(response, reply.status, reply.body);
  response.writeHead(200, downloadHeaders(reply.fileName));
  response.end(reply.content);
};

async function sendStatic(response: ServerResponse, [file, type]: readonly [string, string]): Promise<void> {
  const content = await readFile(file);
  response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type });
  response.end(content);
}

const pathOf = (request: IncomingMessage, host: string): URL => {
  try {
    return new URL(request.url ?? '/', `http://${host}`);
  } catch (err) {
    throw new RequestRefusedError(400, 'not a valid request path', { cause: err });
  }
};

const onlyMethod = (request: IncomingMessage, path: string, method: 'GET' | 'POST'): void => {
  if (request.method !== method) throw new RequestRefusedError(405, `${path} takes ${method}, not ${request.method}`, { headers: { allow: method } });
};

/** Signs the page in as the dev user it names: from the console's own page only, so another site cannot sign a browser in as someone. */
async function signIn(context: Context, request: IncomingMessage, response: ServerResponse, host: string): Promise<void> {
  checkSameOrigin(request.headers, host);
  const sent = SignInRequest.safeParse(await readJsonBody(request));
  const user = sent.success ? context.users.user(sent.data.user) : undefined;
  if (!user) throw new RequestRefusedError(400, `sign in as one of ${DEV_USERS.map((known) => known.name).join(', ')}`);
  const session = context.sessions.open(user);
  sendJson(response, 200, { user: user.name, role: user.role }, { 'set-cookie': sessionCookie(session.id) });
}

const signedIn = (session: Session | undefined): Session => {
  if (!session) throw new RequestRefusedError(401, `sign in first: ${SIGN_IN_PAGE}`);
  return session;
};

/** The signed-in user in their role of the moment: an admin's change of it counts from the next request. */
const callerOf = (context: Context, session: Session | undefined): Session => {
  const open = signedIn(session);
  return { ...open, user: context.users.user(open.user.name) ?? open.user };
};

/** One request: the host first, then the static files and sign-in, then the API as the signed-in user; a change only from the console's own page, as JSON. */
async function serve(context: Context, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const host = checkHost(request.headers, context.hosts);
  const url = pathOf(request, host);
  const file = STATIC.get(url.pathname);
  if (file) {
    onlyMethod(request, url.pathname, 'GET');
    return sendStatic(response, file);
  }
  if (url.pathname === '/sign-in.json') {
    onlyMethod(request, url.pathname, 'GET');
    return sendJson(response, 200, signInOf(context.users));
  }
  if (url.pathname === '/api/sign-in') {
    onlyMethod(request, url.pathname, 'POST');
    return signIn(context, request, response, host);
  }
  const session = context.sessions.of(request.headers);
  if (url.pathname === '/api/sign-out') {
    onlyMethod(request, url.pathname, 'POST');
    const open = signedIn(session);
    checkSameOriginChange(request.headers, host, open.csrfToken);
    context.sessions.close(open);
    return sendJson(response, 200, { signedOut: open.user.name }, { 'set-cookie': CLEARED_COOKIE });
  }
  const reply = await answer(API_ROUTES, context.backend, {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    caller: () => callerOf(context, session),
    readBody: (caller) => {
      checkSameOriginChange(request.headers, host, caller.csrfToken ?? '');
      return readJsonBody(request);
    },
  });
  writeReply(response, reply);
}

/** A refusal is the caller's to read; anything else is the console's fault, logged here and not shown. */
function answerFailure(request: IncomingMessage, response: ServerResponse, err: unknown): void {
  // Half an answer cannot be taken back; a client that went away (a cut upload) hears nothing more.
  if (response.headersSent || !response.socket || response.socket.destroyed) {
    response.destroy();
    return;
  }
  // A body left unread would be drained to keep the connection: refuse it and close instead.
  if (!request.complete) response.setHeader('connection', 'close');
  if (err instanceof RequestRefusedError) {
    for (const [name, value] of Object.entries(err.headers)) response.setHeader(name, value);
    return sendJson(response, err.status, { message: err.message });
  }
  process.stderr.write(`console: ${request.method} ${request.url} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  sendJson(response, 500, { message: 'the console failed; its output says why' });
}

/**
 * Stops accepting, ends idle keep-alive connections at once, asks busy ones to close after their
 * answer, and cuts whatever is still open after the grace period (a stalled upload, a tab that
 * never reads). Real timers: under `npm start` the global ones are the virtual clock's.
 */
function closeServer(server: Server, inFlight: ReadonlySet<ServerResponse>): Promise<void> {
  return new Promise((resolve) => {
    for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
    const cut = realTimers.setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      realTimers.clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** The web console on loopback: static files, the local sign-in, and the JSON API over the running system. */
export async function startConsoleServer(system: SystemHost, port: number): Promise<ConsoleServer> {
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  // Until the port is known no name is the console's own: nothing is served before listen() returns.
  const users = new LocalUserDirectory();
  const context: Context = { backend: localConsoleBackend(system, users), users, hosts: new Set(), sessions: new Sessions() };
  const server = createServer((request, response) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
    if (closing) response.setHeader('connection', 'close');
    serve(context, request, response).catch((err: unknown) => answerFailure(request, response, err));
  });
  // A taken port (another program, a second host) falls back to any free one.
  const bound = await listen(server, port).catch(() => listen(server, 0));
  context.hosts = ownHosts(bound);
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => {
      closing = true;
      return closeServer(server, inFlight);
    },
  };
}
