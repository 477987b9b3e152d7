import { z } from 'zod';
import { compareDecimals, type Decimal } from '../domain/money';
import { describeInvalid } from '../domain/policy';
import { RequestRefusedError } from './http';

/** Rows a list answers when the page asks for no number. */
export const DEFAULT_LIMIT = 50;
/** The most rows one answer of a list holds: a page, never the whole ledger. */
export const MAX_LIMIT = 200;
/** The longest text a query parameter may carry: names, ids and codes are all shorter. */
export const MAX_PARAMETER_LENGTH = 200;

const wholeNumber = (max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max}`));

/** `offset` and `limit` of every list: 0 and {@link DEFAULT_LIMIT} unless given; a limit of 1 to {@link MAX_LIMIT}. */
export const PAGE_PARAMETERS = {
  offset: wholeNumber(1_000_000_000).default(0),
  limit: wholeNumber(MAX_LIMIT)
    .pipe(z.number().min(1, 'must be at least 1'))
    .default(DEFAULT_LIMIT),
};

/** A text parameter: trimmed, at most {@link MAX_PARAMETER_LENGTH} characters. */
export const textParameter = z.string().trim().max(MAX_PARAMETER_LENGTH, `must be at most ${MAX_PARAMETER_LENGTH} characters`);

/** One of a closed list of values, refused naming the list. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(', ')}` });

/**
 * `sort` among the fields a list sorts by (the default when absent), and `order`.
 * @example sortParameters(['number', 'due'], 'due', 'desc')
 */
export const sortParameters = <const T extends readonly [string, ...string[]]>(fields: T, field: T[number], order: SortOrder) => ({
  sort: oneOf(fields).default(field as never),
  order: oneOf(['asc', 'desc']).default(order),
});

export type SortOrder = 'asc' | 'desc';

/**
 * The query of a request read against the parameters a route takes: an unknown parameter, one
 * given twice, or a value out of its bounds is the caller's mistake (400), named.
 */
export function readQuery<T extends z.ZodRawShape>(parameters: T, query: URLSearchParams): z.output<z.ZodObject<T>> {
  const values: Record<string, string> = {};
  for (const [name, value] of query) {
    if (Object.hasOwn(values, name)) throw new RequestRefusedError(400, `query.${name}: given more than once`);
    values[name] = value;
  }
  const read = z.strictObject(parameters).safeParse(values);
  if (!read.success) throw new RequestRefusedError(400, describeInvalid(read.error, 'query'));
  return read.data;
}

/** One page of a list: its rows from `offset`, at most `limit`, and how many there are in all. */
export interface Page<Row> {
  readonly rows: readonly Row[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

/** The page of rows a request asks for. @example pageOf(['a', 'b', 'c'], { offset: 1, limit: 1 }) // { rows: ['b'], total: 3, offset: 1, limit: 1 } */
export const pageOf = <Row>(rows: readonly Row[], { offset, limit }: { readonly offset: number; readonly limit: number }): Page<Row> => ({
  rows: rows.slice(offset, offset + limit),
  total: rows.length,
  offset,
  limit,
});

/** Orders rows by a comparison, ascending or descending; rows the comparison ties keep their order. */
export const sortedBy = <Row>(rows: readonly Row[], compare: (a: Row, b: Row) => number, order: SortOrder): Row[] =>
  [...rows].sort((a, b) => (order === 'asc' ? compare(a, b) : compare(b, a)));

/**
 * Compares rows by an amount, exactly. Amounts of two currencies are not comparable: the
 * currencies come alphabetically whichever the order ({@link sortedBy} turns the comparison
 * round for `desc`), the amounts within each in the order asked.
 */
export const byAmountInCurrency =
  <Row>(amountOf: (row: Row) => { readonly currency: string; readonly amount: Decimal }, order: SortOrder) =>
  (a: Row, b: Row): number => {
    const [x, y] = [amountOf(a), amountOf(b)];
    return x.currency.localeCompare(y.currency) * (order === 'asc' ? 1 : -1) || compareDecimals(x.amount, y.amount);
  };

/** Whether a name or id contains the text a person typed, whatever its case. */
export const matchesText = (needle: string, ...haystacks: readonly (string | null | undefined)[]): boolean => {
  const wanted = needle.toLowerCase();
  return haystacks.some((haystack) => haystack?.toLowerCase().includes(wanted) ?? false);
};
