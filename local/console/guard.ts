import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** A request the console will not serve: its status and why, shown to the caller as JSON. */
export class RequestRefusedError extends Error {
  override readonly name = 'RequestRefusedError';
  /** Headers the refusal needs (`Allow` on a 405). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    readonly status: 400 | 403 | 404 | 405 | 413 | 415 | 421,
    message: string,
    options?: ErrorOptions & { readonly headers?: Readonly<Record<string, string>> },
  ) {
    super(message, options);
    this.headers = options?.headers ?? {};
  }
}

/** The header the page sends its session token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** The largest request body the API reads: its commands are a few fields each. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * On every response: nothing is sniffed into another type, no script or style but the console's
 * own files, no framing, no referrer. E-mails render in `srcdoc` frames, which inherit this policy
 * (and their `sandbox`), so they need no `frame-src`.
 */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
} as const;

/**
 * An archived original is the sender's bytes: a download, never a document of the console's
 * origin. Should a browser render it anyway, `sandbox` gives it an opaque origin and no scripts.
 */
export const downloadHeaders = (fileName: string): Record<string, string> => ({
  ...SECURITY_HEADERS,
  'content-security-policy': "sandbox; default-src 'none'",
  'content-type': 'application/octet-stream',
  'content-disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
});

/** The names the console answers to on its port: loopback only, so a rebound DNS name is refused. */
export const ownHosts = (port: number): ReadonlySet<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

/** Refuses a request addressed to another name (DNS rebinding): the console is only itself. */
export function checkHost(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): string {
  const host = headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) throw new RequestRefusedError(421, `this is the console on ${[...hosts][0]}, not ${headers.host ?? 'an unnamed host'}`);
  return host;
}

/** A per-process secret: the page gets it with index.html, another origin cannot read it. */
export const newSessionToken = (): string => randomBytes(32).toString('base64url');

const sameToken = (sent: string, expected: string): boolean => {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * A change must come from the console's own page: its origin (a form or fetch of another site
 * carries its own), and the session token in a header, which only a same-origin script can set.
 */
export function checkSameOriginChange(headers: IncomingHttpHeaders, host: string, token: string): void {
  if (headers.origin !== `http://${host}`) throw new RequestRefusedError(403, `changes are accepted from http://${host} only, not from ${headers.origin ?? 'a request without an Origin'}`);
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new RequestRefusedError(403, `changes are accepted from the same origin only, not ${site}`);
  const sent = headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !sameToken(sent, token)) throw new RequestRefusedError(403, `the ${CSRF_HEADER} header is missing or wrong: reload the console`);
}

const mediaTypeOf = (contentType: string | undefined): string | undefined => contentType?.split(';')[0]?.trim().toLowerCase();

/** Reads a JSON body, counting bytes as they arrive, so an oversized one is refused before it is held. */
export async function readJsonBody(request: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<unknown> {
  if (mediaTypeOf(request.headers['content-type']) !== 'application/json') throw new RequestRefusedError(415, 'send the body as application/json');
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
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new RequestRefusedError(400, `the body is not JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
