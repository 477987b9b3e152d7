import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../../../local/emulators';
import { DynamoDbTwin } from '../../../../local/twin/dynamodb';
import { startDynalite, untilActive, type RunningDynalite } from '../../../support/dynalite';

/**
 * The twin against dynalite, the reference: generated request sequences over a table shaped like
 * the ledger's (string pk and sk, a sparse index with an INCLUDE projection) go to a client
 * attached to the twin and to a client against dynalite, and every answer must be the same (less
 * $metadata and ConsumedCapacity), and every error the same name, and the same message where
 * dynalite words it as DynamoDB does. Where dynalite departs from DynamoDB, the generators stay
 * clear of the case and say why; the twin's behaviour there is pinned in dynamodb-semantics.test.ts.
 */

type Av = AttributeValue;

interface Request {
  readonly operation: 'PutItem' | 'GetItem' | 'UpdateItem' | 'DeleteItem' | 'Query' | 'Scan' | 'BatchWriteItem' | 'BatchGetItem';
  readonly input: Record<string, unknown>;
}

const INDEX = 'ByGroup';
const S = (value: string): Av => ({ S: value });
const N = (value: string): Av => ({ N: value });

// Keys cover equal prefixes, the EVENT# ranges the ledger queries, and characters past ASCII (UTF-8 order).
const arbPk = fc.constantFrom('p1', 'INVOICE#A#1');
const arbSk = fc.constantFrom('INVOICE', 'EVENT#001', 'EVENT#002', 'EVENT#010', 'AUDIT#2026', 'STEP#x', 'é', 'z');
// Exact decimals beyond a double, and negatives; -0 is left out (dynalite keeps its sign, DynamoDB reads it back as 0).
const arbNumber = fc.constantFrom('0', '1', '-1', '1.5', '0.1', '2', '100', '12345678901234567890.123456789', '-0.000001', '7.25');
// The full 38 digits, in an attribute no arithmetic reaches: dynalite stores a sum of 39 digits, DynamoDB refuses it.
const arbBigNumber = fc.constantFrom('99999999999999999999999999999999999999', '-1234567890123456789012345678.9012345678', '1E+125', '1E-130');
// ASCII only: dynalite counts a string's size in UTF-16 units where DynamoDB counts UTF-8 bytes (size(), the 400 KB limit).
const arbString = fc.constantFrom('a', 'b', 'ab', 'abc', 'B', 'x y', 'EVENT', '');
const arbGroup = fc.constantFrom('2026-01', '2026-02');
const arbDay = fc.constantFrom('2026-01-05', '2026-01-20', '2026-02-01', '2026-02-15');

const arbScalar: fc.Arbitrary<Av> = fc.oneof(arbString.map(S), arbNumber.map(N), fc.boolean().map((BOOL) => ({ BOOL })), fc.constant({ NULL: true } as Av));
const arbStringSet = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 3 }).map((SS): Av => ({ SS }));
const arbNumberSet = fc.uniqueArray(fc.constantFrom('1', '2', '3.5', '-4'), { minLength: 1, maxLength: 3 }).map((NS): Av => ({ NS }));
const arbValue: fc.Arbitrary<Av> = fc.letrec<{ value: Av }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    arbScalar,
    arbStringSet,
    arbNumberSet,
    fc.array(tie('value'), { maxLength: 3 }).map((L): Av => ({ L })),
    fc.dictionary(fc.constantFrom('x', 'y', 'amount'), tie('value'), { maxKeys: 3 }).map((M): Av => ({ M })),
  ),
})).value;

const arbKey = fc.record({ pk: arbPk.map(S), sk: arbSk.map(S) });

const arbItem = fc
  .record(
    {
      a: arbString.map(S),
      n: arbNumber.map(N),
      big: arbBigNumber.map(N),
      m: fc.dictionary(fc.constantFrom('x', 'y'), arbValue, { maxKeys: 2 }).map((M): Av => ({ M })),
      l: fc.array(arbValue, { maxLength: 3 }).map((L): Av => ({ L })),
      ss: arbStringSet,
      grp: arbGroup.map(S),
      gsk: arbDay.map(S),
      key: arbValue,
      other: arbValue,
    },
    { requiredKeys: [] },
  )
  .chain((attributes) => arbKey.map((key) => ({ ...attributes, ...key })));

