import {
  ExpressionSyntaxError,
  type Call,
  type Comparator,
  type Condition,
  type Operand,
  type Path,
  type Segment,
  type SetValue,
  type UpdateAction,
  type ValueRef,
} from './syntax';

type TokenKind = 'ident' | 'name' | 'value' | 'int' | 'punct' | 'eof';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[A-Za-z0-9_]/;
const PUNCTUATION = ['<>', '<=', '>=', '(', ')', '[', ']', '.', ',', '=', '<', '>', '+', '-'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at]!;
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      at++;
      continue;
    }
    const start = at;
    if (char === '#' || char === ':') {
      at++;
      while (at < text.length && WORD.test(text[at]!)) at++;
      // A bare `#` or `:` names nothing: DynamoDB reports it as the offending token.
      tokens.push({ kind: at - start > 1 ? (char === '#' ? 'name' : 'value') : 'punct', text: text.slice(start, at), start, end: at });
    } else if (/[0-9]/.test(char)) {
      while (at < text.length && /[0-9]/.test(text[at]!)) at++;
      tokens.push({ kind: 'int', text: text.slice(start, at), start, end: at });
    } else if (WORD.test(char)) {
      while (at < text.length && WORD.test(text[at]!)) at++;
      tokens.push({ kind: 'ident', text: text.slice(start, at), start, end: at });
    } else {
      const punct = PUNCTUATION.find((candidate) => text.startsWith(candidate, at)) ?? char;
      at += punct.length;
      tokens.push({ kind: 'punct', text: punct, start, end: at });
    }
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: text.length, end: text.length });
  return tokens;
}

/** Facts about a parse that DynamoDB reports as errors once the text parses. */
export interface ParseNotes {
  /** Parentheses around parentheses: DynamoDB refuses them as redundant. */
  redundantParens: boolean;
}

/**
 * A backtracking recursive-descent parser over the tokens, in the manner of a PEG: every rule
 * either consumes tokens and returns its tree or returns null having consumed nothing. The token
 * furthest into the text any rule failed at is the one a syntax error names, as DynamoDB does.
 */
class Parser {
  private readonly tokens: Token[];
  private at = 0;
  private furthest = 0;
  readonly notes: ParseNotes = { redundantParens: false };

  constructor(
    private readonly text: string,
    private readonly keywords: ReadonlySet<string>,
  ) {
    this.tokens = tokenize(text);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  private fail(): null {
    this.furthest = Math.max(this.furthest, this.at);
    return null;
  }

  /** Runs a rule, putting the position back where it was when the rule fails. */
  attempt<T>(rule: () => T | null): T | null {
    const start = this.at;
    const result = rule();
    if (result === null) this.at = start;
    return result;
  }

  punct(text: string): boolean {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === text) {
      this.at++;
      return true;
    }
    this.fail();
    return false;
  }

  keyword(word: string): boolean {
    const token = this.peek();
    if (token.kind === 'ident' && token.text.toUpperCase() === word) {
      this.at++;
      return true;
    }
    this.fail();
    return false;
  }

  isKeyword = (token: Token): boolean => token.kind === 'ident' && this.keywords.has(token.text.toUpperCase());

  /** A name token usable as an attribute name or function name: not one of the grammar's keywords. */
  identifier(allowUnderscoreStart: boolean): string | null {
    const token = this.peek();
    if (token.kind !== 'ident' || this.isKeyword(token) || (!allowUnderscoreStart && token.text.startsWith('_'))) return this.fail();
    this.at++;
    return token.text;
  }

  valueRef(): ValueRef | null {
    const token = this.peek();
    if (token.kind !== 'value') return this.fail();
    this.at++;
    return { kind: 'value', ref: token.text };
  }

  /** One path element by name: a plain attribute name or a `#name`. */
  pathName(allowUnderscoreStart: boolean): Segment | null {
    const token = this.peek();
    if (token.kind === 'name') {
      this.at++;
      return { ref: token.text };
    }
    const name = this.identifier(allowUnderscoreStart);
    return name === null ? null : { name };
  }

  /** `a.b[1].#c`: a name, then any number of `[index]` and `.name` steps. */
  pathTail(head: readonly Segment[], allowUnderscoreStart: boolean): Path {
    const segments = [...head];
    for (;;) {
      const step = this.attempt<Segment>(() => {
        if (this.punct('[')) {
          const index = this.peek();
          if (index.kind !== 'int') return this.fail();
          this.at++;
          return this.punct(']') ? { index: Number(index.text) } : null;
        }
        return this.punct('.') ? this.pathName(allowUnderscoreStart) : null;
      });
      if (!step) return { kind: 'path', segments };
      segments.push(step);
    }
  }

