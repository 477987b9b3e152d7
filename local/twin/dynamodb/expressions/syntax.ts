/**
 * The syntax trees of DynamoDB's expressions, as parsed from their text alone: expression attribute
 * names (`#n`) and values (`:v`) stay placeholders, so one parse serves every call that sends the
 * same text with other values.
 */

/** One step of a document path: an attribute name as written, a `#name` placeholder, or a list index. */
export type Segment = { readonly name: string } | { readonly ref: string } | { readonly index: number };

export interface Path {
  readonly kind: 'path';
  readonly segments: readonly Segment[];
}

export interface ValueRef {
  readonly kind: 'value';
  readonly ref: string;
}

export interface Call {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Operand[];
}

export type Operand = Path | ValueRef | Call;

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** A leaf of a condition: where DynamoDB checks names, values and operand types. */
export type Leaf =
  | { readonly kind: 'compare'; readonly op: Comparator; readonly args: readonly [Operand, Operand] }
  | { readonly kind: 'between'; readonly args: readonly [Operand, Operand, Operand] }
  | { readonly kind: 'in'; readonly args: readonly Operand[] }
  | { readonly kind: 'function'; readonly call: Call };

export type Condition =
  | Leaf
  | { readonly kind: 'and'; readonly args: readonly [Condition, Condition] }
  | { readonly kind: 'or'; readonly args: readonly [Condition, Condition] }
  | { readonly kind: 'not'; readonly arg: Condition };

/** `a + b` or `a - b` in a SET action. */
export interface Arithmetic {
  readonly kind: 'plus' | 'minus';
  readonly args: readonly [Operand, Operand];
}

export type SetValue = Operand | Arithmetic;

export const isArithmetic = (value: SetValue): value is Arithmetic => value.kind === 'plus' || value.kind === 'minus';

export type UpdateAction =
  | { readonly kind: 'set'; readonly path: Path; readonly value: SetValue }
  | { readonly kind: 'remove'; readonly path: Path }
  | { readonly kind: 'add' | 'delete'; readonly path: Path; readonly value: ValueRef };

/** A syntax error, worded as DynamoDB words it. */
export class ExpressionSyntaxError extends Error {
  override readonly name = 'ExpressionSyntaxError';
}