/** A condition and what it names. */
interface Expression {
  readonly expression: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, Av>;
}

const arbCondition: fc.Arbitrary<Expression> = fc.oneof(
  fc.constant({ expression: 'attribute_not_exists(pk)' }),
  fc.constant({ expression: 'attribute_exists(#n)', names: { '#n': 'n' } }),
  arbNumber.map((v) => ({ expression: 'n = :v', values: { ':v': N(v) } })),
  arbNumber.map((v) => ({ expression: 'n < :v', values: { ':v': N(v) } })),
  arbNumber.map((v) => ({ expression: 'n >= :v', values: { ':v': N(v) } })),
  arbString.map((v) => ({ expression: 'a = :s OR attribute_not_exists(a)', values: { ':s': S(v) } })),
  arbString.map((v) => ({ expression: 'begins_with(a, :s)', values: { ':s': S(v) } })),
  fc.constantFrom('a', 'b', 'e').map((v) => ({ expression: 'contains(ss, :s)', values: { ':s': S(v) } })),
  fc.constantFrom('0', '1', '2').map((v) => ({ expression: 'size(a) > :n', values: { ':n': N(v) } })),
  fc.tuple(arbNumber, arbNumber).map(([x, y]) => ({ expression: 'n BETWEEN :lo AND :hi', values: { ':lo': N(x), ':hi': N(y) } })),
  // Not '': dynalite's IN takes an empty string for no value at all.
  fc.tuple(arbString.filter(Boolean), arbString.filter(Boolean)).map(([x, y]) => ({ expression: 'a IN (:s1, :s2)', values: { ':s1': S(x), ':s2': S(y) } })),
  arbString.map((v) => ({ expression: 'NOT (a = :s)', values: { ':s': S(v) } })),
  arbString.map((v) => ({ expression: 'a <> :s AND (attribute_exists(n) OR attribute_exists(m))', values: { ':s': S(v) } })),
  fc.constantFrom('N', 'S', 'M', 'L', 'SS').map((t) => ({ expression: 'attribute_type(n, :t)', values: { ':t': S(t) } })),
  arbScalar.map((v) => ({ expression: 'm.x = :v', values: { ':v': v } })),
  arbScalar.map((v) => ({ expression: 'l[0] = :v', values: { ':v': v } })),
  arbNumber.map((v) => ({ expression: 'size(l) <= :n', values: { ':n': N(String(Math.abs(Number(v)) % 4)) } })),
);

