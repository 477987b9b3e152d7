import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareUtf8, listPage, type ListPosition } from '../../../../local/twin/s3-listing';

// Few characters, so keys share prefixes and delimiters; both sides of the UTF-16/UTF-8 disagreement.
const arbKey = fc.string({ unit: fc.constantFrom('a', 'b', '/', '-', 'é', '\uFF01', '\u{1F600}'), minLength: 1, maxLength: 6 });
const arbKeys = fc.uniqueArray(arbKey, { maxLength: 25 }).map((keys) => [...keys].sort(compareUtf8));
const arbRequest = fc.record({
  prefix: fc.constantFrom('', 'a', 'a/', 'b/', '\u{1F600}'),
  delimiter: fc.constantFrom('', '/', '-'),
  startAfter: fc.constantFrom('', 'a', 'a/b', 'b', '\uFF01'),
  maxKeys: fc.integer({ min: 1, max: 6 }),
});

/** The whole listing by its definition: keys after StartAfter under the prefix, rolled up at the delimiter. */
function wholeListing(keys: readonly string[], request: { prefix: string; delimiter: string; startAfter: string }): string[] {
  const items: string[] = [];
  for (const key of keys) {
    if (compareUtf8(key, request.startAfter) <= 0 || !key.startsWith(request.prefix)) continue;
    const cut = request.delimiter ? key.indexOf(request.delimiter, request.prefix.length) : -1;
    const item = cut >= 0 ? key.slice(0, cut + request.delimiter.length) : key;
    if (items.at(-1) !== item) items.push(item);
  }
  return items;
}

describe('compareUtf8', () => {
  it('orders strings as their UTF-8 bytes', () =>
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'grapheme' }),
        (a, b) => Math.sign(compareUtf8(a, b)) === Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))),
      ),
    ));
});

describe('listPage', () => {
  it('pages through the whole listing, each page at most maxKeys keys and prefixes together', () =>
    fc.assert(
      fc.property(arbKeys, arbRequest, (keys, request) => {
        const listed: string[] = [];
        let from: ListPosition = { after: request.startAfter, afterPrefix: false };
        for (let pages = 0; pages <= keys.length + 1; pages++) {
          const page = listPage(keys, { ...request, from });
          expect(page.keys.length + page.commonPrefixes.length).toBeLessThanOrEqual(request.maxKeys);
          const items = [...page.keys, ...page.commonPrefixes].sort(compareUtf8);
          listed.push(...items);
          if (!page.next) break;
          expect(items.length).toBe(request.maxKeys);
          from = page.next;
        }
        expect(listed).toEqual(wholeListing(keys, request));
      }),
    ));

  it('gives nothing and no next page for maxKeys 0', () =>
    expect(listPage(['a', 'b'], { prefix: '', delimiter: '', maxKeys: 0, from: { after: '', afterPrefix: false } })).toEqual({
      keys: [],
      commonPrefixes: [],
      next: null,
    }));
});
