// How the console writes amounts, dates and figures for the reader's locale. No DOM here: the
// unit tests import this module in Node. Amounts come from the API as decimal strings and are
// never put through a binary float: Intl lays out the sign, currency and groups of the whole part
// as a BigInt (any number of digits), and the fraction's digits are the string's own.

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** An amount is above zero: read from its digits, never a float. @example isPositiveAmount('0.01') // true */
export const isPositiveAmount = (amount) => !String(amount).startsWith('-') && /[1-9]/.test(String(amount));
/** An amount is zero, whatever its sign or scale. @example isZeroAmount('-0.00') // true */
export const isZeroAmount = (amount) => !/[1-9]/.test(String(amount));

/**
 * The formatters of one locale, each Intl object built once (per currency, per number of
 * fraction digits) and kept: a table of a thousand rows builds none.
 * @example formatsFor('de-DE').money('1234.5', 'EUR') // '1.234,50 €'
 */
export function formatsFor(locale) {
  const cache = new Map();
  const cached = (key, make) => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key);
  };
  const numberFormat = (options) => cached(`number ${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
  // The locale's own digits for a run of digits, leading zeros kept (a fraction's "05").
  const digitsOf = (digits) =>
    digits.length === 0 ? '' : numberFormat({ useGrouping: false, minimumIntegerDigits: Math.min(digits.length, 21) }).format(BigInt(digits));

  /**
   * A decimal string laid out by Intl with the given style, its digits exact: Intl formats the
   * whole part as a BigInt with as many zero fraction digits as the string has (sign, currency or
   * unit, groups, plural all its own), and the fraction's zeros are replaced by the string's
   * digits. Null for text that is not a decimal.
   */
  const exact = (text, options, minimumFractionDigits) => {
    const match = DECIMAL.exec(String(text).trim());
    if (!match) return null;
    const [, minus, whole, given = ''] = match;
    // Zeros past the currency's digits say nothing; any other digit is shown, not rounded away.
    const fraction = given.replace(/0+$/, '').padEnd(minimumFractionDigits, '0');
    const format = numberFormat({ ...options, minimumFractionDigits: fraction.length, maximumFractionDigits: fraction.length });
    const magnitude = BigInt(whole);
    const negative = minus === '-' && /[1-9]/.test(whole + fraction);
    // BigInt has no -0: a negative amount under one takes its sign from -1, and its whole part is 0.
    const shape = format.formatToParts(negative ? (magnitude === 0n ? -1n : -magnitude) : magnitude);
    return shape
      .map((part) => (part.type === 'fraction' ? digitsOf(fraction) : part.type === 'integer' && magnitude === 0n ? digitsOf('0') : part.value))
      .join('');
  };

  const currencyDigits = (currency) =>
    cached(`digits ${currency}`, () => {
      try {
        return new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
      } catch {
        return null;
      }
    });

  /** An amount in its currency: '—' for none; a code Intl does not know is written before the digits. */
  const money = (amount, currency) => {
    if (amount === null || amount === undefined) return '—';
    const digits = currency ? currencyDigits(currency) : null;
    if (digits === null) return `${currency ?? ''} ${amount}`.trim();
    return exact(amount, { style: 'currency', currency }, digits) ?? `${currency} ${amount}`;
  };

  const dateFormat = () => cached('date', () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }));
  const monthFormat = () => cached('month', () => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }));
  const instantFormat = () => cached('instant', () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
  const unit = (value, options) => (value === null || value === undefined ? '—' : (exact(value, { style: 'unit', ...options }, 0) ?? String(value)));

  return {
    locale,
    money,
    /** A change with its sign written out: '-40' reads − €40.00, '40' + €40.00. */
    signedMoney: (amount, currency) => (String(amount).startsWith('-') ? `− ${money(String(amount).slice(1), currency)}` : `+ ${money(amount, currency)}`),
    /**
     * A calendar date (YYYY-MM-DD) as the day it names: formatted in UTC, where its midnight is,
     * so no time zone moves it to the day before. Text that is not a date is shown as it is.
     */
    date: (isoDate) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(isoDate ?? ''));
      if (!match) return isoDate ?? '—';
      return dateFormat().format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
    },
    /** A calendar month (YYYY-MM), formatted in UTC as date() is, so no time zone moves it. Text that is not a month is shown as it is. */
    month: (isoMonth) => {
      const match = /^(\d{4})-(\d{2})$/.exec(String(isoMonth ?? ''));
      return match ? monthFormat().format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1))) : (isoMonth ?? '—');
    },
    /** An instant (ISO 8601, UTC) in the reader's own time zone. */
    instant: (iso) => {
      const at = new Date(String(iso ?? ''));
      return Number.isNaN(at.getTime()) ? (iso ?? '—') : instantFormat().format(at);
    },
    /** A percentage given as its decimal string ('87.5' is 87.5 %). */
    percent: (value) => unit(value, { unit: 'percent' }),
    /** A number of days, whole or a decimal string. */
    days: (value) => unit(value, { unit: 'day', unitDisplay: 'long' }),
    /** A count. */
    count: (value) => (value === null || value === undefined ? '—' : (exact(value, {}, 0) ?? String(value))),
    /** A share between 0 and 1 (a match's confidence), as a whole percentage: not money, so a float is fine. */
    share: (fraction) => numberFormat({ style: 'percent', maximumFractionDigits: 0 }).format(fraction),
  };
}

/** The locale the reader's browser asks for first. */
export const readerLocale = (navigatorLike) => navigatorLike.languages?.[0] ?? navigatorLike.language ?? 'en';