// Not generated: `REMOVE l[0], l[1]` on one list (dynalite removes one element, then the next from the shortened list; DynamoDB removes both named).
const arbUpdate: fc.Arbitrary<Expression> = fc.oneof(
  fc.constantFrom('n', 'cnt', 'a').map((name) => ({ expression: 'ADD #c :one', names: { '#c': name }, values: { ':one': N('1') } })),
  arbNumber.map((v) => ({ expression: 'ADD n :v', values: { ':v': N(v) } })),
  arbString.map((v) => ({ expression: 'SET a = if_not_exists(a, :s)', values: { ':s': S(v) } })),
  arbNumber.map((v) => ({ expression: 'SET n = n + :v', values: { ':v': N(v) } })),
  arbNumber.map((v) => ({ expression: 'SET n = n - :v', values: { ':v': N(v) } })),
  arbNumber.map((v) => ({ expression: 'SET n = if_not_exists(n, :zero) + :v, revision = :v', values: { ':zero': N('0'), ':v': N(v) } })),
  fc.constant({ expression: 'REMOVE a, m.x' }),
  fc.constant({ expression: 'REMOVE grp' }),
  arbValue.map((v) => ({ expression: 'SET m.x = :v', values: { ':v': v } })),
  fc.dictionary(fc.constantFrom('x', 'y'), arbScalar, { maxKeys: 2 }).map((M) => ({ expression: 'SET m = :m', values: { ':m': { M } } })),
  fc.array(arbScalar, { minLength: 1, maxLength: 2 }).map((L) => ({ expression: 'SET l = list_append(if_not_exists(l, :empty), :l)', values: { ':empty': { L: [] }, ':l': { L } } })),
  arbScalar.map((v) => ({ expression: 'SET l[1] = :v', values: { ':v': v } })),
  arbScalar.map((v) => ({ expression: 'SET #a = :v REMOVE l[0]', names: { '#a': 'other' }, values: { ':v': v } })),
  arbStringSet.map((set) => ({ expression: 'ADD ss :set', values: { ':set': set } })),
  arbStringSet.map((set) => ({ expression: 'DELETE ss :set', values: { ':set': set } })),
  fc.tuple(arbGroup, arbDay).map(([g, d]) => ({ expression: 'SET grp = :g, gsk = :d', values: { ':g': S(g), ':d': S(d) } })),
  fc.tuple(arbScalar, arbNumber).map(([v, n]) => ({ expression: 'SET #k.#x = :v ADD n :n', names: { '#k': 'm', '#x': 'y' }, values: { ':v': v, ':n': N(n) } })),
);

const withExpression = (prefix: 'Condition' | 'Update' | 'Filter' | 'Projection', expression: Expression | null): Record<string, unknown> =>
  expression ? { [`${prefix}Expression`]: expression.expression, names: expression.names, values: expression.values } : {};

/** Merges the names and values of the parts (each an expression and what it names) into the request's parameters. */
function request(...parts: Record<string, unknown>[]): Record<string, unknown> {
  const names = Object.assign({}, ...parts.map((part) => part.names ?? {}));
  const values = Object.assign({}, ...parts.map((part) => part.values ?? {}));
  const parameters = Object.assign({}, ...parts.map(({ names: _n, values: _v, ...rest }) => rest));
  return {
    ...parameters,
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

const arbReturnValues = fc.constantFrom(undefined, 'NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW');
const arbLimit = fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined });

const arbSkCondition: fc.Arbitrary<Expression | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom('EVENT#', 'EVENT#00', 'AUDIT#', 'IN', 'ZZ').map((p) => ({ expression: 'begins_with(sk, :prefix)', values: { ':prefix': S(p) } })),
  arbSk.map((x) => ({ expression: 'sk <= :x', values: { ':x': S(x) } })),
  arbSk.map((x) => ({ expression: 'sk > :x', values: { ':x': S(x) } })),
  arbSk.map((x) => ({ expression: 'sk = :x', values: { ':x': S(x) } })),
  fc.tuple(arbSk, arbSk).map(([x, y]) => ({ expression: 'sk BETWEEN :lo AND :hi', values: { ':lo': S(x < y ? x : y), ':hi': S(x < y ? y : x) } })),
);

const arbFilter: fc.Arbitrary<Expression | null> = fc.oneof(
  fc.constant(null),
  fc.constant({ expression: 'attribute_exists(n)' }),
  arbString.map((v) => ({ expression: 'a <> :fs', values: { ':fs': S(v) } })),
  arbNumber.map((v) => ({ expression: 'n > :fv', values: { ':fv': N(v) } })),
);

const arbProjection: fc.Arbitrary<Expression | null> = fc.constantFrom(null, { expression: 'sk, n, m.x' }, { expression: '#p, l[1], l[0]', names: { '#p': 'pk' } }, { expression: 'a' });

