import { isReserved } from '../reserved-words';
import { typeOf, compareScalars, type Value } from '../values';
import { isArithmetic, type Call, type Condition, type Leaf, type Operand, type Path, type Segment, type SetValue, type UpdateAction } from './syntax';

/**
 * The checks DynamoDB makes on a parsed expression, with its messages and its order of precedence
 * (as dynalite, which copies DynamoDB's messages, reproduces them). Checks on the text alone are
 * made once per expression and cached with its tree; those that need the request's names and
 * values run on every call, over the small tree.
 */

/** A request's expression attribute names and values. */
export interface Bindings {
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, Value>>;
}

/** An element of a resolved document path: an attribute name or a list index. */
export type PathElement = string | number;

const CONDITION_FUNCTIONS: Readonly<Record<string, number>> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
};
const UPDATE_FUNCTIONS: Readonly<Record<string, number>> = { if_not_exists: 2, list_append: 2 };
const ATTRIBUTE_TYPES = ['S', 'N', 'B', 'NULL', 'SS', 'BOOL', 'L', 'BS', 'NS', 'M'];

const pathText = (path: readonly PathElement[]): string =>
  `[${path.map((element) => (typeof element === 'number' ? `[${element}]` : element)).join(', ')}]`;

/** The path with its `#name` placeholders replaced; they are known to be defined. */
export function resolvePath(path: Path, names: Readonly<Record<string, string>>): PathElement[] {
  return path.segments.map((segment) => ('index' in segment ? segment.index : 'ref' in segment ? names[segment.ref]! : segment.name));
}

/** Every operand below an operand, calls after their arguments: the order DynamoDB completes them in. */
function* operandsPostOrder(operand: Operand): Generator<Operand> {
  if (operand.kind === 'call') for (const arg of operand.args) yield* operandsPostOrder(arg);
  yield operand;
}

const leafOperands = (leaf: Leaf): readonly Operand[] => (leaf.kind === 'function' ? [leaf.call] : leaf.args);

/** The leaves of a condition, left to right. */
function* leavesOf(condition: Condition): Generator<Leaf> {
  if (condition.kind === 'and' || condition.kind === 'or') {
    yield* leavesOf(condition.args[0]);
    yield* leavesOf(condition.args[1]);
  } else if (condition.kind === 'not') yield* leavesOf(condition.arg);
  else yield condition;
}

/** Every path an operand names, left to right. */
function* pathsOf(operand: Operand): Generator<Path> {
  for (const inner of operandsPostOrder(operand)) if (inner.kind === 'path') yield inner;
}

/** The first reserved word used as a plain attribute name, if any. */
function reservedIn(paths: Iterable<Path>): string | null {
  for (const path of paths) {
    for (const segment of path.segments) if ('name' in segment && isReserved(segment.name)) return `Attribute name is a reserved keyword; reserved keyword: ${segment.name}`;
  }
  return null;
}

/** The checks of a condition that need only its text; null when it passes them. */
export function conditionTextError(condition: Condition, redundantParens: boolean): string | null {
  if (redundantParens) return 'The expression has redundant parentheses;';
  const leaves = [...leavesOf(condition)];
  const calls = leaves.flatMap((leaf) => leafOperands(leaf).flatMap((operand) => [...operandsPostOrder(operand)])).filter((o): o is Call => o.kind === 'call');
  const unknown = calls.find((call) => CONDITION_FUNCTIONS[call.name] === undefined);
  if (unknown) return `Invalid function name; function: ${unknown.name}`;
  for (const leaf of leaves) {
    const misused = misusedFunctionIn(leaf);
    if (misused) return `The function is not allowed to be used this way in an expression; function: ${misused}`;
  }
  return reservedIn(leaves.flatMap((leaf) => leafOperands(leaf).flatMap((operand) => [...pathsOf(operand)])));
}

/** A function used where only `size` may stand (an operand or an argument), or `size` used as a condition. */
function misusedFunctionIn(leaf: Leaf): string | null {
  const misused = (operands: readonly Operand[]) => operands.find((o): o is Call => o.kind === 'call' && o.name !== 'size')?.name ?? null;
  for (const operand of leafOperands(leaf)) {
    for (const inner of operandsPostOrder(operand)) {
      const inArgs = inner.kind === 'call' ? misused(inner.args) : null;
      if (inArgs) return inArgs;
    }
  }
  if (leaf.kind === 'function') return leaf.call.name === 'size' ? 'size' : null;
  return misused(leaf.args);
}

