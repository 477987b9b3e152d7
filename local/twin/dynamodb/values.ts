import { createHash } from 'node:crypto';
import Big from 'big.js';
import { validation } from './errors';

/** A DynamoDB attribute value, in the shape the SDK's low-level client reads and writes. */
export type Value =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: Uint8Array }
  | { readonly BOOL: boolean }
  | { readonly NULL: true }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: readonly Uint8Array[] }
  | { readonly L: readonly Value[] }
  | { readonly M: Item };

export type Item = Readonly<Record<string, Value>>;

type TypeName = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'SS' | 'NS' | 'BS' | 'L' | 'M';
export type ScalarKeyType = 'S' | 'N' | 'B';

const TYPE_NAMES: ReadonlySet<string> = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M']);

/** The value's type: the one member of its shape. */
export function typeOf(value: Value): TypeName {
  for (const name in value) return name as TypeName;
  throw new Error('an attribute value without a type');
}

/** The item DynamoDB stores at most, attribute names included. */
export const MAX_ITEM_BYTES = 400 * 1024;

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * A number as DynamoDB keeps it: exact, at most 38 significant digits, magnitude within 1E-130 to
 * 1E+125, and written without exponent or superfluous zeros ('1.50' is read back as '1.5').
 */
function canonicalNumber(text: string): string {
  if (text === '') throw validation('The parameter cannot be converted to a numeric value');
  let number: Big;
  try {
    number = new Big(text);
  } catch {
    throw validation(`The parameter cannot be converted to a numeric value: ${text}`);
  }
  return checkedNumber(number);
}

/** The canonical text of a computed number, refused as DynamoDB refuses one it cannot store. */
export function checkedNumber(number: Big): string {
  if (number.c[0] === 0) return '0';
  if (number.e > 125) throw validation('Number overflow. Attempting to store a number with magnitude larger than supported range');
  if (number.e < -130) throw validation('Number underflow. Attempting to store a number with magnitude smaller than supported range');
  if (number.c.length > 38) throw validation('Attempting to store more than 38 significant digits in a Number');
  return number.toFixed();
}

const hasDuplicate = (values: readonly string[]): boolean => new Set(values).size !== values.length;
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const valueText = (values: readonly string[]): string => `[${values.join(', ')}]`;

/**
 * A caller's attribute value checked as DynamoDB checks it and copied, numbers in their canonical
 * form: the store never holds an object the caller can still change.
 */
export function acceptValue(input: unknown): Value {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  const present = Object.keys(input).filter((name) => (input as Record<string, unknown>)[name] !== undefined && name !== '$unknown');
  if (present.length === 0) throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  const value = input as Record<string, unknown>;
  for (const name of present) {
    if (!TYPE_NAMES.has(name)) throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  }
  const accepted = present.map((name) => acceptMember(name as TypeName, value[name]));
  if (accepted.length > 1) throw validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
  return accepted[0]!;
}

const serialization = (message: string) => validation(message, 'SerializationException');

function acceptMember(type: TypeName, member: unknown): Value {
  switch (type) {
    case 'S':
      if (typeof member !== 'string') throw serialization('STRING_VALUE can not be converted to String');
      return { S: member };
    case 'N':
      if (typeof member !== 'string') throw serialization('NUMBER_VALUE can not be converted to String');
      return { N: canonicalNumber(member) };
    case 'B':
      if (!(member instanceof Uint8Array)) throw serialization('Binary value must be bytes');
      return { B: Uint8Array.from(member) };
    case 'BOOL':
      if (typeof member !== 'boolean') throw serialization('BOOL must be a boolean');
      return { BOOL: member };
    case 'NULL':
      if (member !== true) throw validation('One or more parameter values were invalid: Null attribute value types must have the value of true');
      return { NULL: true };
    case 'SS': {
      const strings = stringList(member);
      if (strings.length === 0) throw validation('One or more parameter values were invalid: An string set  may not be empty');
      if (hasDuplicate(strings)) throw validation(`One or more parameter values were invalid: Input collection ${valueText(strings)} contains duplicates.`);
      return { SS: strings };
    }
    case 'NS': {
      const numbers = stringList(member).map(canonicalNumber);
      if (numbers.length === 0) throw validation('One or more parameter values were invalid: An number set  may not be empty');
      if (hasDuplicate(numbers)) throw validation('Input collection contains duplicates');
      return { NS: numbers };
    }
    case 'BS': {
      if (!Array.isArray(member) || member.some((bytes) => !(bytes instanceof Uint8Array))) throw serialization('BS must be a list of binary values');
      const binaries = (member as Uint8Array[]).map((bytes) => Uint8Array.from(bytes));
      if (binaries.length === 0) throw validation('One or more parameter values were invalid: Binary sets should not be empty');
      if (hasDuplicate(binaries.map(base64))) throw validation(`One or more parameter values were invalid: Input collection ${valueText(binaries.map(base64))}of type BS contains duplicates.`);
      return { BS: binaries };
    }
    case 'L':
      if (!Array.isArray(member)) throw serialization('L must be a list');
      return { L: member.map(acceptValue) };
    case 'M':
      if (member === null || typeof member !== 'object' || Array.isArray(member)) throw serialization('M must be a map');
      return { M: acceptItem(member as Record<string, unknown>) };
  }
}

