import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  ListTablesCommand,
  paginateQuery,
  PutItemCommand,
  QueryCommand,
  ResourceInUseException,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerTable, LOCAL_AWS } from '../../../../local/emulators';
import { DynamoDbTwin, JournalCorruptError } from '../../../../local/twin/dynamodb';

const TABLE = 'ledger';
const S = (value: string): AttributeValue => ({ S: value });
const N = (value: string): AttributeValue => ({ N: value });

const attachedTo = (twin: DynamoDbTwin): DynamoDBClient => {
  const client = new DynamoDBClient({ ...LOCAL_AWS });
  twin.attachTo(client);
  return client;
};

const refusal = async (call: Promise<unknown>): Promise<{ name: string; message: string }> => {
  const err = (await call.then(
    () => null,
    (caught: unknown) => caught,
  )) as DynamoDBServiceException | null;
  if (!err) throw new Error('the call was not refused');
  return { name: err.name, message: err.message };
};

describe('DynamoDbTwin', () => {
  let client: DynamoDBClient;
  let twin: DynamoDbTwin;

  beforeEach(async () => {
    twin = new DynamoDbTwin();
    client = attachedTo(twin);
    await createLedgerTable(client, TABLE);
  });
  afterEach(() => twin.close());

  it('throws the SDK exception classes, with the item when asked', async () => {
    const Item = { pk: S('a'), sk: S('b'), amount: N('10.50') };
    await client.send(new PutItemCommand({ TableName: TABLE, Item }));
    const err = await client
      .send(new PutItemCommand({ TableName: TABLE, Item, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))
      .catch((caught: unknown) => caught);
    expect(err).toBeInstanceOf(ConditionalCheckFailedException);
    expect(err).toMatchObject({ $fault: 'client', $metadata: { httpStatusCode: 400 }, Item: { ...Item, amount: N('10.5') } });
    expect(await client.send(new CreateTableCommand({ TableName: TABLE, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' })).catch((caught: unknown) => caught)).toBeInstanceOf(ResourceInUseException);
    const invalid = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: S('a') } })).catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(DynamoDBServiceException);
    expect(invalid).toMatchObject({ name: 'ValidationException', message: 'The provided key element does not match the schema', $fault: 'client' });
  });

  it('keeps numbers exact to 38 digits and refuses an update that would need more', async () => {
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('a'), sk: S('b'), amount: N('0') } }));
    await client.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: S('a'), sk: S('b') }, UpdateExpression: 'SET amount = :big', ExpressionAttributeValues: { ':big': N('12345678901234567890.12345678901234567') } }));
    const added = await client.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: S('a'), sk: S('b') }, UpdateExpression: 'ADD amount :cent', ExpressionAttributeValues: { ':cent': N('0.01') }, ReturnValues: 'UPDATED_NEW' }));
    expect(added.Attributes?.amount).toEqual(N('12345678901234567890.13345678901234567'));
    expect(await refusal(client.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: S('a'), sk: S('b') }, UpdateExpression: 'SET amount = amount + :tiny', ExpressionAttributeValues: { ':tiny': N('0.0000000000000000001') } })))).toEqual({
      name: 'ValidationException',
      message: 'Attempting to store more than 38 significant digits in a Number',
    });
  });

  it('orders sort keys by their UTF-8 bytes, a character past U+FFFF after one below it', async () => {
    for (const sk of ['\u{1F600}', '\uFF5E', 'z', 'é']) await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('p'), sk: S(sk) } }));
    const { Items } = await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('p') } }));
    expect(Items?.map((item) => item.sk?.S)).toEqual(['z', 'é', '\uFF5E', '\u{1F600}']);
  });

  it('orders number sort keys by value and binary ones by their bytes', async () => {
    const create = (name: string, type: 'N' | 'B') =>
      client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'id', AttributeType: 'N' },
            { AttributeName: 'at', AttributeType: type },
          ],
          KeySchema: [
            { AttributeName: 'id', KeyType: 'HASH' },
            { AttributeName: 'at', KeyType: 'RANGE' },
          ],
        }),
      );
    await create('numbers', 'N');
    await create('binaries', 'B');
    for (const at of ['10', '-2.5', '9.99', '100', '-10']) await client.send(new PutItemCommand({ TableName: 'numbers', Item: { id: N('1.0'), at: N(at) } }));
    for (const at of [[2], [1, 255], [1], [255, 0]]) await client.send(new PutItemCommand({ TableName: 'binaries', Item: { id: N('1'), at: { B: new Uint8Array(at) } } }));
    const numbers = await client.send(new QueryCommand({ TableName: 'numbers', KeyConditionExpression: 'id = :id AND #at BETWEEN :lo AND :hi', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':id': N('1'), ':lo': N('-3'), ':hi': N('10') } }));
    expect(numbers.Items?.map((item) => item.at?.N)).toEqual(['-2.5', '9.99', '10']);
    const binaries = await client.send(new QueryCommand({ TableName: 'binaries', KeyConditionExpression: 'id = :id AND begins_with(#at, :one)', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':id': N('1'), ':one': { B: new Uint8Array([1]) } } }));
    expect(binaries.Items?.map((item) => [...(item.at?.B ?? [])])).toEqual([[1], [1, 255]]);
  });

  it('removes the list elements an update names, by their indexes before the update', async () => {
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('a'), sk: S('b'), l: { L: [S('0'), S('1'), S('2'), S('3')] } } }));
    const { Attributes } = await client.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: S('a'), sk: S('b') }, UpdateExpression: 'REMOVE l[0], l[2]', ReturnValues: 'ALL_NEW' }));
    expect(Attributes?.l).toEqual({ L: [S('1'), S('3')] });
  });

  it('counts a string by its UTF-8 bytes in size() and toward the 400 KB item', async () => {
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('a'), sk: S('b'), word: S('ééé') } }));
    const size = (n: string) =>
      client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p', FilterExpression: 'size(word) = :n', ExpressionAttributeValues: { ':p': S('a'), ':n': N(n) } }));
    expect((await size('6')).Count).toBe(1);
    // 400 KB and a little in UTF-8, half that in UTF-16 units.
    const nearly = 'é'.repeat(200 * 1024 + 10);
    expect(await refusal(client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('a'), sk: S('c'), text: S(nearly) } })))).toEqual({
      name: 'ValidationException',
      message: 'Item size has exceeded the maximum allowed size',
    });
  });

  it('stops a page at 1 MB read and says where, as DynamoDB does', async () => {
    const text = 'x'.repeat(300 * 1024);
    for (let i = 0; i < 5; i++) await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('a'), sk: S(`item-${i}`), text: S(text) } }));
    const first = await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('a') }, Select: 'COUNT' }));
    expect(first).toMatchObject({ Count: 4, ScannedCount: 4, LastEvaluatedKey: { pk: S('a'), sk: S('item-3') } });
    const pages = [];
    for await (const page of paginateQuery({ client }, { TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('a') }, ProjectionExpression: 'sk' })) pages.push(page.Items?.map((item) => item.sk?.S));
    expect(pages).toEqual([['item-0', 'item-1', 'item-2', 'item-3'], ['item-4']]);
  });

  it('refuses an empty string as an index key, and the legacy parameters by name', async () => {
    expect(await refusal(client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('a'), sk: S('b'), collectionsStartMonth: S('') } })))).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('A value specified for a secondary index key is not supported'),
    });
    expect(await refusal(client.send(new ScanCommand({ TableName: TABLE, AttributesToGet: ['pk'] })))).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('AttributesToGet') });
  });

  it('answers items that a caller cannot use to change the table, bytes included', async () => {
    const Key = { pk: S('a'), sk: S('b') };
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { ...Key, tags: { SS: ['x'] }, nested: { M: { n: N('1') } }, bytes: { B: new Uint8Array([1, 2]) } } }));
    const first = (await client.send(new GetItemCommand({ TableName: TABLE, Key }))).Item!;
    expect(() => {
      first.nested!.M!.n = N('2');
    }).toThrow(TypeError);
    expect(() => first.tags!.SS!.push('y')).toThrow(TypeError);
    first.bytes!.B![0] = 9;
    const [{ Items }, again] = await Promise.all([
      client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('a') } })),
      client.send(new GetItemCommand({ TableName: TABLE, Key })),
    ]);
    for (const item of [Items![0]!, again.Item!]) expect(item).toEqual({ ...Key, tags: { SS: ['x'] }, nested: { M: { n: N('1') } }, bytes: { B: new Uint8Array([1, 2]) } });
  });

  it("answers util-dynamodb's marshalling and the SDK's paginators as DynamoDB does", async () => {
    for (let i = 0; i < 7; i++) await client.send(new PutItemCommand({ TableName: TABLE, Item: marshall({ pk: 'inv', sk: `EVENT#${i}`, facts: { n: i, tags: new Set(['a']) } }) }));
    const items = [];
    for await (const page of paginateQuery({ client, pageSize: 3 }, { TableName: TABLE, KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)', ExpressionAttributeValues: marshall({ ':p': 'inv', ':e': 'EVENT#' }) })) items.push(...(page.Items ?? []));
    expect(items.map((item) => unmarshall(item).facts)).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => ({ n, tags: new Set(['a']) })));
  });
});

