import Big from 'big.js';

/**
 * An exact decimal amount as the document wrote it ('1234.50', '-12', '.5'): an xs:decimal,
 * made only by {@link parseDecimal}. Arithmetic goes through big.js, never through `number`.
 */
export type Decimal = string & { readonly __brand: 'Decimal' };

// xs:decimal lexical space: optional sign, digits with an optional point; no exponent, no comma.
const XS_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** The decimal, or undefined when the text is not an xs:decimal (e.g. '177,87', '1e3', ''). */
export const parseDecimal = (text: string): Decimal | undefined => {
  const trimmed = text.trim();
  return XS_DECIMAL.test(trimmed) ? (trimmed as Decimal) : undefined;
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