  /** Function call arguments after the name: `( operand, operand, ... )`. */
  callArgs(operand: () => Operand | null): Operand[] | null {
    if (!this.punct('(')) return null;
    const args: Operand[] = [];
    do {
      const arg = operand();
      if (!arg) return null;
      args.push(arg);
    } while (this.attempt(() => (this.punct(',') ? true : null)));
    return this.punct(')') ? args : null;
  }

  call(operand: () => Operand | null): Call | null {
    return this.attempt<Call>(() => {
      const name = this.identifier(true);
      if (name === null) return null;
      const args = this.callArgs(operand);
      return args ? { kind: 'call', name, args } : null;
    });
  }

  end(): boolean {
    if (this.peek().kind === 'eof') return true;
    this.fail();
    return false;
  }

  /** The syntax error DynamoDB gives: the offending token and the text around it. */
  syntaxError(): ExpressionSyntaxError {
    const index = Math.min(this.furthest, this.tokens.length - 1);
    const token = this.tokens[index]!;
    const before = this.tokens[Math.max(0, index - 1)]!;
    const after = this.tokens[Math.min(index + 1, this.tokens.length - 1)]!;
    const near = this.text.slice(before.start, after.kind === 'eof' ? this.text.length : after.end);
    return new ExpressionSyntaxError(`Syntax error; token: "${token.text}", near: "${near}"`);
  }
}

const CONDITION_KEYWORDS: ReadonlySet<string> = new Set(['BETWEEN', 'IN', 'AND', 'OR', 'NOT']);
const UPDATE_KEYWORDS: ReadonlySet<string> = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);
const COMPARATORS: readonly Comparator[] = ['<>', '<=', '>=', '=', '<', '>'];

/** Parses a condition (ConditionExpression, FilterExpression, KeyConditionExpression). */
export function parseCondition(text: string): { condition: Condition; notes: ParseNotes } {
  const p = new Parser(text, CONDITION_KEYWORDS);

  const path = (): Path | null =>
    p.attempt(() => {
      const head = p.attempt<readonly Segment[]>(() => {
        const name = p.pathName(false);
        if (name) return [name];
        return p.attempt(() => {
          if (!p.punct('(')) return null;
          const double = p.attempt(() => (p.punct('(') ? true : null));
          const inner = path();
          if (!inner || !p.punct(')') || (double && !p.punct(')'))) return null;
          if (double) p.notes.redundantParens = true;
          return inner.segments;
        });
      });
      return head ? p.pathTail(head, false) : null;
    });

  const operand = (): Operand | null => p.call(operandInParens) ?? p.valueRef() ?? path();

  const operandInParens = (): Operand | null =>
    p.attempt(() => {
      if (!p.punct('(')) return null;
      if (p.attempt(() => (p.punct('(') ? true : null))) {
        const inner = operand();
        if (!inner || !p.punct(')') || !p.punct(')')) return null;
        p.notes.redundantParens = true;
        return inner;
      }
      const inner = operand();
      return inner && p.punct(')') ? inner : null;
    }) ?? operand();

  const comparison = (): Condition | null =>
    p.attempt<Condition>(() => {
      const left = operandInParens();
      if (!left) return null;
      const op = COMPARATORS.find((candidate) => p.attempt(() => (p.punct(candidate) ? true : null)));
      if (!op) return null;
      const right = operandInParens();
      return right ? { kind: 'compare', op, args: [left, right] } : null;
    }) ??
    p.attempt<Condition>(() => {
      const subject = operandInParens();
      if (!subject || !p.keyword('BETWEEN')) return null;
      const low = operandInParens();
      if (!low || !p.keyword('AND')) return null;
      const high = operandInParens();
      return high ? { kind: 'between', args: [subject, low, high] } : null;
    }) ??
    p.attempt<Condition>(() => {
      const subject = operandInParens();
      if (!subject || !p.keyword('IN')) return null;
      const list = p.callArgs(operandInParens);
      return list ? { kind: 'in', args: [subject, ...list] } : null;
    }) ??
    p.attempt<Condition>(() => {
      const call = p.call(operandInParens);
      return call ? { kind: 'function', call } : null;
    });

  const parenthesized = (): Condition | null =>
    p.attempt(() => {
      if (!p.punct('(') || !p.punct('(')) return null;
      const inner = or();
      if (!inner || !p.punct(')') || !p.punct(')')) return null;
      p.notes.redundantParens = true;
      return inner;
    }) ??
    comparison() ??
    p.attempt(() => {
      if (!p.punct('(')) return null;
      const inner = or();
      return inner && p.punct(')') ? inner : null;
    });

  const not = (): Condition | null =>
    p.attempt<Condition>(() => {
      if (!p.keyword('NOT')) return null;
      const arg = parenthesized();
      return arg ? { kind: 'not', arg } : null;
    }) ?? parenthesized();

  const and = (): Condition | null =>
    p.attempt(() => {
      const left = not();
      if (!left) return null;
      const right = p.attempt(() => (p.keyword('AND') ? and() : null));
      return right ? { kind: 'and', args: [left, right] } : left;
    });

  function or(): Condition | null {
    return p.attempt(() => {
      const left = and();
      if (!left) return null;
      const right = p.attempt(() => (p.keyword('OR') ? or() : null));
      return right ? { kind: 'or', args: [left, right] } : left;
    });
  }

  const condition = p.attempt(() => {
    const parsed = or();
    return parsed && p.end() ? parsed : null;
  });
  if (!condition) throw p.syntaxError();
  return { condition, notes: p.notes };
}

