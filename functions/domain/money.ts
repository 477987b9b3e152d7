import Big from 'big.js';

/**
 * An exact decimal amount as the document wrote it ('1234.50', '-12', '.5'), less any leading '+':
 * an xs:decimal the ledger can store, made only by {@link readDecimal}. Arithmetic goes through
 * big.js, never through `number`.
 */
export type Decimal = string & { readonly __brand: 'Decimal' };

/**
 * Digits before the decimal point, leading zeros aside: a quintillion in any currency is far past
 * any invoice, and with {@link MAX_FRACTION_DIGITS} an amount stays within the 38 significant digits
 * a DynamoDB number holds.
 */
export const MAX_INTEGER_DIGITS = 18;
/** Digits after the decimal point: unit prices and rates use a few, 20 leaves room for any. */
export const MAX_FRACTION_DIGITS = 20;

// xs:decimal lexical space: optional sign, digits with an optional point; no exponent, no comma.
const XS_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

export type DecimalReading =
  | { readonly ok: true; readonly value: Decimal }
  | { readonly ok: false; readonly reason: 'not-a-decimal' | 'too-many-digits' };

/**
 * The text as a Decimal, or why not: not an xs:decimal ('177,87', '1e3', ''), or more digits than
 * the ledger stores. A leading '+' is valid xs:decimal and dropped, since big.js refuses it.
 * @example readDecimal('+1656.25') // { ok: true, value: '1656.25' }
 */
export function readDecimal(text: string): DecimalReading {
  const trimmed = text.trim();
  const match = XS_DECIMAL.exec(trimmed);
  const [, sign = '', integer = '', fraction] = match ?? [];
  if (!match || (integer === '' && !fraction)) return { ok: false, reason: 'not-a-decimal' };
  if (integer.replace(/^0+/, '').length > MAX_INTEGER_DIGITS || (fraction ?? '').length > MAX_FRACTION_DIGITS) {
    return { ok: false, reason: 'too-many-digits' };
  }
  return { ok: true, value: (sign === '+' ? trimmed.slice(1) : trimmed) as Decimal };
}

/** The decimal, or undefined when {@link readDecimal} refuses the text. */
export const parseDecimal = (text: string): Decimal | undefined => {
  const reading = readDecimal(text);
  return reading.ok ? reading.value : undefined;
};

/** Exact sum of decimals. @example sumDecimals(['0.10', '0.20']) // '0.3' */
export const sumDecimals = (amounts: readonly Decimal[]): Decimal =>
  amounts.reduce((total, amount) => total.plus(amount), new Big(0)).toFixed() as Decimal;

/** -1, 0 or 1 as a is less than, equal to or greater than b, exactly ('1.0' equals '1'). */
export const compareDecimals = (a: Decimal, b: Decimal): -1 | 0 | 1 => new Big(a).cmp(b);

/** Exact a - b. @example subtractDecimals('1000.00', '400.5') // '599.5' */
export const subtractDecimals = (a: Decimal, b: Decimal): Decimal => new Big(a).minus(b).toFixed() as Decimal;

/** Whether the amount is more than zero. */
export const isPositive = (amount: Decimal): boolean => new Big(amount).gt(0);

/**
 * Simple interest, rounded half-up to cents: amount × rate% × days / 365.
 * @example simpleInterest('1000.00', '10.15', 30) // '8.34'
 */
export const simpleInterest = (amount: Decimal, annualRatePercent: Decimal, days: number): Decimal =>
  new Big(amount).times(annualRatePercent).times(days).div(36_500).round(2, Big.roundHalfUp).toFixed(2) as Decimal;

/** Exact a + b. */
export const addDecimals = (a: Decimal, b: Decimal): Decimal => new Big(a).plus(b).toFixed() as Decimal;

/** Exact a × b. */
export const multiplyDecimals = (a: Decimal, b: Decimal): Decimal => new Big(a).times(b).toFixed() as Decimal;

/** Rounded half-up to cents, written with two decimals. @example toCents('2.675') // '2.68' */
export const toCents = (amount: Decimal): Decimal => new Big(amount).round(2, Big.roundHalfUp).toFixed(2) as Decimal;

/** Exact rate percent of an amount. @example percentOf('200.00', '19') // '38' */
export const percentOf = (amount: Decimal, ratePercent: Decimal): Decimal => new Big(amount).times(ratePercent).div(100).toFixed() as Decimal;

/** a ÷ b × days, to one decimal (half-up): a ratio of amounts read as days. */
export const daysOutstanding = (a: Decimal, b: Decimal, days: number): Decimal => new Big(a).div(b).times(days).round(1, Big.roundHalfUp).toFixed(1) as Decimal;

