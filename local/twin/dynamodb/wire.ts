/**
 * DynamoDB's JSON wire format (protocol awsJson1_0) against the SDK's shapes the twin works in: on
 * the wire a binary is base64 text and a timestamp is seconds since the epoch. In an attribute
 * value, and only there, `B` holds a binary and `BS` a list of binaries, so the conversion needs
 * no model of each operation's shapes.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A request or journal line read off the wire, binaries as bytes. */
export function fromWire(value: unknown, key?: string): unknown {
  if (key === 'B' && typeof value === 'string') return new Uint8Array(Buffer.from(value, 'base64'));
  if (key === 'BS' && Array.isArray(value) && value.every((member) => typeof member === 'string')) {
    return value.map((member: string) => new Uint8Array(Buffer.from(member, 'base64')));
  }
  if (Array.isArray(value)) return value.map((element) => fromWire(element));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, fromWire(member, name)]));
  }
  return value;
}

/** An answer or journal line for the wire: bytes as base64, dates as epoch seconds, nothing undefined. */
export function toWire(value: unknown): Json {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const json: Record<string, Json> = {};
    for (const [name, member] of Object.entries(value)) if (member !== undefined) json[name] = toWire(member);
    return json;
  }
  return value as Json;
}