/** The first `#name` or `:value` of the operands that the request does not define. */
function undefinedRefIn(operands: readonly Operand[], bindings: Bindings): string | null {
  for (const operand of operands) {
    for (const inner of operandsInTextOrder(operand)) {
      if (inner.kind === 'value' && bindings.values[inner.ref] === undefined) return `An expression attribute value used in expression is not defined; attribute value: ${inner.ref}`;
      if (inner.kind === 'path') {
        const ref = undefinedName(inner.segments, bindings);
        if (ref) return `An expression attribute name used in the document path is not defined; attribute name: ${ref}`;
      }
    }
  }
  return null;
}

const undefinedName = (segments: readonly Segment[], bindings: Bindings): string | null => {
  for (const segment of segments) if ('ref' in segment && bindings.names[segment.ref] === undefined) return segment.ref;
  return null;
};

/** Operands in the order their text appears: a call before its arguments. */
function* operandsInTextOrder(operand: Operand): Generator<Operand> {
  yield operand;
  if (operand.kind === 'call') for (const arg of operand.args) yield* operandsInTextOrder(arg);
}

/** The type an operand is known to have before reading any item: a value's, or a function's result. */
function staticType(operand: Operand, bindings: Bindings): string | null {
  if (operand.kind === 'value') return typeOf(bindings.values[operand.ref]!);
  if (operand.kind === 'call') return operand.name === 'size' ? 'N' : 'BOOL';
  return null;
}

const sameResolvedPath = (a: Operand, b: Operand, bindings: Bindings): readonly PathElement[] | null => {
  if (a.kind !== 'path' || b.kind !== 'path' || a.segments.length !== b.segments.length) return null;
  const x = resolvePath(a, bindings.names);
  const y = resolvePath(b, bindings.names);
  return x.every((element, i) => element === y[i]) ? x : null;
};

/** A function's operand count and types, checked as DynamoDB checks them. */
function callErrors(call: Call, bindings: Bindings): { operand: string | null; distinct: string | null; function: string | null } {
  const arity = CONDITION_FUNCTIONS[call.name]!;
  if (call.args.length !== arity) {
    return { operand: `Incorrect number of operands for operator or function; operator or function: ${call.name}, number of operands: ${call.args.length}`, distinct: null, function: null };
  }
  const same = call.args.length === 2 ? sameResolvedPath(call.args[0]!, call.args[1]!, bindings) : null;
  const distinct = same ? `The first operand must be distinct from the remaining operands for this operator or function; operator: ${call.name}, first operand: ${pathText(same)}` : null;
  const wrongType = (type: string | null) => `Incorrect operand type for operator or function; operator or function: ${call.name}, operand type: ${type}`;
  switch (call.name) {
    case 'attribute_exists':
    case 'attribute_not_exists':
      return { operand: null, distinct, function: call.args[0]!.kind === 'path' ? null : `Operator or function requires a document path; operator or function: ${call.name}` };
    case 'begins_with': {
      const bad = call.args.map((arg) => staticType(arg, bindings)).find((type) => type !== null && type !== 'S' && type !== 'B');
      return { operand: null, distinct, function: bad ? wrongType(bad) : null };
    }
    case 'attribute_type': {
      const typeArg = call.args[1]!;
      const type = staticType(typeArg, bindings);
      if (type !== 'S') return { operand: null, distinct, function: wrongType(type ?? '{NS,SS,L,BS,N,M,B,BOOL,NULL,S}') };
      const named = (bindings.values[(typeArg as { ref: string }).ref] as { S: string }).S;
      return {
        operand: null,
        distinct,
        function: ATTRIBUTE_TYPES.includes(named) ? null : `Invalid attribute type name found; type: ${named}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`,
      };
    }
    case 'size': {
      const type = staticType(call.args[0]!, bindings);
      return { operand: null, distinct, function: type === 'N' || type === 'BOOL' || type === 'NULL' ? wrongType(type) : null };
    }
    default:
      return { operand: null, distinct, function: null };
  }
}

const valueText = (value: Value): string => {
  const type = typeOf(value);
  return `{${type}:${String((value as Record<string, unknown>)[type])}}`;
};

