import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readInvoice, type CanonicalInvoice } from '../../../../functions/domain/einvoice';
import { compareDecimals, parseDecimal } from '../../../../functions/domain/money';

/**
 * ZUGFeRD 1.0 (rsm:CrossIndustryDocument, urn:ferd:CrossIndustryDocument:invoice:1p0), issue 14:
 * real public samples of the BASIC, COMFORT and EXTENDED profiles, as XML and as PDF carrying
 * ZUGFeRD-invoice.xml, with the values read off each by hand (test/fixtures/zugferd1/README.md).
 */
const FIXTURES = fileURLToPath(new URL('../../../fixtures/zugferd1/', import.meta.url));

type Value = string | number | null;
type Expected = Readonly<Record<string, Value>> & { readonly profile: string; readonly firstLine: Readonly<Record<string, Value>> };
const expected = JSON.parse(readFileSync(`${FIXTURES}expected.json`, 'utf8')) as Record<string, Expected>;

const GUIDELINES: Readonly<Record<string, string>> = {
  BASIC: 'urn:ferd:CrossIndustryDocument:invoice:1p0:basic',
  COMFORT: 'urn:ferd:CrossIndustryDocument:invoice:1p0:comfort',
  EXTENDED: 'urn:ferd:CrossIndustryDocument:invoice:1p0:extended',
};

/**
 * How each key is found in the canonical invoice and compared: amounts as decimals, text with
 * whitespace collapsed (a name may run over lines), exact for codes and dates, and an IBAN
 * without its spaces (a sample prints it in groups of four).
 */
type Comparison = 'amount' | 'text' | 'exact' | 'iban';
const TERMS: Readonly<Record<string, readonly [path: string, comparison: Comparison]>> = {
  'BT-24': ['customizationId', 'exact'],
  syntax: ['syntax', 'exact'],
  kind: ['kind', 'exact'],
  'BT-1': ['number', 'text'],
  'BT-2': ['issueDate', 'exact'],
  'BT-3': ['typeCode', 'exact'],
  'BT-5': ['currency', 'exact'],
  'BT-9': ['dueDate', 'exact'],
  'BT-27': ['seller.name', 'text'],
  'BT-31': ['seller.vatId', 'text'],
  'BT-44': ['buyer.name', 'text'],
  'BT-55': ['buyer.address.countryCode', 'exact'],
  'BT-106': ['totals.lineNet', 'amount'],
  'BT-109': ['totals.taxExclusive', 'amount'],
  'BT-110': ['totals.tax', 'amount'],
  'BT-112': ['totals.taxInclusive', 'amount'],
  'BT-113': ['totals.paid', 'amount'],
  'BT-115': ['totals.due', 'amount'],
  'BT-84': ['payment.iban', 'iban'],
};
const LINE_TERMS: Readonly<Record<string, readonly [path: string, comparison: Comparison]>> = {
  'BT-126': ['id', 'text'],
  'BT-129': ['quantity', 'amount'],
  'BT-130': ['unitCode', 'exact'],
  'BT-131': ['netAmount', 'amount'],
  'BT-153': ['name', 'text'],
};

const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | null | undefined)?.[key] ?? null, value);

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

const matches = (comparison: Comparison, actual: unknown, want: Value): boolean => {
  if (want === null) return actual === null;
  if (typeof actual !== 'string' || typeof want !== 'string') return false;
  if (comparison === 'exact') return actual === want;
  if (comparison === 'text') return collapse(actual) === collapse(want);
  if (comparison === 'iban') return actual.replace(/\s+/g, '') === want.replace(/\s+/g, '');
  const [a, b] = [parseDecimal(actual), parseDecimal(want)];
  return a !== undefined && b !== undefined && compareDecimals(a, b) === 0;
};

const compare = (
  subject: unknown,
  terms: Readonly<Record<string, readonly [string, Comparison]>>,
  want: Readonly<Record<string, Value>>,
  prefix = '',
): string[] =>
  Object.entries(terms).flatMap(([term, [path, comparison]]) => {
    if (!(term in want)) return [`${prefix}${term}: missing from expected.json`];
    const got = at(subject, path);
    return matches(comparison, got, want[term] ?? null) ? [] : [`${prefix}${term}: want ${JSON.stringify(want[term])}, got ${JSON.stringify(got)}`];
  });

/** Each expected value the invoice does not have, as 'term: want ..., got ...'. */
const mismatches = (invoice: CanonicalInvoice, want: Expected): string[] => [
  ...compare(invoice, TERMS, want),
  ...(invoice.lines.length === want.lines ? [] : [`lines: want ${want.lines}, got ${invoice.lines.length}`]),
  ...compare(invoice.lines[0], LINE_TERMS, want.firstLine, 'first line '),
];

describe('readInvoice on ZUGFeRD 1.0 samples (test/fixtures/zugferd1)', () => {
  const entries = Object.entries(expected);

  it('has an entry in expected.json for every sample, together covering BASIC, COMFORT and EXTENDED, XML and PDF', () => {
    const samples = readdirSync(FIXTURES).filter((name) => /\.(xml|pdf)$/.test(name));
    expect(entries.map(([file]) => file).sort()).toEqual(samples.sort());
    expect(new Set(entries.map(([, want]) => want.profile))).toEqual(new Set(Object.keys(GUIDELINES)));
    expect(new Set(samples.map((name) => name.slice(-3)))).toEqual(new Set(['xml', 'pdf']));
    for (const [file, want] of entries) expect([file, want['BT-24']]).toEqual([file, GUIDELINES[want.profile]]);
  });

  it.each(entries)('reads %s', async (file, want) => {
    const result = await readInvoice(readFileSync(`${FIXTURES}${file}`));
    if (!result.ok) expect.fail(`${file} refused: ${result.error.code}: ${result.error.message}`);
    expect(result.invoice.syntax).toBe('cii');
    expect(result.invoice.customizationId).toBe(GUIDELINES[want.profile]);
    expect(mismatches(result.invoice, want)).toEqual([]);
  });
});