/** Parses an UpdateExpression into its actions, in the order written. */
export function parseUpdate(text: string): { actions: UpdateAction[]; sections: string[] } {
  const p = new Parser(text, UPDATE_KEYWORDS);

  const path = (): Path | null =>
    p.attempt(() => {
      const head = p.pathName(true);
      return head ? p.pathTail([head], true) : null;
    });

  const operand = (): Operand | null => p.call(operandInParens) ?? p.valueRef() ?? path();
  const operandInParens = (): Operand | null =>
    p.attempt(() => {
      if (!p.punct('(')) return null;
      const inner = operand();
      return inner && p.punct(')') ? inner : null;
    }) ?? operand();

  const setValue = (): SetValue | null =>
    p.attempt<SetValue>(() => {
      const left = operandInParens();
      if (!left) return null;
      const kind = p.attempt<'plus'>(() => (p.punct('+') ? 'plus' : null)) ?? p.attempt<'minus'>(() => (p.punct('-') ? 'minus' : null));
      if (!kind) return null;
      const right = operandInParens();
      return right ? { kind, args: [left, right] } : null;
    }) ?? operandInParens();

  const setValueInParens = (): SetValue | null =>
    p.attempt(() => {
      if (!p.punct('(')) return null;
      const inner = setValue();
      return inner && p.punct(')') ? inner : null;
    }) ?? setValue();

  const list = <T>(item: () => T | null): T[] | null => {
    const items: T[] = [];
    do {
      const next = item();
      if (next === null) return null;
      items.push(next);
    } while (p.attempt(() => (p.punct(',') ? true : null)));
    return items;
  };

  const section = (): { keyword: string; actions: UpdateAction[] } | null =>
    p.attempt(() => {
      if (p.keyword('SET')) {
        const actions = list<UpdateAction>(() =>
          p.attempt(() => {
            const target = path();
            if (!target || !p.punct('=')) return null;
            const value = setValueInParens();
            return value ? { kind: 'set', path: target, value } : null;
          }),
        );
        return actions ? { keyword: 'SET', actions } : null;
      }
      if (p.keyword('REMOVE')) {
        const actions = list<UpdateAction>(() => {
          const target = path();
          return target ? { kind: 'remove', path: target } : null;
        });
        return actions ? { keyword: 'REMOVE', actions } : null;
      }
      for (const keyword of ['ADD', 'DELETE'] as const) {
        if (!p.keyword(keyword)) continue;
        const actions = list<UpdateAction>(() =>
          p.attempt(() => {
            const target = path();
            const value = target ? p.valueRef() : null;
            return target && value ? { kind: keyword === 'ADD' ? 'add' : 'delete', path: target, value } : null;
          }),
        );
        return actions ? { keyword, actions } : null;
      }
      return null;
    });

  const parsed = p.attempt(() => {
    const sections: { keyword: string; actions: UpdateAction[] }[] = [];
    for (let next = section(); next; next = section()) sections.push(next);
    return sections.length > 0 && p.end() ? sections : null;
  });
  if (!parsed) throw p.syntaxError();
  return { actions: parsed.flatMap((s) => s.actions), sections: parsed.map((s) => s.keyword) };
}

/** Parses a ProjectionExpression into its paths. */
export function parseProjection(text: string): Path[] {
  const p = new Parser(text, new Set());
  const path = (): Path | null =>
    p.attempt(() => {
      const head = p.pathName(true);
      return head ? p.pathTail([head], true) : null;
    });
  const paths = p.attempt(() => {
    const found: Path[] = [];
    do {
      const next = path();
      if (!next) return null;
      found.push(next);
    } while (p.attempt(() => (p.punct(',') ? true : null)));
    return p.end() ? found : null;
  });
  if (!paths) throw p.syntaxError();
  return paths;
}
