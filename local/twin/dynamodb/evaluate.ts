import Big from 'big.js';
import { validation } from './errors';
import { isArithmetic, resolvePath, type Bindings, type Condition, type Operand, type Path, type PathElement, type SetValue, type UpdateAction } from './expressions';
import { checkedNumber, compareBytes, compareScalars, answerValue, typeOf, valuesEqual, type Item, type Value } from './values';

/** The value at a document path of an item, if there is one. */
function valueAt(item: Item, path: readonly PathElement[]): Value | undefined {
  let value: Value | undefined = item[path[0] as string];
  for (let i = 1; i < path.length && value !== undefined; i++) {
    const step = path[i]!;
    value = typeof step === 'number' ? ('L' in value ? value.L[step] : undefined) : 'M' in value ? value.M[step] : undefined;
  }
  return value;
}

type Reader = (item: Item) => Value | undefined;

const isScalar = (value: Value): boolean => 'S' in value || 'N' in value || 'B' in value;
const sameType = (a: Value, b: Value): boolean => typeOf(a) === typeOf(b);

/** `size(path)` as DynamoDB defines it: a string's UTF-8 bytes, a binary's bytes, the members of a set, list or map. */
function sizeOf(value: Value | undefined): Value | undefined {
  if (value === undefined) return undefined;
  const size =
    'S' in value ? Buffer.byteLength(value.S, 'utf8')
    : 'B' in value ? value.B.length
    : 'SS' in value ? value.SS.length
    : 'NS' in value ? value.NS.length
    : 'BS' in value ? value.BS.length
    : 'L' in value ? value.L.length
    : 'M' in value ? Object.keys(value.M).length
    : undefined;
  return size === undefined ? undefined : { N: String(size) };
}

function reader(operand: Operand, bindings: Bindings): Reader {
  if (operand.kind === 'value') {
    const value = bindings.values[operand.ref]!;
    return () => value;
  }
  if (operand.kind === 'path') {
    const path = resolvePath(operand, bindings.names);
    return (item) => valueAt(item, path);
  }
  const arg = reader(operand.args[0]!, bindings);
  return (item) => sizeOf(arg(item));
}

function beginsWith(value: Value | undefined, prefix: Value | undefined): boolean {
  if (value === undefined || prefix === undefined) return false;
  if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
  if ('B' in value && 'B' in prefix) return value.B.length >= prefix.B.length && compareBytes(value.B.subarray(0, prefix.B.length), prefix.B) === 0;
  return false;
}

function contains(value: Value | undefined, operand: Value | undefined): boolean {
  if (value === undefined || operand === undefined) return false;
  if ('S' in value) return 'S' in operand && value.S.includes(operand.S);
  if ('B' in value) return 'B' in operand && Buffer.from(value.B).includes(Buffer.from(operand.B));
  if ('SS' in value) return 'S' in operand && value.SS.includes(operand.S);
  if ('NS' in value) return 'N' in operand && value.NS.includes(operand.N);
  if ('BS' in value) return 'B' in operand && value.BS.some((member) => compareBytes(member, operand.B) === 0);
  if ('L' in value) return value.L.some((element) => valuesEqual(element, operand));
  return false;
}

const ordered = (a: Value | undefined, b: Value | undefined, holds: (order: number) => boolean): boolean =>
  a !== undefined && b !== undefined && sameType(a, b) && isScalar(a) && holds(compareScalars(a, b));

/**
 * A condition made into a test of an item, once per request: paths resolved and values bound, so
 * that a filter over many items does no lookups of names or values per item.
 */
