/**
 * Orders keys as S3 lists them: by the bytes of their UTF-8 encoding. UTF-16 order agrees except
 * between a surrogate (a character at U+10000 and above) and U+E000 to U+FFFF, which UTF-8 puts first.
 * @example ['\u{1F600}', '\uFF01'].sort(compareUtf8) // ['\uFF01', '\u{1F600}']
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    return x >= 0xd800 && y >= 0xd800 ? utf8Rank(x) - utf8Rank(y) : x - y;
  }
  return a.length - b.length;
}

// Moves surrogates (0xD800-0xDFFF) above 0xE000-0xFFFF, keeping each range's own order.
const utf8Rank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);

/** Where a page starts: after a key, or after a common prefix and every key under it. */
export interface ListPosition {
  readonly after: string;
  readonly afterPrefix: boolean;
}

export interface ListRequest {
  readonly prefix: string;
  /** Keys holding it after the prefix are rolled up into one common prefix each. */
  readonly delimiter: string;
  /** Keys and common prefixes together, as S3 counts them. */
  readonly maxKeys: number;
  readonly from: ListPosition;
}

export interface ListPage {
  readonly keys: string[];
  readonly commonPrefixes: string[];
  /** Where the next page starts; null when this page holds the rest. */
  readonly next: ListPosition | null;
}

/** The first index whose key sorts after `bound` (or at it, when `inclusive`). */
function lowerBound(keys: readonly string[], bound: string, inclusive: boolean): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareUtf8(keys[middle]!, bound);
    if (order > 0 || (inclusive && order === 0)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * One page of a bucket's listing, as ListObjectsV2 gives it: keys in UTF-8 order from a position,
 * under a prefix, with the keys that hold the delimiter after the prefix rolled up into common
 * prefixes, at most `maxKeys` keys and prefixes together. Keys with one prefix sort together, so
 * the keys under the prefix are one run of `sortedKeys`.
 */
export function listPage(sortedKeys: readonly string[], request: ListRequest): ListPage {
  const { prefix, delimiter, maxKeys, from } = request;
  const keys: string[] = [];
  const commonPrefixes: string[] = [];
  if (maxKeys === 0) return { keys, commonPrefixes, next: null };
  const startsAfterPrefix = compareUtf8(from.after, prefix) >= 0;
  let index = startsAfterPrefix ? lowerBound(sortedKeys, from.after, false) : lowerBound(sortedKeys, prefix, true);
  let last: ListPosition | null = null;
  for (; index < sortedKeys.length; index++) {
    const key = sortedKeys[index]!;
    if (!key.startsWith(prefix)) break;
    if (from.afterPrefix && key.startsWith(from.after)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const item = cut >= 0 ? key.slice(0, cut + delimiter.length) : key;
    if (cut >= 0 && last?.afterPrefix && last.after === item) continue;
    if (keys.length + commonPrefixes.length === maxKeys) return { keys, commonPrefixes, next: last };
    if (cut >= 0) commonPrefixes.push(item);
    else keys.push(item);
    last = { after: item, afterPrefix: cut >= 0 };
  }
  return { keys, commonPrefixes, next: null };
}
