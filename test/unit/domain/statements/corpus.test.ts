import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareDecimals, parseDecimal } from '../../../../functions/domain/money';
import { readStatement } from '../../../../functions/domain/statements';
import { statementPath } from '../../../support/shared';

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

const truth = JSON.parse(readFileSync(statementPath('truth.json'), 'utf8')) as Record<string, { [key: string]: Json }>;

const TEXT_KEYS = new Set(['information', 'remittanceUnstructured', 'additionalInfo', 'counterpartyName']);
const withoutWhitespace = (text: string): string => text.replace(/\s+/g, '');
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** shared/statements/README.md, "Comparing": amounts as decimals, free text without whitespace, the rest exactly after trimming. */
function same(key: string, want: Json, have: unknown): boolean {
  if (key === 'amount') {
    const [a, b] = [parseDecimal(String(want)), typeof have === 'string' ? parseDecimal(have) : undefined];
    return a !== undefined && b !== undefined && compareDecimals(a, b) === 0;
  }
  if (TEXT_KEYS.has(key)) return typeof have === 'string' && withoutWhitespace(String(want)) === withoutWhitespace(have);
  if (key === 'structuredReference') return JSON.stringify(asList(want).map((x) => String(x).trim())) === JSON.stringify(asList(have).map((x) => String(x).trim()));
  if (typeof want === 'string') return typeof have === 'string' && want.trim() === have.trim();
  return want === have;
}

/** Each value of the truth the reader's output does not have, as 'path: want ... got ...'. */
function mismatches(want: Json, have: unknown, path: string): string[] {
  if (Array.isArray(want)) {
    const list = Array.isArray(have) ? (have as unknown[]) : [];
    const count = want.length === list.length ? [] : [`${path}: want ${want.length} items got ${list.length}`];
    return [...count, ...want.flatMap((w: Json, i: number) => mismatches(w, list[i], `${path}[${i}]`))];
  }
  if (want !== null && typeof want === 'object') {
    const object = (have ?? {}) as Record<string, unknown>;
    return Object.entries(want).flatMap(([key, w]) =>
      w !== null && typeof w === 'object' && key !== 'structuredReference'
        ? mismatches(w, object[key], `${path}.${key}`)
        : object[key] !== undefined && object[key] !== null && same(key, w, object[key])
          ? []
          : [`${path}.${key}: want ${JSON.stringify(w)} got ${JSON.stringify(object[key])}`],
    );
  }
  return [];
}

describe('readStatement on the shared corpus', () => {
  it.each(Object.keys(truth).sort())('reads %s as truth.json has it', (name) => {
    const result = readStatement(readFileSync(statementPath(name)));
    if (!result.ok) expect.fail(`${name} refused: ${result.error.code}: ${result.error.message}`);
    expect(mismatches(truth[name]!, result.file, name)).toEqual([]);
  });
});