export function conditionTest(condition: Condition, bindings: Bindings): (item: Item) => boolean {
  switch (condition.kind) {
    case 'and': {
      const [left, right] = condition.args.map((arg) => conditionTest(arg, bindings)) as [(item: Item) => boolean, (item: Item) => boolean];
      return (item) => left(item) && right(item);
    }
    case 'or': {
      const [left, right] = condition.args.map((arg) => conditionTest(arg, bindings)) as [(item: Item) => boolean, (item: Item) => boolean];
      return (item) => left(item) || right(item);
    }
    case 'not': {
      const arg = conditionTest(condition.arg, bindings);
      return (item) => !arg(item);
    }
    case 'compare': {
      const [left, right] = [reader(condition.args[0], bindings), reader(condition.args[1], bindings)];
      switch (condition.op) {
        case '=':
          return (item) => {
            const [a, b] = [left(item), right(item)];
            return a !== undefined && b !== undefined && valuesEqual(a, b);
          };
        case '<>':
          return (item) => {
            const [a, b] = [left(item), right(item)];
            if (a === undefined || b === undefined) return a !== b;
            return !valuesEqual(a, b);
          };
        case '<':
          return (item) => ordered(left(item), right(item), (order) => order < 0);
        case '<=':
          return (item) => ordered(left(item), right(item), (order) => order <= 0);
        case '>':
          return (item) => ordered(left(item), right(item), (order) => order > 0);
        case '>=':
          return (item) => ordered(left(item), right(item), (order) => order >= 0);
      }
      break;
    }
    case 'between': {
      const [subject, low, high] = condition.args.map((arg) => reader(arg, bindings)) as [Reader, Reader, Reader];
      return (item) => {
        const value = subject(item);
        return ordered(value, low(item), (order) => order >= 0) && ordered(value, high(item), (order) => order <= 0);
      };
    }
    case 'in': {
      const [subject, ...candidates] = condition.args.map((arg) => reader(arg, bindings)) as [Reader, ...Reader[]];
      return (item) => {
        const value = subject(item);
        return value !== undefined && candidates.some((candidate) => {
          const other = candidate(item);
          return other !== undefined && valuesEqual(value, other);
        });
      };
    }
    case 'function': {
      const args = condition.call.args.map((arg) => reader(arg, bindings));
      const [first, second] = [args[0]!, args[1]!];
      switch (condition.call.name) {
        case 'attribute_exists':
          return (item) => first(item) !== undefined;
        case 'attribute_not_exists':
          return (item) => first(item) === undefined;
        case 'attribute_type':
          return (item) => {
            const value = first(item);
            const type = second(item);
            return value !== undefined && type !== undefined && 'S' in type && typeOf(value) === type.S;
          };
        case 'begins_with':
          return (item) => beginsWith(first(item), second(item));
        case 'contains':
          return (item) => contains(first(item), second(item));
      }
    }
  }
  throw new Error(`a condition the parser does not make: ${condition.kind}`);
}

type MutableValue = { M: Record<string, Value> } | { L: Value[] };

/**
 * An item with only the attributes at the paths, nested as they are in the item: what a
 * ProjectionExpression, or ReturnValues UPDATED_OLD and UPDATED_NEW, return. Elements picked from
 * a list keep their order and close up (`l[1], l[3]` is a list of two).
 */
export function project(item: Item, paths: readonly (readonly PathElement[])[]): Record<string, Value> {
  const root: { M: Record<string, Value> } = { M: {} };
  const sparse = new Set<Value[]>();
  for (const path of paths) {
    const found = valueAt(item, path);
    if (found === undefined) continue;
    let container: MutableValue = root;
    for (let i = 0; i < path.length; i++) {
      const step = path[i]!;
      const last = i === path.length - 1;
      const next = path[i + 1];
      const fresh = (): MutableValue => (typeof next === 'number' ? { L: [] } : { M: {} });
      if ('L' in container) {
        const index = step as number;
        sparse.add(container.L);
        if (last) container.L[index] = answerValue(found);
        else container.L[index] ??= fresh() as Value;
        if (!last) container = container.L[index] as MutableValue;
      } else {
        const name = step as string;
        if (last) container.M[name] = answerValue(found);
        else container.M[name] ??= fresh() as Value;
        if (!last) container = container.M[name] as MutableValue;
      }
    }
  }
  for (const list of sparse) {
    const dense = list.filter((element) => element !== undefined);
    list.length = 0;
    list.push(...dense);
  }
  return root.M;
}

const invalidPath = () => validation('The document path provided in the update expression is invalid for update');
const wrongOperand = () => validation('An operand in the update expression has an incorrect data type');

/** Values read for an update come from the item as it was before the update, as in DynamoDB. */
function setValueOf(value: SetValue, before: Item, bindings: Bindings): Value {
  if (isArithmetic(value)) {
    const [a, b] = value.args.map((arg) => operandValue(arg, before, bindings));
    if (!('N' in a!) || !('N' in b!)) throw wrongOperand();
    const sum = value.kind === 'plus' ? new Big(a.N).plus(b.N) : new Big(a.N).minus(b.N);
    return { N: checkedNumber(sum) };
  }
  return operandValue(value, before, bindings);
}

function operandValue(operand: Operand, before: Item, bindings: Bindings): Value {
  if (operand.kind === 'value') return bindings.values[operand.ref]!;
  if (operand.kind === 'path') {
    const found = valueAt(before, resolvePath(operand, bindings.names));
    if (found === undefined) throw validation('The provided expression refers to an attribute that does not exist in the item');
    return found;
  }
  if (operand.name === 'if_not_exists') {
    // The parser's checks made the first argument a path.
    const existing = valueAt(before, resolvePath(operand.args[0] as Path, bindings.names));
    return existing ?? operandValue(operand.args[1]!, before, bindings);
  }
  const [a, b] = operand.args.map((arg) => operandValue(arg, before, bindings));
  if (!('L' in a!) || !('L' in b!)) throw wrongOperand();
  return { L: [...a.L, ...b.L] };
}

/**
 * The container a path's last step is in, null when there is none. Containers on the way are
 * copied the first time an update goes through them (`opened` holds the copies), so the stored
 * item is never changed and every action of the update sees the others' changes.
 */