describe('DynamoDbTwin with a journal', () => {
  let folder: string;
  let journal: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'dynamodb-twin-'));
    journal = join(folder, 'dynamodb.journal');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const writeSome = async (twin: DynamoDbTwin) => {
    const client = attachedTo(twin);
    await createLedgerTable(client, TABLE);
    for (let i = 0; i < 3; i++) {
      await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('inv'), sk: S(`EVENT#${i}`), bytes: { B: new Uint8Array([i, 255]) }, collectionsStartMonth: S('2026-01'), collectionsStartOn: S(`2026-01-0${i + 1}`) } }));
    }
    await client.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: S('inv'), sk: S('SEQ') }, UpdateExpression: 'ADD #last :one', ExpressionAttributeNames: { '#last': 'last' }, ExpressionAttributeValues: { ':one': N('1') } }));
    await client.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: S('inv'), sk: S('EVENT#1') }, UpdateExpression: 'REMOVE collectionsStartMonth' }));
  };

  const everything = async (twin: DynamoDbTwin) => {
    const client = attachedTo(twin);
    return {
      tables: (await client.send(new ListTablesCommand({}))).TableNames,
      items: (await client.send(new ScanCommand({ TableName: TABLE }))).Items,
      index: (await client.send(new QueryCommand({ TableName: TABLE, IndexName: 'ByCollectionsStart', KeyConditionExpression: 'collectionsStartMonth = :m', ExpressionAttributeValues: { ':m': S('2026-01') } }))).Items,
    };
  };

  it('keeps every answered write for the next twin on the file, compacted', async () => {
    const first = new DynamoDbTwin({ journal });
    await writeSome(first);
    const before = await everything(first);
    await first.close();
    const linesBefore = readFileSync(journal, 'utf8').trim().split('\n').length;

    const second = new DynamoDbTwin({ journal });
    expect(await everything(second)).toEqual(before);
    expect(before.items).toHaveLength(4);
    expect(before.index).toHaveLength(2);
    // Compacted on open: one line for the table and one per item, not one per write.
    expect(readFileSync(journal, 'utf8').trim().split('\n')).toHaveLength(5);
    expect(linesBefore).toBe(6);
    await second.close();
    const third = new DynamoDbTwin({ journal });
    expect(await everything(third)).toEqual(before);
    await third.close();
  });

  it('skips a last line cut short by a crash, and refuses a journal damaged elsewhere', async () => {
    const first = new DynamoDbTwin({ journal });
    await writeSome(first);
    const before = await everything(first);
    await first.close();
    appendFileSync(journal, '{"op":"put","table":"ledger","item":{"pk":{"S":"inv"},"sk":');
    const second = new DynamoDbTwin({ journal });
    expect(await everything(second)).toEqual(before);
    await second.close();

    writeFileSync(journal, `{"op":"deleteTable"\n${readFileSync(journal, 'utf8')}`);
    expect(() => new DynamoDbTwin({ journal })).toThrow(JournalCorruptError);
  });
});

