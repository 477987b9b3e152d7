import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  paginateQuery,
  paginateScan,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, NumberValueImpl, unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { classifyStoreError, LedgerUnavailableError } from '../errors';
import { PK, SK, TABLE_ATTRIBUTES, type ItemKey } from './keys';

/** An item as its store reads and writes it: plain values, marshalled here and nowhere else. */
export type Item = Record<string, NativeAttributeValue>;

/** A condition on the item a write finds; the write is refused, not failed, when it does not hold. */
export interface Condition {
  readonly expression: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, NativeAttributeValue>>;
}

/** An update expression and what it names. */
export type Update = Condition;

/**
 * A stored number as JavaScript holds it where that is exact (a revision, a score), else as its
 * exact text (an amount of more digits than a double keeps): DynamoDB adds amounts exactly, and a
 * rounded read would undo that.
 */
const readNumber = (text: string): number | NumberValueImpl => (String(Number(text)) === text ? Number(text) : NumberValueImpl.from(text));

/** Plain values to attribute values: an undefined member is left out, an empty string stays one. */
const toAttributes = (values: Readonly<Record<string, NativeAttributeValue>>): Record<string, AttributeValue> =>
  marshall(values, { removeUndefinedValues: true, convertEmptyValues: false });

const fromAttributes = (item: Record<string, AttributeValue>): Item => unmarshall(item, { wrapNumbers: readNumber });

/** An index query, its values plain. */
export type IndexQuery = Omit<QueryCommandInput, 'TableName' | 'ExpressionAttributeValues'> & {
  readonly ExpressionAttributeValues?: Readonly<Record<string, NativeAttributeValue>>;
};

/** The item is not there yet: what makes a put write once. */
export const ABSENT: Condition = { expression: 'attribute_not_exists(#pk)', names: { '#pk': PK } };

const conditionInput = (condition: Condition | undefined) =>
  condition
    ? {
        ConditionExpression: condition.expression,
        ...(condition.names ? { ExpressionAttributeNames: { ...condition.names } } : {}),
        ...(condition.values ? { ExpressionAttributeValues: toAttributes(condition.values) } : {}),
      }
    : {};

/** The stored value without the table's attributes (keys, index attributes, item type): the shape its store was given. */
export const valueOf = <T>(item: Item): T =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !TABLE_ATTRIBUTES.includes(name))) as T;

/**
 * The ledger table as its stores use it: plain values in and out, every failure turned into a
 * {@link LedgerUnavailableError} naming the operation, and a failed condition into a `false`.
 */
export class LedgerTable {
  constructor(
    private readonly db: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** Writes the value under the key with its item type, only where the condition holds: false when it did not. */
  async put(operation: string, key: ItemKey, itemType: string, value: object, condition: Condition = ABSENT): Promise<boolean> {
    return this.unlessRefused(operation, () =>
      this.db.send(new PutItemCommand({ TableName: this.tableName, Item: toAttributes({ ...value, itemType, ...key }), ...conditionInput(condition) })),
    );
  }

  async get(operation: string, key: ItemKey): Promise<Item | undefined> {
    const found = await this.call(operation, () => this.db.send(new GetItemCommand({ TableName: this.tableName, Key: toAttributes(key), ConsistentRead: true })));
    return found.Item && fromAttributes(found.Item);
  }

  /** Adds one to a number attribute of an item (made at 0 when absent) and returns the new value: a counter. */
  async increment(operation: string, key: ItemKey, attribute: string): Promise<number> {
    const updated = await this.call(operation, () =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: toAttributes(key),
          UpdateExpression: 'ADD #counter :one',
          ExpressionAttributeNames: { '#counter': attribute },
          ExpressionAttributeValues: { ':one': { N: '1' } },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(updated.Attributes?.[attribute]?.N);
  }

  /** Updates the item, only where the condition holds: false when it did not. */
  async update(operation: string, key: ItemKey, update: Update, condition?: Condition): Promise<boolean> {
    const names = { ...update.names, ...condition?.names };
    const values = { ...update.values, ...condition?.values };
    return this.unlessRefused(operation, () =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: toAttributes(key),
          UpdateExpression: update.expression,
          ...(condition ? { ConditionExpression: condition.expression } : {}),
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: toAttributes(values) } : {}),
        }),
      ),
    );
  }

  /** Deletes the item if it is there (and meets the condition); a key the table refuses holds nothing to delete. */
  async delete(operation: string, key: ItemKey, condition?: Condition): Promise<void> {
    try {
      await this.db.send(new DeleteItemCommand({ TableName: this.tableName, Key: toAttributes(key), ...conditionInput(condition) }));
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || classifyStoreError(err).kind === 'permanent') return;
      throw new LedgerUnavailableError(this.tableName, operation, { cause: err });
    }
  }

  /** Every item of a partition, or of its sort keys with the prefix, in sort key order. */
  async query(operation: string, pk: string, skPrefix?: string): Promise<Item[]> {
    return this.queryAll(
      operation,
      {
        TableName: this.tableName,
        KeyConditionExpression: skPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: skPrefix ? { '#pk': PK, '#sk': SK } : { '#pk': PK },
        ExpressionAttributeValues: toAttributes(skPrefix ? { ':pk': pk, ':prefix': skPrefix } : { ':pk': pk }),
        ConsistentRead: true,
      },
    );
  }

  /** Every item an index query finds. */
  async queryIndex(operation: string, { ExpressionAttributeValues: values, ...input }: IndexQuery): Promise<Item[]> {
    return this.queryAll(operation, { ...input, ...(values ? { ExpressionAttributeValues: toAttributes(values) } : {}), TableName: this.tableName });
  }

  /** The partition's item with the highest sort key, if any. */
  async last(operation: string, pk: string): Promise<Item | undefined> {
    const page = await this.call(operation, () =>
      this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: { ':pk': { S: pk } },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    const item = page.Items?.[0];
    return item && fromAttributes(item);
  }

  /** Every item of the given types, by a scan; only the named attributes when `attributes` is given. */
  async scan(operation: string, itemTypes: readonly string[], attributes?: readonly string[]): Promise<Item[]> {
    const values = Object.fromEntries(itemTypes.map((type, i) => [`:t${i}`, type]));
    const names = attributes ? Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])) : undefined;
    return this.call(operation, async () => {
      const items: Item[] = [];
      const pages = paginateScan(
        { client: this.db },
        {
          TableName: this.tableName,
          FilterExpression: `itemType IN (${Object.keys(values).join(', ')})`,
          ...(names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: toAttributes(values),
        },
      );
      for await (const page of pages) items.push(...(page.Items ?? []).map(fromAttributes));
      return items;
    });
  }

  private async queryAll(operation: string, input: QueryCommandInput): Promise<Item[]> {
    return this.call(operation, async () => {
      const items: Item[] = [];
      for await (const page of paginateQuery({ client: this.db }, input)) items.push(...(page.Items ?? []).map(fromAttributes));
      return items;
    });
  }

  private async unlessRefused(operation: string, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw new LedgerUnavailableError(this.tableName, operation, { cause: err });
    }
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw new LedgerUnavailableError(this.tableName, operation, { cause: err });
    }
  }
}
