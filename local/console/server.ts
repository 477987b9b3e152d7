import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { realTimers } from '../real-timers';
import type { SystemHost } from '../system-host';
import { API_ROUTES, decodePathPart, type ApiRequest, type Reply, type Route } from './api';
import { checkHost, checkSameOriginChange, downloadHeaders, newSessionToken, ownHosts, readJsonBody, RequestRefusedError, SECURITY_HEADERS } from './guard';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const STATIC = new Map([
  ['/', [here('./static/index.html'), 'text/html; charset=utf-8']],
  ['/app.js', [here('./static/app.js'), 'text/javascript; charset=utf-8']],
  ['/style.css', [here('./static/style.css'), 'text/css; charset=utf-8']],
  // Chart.js, as npm installed it: the console has no build step.
  ['/vendor/chart.umd.js', [fileURLToPath(new URL('./chart.umd.js', import.meta.resolve('chart.js'))), 'text/javascript; charset=utf-8']],
] as const);
/** Where index.html takes the session token: the page reads it from there. */
const TOKEN_PLACEHOLDER = '{{sessionToken}}';

/** How long a request in progress may go on after close() before its connection is cut. */
export const SHUTDOWN_GRACE_MS = 2_000;

export interface ConsoleServer {
  readonly url: string;
  /** Stops at once for idle connections, and within {@link SHUTDOWN_GRACE_MS} whatever clients do. */
  close(): Promise<void>;
}

interface Context {
  readonly system: SystemHost;
  hosts: ReadonlySet<string>;
  readonly token: string;
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const writeReply = (response: ServerResponse, reply: Reply): void => {
  if (reply.kind === 'json') return sendJson(response, reply.status, reply.body);
  response.writeHead(200, downloadHeaders(reply.fileName));
  response.end(reply.content);
};

async function sendStatic(response: ServerResponse, [file, type]: readonly [string, string], token: string): Promise<void> {
  const content = await readFile(file);
  response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type });
  response.end(type.startsWith('text/html') ? content.toString('utf8').replace(TOKEN_PLACEHOLDER, token) : content);
}

/** The API route for the path and method: 404 for no such path, 405 for a path that takes other methods. */
function routeFor(method: string | undefined, path: string): { route: Route; params: string[] } {
  const matching = API_ROUTES.flatMap((route) => {
    const match = route.pattern.exec(path);
    return match ? [{ route, params: match.slice(1) }] : [];
  });
  if (matching.length === 0) throw new RequestRefusedError(404, `no ${path}`);
  const found = matching.find(({ route }) => route.method === method);
  const allowed = matching.map(({ route }) => route.method).join(', ');
  if (!found) throw new RequestRefusedError(405, `${path} takes ${allowed}, not ${method}`, { headers: { allow: allowed } });
  return found;
}

const pathOf = (request: IncomingMessage, host: string): URL => {
  try {
    return new URL(request.url ?? '/', `http://${host}`);
  } catch (err) {
    throw new RequestRefusedError(400, 'not a valid request path', { cause: err });
  }
};

/** One request: the host first, then the route; a change only from the console's own page, as JSON. */
async function serve(context: Context, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const host = checkHost(request.headers, context.hosts);
  const url = pathOf(request, host);
  const file = STATIC.get(url.pathname as never);
  if (file) {
    if (request.method !== 'GET') throw new RequestRefusedError(405, `${url.pathname} takes GET, not ${request.method}`, { headers: { allow: 'GET' } });
    return sendStatic(response, file, context.token);
  }
  const { route, params } = routeFor(request.method, url.pathname);
  let body: unknown;
  if (route.method === 'POST') {
    checkSameOriginChange(request.headers, host, context.token);
    body = await readJsonBody(request);
  }
  const apiRequest: ApiRequest = { params: params.map(decodePathPart), query: url.searchParams, body };
  writeReply(response, await route.handle(context.system, apiRequest));
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

/** The web console on loopback: static files and the JSON API over the running system. */
export async function startConsoleServer(system: SystemHost, port: number): Promise<ConsoleServer> {
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  // Until the port is known no name is the console's own: nothing is served before listen() returns.
  const context: Context = { system, hosts: new Set(), token: newSessionToken() };
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
