import { randomUUID } from 'node:crypto';
import type { AttributeDefinition, CreateTableInput, GlobalSecondaryIndex, KeySchemaElement, TableDescription } from '@aws-sdk/client-dynamodb';
import { conditionalCheckFailed, resourceInUse, resourceNotFound, validation } from './errors';
import { applyUpdate, conditionTest, project } from './evaluate';
import { bindExpressions, isArithmetic, resolvePath, type BoundExpressions } from './expressions';
import { Constraints, CONSUMED_CAPACITY, refuseLegacy, RETURN_VALUES } from './parameters';
import { checkItemSize, GlobalIndex, Table, type KeyAttribute, type KeySchema, type ProjectionType } from './table';
import { acceptItem, answerItem, keyString, typeOf, type Item, type ScalarKeyType, type Value } from './values';

/** What the twin keeps of a write, to replay it: the journal's records. */
export type WriteRecord =
  | { readonly op: 'createTable'; readonly input: CreateTableInput; readonly tableId: string; readonly createdAt: number }
  | { readonly op: 'deleteTable'; readonly table: string }
  | { readonly op: 'put'; readonly table: string; readonly item: Item }
  | { readonly op: 'delete'; readonly table: string; readonly key: Item };

/** A request as the SDK's low-level client hands it over: a structure of the operation's input shape. */
export type Input = Readonly<Record<string, unknown>>;
export type Output = Record<string, unknown>;

export interface DatabaseOptions {
  /** The region and account in the tables' ARNs. */
  readonly region: string;
  readonly accountId: string;
  /** Called with every write that succeeded, before the call answers. */
  readonly onWrite: (records: readonly WriteRecord[]) => void;
}

const asItem = (value: unknown): Readonly<Record<string, unknown>> => (value ?? {}) as Readonly<Record<string, unknown>>;
const withoutUndefined = (output: Output): Output => Object.fromEntries(Object.entries(output).filter(([, value]) => value !== undefined));

/** The tables, and the item operations on them with DynamoDB's checks and semantics. */
export class Database {
  private readonly tables = new Map<string, Table>();

  constructor(private readonly options: DatabaseOptions) {}

  /** The table, or the ResourceNotFoundException DynamoDB answers for a table it does not have. */
  private table(name: string): Table {
    const table = this.tables.get(name);
    if (!table) throw resourceNotFound('Requested resource not found');
    return table;
  }

  /** Applies a journaled write again, as it was first applied. */
  replay(record: WriteRecord): void {
    switch (record.op) {
      case 'createTable':
        this.tables.set(record.input.TableName!, this.tableFor(record.input, record.tableId, record.createdAt));
        break;
      case 'deleteTable':
        this.tables.delete(record.table);
        break;
      case 'put':
        this.table(record.table).put(record.item);
        break;
      case 'delete':
        this.table(record.table).delete(record.key);
        break;
    }
  }

  /** Every table and item as writes that make them again: what compaction writes. */
  *snapshot(): Generator<WriteRecord> {
    for (const table of this.tables.values()) {
      yield {
        op: 'createTable',
        input: table.createInput,
        tableId: table.description.TableId!,
        createdAt: table.description.CreationDateTime!.getTime(),
      };
      for (const { entry } of table.store.scan()) yield { op: 'put', table: table.name, item: entry.item };
    }
  }

  createTable(input: Input): Output {
    const request = input as unknown as CreateTableInput;
    new Constraints()
      .notNull(request.TableName, 'tableName')
      .name(request.TableName, 'tableName')
      .notNull(request.AttributeDefinitions, 'attributeDefinitions')
      .notNull(request.KeySchema, 'keySchema')
      .length(request.KeySchema, 'keySchema', 1, 2)
      .oneOf(request.BillingMode, 'billingMode', ['PROVISIONED', 'PAY_PER_REQUEST'])
      .check();
    checkTableDefinition(request);
    if (this.tables.has(request.TableName!)) throw resourceInUse(`Table already exists: ${request.TableName}`);
    const record: WriteRecord = { op: 'createTable', input: structuredClone(request), tableId: randomUUID(), createdAt: Date.now() };
    const table = this.tableFor(record.input, record.tableId, record.createdAt);
    this.options.onWrite([record]);
    this.tables.set(table.name, table);
    // DynamoDB answers while the table is being created; the twin's is ready at once, as DescribeTable then says.
    return { TableDescription: { ...table.describe(), TableStatus: 'CREATING' } };
  }

