/** What reading a request's body gave: a JSON object, or the refusal with its status. */
export type BodyReading = { readonly ok: true; readonly value: object } | { readonly ok: false; readonly statusCode: 400 | 413; readonly message: string };

/**
 * A request body as a JSON object, its size bounded before it is parsed: every API body the
 * functions take is a small object, so anything larger is refused unread (413).
 * @example readJsonObject('[]', 16_384, 'an event') // { ok: false, statusCode: 400, message: 'the request body is not a JSON object' }
 */
export function readJsonObject(body: string | null, maxBytes: number, what: string): BodyReading {
  const bytes = Buffer.byteLength(body ?? '', 'utf8');
  if (bytes > maxBytes) return { ok: false, statusCode: 413, message: `the request body is ${bytes} bytes; ${what} is at most ${maxBytes}` };
  let sent: unknown;
  try {
    sent = JSON.parse(body ?? '');
  } catch {
    return { ok: false, statusCode: 400, message: 'the request body is not JSON' };
  }
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) return { ok: false, statusCode: 400, message: 'the request body is not a JSON object' };
  return { ok: true, value: sent };
}
