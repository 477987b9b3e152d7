import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { MAX_BODY_BYTES, parseJsonBody, RequestRefusedError, requireJson } from '../../functions/console-api/http';

/** The header the page sends its session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** The names the console answers to on its port: loopback only, so a rebound DNS name is refused. */
export const ownHosts = (port: number): ReadonlySet<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

/** Refuses a request addressed to another name (DNS rebinding): the console is only itself. */
export function checkHost(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): string {
  const host = headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) throw new RequestRefusedError(421, `this is the console on ${[...hosts][0]}, not ${headers.host ?? 'an unnamed host'}`);
  return host;
}

const sameToken = (sent: string, expected: string): boolean => {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** A change, or a sign-in, must come from the console's own page: its origin, not a form or fetch of another site, which carries its own. */
export function checkSameOrigin(headers: IncomingHttpHeaders, host: string): void {
  if (headers.origin !== `http://${host}`) throw new RequestRefusedError(403, `changes are accepted from http://${host} only, not from ${headers.origin ?? 'a request without an Origin'}`);
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new RequestRefusedError(403, `changes are accepted from the same origin only, not ${site}`);
}

/**
 * A change of a signed-in page: from its origin, and with its session's CSRF token in a header,
 * which only a script of the same origin can read (from `/api/session`) and set.
 */
export function checkSameOriginChange(headers: IncomingHttpHeaders, host: string, token: string): void {
  checkSameOrigin(headers, host);
  const sent = headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !sameToken(sent, token)) throw new RequestRefusedError(403, `the ${CSRF_HEADER} header is missing or wrong: reload the console`);
}

/** Reads a JSON body, counting bytes as they arrive, so an oversized one is refused before it is held. */
export async function readJsonBody(request: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<unknown> {
  requireJson(request.headers['content-type']);
  if (Number(request.headers['content-length'] ?? 0) > limitBytes) throw new RequestRefusedError(413, `a body is at most ${limitBytes} bytes`);
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    let received = 0;
    const take = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limitBytes) return chunks.push(chunk);
      // Stop reading but keep the socket: the caller still answers 413 on it.
      request.off('data', take).pause();
      reject(new RequestRefusedError(413, `a body is at most ${limitBytes} bytes`));
    };
    request.on('data', take).once('end', resolve).once('error', reject);
  });
  return parseJsonBody(Buffer.concat(chunks).toString('utf8'), limitBytes);
}
