import type { CreateTableInput, GlobalSecondaryIndexDescription, TableDescription } from '@aws-sdk/client-dynamodb';
import { validation } from './errors';
import { OrderedStore, type Entry, type Position } from './ordered';
import { freezeItem, hashOrder, itemSize, keyString, MAX_ITEM_BYTES, typeOf, type Item, type ScalarKeyType, type Value } from './values';

export interface KeyAttribute {
  readonly name: string;
  readonly type: ScalarKeyType;
}

export interface KeySchema {
  readonly hash: KeyAttribute;
  readonly range?: KeyAttribute;
}

export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';

/** A global secondary index: its key, what it copies of an item, and its entries. */
export class GlobalIndex {
  readonly store = new OrderedStore();
  /** The attributes an entry holds, when not every attribute (projection ALL). */
  private readonly projected: ReadonlySet<string> | null;

  constructor(
    readonly name: string,
    readonly key: KeySchema,
    readonly projectionType: ProjectionType,
    nonKeyAttributes: readonly string[],
    tableKey: KeySchema,
  ) {
    const keys = [key.hash.name, key.range?.name, tableKey.hash.name, tableKey.range?.name].filter((name): name is string => name !== undefined);
    this.projected = projectionType === 'ALL' ? null : new Set([...keys, ...(projectionType === 'INCLUDE' ? nonKeyAttributes : [])]);
  }

  /** The item as the index holds it: only the projected attributes. */
  project(item: Item): Item {
    if (!this.projected) return item;
    const projected: Record<string, Value> = {};
    for (const name of this.projected) if (item[name] !== undefined) projected[name] = item[name]!;
    return projected;
  }

  /** Whether the item is in the index: a sparse index holds only items with all its key attributes. */
  holds = (item: Item): boolean => item[this.key.hash.name] !== undefined && (!this.key.range || item[this.key.range.name] !== undefined);
}

const keyOf = (item: Item, schema: KeySchema): Item => {
  const key: Record<string, Value> = { [schema.hash.name]: item[schema.hash.name]! };
  if (schema.range) key[schema.range.name] = item[schema.range.name]!;
  return key;
};

/** One table: its description as DescribeTable returns it, its items and its indexes. */
export class Table {
  readonly store = new OrderedStore();
  readonly indexes: ReadonlyMap<string, GlobalIndex>;
  private sizeBytes = 0;

  constructor(
    /** The description CreateTable returned, as the journal keeps it. */
    readonly description: TableDescription,
    readonly key: KeySchema,
    indexes: readonly GlobalIndex[],
    /** The CreateTable request that made the table: what the journal keeps. */
    readonly createInput: CreateTableInput,
  ) {
    this.indexes = new Map(indexes.map((index) => [index.name, index]));
    this.keyAttributeNames = {
      table: [key.hash.name, ...(key.range ? [key.range.name] : [])],
      indexes: indexes.flatMap((index) => [index.key.hash.name, ...(index.key.range ? [index.key.range.name] : [])]),
    };
  }

  /** The names of the key attributes of the table and of every index. */
  readonly keyAttributeNames: { readonly table: readonly string[]; readonly indexes: readonly string[] };

  get name(): string {
    return this.description.TableName!;
  }

  /** The item's primary key attributes. */
  keyOf = (item: Item): Item => keyOf(item, this.key);

  /** Where an item with this key is in its partition. */
  position(key: Item): Position {
    return { range: this.key.range ? key[this.key.range.name] : undefined, tie: '', tableKey: '' };
  }

  get(key: Item): Item | undefined {
    return this.store.get(key[this.key.hash.name]!, this.position(key))?.item;
  }

  /** Stores the item (its key already checked), replacing the one under its key, and keeps the indexes in step. */
  put(item: Item, size = itemSize(item)): void {
    freezeItem(item);
    const key = this.keyOf(item);
    const hash = key[this.key.hash.name]!;
    const replaced = this.store.get(hash, this.position(key));
    this.store.put(hash, { item, size, ...this.position(key) });
    this.sizeBytes += size - (replaced?.size ?? 0);
    for (const index of this.indexes.values()) {
      if (replaced) this.unindex(index, replaced.item);
      if (index.holds(item)) index.store.put(item[index.key.hash.name]!, this.indexEntry(index, item));
    }
  }

  delete(key: Item): Item | undefined {
    const removed = this.store.remove(key[this.key.hash.name]!, this.position(key));
    if (!removed) return undefined;
    this.sizeBytes -= removed.size;
    for (const index of this.indexes.values()) this.unindex(index, removed.item);
    return removed.item;
  }

