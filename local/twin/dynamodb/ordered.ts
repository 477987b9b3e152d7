import { compareScalars, hashOrder, keyBytes, keyString, type Item, type Value } from './values';

/** One item as a table or an index holds it, with what orders it. */
export interface Entry {
  readonly item: Item;
  /** Its size as DynamoDB counts it toward a 1 MB page. */
  readonly size: number;
  /** Its sort key value, when the table or index has a sort key. */
  readonly range: Value | undefined;
  /**
   * What orders entries with equal sort keys in an index (DynamoDB leaves that order unspecified):
   * a hash of the table key, as dynalite orders them, then the table key itself. Empty in a table.
   */
  readonly tie: string;
  readonly tableKey: string;
}

/** A position in the order of a partition's entries: where a page starts after, or an entry is. */
export type Position = Pick<Entry, 'range' | 'tie' | 'tableKey'>;

class Partition {
  readonly entries: Entry[] = [];

  constructor(
    readonly hash: Value,
    /** Where the partition falls in a Scan. */
    readonly order: string,
  ) {}
}

export const comparePositions = (a: Position, b: Position): number => {
  if (a.range !== undefined && b.range !== undefined) {
    const byRange = compareScalars(a.range, b.range);
    if (byRange !== 0) return byRange;
  }
  if (a.tie !== b.tie) return a.tie < b.tie ? -1 : 1;
  return a.tableKey < b.tableKey ? -1 : a.tableKey > b.tableKey ? 1 : 0;
};

/** The first index in [from, to) where a predicate that turns true once and stays true holds. */
export function firstWhere<T>(entries: readonly T[], holds: (entry: T) => boolean, from = 0, to = entries.length): number {
  let [low, high] = [from, to];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holds(entries[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Where a partition falls in a Scan: the hash of its key, then its key's bytes. */
export const partitionOrder = (hash: Value): string => hashOrder(hash) + keyBytes(hash).toString('hex');

/**
 * Items by partition key, each partition's in sort key order, and the partitions in scan order:
 * the storage of a table or of a global secondary index.
 */
export class OrderedStore {
  private readonly partitions = new Map<string, Partition>();
  /**
   * The partitions in scan order, put in order when a scan needs it: partitions come and go with
   * most writes (an invoice is a partition), scans are rare (reports, reviews).
   */
  private scanOrder: Partition[] = [];
  private scanOrderStale = false;
  private entries = 0;

  partition(hash: Value): Partition | undefined {
    return this.partitions.get(keyString(hash));
  }

  /** Puts the entry in its place, replacing one at the same position. */
  put(hash: Value, entry: Entry): void {
    const id = keyString(hash);
    let partition = this.partitions.get(id);
    if (!partition) {
      partition = new Partition(hash, partitionOrder(hash));
      this.partitions.set(id, partition);
      this.scanOrderStale = true;
    }
    const at = firstWhere(partition.entries, (other) => comparePositions(other, entry) >= 0);
    const existing = partition.entries[at];
    if (existing && comparePositions(existing, entry) === 0) partition.entries[at] = entry;
    else {
      partition.entries.splice(at, 0, entry);
      this.entries++;
    }
  }

  /** Removes the entry at the position, if there is one; the entry removed. */
  remove(hash: Value, position: Position): Entry | undefined {
    const id = keyString(hash);
    const partition = this.partitions.get(id);
    if (!partition) return undefined;
    const at = firstWhere(partition.entries, (other) => comparePositions(other, position) >= 0);
    const existing = partition.entries[at];
    if (!existing || comparePositions(existing, position) !== 0) return undefined;
    partition.entries.splice(at, 1);
    this.entries--;
    if (partition.entries.length === 0) {
      this.partitions.delete(id);
      this.scanOrderStale = true;
    }
    return existing;
  }

  get(hash: Value, position: Position): Entry | undefined {
    const partition = this.partition(hash);
    if (!partition) return undefined;
    const existing = partition.entries[firstWhere(partition.entries, (other) => comparePositions(other, position) >= 0)];
    return existing && comparePositions(existing, position) === 0 ? existing : undefined;
  }

  /** Every entry in scan order, from after a position (a partition's order and a position in it) when given. */
  *scan(after?: { order: string; position: Position }): Generator<{ partition: Partition; entry: Entry }> {
    if (this.scanOrderStale) {
      this.scanOrder = [...this.partitions.values()].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
      this.scanOrderStale = false;
    }
    let from = 0;
    if (after) {
      from = firstWhere(this.scanOrder, (partition) => partition.order >= after.order);
      const partition = this.scanOrder[from];
      if (partition && partition.order === after.order) {
        const start = firstWhere(partition.entries, (entry) => comparePositions(entry, after.position) > 0);
        for (let i = start; i < partition.entries.length; i++) yield { partition, entry: partition.entries[i]! };
        from++;
      }
    }
    for (let p = from; p < this.scanOrder.length; p++) {
      const partition = this.scanOrder[p]!;
      for (const entry of partition.entries) yield { partition, entry };
    }
  }

  /** How many entries the store holds. */
  get size(): number {
    return this.entries;
  }
}