function stringList(member: unknown): string[] {
  if (!Array.isArray(member) || member.some((text) => typeof text !== 'string')) throw serialization('a set must be a list of strings');
  return [...(member as string[])];
}

/** A caller's map of attribute values, each checked and copied. */
export function acceptItem(input: Readonly<Record<string, unknown>>): Record<string, Value> {
  const item: Record<string, Value> = {};
  for (const name of Object.keys(input)) {
    if (input[name] === undefined) continue;
    item[name] = acceptValue(input[name]);
  }
  return item;
}

/**
 * Stored values are frozen as they are stored, so the twin answers with them, not with copies (a
 * simulation reads each item many times: the copies were a tenth of the twin's work). What a
 * caller gets can then never change the table. Bytes are the exception: a typed array cannot be
 * frozen, so a value that holds any is copied on the way out. The containers that do are kept here.
 */
const holdingBytes = new WeakSet<object>();
/** Whether any value stored so far held bytes: until one does, an answer needs no lookup at all. */
let bytesStored = false;

/** Freezes a value about to be stored; whether it holds bytes. */
function freezeValue(value: Value): boolean {
  // Already stored: an update's item shares the values it did not change with the item before it.
  if (Object.isFrozen(value)) return holdingBytes.has(value);
  let bytes = 'B' in value || 'BS' in value;
  if ('L' in value) for (const member of value.L) bytes = freezeValue(member) || bytes;
  if ('M' in value) bytes = freezeItem(value.M) || bytes;
  if (bytes) {
    holdingBytes.add(value);
    bytesStored = true;
  }
  if ('SS' in value) Object.freeze(value.SS);
  if ('NS' in value) Object.freeze(value.NS);
  if ('L' in value) Object.freeze(value.L);
  Object.freeze(value);
  return bytes;
}

/** Freezes an item about to be stored, deeply but for its bytes; whether it holds bytes. */
export function freezeItem(item: Item): boolean {
  if (Object.isFrozen(item)) return holdingBytes.has(item);
  let bytes = false;
  for (const name in item) bytes = freezeValue(item[name]!) || bytes;
  if (bytes) holdingBytes.add(item);
  Object.freeze(item);
  return bytes;
}

/** A stored value as the twin answers it: itself, or a copy where it holds bytes. */
export function answerValue(value: Value): Value {
  if (!bytesStored || !holdingBytes.has(value)) return value;
  if ('B' in value) return { B: Uint8Array.from(value.B) };
  if ('BS' in value) return { BS: value.BS.map((bytes) => Uint8Array.from(bytes)) };
  if ('L' in value) return { L: value.L.map(answerValue) };
  return { M: answerItem((value as { M: Item }).M) };
}

/** A stored item as the twin answers it: itself, or a copy where it holds bytes. */
export function answerItem(item: Item): Item {
  if (!bytesStored || !holdingBytes.has(item)) return item;
  const copy: Record<string, Value> = {};
  for (const name in item) copy[name] = answerValue(item[name]!);
  return copy;
}

/**
 * Compares strings as DynamoDB orders them, by their UTF-8 bytes: JavaScript compares UTF-16 code
 * units, which put a character above U+FFFF (a surrogate pair) below one in U+E000..U+FFFF.
 */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

const codePointRank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

const compareNumbers = (a: string, b: string): number => (a === b ? 0 : new Big(a).cmp(new Big(b)));

/** Orders two values of one scalar type (S, N or B), as a sort key or a comparison does. */
export function compareScalars(a: Value, b: Value): number {
  if ('S' in a && 'S' in b) return compareStrings(a.S, b.S);
  if ('N' in a && 'N' in b) return compareNumbers(a.N, b.N);
  if ('B' in a && 'B' in b) return compareBytes(a.B, b.B);
  throw new Error('compared values of different types');
}