/** The checks of one leaf that need the request's names and values, in DynamoDB's precedence. */
function leafError(leaf: Leaf, bindings: Bindings): string | null {
  const operands = leafOperands(leaf);
  const undefinedRef = undefinedRefIn(operands, bindings);
  if (undefinedRef) return undefinedRef;
  const found = { operand: null as string | null, distinct: null as string | null, function: null as string | null };
  const note = (errors: Partial<typeof found>) => {
    found.operand ??= errors.operand ?? null;
    found.distinct ??= errors.distinct ?? null;
    found.function ??= errors.function ?? null;
  };
  for (const operand of operands) for (const inner of operandsPostOrder(operand)) if (inner.kind === 'call') note(callErrors(inner, bindings));
  if (leaf.kind === 'compare') {
    const same = sameResolvedPath(leaf.args[0], leaf.args[1], bindings);
    if (same) note({ distinct: `The first operand must be distinct from the remaining operands for this operator or function; operator: ${leaf.op}, first operand: ${pathText(same)}` });
  }
  if (leaf.kind === 'between') {
    const [, low, high] = leaf.args;
    if (low.kind === 'value' && high.kind === 'value') {
      const lower = bindings.values[low.ref]!;
      const upper = bindings.values[high.ref]!;
      const bounds = `lower bound operand: AttributeValue: ${valueText(lower)}, upper bound operand: AttributeValue: ${valueText(upper)}`;
      if (typeOf(lower) !== typeOf(upper)) note({ function: `The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}` });
      else if (['S', 'N', 'B'].includes(typeOf(lower)) && compareScalars(lower, upper) > 0) {
        note({ function: `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}` });
      }
    }
  }
  return found.operand ?? found.distinct ?? found.function;
}

/** The first error of a condition's leaves under the request's names and values. */
export function conditionBindingError(condition: Condition, bindings: Bindings): string | null {
  for (const leaf of leavesOf(condition)) {
    const error = leafError(leaf, bindings);
    if (error) return error;
  }
  return null;
}

/** Every `#name` and `:value` a condition uses. */
export function conditionRefs(condition: Condition): { names: string[]; values: string[] } {
  const names: string[] = [];
  const values: string[] = [];
  for (const leaf of leavesOf(condition)) {
    for (const operand of leafOperands(leaf)) {
      for (const inner of operandsPostOrder(operand)) {
        if (inner.kind === 'value') values.push(inner.ref);
        if (inner.kind === 'path') for (const segment of inner.segments) if ('ref' in segment) names.push(segment.ref);
      }
    }
  }
  return { names, values };
}

/** Every path a condition reads. */
export const conditionPaths = (condition: Condition): Path[] => [...leavesOf(condition)].flatMap((leaf) => leafOperands(leaf).flatMap((operand) => [...pathsOf(operand)]));

/** Two paths of one expression must neither overlap (one inside the other) nor conflict (a name where the other indexes). */
function overlapError(paths: readonly (readonly PathElement[])[]): string | null {
  for (let j = 1; j < paths.length; j++) {
    for (let i = 0; i < j; i++) {
      const [a, b] = [paths[i]!, paths[j]!];
      let k = 0;
      for (; k < a.length && k < b.length; k++) {
        if (typeof a[k] !== typeof b[k]) {
          return `Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${pathText(a)}, path two: ${pathText(b)}`;
        }
        if (a[k] !== b[k]) break;
      }
      if (k === a.length || k === b.length) {
        return `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${pathText(a)}, path two: ${pathText(b)}`;
      }
    }
  }
  return null;
}

/** The checks of a projection: reserved words on its text; names, overlaps and conflicts under the request's names. */
export function projectionError(paths: readonly Path[], bindings: Bindings): string | null {
  const reserved = reservedIn(paths);
  if (reserved) return reserved;
  for (const path of paths) {
    const ref = undefinedName(path.segments, bindings);
    if (ref) return `An expression attribute name used in the document path is not defined; attribute name: ${ref}`;
  }
  return overlapError(paths.map((path) => resolvePath(path, bindings.names)));
}

function* setValueOperands(value: SetValue): Generator<Operand> {
  if (isArithmetic(value)) for (const arg of value.args) yield* operandsInTextOrder(arg);
  else yield* operandsInTextOrder(value);
}

/** Every operand of the actions, in the order of the text. */
function* actionOperands(actions: readonly UpdateAction[]): Generator<Operand> {
  for (const action of actions) {
    yield action.path;
    if (action.kind === 'set') yield* setValueOperands(action.value);
    if (action.kind === 'add' || action.kind === 'delete') yield action.value;
  }
}

