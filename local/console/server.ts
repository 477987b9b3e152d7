import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SystemHost } from '../system-host';
import { handleApi } from './api';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const STATIC = new Map([
  ['/', [here('./static/index.html'), 'text/html; charset=utf-8']],
  ['/app.js', [here('./static/app.js'), 'text/javascript; charset=utf-8']],
  ['/style.css', [here('./static/style.css'), 'text/css; charset=utf-8']],
  // Chart.js, as npm installed it: the console has no build step.
  ['/vendor/chart.umd.js', [fileURLToPath(new URL('./chart.umd.js', import.meta.resolve('chart.js'))), 'text/javascript; charset=utf-8']],
] as const);

export interface ConsoleServer {
  readonly url: string;
  close(): Promise<void>;
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

/** The web console on loopback: static files and the JSON API over the running system. */
export async function startConsoleServer(host: SystemHost, port: number): Promise<ConsoleServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = STATIC.get(path as never);
    const work = file
      ? readFile(file[0]).then((content) => {
          response.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' });
          response.end(content);
        })
      : path.startsWith('/api/')
        ? handleApi(host, request, response, path)
        : Promise.resolve().then(() => {
            response.writeHead(404, { 'content-type': 'text/plain' });
            response.end('not found');
          });
    work.catch((err: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: err instanceof Error ? err.message : String(err) }));
    });
  });
  // A taken port (another program, a second host) falls back to any free one.
  const bound = await listen(server, port).catch(() => listen(server, 0));
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
