import { validation } from './errors';

/**
 * DynamoDB's checks of a request's parameters against its model (required, lengths, patterns,
 * enumerations), with its messages: every failed constraint is listed, "N validation errors
 * detected: Value 'x' at 'limit' failed to satisfy constraint: ...".
 */
export class Constraints {
  private readonly failures: string[] = [];

  private fail(value: unknown, at: string, constraint: string): void {
    if (this.failures.length >= 10) return;
    const shown = value === null || value === undefined ? 'null' : `'${Array.isArray(value) ? `[${value.join(', ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value)}'`;
    this.failures.push(`Value ${shown} at '${at}' failed to satisfy constraint: ${constraint}`);
  }

  notNull(value: unknown, at: string): this {
    if (value === undefined || value === null) this.fail(value, at, 'Member must not be null');
    return this;
  }

  /** A table or index name: 3 to 255 characters of letters, digits, `_`, `-` and `.`. */
  name(value: unknown, at: string): this {
    if (typeof value !== 'string') return this;
    if (!/^[a-zA-Z0-9_.-]+$/.test(value)) this.fail(value, at, 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+');
    if (value.length < 3) this.fail(value, at, 'Member must have length greater than or equal to 3');
    if (value.length > 255) this.fail(value, at, 'Member must have length less than or equal to 255');
    return this;
  }

  oneOf(value: unknown, at: string, allowed: readonly string[]): this {
    if (value !== undefined && value !== null && !allowed.includes(value as string)) this.fail(value, at, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    return this;
  }

  atLeast(value: unknown, at: string, least: number): this {
    if (typeof value === 'number' && value < least) this.fail(value, at, `Member must have value greater than or equal to ${least}`);
    return this;
  }

  atMost(value: unknown, at: string, most: number): this {
    if (typeof value === 'number' && value > most) this.fail(value, at, `Member must have value less than or equal to ${most}`);
    return this;
  }

  length(value: unknown, at: string, least: number, most?: number): this {
    const size = Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : null;
    if (size === null) return this;
    if (size < least) this.fail(value, at, `Member must have length greater than or equal to ${least}`);
    if (most !== undefined && size > most) this.fail(value, at, `Member must have length less than or equal to ${most}`);
    return this;
  }

  /** Throws the ValidationException listing every failure, if any. */
  check(): void {
    const count = this.failures.length;
    if (count > 0) throw validation(`${count} validation error${count > 1 ? 's' : ''} detected: ${this.failures.join('; ')}`);
  }
}

/** The parameters of the API before expressions, which the twin does not answer: it says so rather than ignore them. */
export function refuseLegacy(input: Readonly<Record<string, unknown>>, parameters: readonly string[]): void {
  const given = parameters.filter((parameter) => input[parameter] !== undefined);
  if (given.length > 0) {
    throw validation(`the DynamoDB twin answers expression parameters only, not the legacy ${given.join(', ')}: use the expression that replaces it`);
  }
}

// In the order DynamoDB lists them in its messages.
export const RETURN_VALUES = ['ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW'] as const;
export const SELECT = ['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES'] as const;
export const CONSUMED_CAPACITY = ['INDEXES', 'TOTAL', 'NONE'] as const;
