import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDecimals,
  compareDecimals,
  isPositive,
  minorUnitsOf,
  negate,
  parseDecimal,
  plainDecimal,
  readAmount,
  readDecimal,
  simpleInterest,
  subtractDecimals,
  sumDecimals,
  type Decimal,
} from '../../../functions/domain/money';

/** A decimal for literals in tests: the text, checked. */
const d = (text: string): Decimal => {
  const value = parseDecimal(text);
  if (value === undefined) throw new RangeError(`not a decimal: '${text}'`);
  return value;
};

/** Minor units (cents) written as a decimal with two places: -1234n -> '-12.34'. */
const fromCents = (cents: bigint): Decimal => {
  const abs = cents < 0n ? -cents : cents;
  return d(`${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`);
};

// Up to 10^16 in units: past float precision in cents, and 50 of them still sum within MAX_INTEGER_DIGITS.
const arbCents = fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n });

describe('parseDecimal', () => {
  it.each(['1', '-1.50', '.5', '3.', '0', '-0', '000123.4500', '999999999999999999.99999999999999999999'])('accepts the xs:decimal %s as written', (text) =>
    expect(parseDecimal(text)).toBe(text));

  it.each([
    ['+1656.25', '1656.25'],
    ['+3.', '3.'],
    ['+.5', '.5'],
  ])('reads the leading + of %s, which big.js refuses, as %s', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
    expect(compareDecimals(d(text), d(value))).toBe(0);
  });

  it('counts integer digits after leading zeros', () => expect(parseDecimal(`${'0'.repeat(30)}1.5`)).toBe(`${'0'.repeat(30)}1.5`));

  it.each([
    ['19 integer digits', '1234567890123456789'],
    ['21 fraction digits', '0.123456789012345678901'],
    ['40 digits', '1234567890123456789012345678901234567890'],
  ])('refuses more digits than the ledger stores: %s', (_what, text) =>
    expect([parseDecimal(text), readDecimal(text)]).toEqual([undefined, { ok: false, reason: 'too-many-digits' }]));

  it('trims surrounding whitespace, as xs:decimal does', () => expect(parseDecimal(' \n 12.30\t')).toBe('12.30'));

  it.each(['1,5', '177,87', '1e3', '1E-2', '', ' ', 'NaN', 'Infinity', '.', '-', '+', '1.2.3', '0x10', '1 000', '12.50 EUR', '--1', '1-'])(
    'refuses %j',
    (text) => expect([parseDecimal(text), readDecimal(text)]).toEqual([undefined, { ok: false, reason: 'not-a-decimal' }]),
  );
});

describe('sumDecimals', () => {
  it('adds exactly where floats do not', () => expect(sumDecimals([d('0.10'), d('0.20')])).toBe('0.3'));

  it('sums nothing to zero', () => expect(sumDecimals([])).toBe('0'));

  it('is exact: the sum of cent amounts is the bigint sum of the cents', () =>
    fc.assert(
      fc.property(fc.array(arbCents, { maxLength: 50 }), (cents) => {
        const expected = fromCents(cents.reduce((total, c) => total + c, 0n));
        return compareDecimals(sumDecimals(cents.map(fromCents)), expected) === 0;
      }),
    ));

  it('never writes an exponent, however large or small the sum', () =>
    fc.assert(
      fc.property(fc.array(arbCents, { minLength: 1, maxLength: 10 }), (cents) => parseDecimal(sumDecimals(cents.map(fromCents))) !== undefined),
    ));
});

describe('compareDecimals', () => {
  it('reads trailing zeros as the same amount', () => {
    expect(compareDecimals(d('1000'), d('1000.00'))).toBe(0);
    expect(compareDecimals(d('.5'), d('0.50'))).toBe(0);
    expect(compareDecimals(d('-0'), d('0'))).toBe(0);
  });

  it('orders as the cents do', () =>
    fc.assert(
      fc.property(arbCents, arbCents, (a, b) => compareDecimals(fromCents(a), fromCents(b)) === (a < b ? -1 : a > b ? 1 : 0)),
    ));
});

describe('addDecimals and subtractDecimals', () => {
  it('subtracts exactly', () => expect(subtractDecimals(d('1000.00'), d('400.5'))).toBe('599.5'));

  it('undo each other', () =>
    fc.assert(
      fc.property(arbCents, arbCents, (a, b) => compareDecimals(subtractDecimals(addDecimals(fromCents(a), fromCents(b)), fromCents(b)), fromCents(a)) === 0),
    ));
});

describe('isPositive', () => {
  it.each([
    ['0.01', true],
    ['0', false],
    ['-0.01', false],
  ])('says %s is positive: %s', (amount, expected) => expect(isPositive(d(amount))).toBe(expected));
});

describe('simpleInterest', () => {
  it('charges amount × rate% × days / 365, to the cent', () => expect(simpleInterest(d('1000.00'), d('10.15'), 30)).toBe('8.34'));

  it('rounds half a cent up', () => expect(simpleInterest(d('36.50'), d('5'), 1)).toBe('0.01'));
});

describe('readAmount', () => {
  it.each(['0.01', '1200', '1200.00', '.5', '999999999999999.9999'])('takes %s', (text) => expect(readAmount(text)).toEqual({ ok: true, amount: text }));

  it('takes an amount with a plus sign, and keeps it without', () => expect(readAmount('+5.00')).toEqual({ ok: true, amount: '5.00' }));

  it.each([
    ['-1000.00', '"-1000.00" is not more than zero'],
    ['0', '"0" is not more than zero'],
    ['-0.00', '"-0.00" is not more than zero'],
    ['1e3', '"1e3" is not a decimal amount (e.g. "1200.00")'],
    ['12,50', '"12,50" is not a decimal amount (e.g. "1200.00")'],
    ['', '"" is not a decimal amount (e.g. "1200.00")'],
    ['1000000000000000', '"1000000000000000" has 16 digits before the point; at most 15'],
    ['0.00001', '"0.00001" has 5 digits after the point; at most 4'],
  ])('refuses %s', (text, problem) => expect(readAmount(text)).toEqual({ ok: false, problem }));

  it("bounds the digits after the point by the currency's minor units", () => {
    expect(readAmount('10.5', 'JPY')).toEqual({ ok: false, problem: '"10.5" has 1 digit after the point; JPY amounts have 0' });
    expect(readAmount('10.125', 'EUR')).toEqual({ ok: false, problem: '"10.125" has 3 digits after the point; EUR amounts have 2' });
    expect(readAmount('10.125', 'KWD')).toEqual({ ok: true, amount: '10.125' });
    expect(readAmount('10.1234', 'CLF')).toEqual({ ok: true, amount: '10.1234' });
  });

  it('refuses every amount that is not more than zero, and takes every positive one with at most two places in EUR', () =>
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 17n) + 1n, max: 10n ** 17n - 1n }), (cents) => readAmount(fromCents(cents), 'EUR').ok === cents > 0n)));
});

describe('minorUnitsOf', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['OMR', 3],
    ['JOD', 3],
    ['TND', 3],
    ['LYD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['jpy', 0],
    ['XYZ', 2],
  ])('gives %s %i digits after the point', (currency, digits) => expect(minorUnitsOf(currency)).toBe(digits));
});

describe('negate and plainDecimal', () => {
  it('writes the value in plain digits, without a sign for a positive one', () => {
    expect(negate(d('12.50'))).toBe('-12.5');
    expect(plainDecimal(d('5.'))).toBe('5');
    expect(plainDecimal(d('000123.4500'))).toBe('123.45');
  });
});