const arbRequest: fc.Arbitrary<Request> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(arbItem, fc.option(arbCondition, { nil: null, freq: 2 }), fc.constantFrom(undefined, 'ALL_OLD')).map(([Item, condition, ReturnValues]) => ({ operation: 'PutItem' as const, input: request({ Item, ReturnValues }, withExpression('Condition', condition)) })) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(arbKey, arbUpdate, fc.option(arbCondition, { nil: null, freq: 2 }), arbReturnValues)
      .map(([Key, update, condition, ReturnValues]) => ({ operation: 'UpdateItem' as const, input: request({ Key, ReturnValues }, withExpression('Update', update), withExpression('Condition', condition)) })),
  },
  { weight: 2, arbitrary: fc.tuple(arbKey, fc.option(arbCondition, { nil: null, freq: 2 }), fc.constantFrom(undefined, 'ALL_OLD')).map(([Key, condition, ReturnValues]) => ({ operation: 'DeleteItem' as const, input: request({ Key, ReturnValues }, withExpression('Condition', condition)) })) },
  { weight: 2, arbitrary: fc.tuple(arbKey, arbProjection, fc.boolean()).map(([Key, projection, ConsistentRead]) => ({ operation: 'GetItem' as const, input: request({ Key, ConsistentRead }, withExpression('Projection', projection)) })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(arbPk, arbSkCondition, arbFilter, arbProjection, fc.boolean(), arbLimit, fc.constantFrom(undefined, 'COUNT'))
      .map(([pk, sk, filter, projection, forward, Limit, Select]) => ({
        operation: 'Query' as const,
        input: request(
          { KeyConditionExpression: sk ? `#pk = :pk AND ${sk.expression}` : '#pk = :pk', names: { '#pk': 'pk' }, values: { ':pk': S(pk), ...sk?.values }, ScanIndexForward: forward, Limit, Select: projection ? undefined : Select },
          withExpression('Filter', filter),
          withExpression('Projection', projection),
        ),
      })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(arbGroup, fc.option(arbDay, { nil: null }), arbLimit, fc.boolean()).map(([group, day, Limit, forward]) => ({
      operation: 'Query' as const,
      input: request({
        IndexName: INDEX,
        KeyConditionExpression: day ? 'grp = :g AND gsk <= :d' : 'grp = :g',
        values: { ':g': S(group), ...(day ? { ':d': S(day) } : {}) },
        Limit,
        ScanIndexForward: forward,
      }),
    })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.uniqueArray(arbSk, { minLength: 1, maxLength: 3 }), fc.boolean(), arbLimit).map(([sks, projected, Limit]) => ({
      operation: 'Scan' as const,
      input: request({
        FilterExpression: `sk IN (${sks.map((_, i) => `:t${i}`).join(', ')})`,
        values: Object.fromEntries(sks.map((sk, i) => [`:t${i}`, S(sk)])),
        ...(projected ? { ProjectionExpression: '#a0, #a1', names: { '#a0': 'pk', '#a1': 'n' } } : {}),
        Limit,
      }),
    })),
  },
  { weight: 1, arbitrary: arbLimit.map((Limit) => ({ operation: 'Scan' as const, input: { IndexName: INDEX, Limit } })) },
  {
    weight: 1,
    arbitrary: fc.uniqueArray(fc.tuple(arbKey, fc.option(arbItem, { nil: null })), { minLength: 1, maxLength: 5, selector: ([key]) => `${key.pk!.S}/${key.sk!.S}` }).map((writes) => ({
      operation: 'BatchWriteItem' as const,
      input: { RequestItems: { TABLE: writes.map(([Key, item]) => (item ? { PutRequest: { Item: { ...item, ...Key } } } : { DeleteRequest: { Key } })) } },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.uniqueArray(arbKey, { minLength: 1, maxLength: 4, selector: (key) => `${key.pk!.S}/${key.sk!.S}` }), arbProjection).map(([Keys, projection]) => ({
      operation: 'BatchGetItem' as const,
      input: { RequestItems: { TABLE: request({ Keys }, withExpression('Projection', projection)) } },
    })),
  },
  { weight: 2, arbitrary: fc.constantFrom(...invalidRequests()) },
);

/** The items a table starts with, so that conditions, queries and scans find some. */
const arbSeed = fc.uniqueArray(arbItem, { minLength: 3, maxLength: 15, selector: (item) => `${item.pk!.S}/${item.sk!.S}` });

/** Requests DynamoDB refuses, each for one reason the ledger's code could run into. */
function invalidRequests(): Request[] {
  const key = { pk: S('p1'), sk: S('EVENT#001') };
  return [
    { operation: 'PutItem', input: { Item: { pk: S('p1') } } },
    { operation: 'PutItem', input: { Item: { pk: S('p1'), sk: N('1') } } },
    { operation: 'PutItem', input: { Item: { pk: S(''), sk: S('x') } } },
    { operation: 'PutItem', input: { Item: { ...key, n: N('1e200') } } },
    { operation: 'PutItem', input: { Item: { ...key, n: N('123456789012345678901234567890123456789') } } },
    { operation: 'PutItem', input: { Item: { ...key, grp: N('1') } } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'attribute_exists(#x)' } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'n = :v', ExpressionAttributeValues: { ':v': N('1'), ':w': N('2') } } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'n = :v' } },
    { operation: 'PutItem', input: { Item: key, ExpressionAttributeValues: { ':v': N('1') } } },
    { operation: 'PutItem', input: { Item: key, ReturnValues: 'ALL_NEW' } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'begins_with(a, :n)', ExpressionAttributeValues: { ':n': N('1') } } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'n BETWEEN :hi AND :lo', ExpressionAttributeValues: { ':lo': N('1'), ':hi': N('2') } } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'n = n' } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'unknown_fn(a)' } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'attribute_exists(a) = :v', ExpressionAttributeValues: { ':v': N('1') } } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'size(a)' } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: '((a = :v))', ExpressionAttributeValues: { ':v': N('1') } } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'attribute_type(a, :t)', ExpressionAttributeValues: { ':t': S('X') } } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: 'begins_with(a)' } },
    { operation: 'PutItem', input: { Item: key, ConditionExpression: '' } },
    { operation: 'PutItem', input: { Item: { ...key, ss: { SS: ['a', 'a'] } } } },
    { operation: 'PutItem', input: { Item: { ...key, ns: { NS: [] } } } },
    { operation: 'PutItem', input: { Item: key, ExpressionAttributeNames: { 'x#': 'a' }, ConditionExpression: 'attribute_exists(a)' } },
    { operation: 'PutItem', input: { TableName: 'missing-table', Item: key } },
    { operation: 'GetItem', input: { Key: { ...key, a: S('x') } } },
    { operation: 'GetItem', input: { Key: { pk: S('p1') } } },
    { operation: 'GetItem', input: { Key: { pk: S('p1'), sk: S('') } } },
    { operation: 'GetItem', input: { Key: key, ProjectionExpression: 'a, a' } },
    { operation: 'GetItem', input: { Key: key, ProjectionExpression: 'm, m.x' } },
    { operation: 'GetItem', input: { Key: key, ProjectionExpression: 'pk.x' } },
    { operation: 'GetItem', input: { Key: key, ProjectionExpression: 'name' } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'ADD a :s', ExpressionAttributeValues: { ':s': S('x') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'DELETE ss :n', ExpressionAttributeValues: { ':n': N('1') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'SET n = n + :s', ExpressionAttributeValues: { ':s': S('x') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'SET pk = :s', ExpressionAttributeValues: { ':s': S('x') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'SET size = :s', ExpressionAttributeValues: { ':s': S('x') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'SET = :s', ExpressionAttributeValues: { ':s': S('x') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'SET a = :s, a = :s', ExpressionAttributeValues: { ':s': S('x') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'SET a = :s SET b = :s', ExpressionAttributeValues: { ':s': S('x') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'SET grp = :n', ExpressionAttributeValues: { ':n': N('1') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'SET a = list_append(:s, :s)', ExpressionAttributeValues: { ':s': S('x') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'SET a = if_not_exists(:s, :s)', ExpressionAttributeValues: { ':s': S('x') } } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'SET a = :s', ExpressionAttributeValues: { ':s': S('x') }, ReturnValues: 'ALL' } },
    { operation: 'UpdateItem', input: { Key: key, UpdateExpression: 'REMOVE #missing' } },
    { operation: 'Query', input: { KeyConditionExpression: 'sk = :s', ExpressionAttributeValues: { ':s': S('x') } } },
    { operation: 'Query', input: { KeyConditionExpression: 'pk = :p AND sk = :s', FilterExpression: 'sk = :s', ExpressionAttributeValues: { ':p': S('p1'), ':s': S('x') } } },
    { operation: 'Query', input: { KeyConditionExpression: 'pk = :p OR sk = :s', ExpressionAttributeValues: { ':p': S('p1'), ':s': S('x') } } },
    { operation: 'Query', input: { KeyConditionExpression: 'pk = :p AND a = :s', ExpressionAttributeValues: { ':p': S('p1'), ':s': S('x') } } },
    { operation: 'Query', input: { KeyConditionExpression: 'pk < :p', ExpressionAttributeValues: { ':p': S('p1') } } },
    { operation: 'Query', input: { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': N('1') } } },
    { operation: 'Query', input: { KeyConditionExpression: 'pk = :p AND sk = :s AND sk = :s', ExpressionAttributeValues: { ':p': S('p1'), ':s': S('x') } } },
    { operation: 'Query', input: { KeyConditionExpression: 'pk = :p AND begins_with(sk, :n)', ExpressionAttributeValues: { ':p': S('p1'), ':n': N('1') } } },
    { operation: 'Query', input: { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('p1') }, Limit: 0 } },
    { operation: 'Query', input: { IndexName: 'Missing', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('p1') } } },
    { operation: 'Query', input: { IndexName: INDEX, KeyConditionExpression: 'grp = :g', ExpressionAttributeValues: { ':g': S('2026-01') }, ConsistentRead: true } },
    { operation: 'Query', input: { IndexName: INDEX, KeyConditionExpression: 'grp = :g', ExpressionAttributeValues: { ':g': S('2026-01') }, Select: 'ALL_ATTRIBUTES' } },
    { operation: 'Query', input: { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('p1') }, ExclusiveStartKey: { pk: S('p2'), sk: S('x') } } },
    { operation: 'Query', input: { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('p1') }, ExclusiveStartKey: { pk: S('p1') } } },
    { operation: 'Scan', input: { FilterExpression: 'a IN ()' } },
    { operation: 'Scan', input: { Segment: 1 } },
    { operation: 'Scan', input: { Segment: 2, TotalSegments: 2 } },
    { operation: 'BatchWriteItem', input: { RequestItems: { TABLE: [{ PutRequest: { Item: key } }, { DeleteRequest: { Key: key } }] } } },
    { operation: 'BatchWriteItem', input: { RequestItems: { TABLE: [{ PutRequest: { Item: { pk: S('p1') } } }] } } },
    { operation: 'BatchGetItem', input: { RequestItems: { TABLE: { Keys: [key, key] } } } },
  ];
}

const COMMANDS = {
  PutItem: PutItemCommand,
  GetItem: GetItemCommand,
  UpdateItem: UpdateItemCommand,
  DeleteItem: DeleteItemCommand,
  Query: QueryCommand,
  Scan: ScanCommand,
  BatchWriteItem: BatchWriteItemCommand,
  BatchGetItem: BatchGetItemCommand,
} as const;

/** The request for a table: `TableName`, and in a batch the table's name as the key of its requests. */
function forTable(input: Record<string, unknown>, table: string): Record<string, unknown> {
  if (input.RequestItems) return { ...input, RequestItems: { [table]: (input.RequestItems as Record<string, unknown>).TABLE } };
  return { TableName: table, ...input };
}

type Outcome = { readonly ok: unknown } | { readonly error: string; readonly message: string };

/** What the caller sees, less what differs by nature ($metadata) or is not compared (ConsumedCapacity). */
function normalize(operation: string, output: Record<string, unknown>): unknown {
  const { $metadata: _metadata, ConsumedCapacity: _capacity, ...rest } = output;
  // DynamoDB returns a batch's items in no particular order (dynalite shuffles them).
  if (operation === 'BatchGetItem') {
    const responses = rest.Responses as Record<string, Record<string, Av>[]>;
    for (const items of Object.values(responses)) items.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  }
  // An UpdateItem that returns no attributes: dynalite answers an empty map, DynamoDB none.
  if (rest.Attributes && Object.keys(rest.Attributes as object).length === 0) delete rest.Attributes;
  return rest;
}

async function outcomeOf(client: DynamoDBClient, operation: Request['operation'], input: Record<string, unknown>): Promise<Outcome> {
  try {
    const Command = COMMANDS[operation] as unknown as new (input: Record<string, unknown>) => Parameters<DynamoDBClient['send']>[0];
    return { ok: normalize(operation, (await client.send(new Command(structuredClone(input)))) as unknown as Record<string, unknown>) };
  } catch (err) {
    const { name, message } = err as Error;
    if (!/Exception$/.test(name)) throw err;
    // Syntax errors: dynalite words them as its parser generator does, not as DynamoDB.
    if (/: Syntax error;/.test(message)) return { error: name, message: 'a syntax error' };
    // DynamoDB names the table that exists already; dynalite says nothing.
    if (name === 'ResourceInUseException') return { error: name, message: '' };
    return { error: name, message };
  }
}

/** Pages a Query or Scan to its end, as a paginator does: every page must agree. */
async function pagesOf(client: DynamoDBClient, operation: 'Query' | 'Scan', input: Record<string, unknown>): Promise<Outcome[]> {
  const pages: Outcome[] = [];
  let start: unknown;
  for (let page = 0; page < 40; page++) {
    const outcome = await outcomeOf(client, operation, start ? { ...input, ExclusiveStartKey: start } : input);
    pages.push(outcome);
    start = 'ok' in outcome ? (outcome.ok as { LastEvaluatedKey?: unknown }).LastEvaluatedKey : undefined;
    if (!start) break;
  }
  return pages;
}

async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'grp', 'gsk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: INDEX,
          KeySchema: [
            { AttributeName: 'grp', KeyType: 'HASH' },
            { AttributeName: 'gsk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['key'] },
        },
      ],
    }),
  );
  await untilActive(client, name);
}

