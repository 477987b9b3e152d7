import { validation } from './errors';
import { conditionTest, project } from './evaluate';
import { bindExpressions, resolvePath, type BoundExpressions, type Condition, type Operand } from './expressions';
import { checkNestedKeys, type Database, type Input, type Output } from './database';
import { comparePositions, firstWhere, partitionOrder, type Entry, type OrderedStore, type Position } from './ordered';
import { Constraints, CONSUMED_CAPACITY, refuseLegacy, SELECT } from './parameters';
import type { GlobalIndex, KeyAttribute, KeySchema, Table } from './table';
import { acceptItem, compareScalars, answerItem, answerValue, typeOf, valuesEqual, type Item, type Value } from './values';

/** DynamoDB reads at most this much for one page of a Query or Scan, then returns what it has. */
const PAGE_BYTES = 1024 * 1024;

type KeyOperator = 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'BETWEEN' | 'BEGINS_WITH';

interface KeyCondition {
  readonly op: KeyOperator;
  readonly values: readonly Value[];
}

const OPERATORS: Readonly<Record<string, KeyOperator>> = { '=': 'EQ', '<': 'LT', '<=': 'LE', '>': 'GT', '>=': 'GE' };
const FLIPPED: Readonly<Record<string, string>> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

const invalidKeyCondition = (message: string) => validation(message);