/** Whether two values are equal as DynamoDB's `=` has it: same type, and sets regardless of order. */
export function valuesEqual(a: Value, b: Value): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case 'S':
      return (a as { S: string }).S === (b as { S: string }).S;
    case 'N':
      // Numbers are kept canonical, so equal numbers are equal texts.
      return (a as { N: string }).N === (b as { N: string }).N;
    case 'B':
      return compareBytes((a as { B: Uint8Array }).B, (b as { B: Uint8Array }).B) === 0;
    case 'BOOL':
      return (a as { BOOL: boolean }).BOOL === (b as { BOOL: boolean }).BOOL;
    case 'NULL':
      return true;
    case 'SS':
      return sameSet((a as { SS: readonly string[] }).SS, (b as { SS: readonly string[] }).SS);
    case 'NS':
      return sameSet((a as { NS: readonly string[] }).NS, (b as { NS: readonly string[] }).NS);
    case 'BS':
      return sameSet((a as { BS: readonly Uint8Array[] }).BS.map(base64), (b as { BS: readonly Uint8Array[] }).BS.map(base64));
    case 'L': {
      const x = (a as { L: readonly Value[] }).L;
      const y = (b as { L: readonly Value[] }).L;
      return x.length === y.length && x.every((element, i) => valuesEqual(element, y[i]!));
    }
    case 'M': {
      const x = (a as { M: Item }).M;
      const y = (b as { M: Item }).M;
      const names = Object.keys(x);
      return names.length === Object.keys(y).length && names.every((name) => y[name] !== undefined && valuesEqual(x[name]!, y[name]!));
    }
  }
}

// Set members are canonical (numbers included), so equal members are equal strings.
const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length !== b.length) return false;
  const members = new Set(a);
  return b.every((member) => members.has(member));
};

const numberBytes = (text: string): number => {
  const number = new Big(text);
  if (number.c[0] === 0) return 1;
  const digits = number.c.length;
  // Two digits a byte, aligned on the exponent's parity, plus an exponent byte and a sign byte for negatives.
  return 1 + Math.ceil(digits / 2) + (digits % 2 || number.e % 2 ? 0 : 1) + (number.s === -1 ? 1 : 0);
};

/** A value's size as DynamoDB counts it toward the 400 KB item and 1 MB page limits. */
function valueSize(value: Value): number {
  if ('S' in value) return utf8Length(value.S);
  if ('N' in value) return numberBytes(value.N);
  if ('B' in value) return value.B.length;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((sum, member) => sum + utf8Length(member), 0);
  if ('NS' in value) return value.NS.reduce((sum, member) => sum + numberBytes(member), 0);
  if ('BS' in value) return value.BS.reduce((sum, member) => sum + member.length, 0);
  // A list or map: 3 bytes of its own, and a byte for each element besides the element.
  if ('L' in value) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  return 3 + Object.keys(value.M).length + itemSize(value.M);
}

/** An item's size: each attribute's name in UTF-8 bytes and its value. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const name in item) size += utf8Length(name) + valueSize(item[name]!);
  return size;
}

/** The bytes of a key value, as DynamoDB hashes and orders them. */
export function keyBytes(value: Value): Buffer {
  if ('S' in value) return Buffer.from(value.S, 'utf8');
  if ('B' in value) return Buffer.from(value.B);
  if ('N' in value) return Buffer.from(value.N, 'utf8');
  throw new Error('a key value is S, N or B');
}

/**
 * Where a partition falls in a Scan: DynamoDB scans in the order of its partition keys' hashes.
 * The hash is dynalite's (an MD5 of the key's bytes, salted), so that a scan pages alike on the
 * twin and on dynalite in the differential test; for a number key DynamoDB's own byte encoding is
 * not reproduced, so only string and binary keys scan in dynalite's order.
 */
export function hashOrder(...keys: readonly Value[]): string {
  const hash = createHash('md5').update('Outliers');
  for (const key of keys) hash.update(keyBytes(key));
  return hash.digest('hex').slice(0, 6);
}

/** A key value as a map key: its type and canonical text. */
export function keyString(value: Value): string {
  if ('S' in value) return `S${value.S}`;
  if ('N' in value) return `N${value.N}`;
  if ('B' in value) return `B${base64(value.B)}`;
  throw new Error('a key value is S, N or B');
}