describe('DynamoDbTwin against dynalite', () => {
  let reference: RunningDynalite;
  const twin = new DynamoDbTwin();
  const attached = new DynamoDBClient({ ...LOCAL_AWS });
  twin.attachTo(attached);
  let tables = 0;

  beforeAll(async () => {
    reference = await startDynalite();
  });
  afterAll(async () => {
    await reference.stop();
    await twin.close();
  });

  it('answers generated request sequences as dynalite does, errors included', async () => {
    await fc.assert(
      fc.asyncProperty(arbSeed, fc.array(arbRequest, { minLength: 1, maxLength: 25 }), async (seed, requests) => {
        const table = `table-${++tables}`;
        await Promise.all([createTable(attached, table), createTable(reference.client, table)]);
        const seeding: Request = { operation: 'BatchWriteItem', input: { RequestItems: { TABLE: seed.map((Item) => ({ PutRequest: { Item } })) } } };
        for (const [step, { operation, input }] of [seeding, ...requests].entries()) {
          const sent = forTable(input, table);
          const paged = operation === 'Query' || operation === 'Scan';
          const [mine, theirs] = await Promise.all(
            paged ? [pagesOf(attached, operation, sent), pagesOf(reference.client, operation, sent)] : [outcomeOf(attached, operation, sent), outcomeOf(reference.client, operation, sent)],
          );
          expect(mine, `step ${step}: ${operation} ${JSON.stringify(sent)}`).toEqual(theirs);
        }
        const [mine, theirs] = await Promise.all([pagesOf(attached, 'Scan', { TableName: table }), pagesOf(reference.client, 'Scan', { TableName: table })]);
        expect(mine, 'the tables after the sequence').toEqual(theirs);
      }),
      { numRuns: 60 },
    );
  });
});