/** a ÷ b × 100, to one decimal (half-up). @example percentage('1', '3') // '33.3' */
export const percentage = (a: Decimal, b: Decimal): Decimal => new Big(a).div(b).times(100).round(1, Big.roundHalfUp).toFixed(1) as Decimal;

/** The larger of an amount and zero. */
export const atLeastZero = (amount: Decimal): Decimal => (new Big(amount).gt(0) ? amount : ('0' as Decimal));

/** Written with one decimal. @example oneDecimal('45') // '45.0' */
export const oneDecimal = (amount: Decimal): Decimal => new Big(amount).toFixed(1) as Decimal;

/**
 * Digits after the point of the ISO 4217 currencies that have other than two. A short table on
 * purpose, until the ISO 4217 list the e-invoice readers keep (functions/domain/einvoice) carries
 * the minor units: then this reads them from there.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Digits after the point a currency's amounts have (ISO 4217 minor units); 2 for a code the table does not list. @example minorUnitsOf('JPY') // 0 */
export const minorUnitsOf = (currency: string): number => MINOR_UNITS[currency.toUpperCase()] ?? 2;

/** The most digits after the point of any currency (CLF, UYW): what an amount may have before its currency is known. */
const MAX_MINOR_UNITS = 4;
/** Digits before the point: far beyond any invoice, well inside DynamoDB's 38 significant digits. */
const MAX_WHOLE_DIGITS = 15;

/** Digits written after the point. @example fractionDigitsOf('12.50') // 2 */
const fractionDigitsOf = (amount: Decimal): number => {
  const point = amount.indexOf('.');
  return point < 0 ? 0 : amount.length - point - 1;
};

/**
 * a − b written with as many digits after the point as the more precise of the two: a term worked
 * out from two a document gives reads like them.
 * @example subtractAsWritten('235.60', '0.00') // '235.60'
 */
export const subtractAsWritten = (a: Decimal, b: Decimal): Decimal =>
  new Big(a).minus(b).toFixed(Math.max(fractionDigitsOf(a), fractionDigitsOf(b))) as Decimal;

/** An amount someone pays, promises or gets back, or what is wrong with the text, in words that name it. */
export type AmountReading = { readonly ok: true; readonly amount: Decimal } | { readonly ok: false; readonly problem: string };

/**
 * The one rule for an amount of money that changes hands (paid, promised, returned): an
 * xs:decimal, more than zero, at most 15 digits before the point, and no more digits after it
 * than the currency has; before the currency is known, than any currency has.
 * @example readAmount('-1000.00') // { ok: false, problem: '"-1000.00" is not more than zero' }
 * @example readAmount('10.5', 'JPY') // { ok: false, problem: '"10.5" has 1 digit after the point; JPY amounts have 0' }
 */
export const readAmount = (text: string, currency?: string): AmountReading => {
  const quoted = JSON.stringify(text);
  const amount = parseDecimal(text);
  if (!amount) return { ok: false, problem: `${quoted} is not a decimal amount (e.g. "1200.00")` };
  if (!isPositive(amount)) return { ok: false, problem: `${quoted} is not more than zero` };
  const whole = amount.split('.')[0] ?? '';
  if (whole.length > MAX_WHOLE_DIGITS) return { ok: false, problem: `${quoted} has ${whole.length} digits before the point; at most ${MAX_WHOLE_DIGITS}` };
  const digits = fractionDigitsOf(amount);
  const allowed = currency === undefined ? MAX_MINOR_UNITS : minorUnitsOf(currency);
  if (digits > allowed) {
    const limit = currency === undefined ? `at most ${allowed}` : `${currency} amounts have ${allowed}`;
    return { ok: false, problem: `${quoted} has ${digits} ${digits === 1 ? 'digit' : 'digits'} after the point; ${limit}` };
  }
  return { ok: true, amount };
};

/** The amount with the opposite sign: what a returned payment takes back. @example negate('12.50') // '-12.5' */
export const negate = (amount: Decimal): Decimal => new Big(amount).neg().toFixed() as Decimal;

/** The same value in plain digits, no exponent, no trailing zeros: what DynamoDB stores as a number. @example plainDecimal('5.') // '5' */
export const plainDecimal = (amount: Decimal): Decimal => new Big(amount).toFixed() as Decimal;

/**
 * An amount written with its currency's minor digits, as people read it (and as invoices write it).
 * @example inCurrencyDigits('1200', 'EUR') // '1200.00'
 */
export const inCurrencyDigits = (amount: Decimal, currency: string): Decimal =>
  new Big(amount).round(minorUnitsOf(currency), Big.roundHalfUp).toFixed(minorUnitsOf(currency)) as Decimal;