/** A KeyConditionExpression as conditions per key attribute, refused where DynamoDB refuses it. */
function keyConditionsOf(condition: Condition, bound: BoundExpressions): Map<string, KeyCondition> {
  const conditions = new Map<string, KeyCondition>();
  const walk = (node: Condition): void => {
    if (node.kind === 'and') {
      walk(node.args[0]);
      walk(node.args[1]);
      return;
    }
    if (node.kind === 'or' || node.kind === 'not') throw invalidKeyCondition(`Invalid operator used in KeyConditionExpression: ${node.kind.toUpperCase()}`);
    if (node.kind === 'in') throw invalidKeyCondition('Invalid operator used in KeyConditionExpression: IN');
    if (node.kind === 'compare' && node.op === '<>') throw invalidKeyCondition('Invalid operator used in KeyConditionExpression: <>');
    if (node.kind === 'function' && node.call.name !== 'begins_with') {
      if (node.call.name === 'size') throw invalidKeyCondition('KeyConditionExpressions cannot contain nested operations');
      throw invalidKeyCondition(`Invalid operator used in KeyConditionExpression: ${node.call.name}`);
    }
    const args: readonly Operand[] = node.kind === 'function' ? node.call.args : node.args;
    if ((node.kind === 'between' || node.kind === 'function') && args[0]!.kind !== 'path') {
      const operator = node.kind === 'between' ? 'BETWEEN' : 'begins_with';
      throw invalidKeyCondition(`Invalid condition in KeyConditionExpression: ${operator} operator must have the key attribute as its first operand`);
    }
    let attribute: string | null = null;
    let at = 0;
    args.forEach((arg, i) => {
      if (arg.kind === 'call') throw invalidKeyCondition('KeyConditionExpressions cannot contain nested operations');
      if (arg.kind !== 'path') return;
      if (attribute !== null) throw invalidKeyCondition('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
      if (arg.segments.length > 1) throw invalidKeyCondition('KeyConditionExpressions cannot have conditions on nested attributes');
      attribute = String(resolvePath(arg, bound.bindings.names)[0]);
      at = i;
    });
    if (attribute === null) throw invalidKeyCondition('Invalid condition in KeyConditionExpression: No key attribute specified');
    if (conditions.has(attribute)) throw invalidKeyCondition('KeyConditionExpressions must only contain one condition per key');
    const values = args.filter((_, i) => i !== at).map((arg) => bound.bindings.values[(arg as { ref: string }).ref]!);
    const op: KeyOperator =
      node.kind === 'between' ? 'BETWEEN' : node.kind === 'function' ? 'BEGINS_WITH' : OPERATORS[at === 0 ? node.op : FLIPPED[node.op]!]!;
    conditions.set(attribute, { op, values });
  };
  walk(condition);
  return conditions;
}

/** Whether a sort key value meets its key condition. */
function meets(value: Value, condition: KeyCondition): boolean {
  const [first, second] = condition.values as [Value, Value | undefined];
  if (typeOf(value) !== typeOf(first)) return false;
  const order = compareScalars(value, first);
  switch (condition.op) {
    case 'EQ':
      return order === 0;
    case 'LT':
      return order < 0;
    case 'LE':
      return order <= 0;
    case 'GT':
      return order > 0;
    case 'GE':
      return order >= 0;
    case 'BETWEEN':
      return order >= 0 && compareScalars(value, second!) <= 0;
    case 'BEGINS_WITH':
      return 'S' in value && 'S' in first ? value.S.startsWith(first.S) : 'B' in value && 'B' in first && Buffer.from(value.B).subarray(0, first.B.length).equals(Buffer.from(first.B));
  }
}

/** The entries of a partition a sort key condition selects: a range of indexes, its end exclusive. */
function rangeOf(entries: readonly Entry[], condition: KeyCondition | undefined): [number, number] {
  if (!condition) return [0, entries.length];
  const [first, second] = condition.values as [Value, Value | undefined];
  const atOrAfter = (value: Value) => firstWhere(entries, (entry) => compareScalars(entry.range!, value) >= 0);
  const after = (value: Value) => firstWhere(entries, (entry) => compareScalars(entry.range!, value) > 0);
  switch (condition.op) {
    case 'EQ':
      return [atOrAfter(first), after(first)];
    case 'LT':
      return [0, atOrAfter(first)];
    case 'LE':
      return [0, after(first)];
    case 'GT':
      return [after(first), entries.length];
    case 'GE':
      return [atOrAfter(first), entries.length];
    case 'BETWEEN':
      return [atOrAfter(first), after(second!)];
    case 'BEGINS_WITH': {
      // Values with a prefix are contiguous in key order, right from the prefix itself.
      const start = atOrAfter(first);
      return [start, firstWhere(entries, (entry) => !meets(entry.range!, condition), start)];
    }
  }
}

/** An ExclusiveStartKey's values, checked; some of DynamoDB's messages then name the starting key. */
function acceptStartKey(input: Input): Item | undefined {
  if (input.ExclusiveStartKey === undefined) return undefined;
  try {
    return acceptItem(input.ExclusiveStartKey as Readonly<Record<string, unknown>>);
  } catch (err) {
    const message = (err as Error).message;
    if (/contains duplicates|number set|numeric value|significant digits|number with magnitude/.test(message)) throw err;
    throw validation(`The provided starting key is invalid: ${message}`);
  }
}

/** The key schema a read goes by, and the names its LastEvaluatedKey carries. */
interface Source {
  readonly store: OrderedStore;
  readonly key: KeySchema;
  readonly index: GlobalIndex | undefined;
  readonly startKeyNames: readonly string[];
  readonly positionOf: (item: Item) => Position;
}

function sourceOf(table: Table, input: Input): Source {
  const tableKeyNames = table.keyAttributeNames.table;
  if (input.IndexName === undefined) {
    return { store: table.store, key: table.key, index: undefined, startKeyNames: tableKeyNames, positionOf: (item) => table.position(item) };
  }
  const index = table.indexes.get(input.IndexName as string);
  if (!index) throw validation(`The table does not have the specified index: ${String(input.IndexName)}`);
  if (input.ConsistentRead) throw validation('Consistent reads are not supported on global secondary indexes');
  const names = [...tableKeyNames, ...[index.key.hash.name, index.key.range?.name].filter((name): name is string => !!name && !tableKeyNames.includes(name))];
  return { store: index.store, key: index.key, index, startKeyNames: names, positionOf: (item) => table.indexPosition(index, item) };
}

const schemaAttributes = (key: KeySchema): KeyAttribute[] => [key.hash, ...(key.range ? [key.range] : [])];

/** A starting key's piece for one key attribute, checked as DynamoDB checks a key. */
function checkStartKeyPiece(start: Item, attribute: KeyAttribute): void {
  const value = start[attribute.name];
  if (value === undefined) throw validation('The provided starting key is invalid');
  if (typeOf(value) !== attribute.type) throw validation('The provided key element does not match the schema');
  if (('S' in value && value.S === '') || ('B' in value && value.B.length === 0)) {
    throw validation(`One or more parameter values were invalid: The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. Key: ${attribute.name}`);
  }
}

function checkTableStartKey(table: Table, start: Item): void {
  const key: Record<string, Value> = {};
  for (const name of table.keyAttributeNames.table) if (start[name] !== undefined) key[name] = start[name]!;
  try {
    table.checkKey(key);
  } catch (err) {
    throw validation(`The provided starting key is invalid: ${(err as Error).message}`);
  }
}

function checkSelect(input: Input, source: Source): void {
  if (input.Select === 'ALL_ATTRIBUTES' && source.index && source.index.projectionType !== 'ALL') {
    throw validation(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${source.index.name} because its projection type is not ALL`,
    );
  }
}

/**
 * One page of entries: read until the Limit or 1 MB, then filtered and projected as DynamoDB does
 * (the Limit and the page size count what was read, not what the filter kept).
 */
function page(entries: Iterable<Entry>, input: Input, bound: BoundExpressions, source: Source): Output {
  const limit = input.Limit as number | undefined;
  const filter = bound.filter ? conditionTest(bound.filter, bound.bindings) : null;
  const items: Record<string, Value>[] = [];
  let count = 0;
  let scanned = 0;
  let bytes = 0;
  let last: Entry | undefined;
  let stopped = false;
  for (const entry of entries) {
    if ((limit !== undefined && scanned >= limit) || bytes >= PAGE_BYTES) {
      stopped = true;
      break;
    }
    scanned++;
    bytes += entry.size;
    last = entry;
    if (filter && !filter(entry.item)) continue;
    count++;
    if (input.Select !== 'COUNT') items.push(bound.projection ? project(entry.item, bound.projection) : answerItem(entry.item));
  }
  // DynamoDB stops at the Limit or at 1 MB and says where, even when nothing is left after.
  const full = stopped || (limit !== undefined && scanned >= limit) || bytes >= PAGE_BYTES;
  const lastKey = full && last ? Object.fromEntries(source.startKeyNames.map((name) => [name, answerValue(last.item[name]!)])) : undefined;
  return {
    ...(input.Select === 'COUNT' ? {} : { Items: items }),
    Count: count,
    ScannedCount: scanned,
    ...(lastKey ? { LastEvaluatedKey: lastKey } : {}),
  };
}

function checkReadParameters(input: Input): void {
  new Constraints()
    .notNull(input.TableName, 'tableName')
    .name(input.TableName, 'tableName')
    .name(input.IndexName, 'indexName')
    .atLeast(input.Limit, 'limit', 1)
    .oneOf(input.Select, 'select', SELECT)
    .oneOf(input.ReturnConsumedCapacity, 'returnConsumedCapacity', CONSUMED_CAPACITY)
    .atLeast(input.Segment, 'segment', 0)
    .atMost(input.Segment, 'segment', 999999)
    .atLeast(input.TotalSegments, 'totalSegments', 1)
    .atMost(input.TotalSegments, 'totalSegments', 1000000)
    .check();
}

export function query(db: Database, input: Input): Output {
  checkReadParameters(input);
  refuseLegacy(input, ['KeyConditions', 'QueryFilter', 'AttributesToGet', 'ConditionalOperator']);
  const start = acceptStartKey(input);
  if (input.KeyConditionExpression === undefined) throw validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  const bound = bindExpressions(input, ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression']);
  const conditions = keyConditionsOf(bound.keyCondition!, bound);
  for (const condition of conditions.values()) {
    if (condition.op === 'BEGINS_WITH') {
      const type = typeOf(condition.values[0]!);
      if (type !== 'S' && type !== 'B') throw validation(`One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for ${type} AttributeValue type`);
    }
  }
  if (conditions.size !== 1 && conditions.size !== 2) throw validation('Conditions can be of length 1 or 2 only');

  const table = db.tableNamed(input.TableName as string);
  const source = sourceOf(table, input);
  if (start && Object.keys(start).length !== source.startKeyNames.length) throw validation('The provided starting key is invalid');
  schemaAttributes(source.key).forEach((attribute, i) => {
    const isHash = i === 0;
    if (start) checkStartKeyPiece(start, attribute);
    if (isHash && !source.key.range && conditions.size > 1) throw validation('Query key condition not supported');
    const condition = conditions.get(attribute.name);
    if (!condition) {
      if (isHash || conditions.size > 1) throw validation(`Query condition missed key schema element: ${attribute.name}`);
      return;
    }
    if (condition.values.some((value) => typeOf(value) !== attribute.type)) {
      throw validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
    }
    if (isHash && condition.op !== 'EQ') throw validation('Query key condition not supported');
  });
  const hashValue = conditions.get(source.key.hash.name)!.values[0]!;
  const rangeCondition = source.key.range ? conditions.get(source.key.range.name) : undefined;
  if (start) {
    checkTableStartKey(table, start);
    if (!rangeCondition) {
      if (!valuesEqual(start[source.key.hash.name]!, hashValue)) throw validation('The provided starting key is outside query boundaries based on provided conditions');
    } else {
      if (!meets(start[source.key.range!.name]!, rangeCondition)) throw validation('The provided starting key does not match the range key predicate');
      if (!valuesEqual(start[source.key.hash.name]!, hashValue)) throw validation('The query can return at most one row and cannot be restarted');
    }
  }
  checkNestedKeys(bound, table);
  const keyOnFilter = schemaAttributes(source.key).find((attribute) => bound.filterHeads?.has(attribute.name));
  if (keyOnFilter) throw validation(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${keyOnFilter.name}`);
  checkSelect(input, source);

  const entries = source.store.partition(hashValue)?.entries ?? [];
  const [from, to] = rangeOf(entries, rangeCondition);
  const forward = input.ScanIndexForward !== false;
  const startAt = start ? source.positionOf(start) : undefined;
  function* selected(): Generator<Entry> {
    if (forward) {
      const first = startAt ? Math.max(from, firstWhere(entries, (entry) => comparePositions(entry, startAt) > 0, from, to)) : from;
      for (let i = first; i < to; i++) yield entries[i]!;
    } else {
      const end = startAt ? Math.min(to, firstWhere(entries, (entry) => comparePositions(entry, startAt) >= 0, from, to)) : to;
      for (let i = end - 1; i >= from; i--) yield entries[i]!;
    }
  }
  return page(selected(), input, bound, source);
}

export function scan(db: Database, input: Input): Output {
  checkReadParameters(input);
  refuseLegacy(input, ['ScanFilter', 'AttributesToGet', 'ConditionalOperator']);
  const start = acceptStartKey(input);
  const segment = input.Segment as number | undefined;
  const totalSegments = input.TotalSegments as number | undefined;
  if (segment !== undefined && totalSegments === undefined) {
    throw validation('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  }
  if (totalSegments !== undefined) {
    if (segment === undefined) throw validation('The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
    if (segment >= totalSegments) {
      throw validation(`The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${totalSegments}`);
    }
  }
  const bound = bindExpressions(input, ['ProjectionExpression', 'FilterExpression']);
  const table = db.tableNamed(input.TableName as string);
  const source = sourceOf(table, input);
  if (start && Object.keys(start).length !== source.startKeyNames.length) {
    throw validation(source.index ? 'The provided starting key is invalid' : 'The provided starting key is invalid: The provided key element does not match the schema');
  }
  if (start && source.index) schemaAttributes(source.key).forEach((attribute) => checkStartKeyPiece(start, attribute));
  checkSelect(input, source);
  if (start) checkTableStartKey(table, start);
  // A parallel scan's segment is a share of the partition key hash space, as DynamoDB splits it.
  const inSegment = (order: string): boolean => {
    if (totalSegments === undefined || totalSegments <= 1) return true;
    const hash = parseInt(order.slice(0, 3), 16);
    return hash >= Math.ceil((4096 * segment!) / totalSegments) && hash <= Math.ceil((4096 * (segment! + 1)) / totalSegments) - 1;
  };
  if (start && !inSegment(partitionOrder(start[source.key.hash.name]!))) {
    throw validation(
      `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${totalSegments} Segment: ${segment}`,
    );
  }
  checkNestedKeys(bound, table);
  const after = start ? { order: partitionOrder(start[source.key.hash.name]!), position: source.positionOf(start) } : undefined;
  function* selected(): Generator<Entry> {
    for (const { partition, entry } of source.store.scan(after)) if (inSegment(partition.order)) yield entry;
  }
  return page(selected(), input, bound, source);
}