  private tableFor(input: CreateTableInput, tableId: string, createdAt: number): Table {
    const types = new Map((input.AttributeDefinitions ?? []).map((definition) => [definition.AttributeName!, definition.AttributeType as ScalarKeyType]));
    const schemaOf = (elements: readonly KeySchemaElement[]): KeySchema => {
      const attribute = (element: KeySchemaElement | undefined): KeyAttribute | undefined =>
        element ? { name: element.AttributeName!, type: types.get(element.AttributeName!)! } : undefined;
      const range = attribute(elements.find((element) => element.KeyType === 'RANGE'));
      return { hash: attribute(elements.find((element) => element.KeyType === 'HASH'))!, ...(range ? { range } : {}) };
    };
    const key = schemaOf(input.KeySchema!);
    const arn = `arn:aws:dynamodb:${this.options.region}:${this.options.accountId}:table/${input.TableName}`;
    const created = new Date(createdAt);
    const payPerRequest = input.BillingMode === 'PAY_PER_REQUEST';
    const throughput = { ReadCapacityUnits: input.ProvisionedThroughput?.ReadCapacityUnits ?? 0, WriteCapacityUnits: input.ProvisionedThroughput?.WriteCapacityUnits ?? 0, NumberOfDecreasesToday: 0 };
    const indexes = (input.GlobalSecondaryIndexes ?? []).map(
      (index) =>
        new GlobalIndex(index.IndexName!, schemaOf(index.KeySchema!), index.Projection!.ProjectionType as ProjectionType, index.Projection!.NonKeyAttributes ?? [], key),
    );
    const description: TableDescription = {
      AttributeDefinitions: input.AttributeDefinitions,
      TableName: input.TableName,
      KeySchema: input.KeySchema,
      TableStatus: 'ACTIVE',
      CreationDateTime: created,
      ProvisionedThroughput: throughput,
      TableSizeBytes: 0,
      ItemCount: 0,
      TableArn: arn,
      TableId: tableId,
      ...(payPerRequest ? { BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: created } } : {}),
      ...(input.GlobalSecondaryIndexes
        ? {
            GlobalSecondaryIndexes: input.GlobalSecondaryIndexes.map((index: GlobalSecondaryIndex) => ({
              IndexName: index.IndexName,
              KeySchema: index.KeySchema,
              Projection: index.Projection,
              IndexStatus: 'ACTIVE',
              ProvisionedThroughput: { ReadCapacityUnits: index.ProvisionedThroughput?.ReadCapacityUnits ?? 0, WriteCapacityUnits: index.ProvisionedThroughput?.WriteCapacityUnits ?? 0, NumberOfDecreasesToday: 0 },
              IndexSizeBytes: 0,
              ItemCount: 0,
              IndexArn: `${arn}/index/${index.IndexName}`,
            })),
          }
        : {}),
      DeletionProtectionEnabled: false,
    };
    return new Table(description, key, indexes, input);
  }

  describeTable(input: Input): Output {
    const name = input.TableName;
    new Constraints().notNull(name, 'tableName').name(name, 'tableName').check();
    const table = this.tables.get(name as string);
    if (!table) throw resourceNotFound(`Requested resource not found: Table: ${String(name)} not found`);
    return { Table: table.describe() };
  }

  deleteTable(input: Input): Output {
    const name = input.TableName;
    new Constraints().notNull(name, 'tableName').name(name, 'tableName').check();
    const table = this.tables.get(name as string);
    if (!table) throw resourceNotFound(`Requested resource not found: Table: ${String(name)} not found`);
    this.options.onWrite([{ op: 'deleteTable', table: table.name }]);
    this.tables.delete(table.name);
    return { TableDescription: { ...table.describe(), TableStatus: 'DELETING' } };
  }

  listTables(input: Input): Output {
    new Constraints().atLeast(input.Limit, 'limit', 1).atMost(input.Limit, 'limit', 100).name(input.ExclusiveStartTableName, 'exclusiveStartTableName').check();
    const limit = (input.Limit as number | undefined) ?? 100;
    const after = input.ExclusiveStartTableName as string | undefined;
    const names = [...this.tables.keys()].sort().filter((name) => after === undefined || name > after);
    const page = names.slice(0, limit);
    return withoutUndefined({ TableNames: page, LastEvaluatedTableName: names.length > limit ? page[page.length - 1] : undefined });
  }

  putItem(input: Input): Output {
    new Constraints()
      .notNull(input.TableName, 'tableName')
      .name(input.TableName, 'tableName')
      .notNull(input.Item, 'item')
      .oneOf(input.ReturnValues, 'returnValues', RETURN_VALUES)
      .oneOf(input.ReturnConsumedCapacity, 'returnConsumedCapacity', CONSUMED_CAPACITY)
      .oneOf(input.ReturnValuesOnConditionCheckFailure, 'returnValuesOnConditionCheckFailure', ['ALL_OLD', 'NONE'])
      .check();
    refuseLegacy(input, ['Expected', 'ConditionalOperator']);
    const item = acceptItem(asItem(input.Item));
    if (input.ReturnValues !== undefined && input.ReturnValues !== 'ALL_OLD' && input.ReturnValues !== 'NONE') throw validation('ReturnValues can only be ALL_OLD or NONE');
    const size = checkItemSize(item, 'Item size has exceeded the maximum allowed size');
    const bound = bindExpressions(input, ['ConditionExpression']);
    const table = this.table(input.TableName as string);
    table.checkItem(item);
    const existing = table.get(table.keyOf(item));
    this.checkCondition(bound, existing, input);
    this.options.onWrite([{ op: 'put', table: table.name, item }]);
    table.put(item, size);
    return withoutUndefined({ Attributes: input.ReturnValues === 'ALL_OLD' && existing ? answerItem(existing) : undefined });
  }

  getItem(input: Input): Output {
    new Constraints().notNull(input.TableName, 'tableName').name(input.TableName, 'tableName').notNull(input.Key, 'key').check();
    refuseLegacy(input, ['AttributesToGet']);
    const key = acceptItem(asItem(input.Key));
    const bound = bindExpressions(input, ['ProjectionExpression']);
    const table = this.table(input.TableName as string);
    table.checkKey(key);
    checkNestedKeys(bound, table);
    const item = table.get(key);
    if (!item) return {};
    return { Item: bound.projection ? project(item, bound.projection) : answerItem(item) };
  }

  deleteItem(input: Input): Output {
    new Constraints()
      .notNull(input.TableName, 'tableName')
      .name(input.TableName, 'tableName')
      .notNull(input.Key, 'key')
      .oneOf(input.ReturnValues, 'returnValues', RETURN_VALUES)
      .oneOf(input.ReturnValuesOnConditionCheckFailure, 'returnValuesOnConditionCheckFailure', ['ALL_OLD', 'NONE'])
      .check();
    refuseLegacy(input, ['Expected', 'ConditionalOperator']);
    const key = acceptItem(asItem(input.Key));
    if (input.ReturnValues !== undefined && input.ReturnValues !== 'ALL_OLD' && input.ReturnValues !== 'NONE') throw validation('ReturnValues can only be ALL_OLD or NONE');
    const bound = bindExpressions(input, ['ConditionExpression']);
    const table = this.table(input.TableName as string);
    table.checkKey(key);
    const existing = table.get(key);
    this.checkCondition(bound, existing, input);
    if (existing) {
      this.options.onWrite([{ op: 'delete', table: table.name, key }]);
      table.delete(key);
    }
    return withoutUndefined({ Attributes: input.ReturnValues === 'ALL_OLD' && existing ? answerItem(existing) : undefined });
  }

  updateItem(input: Input): Output {
    new Constraints()
      .notNull(input.TableName, 'tableName')
      .name(input.TableName, 'tableName')
      .notNull(input.Key, 'key')
      .oneOf(input.ReturnValues, 'returnValues', RETURN_VALUES)
      .oneOf(input.ReturnValuesOnConditionCheckFailure, 'returnValuesOnConditionCheckFailure', ['ALL_OLD', 'NONE'])
      .check();
    refuseLegacy(input, ['AttributeUpdates', 'Expected', 'ConditionalOperator']);
    const key = acceptItem(asItem(input.Key));
    const bound = bindExpressions(input, ['UpdateExpression', 'ConditionExpression']);
    const table = this.table(input.TableName as string);
    table.checkKey(key);
    checkUpdateTargets(bound, table);
    const existing = table.get(key);
    this.checkCondition(bound, existing, input);
    const before = existing ?? key;
    const item = bound.update ? applyUpdate(before, bound.update, bound.bindings) : { ...before };
    checkIndexKeysAfterUpdate(bound, table, item);
    const size = checkItemSize(item, 'Item size to update has exceeded the maximum allowed size');
    this.options.onWrite([{ op: 'put', table: table.name, item }]);
    table.put(item, size);
    const paths = (bound.update ?? []).map((action) => resolvePath(action.path, bound.bindings.names));
    const attributes = (() => {
      switch (input.ReturnValues) {
        case 'ALL_OLD':
          return existing ? answerItem(existing) : undefined;
        case 'ALL_NEW':
          return answerItem(item);
        case 'UPDATED_OLD':
          return existing ? project(existing, paths) : undefined;
        case 'UPDATED_NEW':
          return project(item, paths);
        default:
          return undefined;
      }
    })();
    return withoutUndefined({ Attributes: attributes && Object.keys(attributes).length > 0 ? attributes : undefined });
  }

  /** Refuses the write when its condition does not hold on the item as it stands (an absent item has no attributes). */
  private checkCondition(bound: BoundExpressions, existing: Item | undefined, input: Input): void {
    if (!bound.condition || conditionTest(bound.condition, bound.bindings)(existing ?? {})) return;
    throw conditionalCheckFailed(input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && existing ? answerItem(existing) : undefined);
  }

  batchWriteItem(input: Input): Output {
    const requests = asItem(input.RequestItems) as Readonly<Record<string, readonly Record<string, { Item?: unknown; Key?: unknown } | undefined>[]>>;
    const constraints = new Constraints().notNull(input.RequestItems, 'requestItems').length(input.RequestItems, 'requestItems', 1);
    for (const [name, writes] of Object.entries(requests)) constraints.name(name, `requestItems.${name}.member.key`).length(writes, `requestItems.${name}.member`, 1, 25);
    constraints.check();
    const total = Object.values(requests).reduce((sum, writes) => sum + writes.length, 0);
    if (total > 25) throw validation('Too many items requested for the BatchWriteItem call');
    const planned: { table: Table; put?: Item; size?: number; key?: Item }[] = [];
    for (const [name, writes] of Object.entries(requests)) {
      const accepted = writes.map((write) => {
        if (write.PutRequest) {
          const item = acceptItem(asItem(write.PutRequest.Item));
          return { put: item, size: checkItemSize(item, 'Item size has exceeded the maximum allowed size') };
        }
        if (write.DeleteRequest) return { key: acceptItem(asItem(write.DeleteRequest.Key)) };
        throw validation('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
      });
      const table = this.table(name);
      const seen = new Set<string>();
      for (const write of accepted) {
        try {
          if (write.put) table.checkItem(write.put);
          else table.checkKey(write.key!);
        } catch (err) {
          if (/Missing the key|Type mismatch for key/.test((err as Error).message)) throw validation('The provided key element does not match the schema');
          throw err;
        }
        const key = table.keyOf(write.put ?? write.key!);
        const id = Object.values(key).map(keyString).join('\u0000');
        if (seen.has(id)) throw validation('Provided list of item keys contains duplicates');
        seen.add(id);
        planned.push({ table, ...write });
      }
    }
    const records = planned
      .filter((write) => write.put || write.table.get(write.key!))
      .map((write): WriteRecord => (write.put ? { op: 'put', table: write.table.name, item: write.put } : { op: 'delete', table: write.table.name, key: write.key! }));
    this.options.onWrite(records);
    for (const write of planned) {
      if (write.put) write.table.put(write.put, write.size);
      else write.table.delete(write.key!);
    }
    return { UnprocessedItems: {} };
  }

  batchGetItem(input: Input): Output {
    const requests = asItem(input.RequestItems) as Readonly<Record<string, Input>>;
    const constraints = new Constraints().notNull(input.RequestItems, 'requestItems').length(input.RequestItems, 'requestItems', 1, 100);
    for (const [name, request] of Object.entries(requests)) constraints.name(name, `requestItems.${name}.member.key`).length(request.Keys, `requestItems.${name}.member.keys`, 1, 100);
    constraints.check();
    let count = 0;
    const reads = Object.entries(requests).map(([name, request]) => {
      refuseLegacy(request, ['AttributesToGet']);
      const bound = bindExpressions(request, ['ProjectionExpression']);
      const seen = new Set<string>();
      const keys = ((request.Keys ?? []) as unknown[]).map((key) => {
        const accepted = acceptItem(asItem(key));
        const id = Object.keys(accepted).sort().map((attribute) => keyString(accepted[attribute]!)).join('\u0000');
        if (seen.has(id)) throw validation('Provided list of item keys contains duplicates');
        seen.add(id);
        if (++count > 100) throw validation('Too many items requested for the BatchGetItem call');
        return accepted;
      });
      return { name, bound, keys };
    });
    const responses: Record<string, Record<string, Value>[]> = {};
    for (const { name, bound, keys } of reads) {
      const table = this.table(name);
      keys.forEach((key) => table.checkKey(key));
      responses[name] = keys.flatMap((key) => {
        const item = table.get(key);
        if (!item) return [];
        return [bound.projection ? project(item, bound.projection) : answerItem(item)];
      });
    }
    return { Responses: responses, UnprocessedKeys: {} };
  }

  /** The table a query or scan reads, for the reader. */
  tableNamed(name: string): Table {
    return this.table(name);
  }
}

