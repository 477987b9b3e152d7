import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readInvoice, type CanonicalInvoice, type ReadErrorCode } from '../../../../functions/domain/einvoice';
import { compareDecimals, parseDecimal } from '../../../../functions/domain/money';
import { sharedDir } from '../../../support/shared';

type Expected = Record<string, string | number | null | boolean>;
const corpus = (folder: string, file: string): Record<string, Expected> =>
  JSON.parse(readFileSync(`${sharedDir}einvoices/${folder}/${file}`, 'utf8')) as Record<string, Expected>;

/** EN 16931 term ids of the expectation files, as paths into the canonical invoice (shared/einvoices/README.md). */
const TERMS: Record<string, string> = {
  'BT-1': 'number',
  'BT-2': 'issueDate',
  'BT-3': 'typeCode',
  'BT-5': 'currency',
  'BT-9': 'dueDate',
  'BT-20': 'paymentTerms',
  'BT-27': 'seller.name',
  'BT-31': 'seller.vatId',
  'BT-44': 'buyer.name',
  'BT-49': 'buyer.electronicAddress',
  'BT-58': 'buyer.email',
  'BT-106': 'totals.lineNet',
  'BT-109': 'totals.taxExclusive',
  'BT-110': 'totals.tax',
  'BT-112': 'totals.taxInclusive',
  'BT-113': 'totals.paid',
  'BT-115': 'totals.due',
  kind: 'kind',
  syntax: 'syntax',
};
const AMOUNTS = new Set(['BT-106', 'BT-109', 'BT-110', 'BT-112', 'BT-113', 'BT-115']);

const at = (invoice: CanonicalInvoice, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], invoice);

/** The README's comparison: amounts as decimals, text with whitespace collapsed, null for an absent term. */
const same = (term: string, actual: unknown, expected: unknown): boolean => {
  if (expected === null) return actual === null;
  if (AMOUNTS.has(term)) {
    const a = parseDecimal(String(actual ?? ''));
    const b = parseDecimal(String(expected));
    return a !== undefined && b !== undefined && compareDecimals(a, b) === 0;
  }
  const collapse = (value: unknown) => String(value).replace(/\s+/g, ' ').trim();
  return collapse(actual) === collapse(expected);
};

const readOk = async (folder: string, file: string): Promise<CanonicalInvoice> => {
  const result = await readInvoice(readFileSync(`${sharedDir}einvoices/${folder}/${file}`));
  if (!result.ok) throw new Error(`${file} refused: ${result.error.message}`);
  return result.invoice;
};

describe.each([
  ['dev', 'truth.json'],
  ['odd', 'expected.json'],
])('readInvoice on ../shared/einvoices/%s', (folder, expectations) => {
  const entries = Object.entries(corpus(folder, expectations));

  it('has an expectation for every invoice file', () => {
    const files = readdirSync(`${sharedDir}einvoices/${folder}`).filter((name) => /\.(xml|pdf)$/.test(name));
    expect(files.sort()).toEqual(entries.map(([name]) => name).sort());
  });

  it.each(entries)('reads %s exactly', async (file, expected) => {
    const invoice = await readOk(folder, file);
    const mismatches = Object.entries(expected)
      .filter(([term]) => term in TERMS || term === 'lines')
      .filter(([term, value]) => (term === 'lines' ? invoice.lines.length !== value : !same(term, at(invoice, TERMS[term]!), value)))
      .map(([term, value]) => `${term}: want ${JSON.stringify(value)}, got ${JSON.stringify(term === 'lines' ? invoice.lines.length : at(invoice, TERMS[term]!))}`);
    expect(mismatches).toEqual([]);
  });
});

/** What each refusal must say: its code, and words a person can act on. */
const REFUSALS: Record<string, { code: ReadErrorCode; message: RegExp }> = {
  'billion-laughs.xml': { code: 'dtd-forbidden', message: /DOCTYPE is refused/ },
  'xxe-file-passwd.xml': { code: 'dtd-forbidden', message: /external-entity/ },
  'cii-amount-comma.xml': { code: 'invalid-value', message: /BT-112 total with VAT '177,87' is not a decimal number/ },
  'empty.xml': { code: 'empty', message: /empty file/ },
  'invoice-page.xhtml': { code: 'not-an-einvoice', message: /root element <html>/ },
  'malformed-unclosed-tag.xml': { code: 'malformed-xml', message: /line \d+, column \d+: .*<Note> is still open/ },
  'pdf-without-attachment.pdf': { code: 'pdf-no-invoice', message: /no embedded factur-x\.xml/ },
  'random-bytes.bin': { code: 'not-an-einvoice', message: /neither XML nor PDF/ },
  'truncated-facturx.pdf': { code: 'pdf-unreadable', message: /truncated or damaged/ },
  'truncated-ubl.xml': { code: 'malformed-xml', message: /ends before its root element is closed/ },
  'ubl-missing-bt1.xml': { code: 'missing-term', message: /^BT-1 invoice number missing$/ },
  'ubl-order.xml': { code: 'not-an-einvoice', message: /root element <Order>/ },
};

describe('readInvoice on ../shared/einvoices/bad', () => {
  it('knows what to expect of every bad file', () => expect(Object.keys(corpus('bad', 'expected.json')).sort()).toEqual(Object.keys(REFUSALS).sort()));

  it.each(Object.entries(REFUSALS))('refuses %s, saying why', async (file, { code, message }) => {
    const result = await readInvoice(readFileSync(`${sharedDir}einvoices/bad/${file}`));
    expect(result).toEqual({ ok: false, error: { code, message: expect.stringMatching(message) } });
  });
});