function parentOf(item: Record<string, Value>, path: readonly PathElement[], opened: WeakSet<object>): MutableValue | null {
  let container: MutableValue = { M: item };
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i]!;
    const child = childAt(container, step);
    if (child === undefined) return null;
    if (opened.has(child)) {
      container = child as MutableValue;
      continue;
    }
    const copy: MutableValue | null = 'M' in child ? { M: { ...child.M } } : 'L' in child ? { L: [...child.L] } : null;
    if (!copy) return null;
    opened.add(copy);
    if ('L' in container) container.L[step as number] = copy as Value;
    else container.M[step as string] = copy as Value;
    container = copy;
  }
  const last = path[path.length - 1]!;
  return (typeof last === 'number') === 'L' in container ? container : null;
}

/** The element a step names in a container: an index in a list, a name in a map, nothing across kinds. */
const childAt = (container: MutableValue, step: PathElement): Value | undefined =>
  typeof step === 'number' ? ('L' in container ? container.L[step] : undefined) : 'M' in container ? container.M[step] : undefined;

function setAt(parent: MutableValue, step: PathElement, value: Value): void {
  if ('L' in parent) {
    // An index past the end appends, as DynamoDB does.
    const index = Math.min(step as number, parent.L.length);
    parent.L[index] = value;
  } else parent.M[step as string] = value;
}

function addTo(existing: Value | undefined, operand: Value): Value {
  if ('N' in operand) {
    if (existing === undefined) return operand;
    if (!('N' in existing)) throw wrongOperand();
    return { N: checkedNumber(new Big(existing.N).plus(operand.N)) };
  }
  if (existing !== undefined && typeOf(existing) !== typeOf(operand)) throw wrongOperand();
  if ('SS' in operand) return { SS: union(existing && 'SS' in existing ? existing.SS : [], operand.SS) };
  if ('NS' in operand) return { NS: union(existing && 'NS' in existing ? existing.NS : [], operand.NS) };
  if ('BS' in operand) {
    const members = existing && 'BS' in existing ? [...existing.BS] : [];
    for (const bytes of operand.BS) if (!members.some((member) => compareBytes(member, bytes) === 0)) members.push(bytes);
    return { BS: members };
  }
  throw wrongOperand();
}

const union = (members: readonly string[], added: readonly string[]): string[] => [...members, ...added.filter((member) => !members.includes(member))];

/** A set less the operand's members; undefined when nothing is left, as DynamoDB then removes the attribute. */
function deleteFrom(existing: Value, operand: Value): Value | undefined {
  if (typeOf(existing) !== typeOf(operand)) throw wrongOperand();
  if ('SS' in existing && 'SS' in operand) return nonEmpty({ SS: existing.SS.filter((member) => !operand.SS.includes(member)) });
  if ('NS' in existing && 'NS' in operand) return nonEmpty({ NS: existing.NS.filter((member) => !operand.NS.includes(member)) });
  if ('BS' in existing && 'BS' in operand) return nonEmpty({ BS: existing.BS.filter((member) => !operand.BS.some((bytes) => compareBytes(member, bytes) === 0)) });
  throw wrongOperand();
}

const nonEmpty = (set: { SS: string[] } | { NS: string[] } | { BS: Uint8Array[] }): Value | undefined => {
  const members = 'SS' in set ? set.SS : 'NS' in set ? set.NS : set.BS;
  return members.length > 0 ? set : undefined;
};

/**
 * The item after an update expression: values are read from the item as it was, SET, ADD and
 * DELETE apply in the order written, and REMOVE last, list elements from the highest index down,
 * so that `REMOVE l[0], l[1]` removes the two elements the expression names.
 */
export function applyUpdate(before: Item, actions: readonly UpdateAction[], bindings: Bindings): Record<string, Value> {
  const item: Record<string, Value> = { ...before };
  const values = actions.map((action) => (action.kind === 'set' ? setValueOf(action.value, before, bindings) : undefined));
  const removals: { parent: MutableValue; step: PathElement }[] = [];
  const opened = new WeakSet<object>();
  actions.forEach((action, i) => {
    const path = resolvePath(action.path, bindings.names);
    const parent = parentOf(item, path, opened);
    if (!parent) throw invalidPath();
    const step = path[path.length - 1]!;
    switch (action.kind) {
      case 'set':
        setAt(parent, step, values[i]!);
        break;
      case 'add':
        setAt(parent, step, addTo(childAt(parent, step), bindings.values[action.value.ref]!));
        break;
      case 'delete': {
        const existing = childAt(parent, step);
        if (existing === undefined) break;
        const left = deleteFrom(existing, bindings.values[action.value.ref]!);
        if (left) setAt(parent, step, left);
        else removals.push({ parent, step });
        break;
      }
      case 'remove':
        removals.push({ parent, step });
        break;
    }
  });
  for (const { parent, step } of removals) if ('M' in parent) delete parent.M[step as string];
  const fromLists = removals.filter(({ parent }) => 'L' in parent).sort((a, b) => (b.step as number) - (a.step as number));
  for (const { parent, step } of fromLists) if ('L' in parent && (step as number) < parent.L.length) parent.L.splice(step as number, 1);
  return item;
}