/** CreateTable's checks of the key schema, its definitions and the indexes, with DynamoDB's messages. */
function checkTableDefinition(request: CreateTableInput): void {
  const definitions = (request.AttributeDefinitions ?? []).map((definition: AttributeDefinition) => definition.AttributeName!);
  const keys = request.KeySchema!.map((element) => element.AttributeName!);
  if (request.BillingMode === 'PAY_PER_REQUEST' && request.ProvisionedThroughput) {
    throw validation('One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
  }
  if (request.BillingMode !== 'PAY_PER_REQUEST' && (!request.ProvisionedThroughput?.ReadCapacityUnits || !request.ProvisionedThroughput.WriteCapacityUnits)) {
    throw validation('One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
  }
  if (keys.length > definitions.length) throw validation('Invalid KeySchema: Some index key attribute have no definition');
  const undefinedKeys = (names: readonly string[]) =>
    names.some((name) => !definitions.includes(name))
      ? validation(`One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${names.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`)
      : null;
  const checkSchema = (schema: readonly KeySchemaElement[]) => {
    if (schema[1] && schema[0]!.AttributeName === schema[1].AttributeName) throw validation('Both the Hash Key and the Range Key element in the KeySchema have the same name');
    if (schema[0]!.KeyType !== 'HASH') throw validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
    if (schema[1] && schema[1].KeyType !== 'RANGE') throw validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  };
  const undefinedTableKeys = undefinedKeys(keys);
  if (undefinedTableKeys) throw undefinedTableKeys;
  checkSchema(request.KeySchema!);
  if (request.LocalSecondaryIndexes) throw validation('the DynamoDB twin does not answer LocalSecondaryIndexes: use a global secondary index');
  const indexes = request.GlobalSecondaryIndexes;
  if (!indexes && keys.length !== definitions.length) {
    throw validation('One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
  }
  if (!indexes) return;
  if (indexes.length === 0) throw validation('One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty');
  const names = new Set<string>();
  for (const index of indexes) {
    const undefinedIndexKeys = undefinedKeys((index.KeySchema ?? []).map((element) => element.AttributeName!));
    if (undefinedIndexKeys) throw undefinedIndexKeys;
    checkSchema(index.KeySchema!);
    const projectionType = index.Projection?.ProjectionType;
    if (projectionType === undefined) throw validation('One or more parameter values were invalid: Unknown ProjectionType: null');
    if (index.Projection!.NonKeyAttributes && projectionType !== 'INCLUDE') {
      throw validation(`One or more parameter values were invalid: ProjectionType is ${projectionType}, but NonKeyAttributes is specified`);
    }
    if (request.BillingMode === 'PAY_PER_REQUEST' && index.ProvisionedThroughput) {
      throw validation(`One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: ${index.IndexName} when BillingMode is PAY_PER_REQUEST`);
    }
    if (names.has(index.IndexName!)) throw validation(`One or more parameter values were invalid: Duplicate index name: ${index.IndexName}`);
    names.add(index.IndexName!);
  }
  if (indexes.length > 20) throw validation('One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20');
}

/** Key attributes are scalars: no path into them in an update, filter or projection. */
export function checkNestedKeys(bound: BoundExpressions, table: Table): void {
  const { table: keys, indexes } = table.keyAttributeNames;
  const nestedKey = keys.find((name) => bound.nestedHeads.has(name));
  if (nestedKey) throw validation(`Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: ${nestedKey}`);
  const nestedIndexKey = indexes.find((name) => bound.nestedHeads.has(name));
  if (nestedIndexKey) throw validation(`Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: ${nestedIndexKey}`);
}

/** An update may not touch the key, nor set an index key to a value of another type. */
function checkUpdateTargets(bound: BoundExpressions, table: Table): void {
  const actions = bound.update ?? [];
  const heads = actions.map((action) => String(resolvePath(action.path, bound.bindings.names)[0]));
  const keyTouched = table.keyAttributeNames.table.find((name) => heads.includes(name));
  if (keyTouched) throw validation(`One or more parameter values were invalid: Cannot update attribute ${keyTouched}. This attribute is part of the key`);
  for (const index of table.indexes.values()) {
    for (const attribute of [index.key.hash, ...(index.key.range ? [index.key.range] : [])]) {
      const action = actions.find((candidate) => candidate.path.segments.length === 1 && String(resolvePath(candidate.path, bound.bindings.names)[0]) === attribute.name);
      if (action?.kind !== 'set' || isArithmetic(action.value) || action.value.kind !== 'value') continue;
      const actual = typeOf(bound.bindings.values[action.value.ref]!);
      if (actual !== attribute.type) {
        throw validation(`One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${actual} IndexName: ${index.name}`);
      }
    }
  }
  checkNestedKeys(bound, table);
}

/** An index key attribute an update set from the item (not a value) must still be of the index's type. */
function checkIndexKeysAfterUpdate(bound: BoundExpressions, table: Table, item: Item): void {
  for (const index of table.indexes.values()) {
    for (const attribute of [index.key.hash, ...(index.key.range ? [index.key.range] : [])]) {
      const value = item[attribute.name];
      const set = (bound.update ?? []).some(
        (action) => action.kind === 'set' && action.path.segments.length === 1 && String(resolvePath(action.path, bound.bindings.names)[0]) === attribute.name,
      );
      if (set && value !== undefined && typeOf(value) !== attribute.type) throw validation('The update expression attempted to update the secondary index key to unsupported type');
    }
  }
  table.checkIndexKeys(item);
}