describe('DynamoDbTwin.listen', () => {
  it('serves DynamoDB’s JSON protocol to a plain SDK client', async () => {
    const twin = new DynamoDbTwin();
    const endpoint = await twin.listen();
    const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
    try {
      await createLedgerTable(client, TABLE);
      const Item = { pk: S('inv'), sk: S('INVOICE'), amount: N('1200.10'), file: { B: new Uint8Array([1, 2, 3]) } };
      await client.send(new PutItemCommand({ TableName: TABLE, Item, ConditionExpression: 'attribute_not_exists(pk)' }));
      const refused = await client
        .send(new PutItemCommand({ TableName: TABLE, Item, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))
        .catch((caught: unknown) => caught);
      expect(refused).toBeInstanceOf(ConditionalCheckFailedException);
      expect((refused as ConditionalCheckFailedException).Item).toEqual({ ...Item, amount: N('1200.1') });
      const { Items } = await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p AND begins_with(sk, :i)', ExpressionAttributeValues: { ':p': S('inv'), ':i': S('INV') } }));
      expect(Items).toEqual([{ ...Item, amount: N('1200.1') }]);
      expect(await refusal(client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: S('inv') } })))).toEqual({
        name: 'ValidationException',
        message: 'The provided key element does not match the schema',
      });
    } finally {
      client.destroy();
      await twin.close();
    }
  });
});