/** The checks of an update expression that need only its text. */
export function updateTextError(actions: readonly UpdateAction[], sections: readonly string[]): string | null {
  const reserved = reservedIn([...actionOperands(actions)].filter((o): o is Path => o.kind === 'path'));
  if (reserved) return reserved;
  const unknown = [...actionOperands(actions)].find((o): o is Call => o.kind === 'call' && UPDATE_FUNCTIONS[o.name] === undefined);
  if (unknown) return `Invalid function name; function: ${unknown.name}`;
  const repeated = sections.find((section, i) => sections.indexOf(section) !== i);
  return repeated ? `The "${repeated}" section can only be used once in an update expression;` : null;
}

const TYPE_WORDS: Readonly<Record<string, string>> = { S: 'STRING', N: 'NUMBER', B: 'BINARY', NULL: 'NULL', BOOL: 'BOOLEAN', L: 'LIST', M: 'MAP' };

/** The type an update operand has before reading the item: a value's, or a function's result. */
function updateOperandType(operand: Operand, bindings: Bindings): string | null {
  if (operand.kind === 'value') return typeOf(bindings.values[operand.ref]!);
  if (operand.kind === 'call' && operand.name === 'list_append') return 'L';
  if (operand.kind === 'call' && operand.name === 'if_not_exists' && operand.args[1]) return updateOperandType(operand.args[1], bindings);
  return null;
}

/** The checks of an update expression under the request's names and values, in DynamoDB's precedence. */
export function updateBindingError(actions: readonly UpdateAction[], bindings: Bindings): string | null {
  const operands = [...actionOperands(actions)];
  for (const operand of operands) {
    const ref = operand.kind === 'path' ? undefinedName(operand.segments, bindings) : null;
    if (ref) return `An expression attribute name used in the document path is not defined; attribute name: ${ref}`;
  }
  const missingValue = operands.find((operand) => operand.kind === 'value' && bindings.values[operand.ref] === undefined);
  if (missingValue) return `An expression attribute value used in expression is not defined; attribute value: ${(missingValue as { ref: string }).ref}`;
  const overlap = overlapError(actions.map((action) => resolvePath(action.path, bindings.names)));
  if (overlap) return overlap;
  for (const action of actions) {
    if (action.kind !== 'add' && action.kind !== 'delete') continue;
    const type = typeOf(bindings.values[action.value.ref]!);
    if (TYPE_WORDS[type] && !(action.kind === 'add' && type === 'N')) {
      return `Incorrect operand type for operator or function; operator: ${action.kind.toUpperCase()}, operand type: ${TYPE_WORDS[type]}`;
    }
  }
  for (const action of actions) {
    if (action.kind !== 'set') continue;
    const error = setValueError(action.value, bindings);
    if (error) return error;
  }
  return null;
}

function setValueError(value: SetValue, bindings: Bindings): string | null {
  const operands = isArithmetic(value) ? value.args : [value];
  for (const operand of operands) {
    for (const inner of operandsPostOrder(operand)) {
      if (inner.kind !== 'call') continue;
      const error = updateCallError(inner.name, inner.args, bindings);
      if (error) return error;
    }
  }
  return isArithmetic(value) ? updateCallError(value.kind === 'plus' ? '+' : '-', value.args, bindings) : null;
}

function updateCallError(name: string, args: readonly Operand[], bindings: Bindings): string | null {
  const arity = UPDATE_FUNCTIONS[name] ?? 2;
  if (args.length !== arity) return `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`;
  if (name === 'if_not_exists') return args[0]!.kind === 'path' ? null : `Operator or function requires a document path; operator or function: ${name}`;
  const expected = name === 'list_append' ? 'L' : 'N';
  for (const arg of args) {
    const type = arg.kind === 'value' ? updateOperandType(arg, bindings) : null;
    if (type && type !== expected) return `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`;
  }
  return null;
}

/** Every `#name` and `:value` an update expression uses. */
export function updateRefs(actions: readonly UpdateAction[]): { names: string[]; values: string[] } {
  const names: string[] = [];
  const values: string[] = [];
  for (const operand of actionOperands(actions)) {
    if (operand.kind === 'value') values.push(operand.ref);
    if (operand.kind === 'path') for (const segment of operand.segments) if ('ref' in segment) names.push(segment.ref);
  }
  return { names, values };
}