  private unindex(index: GlobalIndex, item: Item): void {
    if (index.holds(item)) index.store.remove(item[index.key.hash.name]!, this.indexPosition(index, item));
  }

  /** Where an item is in an index: its index sort key, then the tie-breaking hash and key of its table key. */
  indexPosition(index: GlobalIndex, item: Item): Position {
    const tableKey = [item[this.key.hash.name]!, ...(this.key.range ? [item[this.key.range.name]!] : [])];
    return {
      range: index.key.range ? item[index.key.range.name] : undefined,
      tie: hashOrder(...tableKey),
      tableKey: tableKey.map(keyString).join('\u0000'),
    };
  }

  private indexEntry(index: GlobalIndex, item: Item): Entry {
    const projected = index.project(item);
    freezeItem(projected);
    return { item: projected, size: itemSize(projected), ...this.indexPosition(index, item) };
  }

  /** The description DescribeTable returns: the table's, with its current item count and size. */
  describe(): TableDescription {
    return {
      ...this.description,
      ItemCount: this.store.size,
      TableSizeBytes: this.sizeBytes,
      ...(this.description.GlobalSecondaryIndexes
        ? {
            GlobalSecondaryIndexes: this.description.GlobalSecondaryIndexes.map((index): GlobalSecondaryIndexDescription => ({
              ...index,
              ItemCount: this.indexes.get(index.IndexName!)!.store.size,
            })),
          }
        : {}),
    };
  }

  /** A key given by a caller (GetItem, UpdateItem, DeleteItem), checked as DynamoDB checks it. */
  checkKey(key: Item): void {
    const names = Object.keys(key);
    if (names.length !== (this.key.range ? 2 : 1)) throw validation('The provided key element does not match the schema');
    for (const attribute of [this.key.hash, ...(this.key.range ? [this.key.range] : [])]) {
      const value = key[attribute.name];
      if (value === undefined || typeOf(value) !== attribute.type) throw validation('The provided key element does not match the schema');
      checkKeyValue(value, attribute, attribute === this.key.hash, 'One or more parameter values were invalid: ');
    }
  }

  /** An item given to PutItem (or made by UpdateItem), its key and index keys checked as DynamoDB checks them. */
  checkItem(item: Item): void {
    for (const attribute of [this.key.hash, ...(this.key.range ? [this.key.range] : [])]) {
      const value = item[attribute.name];
      if (value === undefined) throw validation(`One or more parameter values were invalid: Missing the key ${attribute.name} in the item`);
      if (typeOf(value) !== attribute.type) {
        throw validation(`One or more parameter values were invalid: Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${typeOf(value)}`);
      }
      checkKeyValue(value, attribute, attribute === this.key.hash, 'One or more parameter values are not valid. ');
    }
    this.checkIndexKeys(item);
  }

  /** The item's index key attributes: of the index's type, and not empty. */
  checkIndexKeys(item: Item): void {
    for (const index of this.indexes.values()) {
      for (const attribute of [index.key.hash, ...(index.key.range ? [index.key.range] : [])]) {
        const value = item[attribute.name];
        if (value === undefined) continue;
        if (typeOf(value) !== attribute.type) {
          throw validation(
            `One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${typeOf(value)} IndexName: ${index.name}`,
          );
        }
        if (('S' in value && value.S === '') || ('B' in value && value.B.length === 0)) {
          throw validation(
            `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. IndexName: ${index.name}, IndexKey: ${attribute.name}`,
          );
        }
      }
    }
  }

}

/** A key value's size and emptiness, as DynamoDB limits them. */
function checkKeyValue(value: Value, attribute: KeyAttribute, isHash: boolean, emptyPrefix: string): void {
  if (('S' in value && value.S === '') || ('B' in value && value.B.length === 0)) {
    throw validation(`${emptyPrefix}The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. Key: ${attribute.name}`);
  }
  const bytes = 'S' in value ? Buffer.byteLength(value.S, 'utf8') : 'B' in value ? value.B.length : 0;
  if (isHash && bytes > 2048) throw validation('One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes');
  if (!isHash && bytes > 1024) throw validation('One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes');
}

/** An item over DynamoDB's 400 KB, refused with the message of the operation that made it. */
/** Refuses an item over 400 KB; its size, for `Table.put`, which would count it again. */
export function checkItemSize(item: Item, message: string): number {
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) throw validation(message);
  return size;
}
