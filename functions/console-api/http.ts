/** A request the console will not serve: its status and why, shown to the caller as JSON. */
export class RequestRefusedError extends Error {
  override readonly name = 'RequestRefusedError';
  /** Headers the refusal needs (`Allow` on a 405). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 421,
    message: string,
    options?: ErrorOptions & { readonly headers?: Readonly<Record<string, string>> },
  ) {
    super(message, options);
    this.headers = options?.headers ?? {};
  }
}

/** The largest request body the API reads: its commands are a few fields each. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * The console's Content-Security-Policy: nothing but its own scripts, styles and connections, no
 * framing. E-mails render in `srcdoc` frames, which inherit this policy (and their `sandbox`), so
 * they need no `frame-src`. In AWS the page also talks to the user pool's token endpoint
 * (lib/console.ts adds that one origin to `connect-src`).
 */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** On every response: nothing is sniffed into another type, no script or style but the console's own files, no framing, no referrer, nothing cached. */
export const SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
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

const mediaTypeOf = (contentType: string | undefined): string | undefined => contentType?.split(';')[0]?.trim().toLowerCase();

/** Refuses a body that is not declared as JSON (415): a form of another site cannot send one without a preflight. */
export function requireJson(contentType: string | undefined): void {
  if (mediaTypeOf(contentType) !== 'application/json') throw new RequestRefusedError(415, 'send the body as application/json');
}

/** A JSON body, at most {@link MAX_BODY_BYTES} bytes (413), and JSON (400). */
export function parseJsonBody(text: string, limitBytes = MAX_BODY_BYTES): unknown {
  if (Buffer.byteLength(text, 'utf8') > limitBytes) throw new RequestRefusedError(413, `a body is at most ${limitBytes} bytes`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RequestRefusedError(400, `the body is not JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
