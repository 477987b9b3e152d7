import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readInvoice, type CanonicalInvoice, type ReadErrorCode } from '../../../../functions/domain/einvoice';
import { compareDecimals, parseDecimal } from '../../../../functions/domain/money';
import { sharedDir } from '../../../support/shared';

const folderOf = (folder: string): string => `${sharedDir}einvoices/${folder}/`;

type Expected = Readonly<Record<string, string | number | boolean | null>>;
const expectations = (folder: string, file: string): [string, Expected][] =>
  Object.entries(JSON.parse(readFileSync(`${folderOf(folder)}${file}`, 'utf8')) as Record<string, Expected>);

/** The corpus files of a folder: everything but its expectation file and notes. */
const corpusFiles = (folder: string): string[] =>
  readdirSync(folderOf(folder))
    .filter((name) => !/^(truth|expected)\.json$|\.md$/.test(name))
    .sort();

/** How each key of truth.json / expected.json is found in the canonical invoice and compared (shared/einvoices/README.md). */
type Comparison = 'amount' | 'text' | 'exact';
const TERMS: Readonly<Record<string, readonly [path: string, comparison: Comparison]>> = {
  'BT-1': ['number', 'text'],
  'BT-2': ['issueDate', 'exact'],
  'BT-3': ['typeCode', 'exact'],
  'BT-5': ['currency', 'text'],
  'BT-9': ['dueDate', 'exact'],
  'BT-20': ['paymentTerms', 'text'],
  'BT-27': ['seller.name', 'text'],
  'BT-31': ['seller.vatId', 'text'],
  'BT-44': ['buyer.name', 'text'],
  'BT-49': ['buyer.electronicAddress', 'text'],
  'BT-58': ['buyer.email', 'text'],
  'BT-106': ['totals.lineNet', 'amount'],
  'BT-109': ['totals.taxExclusive', 'amount'],
  'BT-110': ['totals.tax', 'amount'],
  'BT-112': ['totals.taxInclusive', 'amount'],
  'BT-113': ['totals.paid', 'amount'],
  'BT-115': ['totals.due', 'amount'],
  kind: ['kind', 'exact'],
  syntax: ['syntax', 'exact'],
};

const at = (invoice: CanonicalInvoice, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], invoice);

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The README's rules: null is null, amounts compare as decimals, text with whitespace collapsed. */
const matches = (comparison: Comparison, actual: unknown, expected: Expected[string]): boolean => {
  if (expected === null) return actual === null;
  if (typeof actual !== 'string' || typeof expected !== 'string') return false;
  if (comparison === 'exact') return actual === expected;
  if (comparison === 'text') return collapse(actual) === collapse(expected);
  const [a, b] = [parseDecimal(actual), parseDecimal(expected)];
  return a !== undefined && b !== undefined && compareDecimals(a, b) === 0;
};

/** Each expected value the invoice does not have, as 'term: want ..., got ...'. */
const mismatches = (invoice: CanonicalInvoice, expected: Expected): string[] =>
  Object.entries(expected).flatMap(([term, want]) => {
    if (term === 'lines') return invoice.lines.length === want ? [] : [`lines: want ${want}, got ${invoice.lines.length}`];
    const known = TERMS[term];
    if (!known) return [`${term}: a key this test does not know`];
    const got = at(invoice, known[0]);
    return matches(known[1], got, want) ? [] : [`${term}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`];
  });

describe.each([
  ['dev', 'truth.json'],
  ['odd', 'expected.json'],
])('readInvoice on ../shared/einvoices/%s', (folder, expectationFile) => {
  const entries = expectations(folder, expectationFile);

  it(`has an entry in ${expectationFile} for every file`, () => expect(entries.map(([file]) => file).sort()).toEqual(corpusFiles(folder)));

  it.each(entries)('reads %s exactly', async (file, expected) => {
    const result = await readInvoice(readFileSync(`${folderOf(folder)}${file}`));
    if (!result.ok) expect.fail(`${file} refused: ${result.error.code}: ${result.error.message}`);
    expect(mismatches(result.invoice, expected)).toEqual([]);
  });
});

/** What each refusal must say: its code, and words a person can act on. */
const REFUSALS: Readonly<Record<string, { code: ReadErrorCode; message: RegExp }>> = {
  'billion-laughs.xml': { code: 'dtd-forbidden', message: /DOCTYPE is refused/ },
  'xxe-file-passwd.xml': { code: 'dtd-forbidden', message: /external-entity \(XXE\)/ },
  'cii-amount-comma.xml': { code: 'invalid-value', message: /^BT-112 total with VAT '177,87' is not a decimal number \(a decimal comma/ },
  'empty.xml': { code: 'empty', message: /^empty file \(0 bytes\)$/ },
  'invoice-page.xhtml': { code: 'not-an-einvoice', message: /root element <html> in namespace http:\/\/www\.w3\.org\/1999\/xhtml/ },
  'malformed-unclosed-tag.xml': { code: 'malformed-xml', message: /line \d+, column \d+: .*<Note> is still open/ },
  'pdf-without-attachment.pdf': { code: 'pdf-no-invoice', message: /^PDF has no embedded factur-x\.xml.*\(no attachments\)$/ },
  'random-bytes.bin': { code: 'not-an-einvoice', message: /neither XML nor PDF/ },
  'truncated-facturx.pdf': { code: 'pdf-unreadable', message: /truncated or damaged/ },
  'truncated-ubl.xml': { code: 'malformed-xml', message: /ends before its root element is closed/ },
  'ubl-missing-bt1.xml': { code: 'missing-term', message: /^BT-1 invoice number missing$/ },
  'ubl-order.xml': { code: 'not-an-einvoice', message: /root element <Order>/ },
};

describe('readInvoice on ../shared/einvoices/bad', () => {
  const entries = expectations('bad', 'expected.json');

  it('has an entry in expected.json for every file, each an error', () => {
    expect(entries.map(([file]) => file).sort()).toEqual(corpusFiles('bad'));
    expect(entries.filter(([, expected]) => expected.error !== true)).toEqual([]);
  });

  it.each(entries.map(([file]) => file))('refuses %s, saying why', async (file) => {
    const want = REFUSALS[file];
    if (!want) expect.fail(`no expected refusal for ${file} in this test`);
    const result = await readInvoice(readFileSync(`${folderOf('bad')}${file}`));
    if (result.ok) expect.fail(`${file} read as invoice ${result.invoice.number}`);
    expect(result.error.message.trim()).not.toBe('');
    expect(result.error).toEqual({ code: want.code, message: expect.stringMatching(want.message) });
  });
});
