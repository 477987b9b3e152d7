import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatsFor } from '../../../../local/console/static/js/format.js';

afterEach(() => vi.restoreAllMocks());

/** The digits of a formatted amount, the locale's separators taken out: what a reader would copy. */
const digitsOf = (text: string): string => text.replace(/[^\d,]/g, '').replace(',', '.');

describe('the console amount formatter', () => {
  it('writes 12345678901234567.89 with every digit, past what a binary float holds', () => {
    expect(formatsFor('de-DE').money('12345678901234567.89', 'EUR')).toBe('12.345.678.901.234.567,89\u00a0€');
    expect(formatsFor('en-US').money('12345678901234567.89', 'EUR')).toBe('€12,345,678,901,234,567.89');
    // What the float would have shown: the digits the formatter must not.
    expect(String(Number('12345678901234567.89'))).toBe('12345678901234568');
  });

  it('pads to the currency digits and keeps any digit past them instead of rounding it away', () => {
    const de = formatsFor('de-DE');
    expect(de.money('1234.56', 'EUR')).toBe('1.234,56\u00a0€');
    expect(de.money('3703.4', 'EUR')).toBe('3.703,40\u00a0€');
    expect(de.money('0', 'EUR')).toBe('0,00\u00a0€');
    expect(de.money('0.125', 'EUR')).toBe('0,125\u00a0€');
    expect(de.money('12.5000', 'EUR')).toBe('12,50\u00a0€');
    expect(formatsFor('en-US').money('1000', 'JPY')).toBe('¥1,000');
  });

  it('signs a negative amount, one under a unit too, and no zero', () => {
    const en = formatsFor('en-US');
    expect(en.money('-0.5', 'USD')).toBe('-$0.50');
    expect(en.money('-1593.12', 'EUR')).toBe('-€1,593.12');
    expect(en.money('-0.00', 'EUR')).toBe('€0.00');
    expect(en.signedMoney('-40', 'EUR')).toBe('− €40.00');
    expect(en.signedMoney('40', 'EUR')).toBe('+ €40.00');
  });

  it('shows a dash for no amount and the text itself for one that is not a decimal', () => {
    const en = formatsFor('en-US');
    expect(en.money(null, 'EUR')).toBe('—');
    expect(en.money('1e3', 'EUR')).toBe('EUR 1e3');
  });

  it('keeps every digit of any amount, in groups of the locale', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 99 }), fc.boolean(), (whole, cents, negative) => {
        const amount = `${negative ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`;
        const shown = formatsFor('de-DE').money(amount, 'EUR');
        const isZero = whole === 0n && cents === 0;
        return digitsOf(shown) === `${whole}.${String(cents).padStart(2, '0')}` && shown.startsWith('-') === (negative && !isZero);
      }),
    ));

  it('builds each Intl formatter once per locale and currency, not once per amount', () => {
    const built = vi.spyOn(Intl, 'NumberFormat');
    const en = formatsFor('en-GB');
    for (let row = 0; row < 200; row++) en.money(`${row}.5`, row % 2 ? 'EUR' : 'USD');
    // Per currency: its digits, and one layout for two fraction digits.
    expect(built.mock.calls.length).toBeGreaterThan(0);
    expect(built.mock.calls.length).toBeLessThanOrEqual(4);
  });
});

describe('the console date and figure formatters', () => {
  it('writes a calendar date as the day it names, in any time zone of the reader', () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      expect(formatsFor('en-GB').date('2026-03-05')).toBe('5 Mar 2026');
      expect(formatsFor('de-DE').date('2026-03-05')).toBe('05.03.2026');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('writes a calendar month as the month it names, in any time zone of the reader', () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      expect(formatsFor('en-GB').month('2026-03')).toBe('Mar 2026');
      expect(formatsFor('de-DE').month('2026-01')).toBe('Jan. 2026');
      expect(formatsFor('en-GB').month('not a month')).toBe('not a month');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('writes percentages and days from their decimal strings, in the words of the locale', () => {
    expect(formatsFor('de-DE').percent('87.5')).toBe('87,5\u00a0%');
    expect(formatsFor('en-GB').percent('100')).toBe('100%');
    expect(formatsFor('en-GB').days('45.3')).toBe('45.3 days');
    expect(formatsFor('en-GB').days(1)).toBe('1 day');
    expect(formatsFor('de-DE').days('12')).toBe('12 Tage');
    expect(formatsFor('en-GB').days(null)).toBe('—');
  });
});
