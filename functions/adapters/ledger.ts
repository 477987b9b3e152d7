import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditEntry, InvoiceKey, LedgerInvoice, QuarantineReason } from '../domain/intake';
import { LedgerUnavailableError } from './errors';
import { COLLECTIONS_START_INDEX, LEDGER_KEY } from './ledger-schema';

/** What became of an invoice offered to the ledger. */
export type AddOutcome =
  | { readonly outcome: 'added' }
  | {
      /** duplicate: the same file; same-invoice: the same invoice from another file; conflict: another invoice under the key. */
      readonly outcome: 'duplicate' | 'same-invoice' | 'conflict';
      readonly existing: LedgerInvoice;
    };

/** The ledger as the intake sees it: invoices once per seller and number, their audit trails, the quarantine list. */
export interface Ledger {
  addInvoice(record: LedgerInvoice): Promise<AddOutcome>;
  getInvoice(key: InvoiceKey): Promise<LedgerInvoice | undefined>;
  /** Appends once: the same entry id again is a no-op. */
  appendAudit(key: InvoiceKey, entry: AuditEntry): Promise<void>;
  auditTrail(key: InvoiceKey): Promise<AuditEntry[]>;
  /** Records a refused file once per file and delivery time. */
  recordQuarantine(reason: QuarantineReason): Promise<void>;
  quarantined(): Promise<QuarantineReason[]>;
}

const { partitionKey: PK, sortKey: SK } = LEDGER_KEY;
const INVOICE_SK = 'INVOICE';
const QUARANTINE_PK = 'QUARANTINE';

export const invoicePk = (key: InvoiceKey): string => `INVOICE#${key.sellerKey}#${key.number}`;

/** The sparse index attributes of an invoice waiting for its collections run; none for one that never enters. */
const collectionsStartOf = (record: LedgerInvoice): Record<string, string> => {
  const startOn = record.collections.startOn;
  return startOn
    ? { [COLLECTIONS_START_INDEX.partitionKey]: startOn.slice(0, 7), [COLLECTIONS_START_INDEX.sortKey]: startOn }
    : {};
};

export const toItem = (keys: Record<string, string>, value: object): Record<string, AttributeValue> =>
  marshall({ ...value, ...keys }, { removeUndefinedValues: true, convertEmptyValues: false });

/** The stored value without its key attributes and item type: the shape callers gave it. */
export const fromItem = <T>(item: Record<string, AttributeValue>): T => {
  const {
    [PK]: _pk,
    [SK]: _sk,
    [COLLECTIONS_START_INDEX.partitionKey]: _month,
    [COLLECTIONS_START_INDEX.sortKey]: _on,
    type: _type,
    ...rest
  } = unmarshall(item);
  return rest as T;
};

export class DynamoLedger implements Ledger {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async addInvoice(record: LedgerInvoice): Promise<AddOutcome> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem({ [PK]: invoicePk(record.key), [SK]: INVOICE_SK, ...collectionsStartOf(record) }, { ...record, type: 'invoice' }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
      return { outcome: 'added' };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw new LedgerUnavailableError(this.tableName, 'PutItem', { cause: err });
    }
    const existing = await this.getInvoice(record.key);
    if (!existing) throw new LedgerUnavailableError(this.tableName, 'GetItem after a failed condition');
    if (existing.documentSha256 === record.documentSha256) return { outcome: 'duplicate', existing };
    if (existing.contentSha256 === record.contentSha256) return { outcome: 'same-invoice', existing };
    return { outcome: 'conflict', existing };
  }

  async getInvoice(key: InvoiceKey): Promise<LedgerInvoice | undefined> {
    const result = await this.call('GetItem', () =>
      this.db.send(
        new GetItemCommand({ TableName: this.tableName, Key: marshall({ [PK]: invoicePk(key), [SK]: INVOICE_SK }), ConsistentRead: true }),
      ),
    );
    if (!result.Item) return undefined;
    return fromItem<LedgerInvoice>(result.Item);
  }

  async appendAudit(key: InvoiceKey, entry: AuditEntry): Promise<void> {
    await this.putOnce('PutItem audit', toItem({ [PK]: invoicePk(key), [SK]: `AUDIT#${entry.at}#${entry.id}` }, { ...entry, type: 'audit' }));
  }

  async auditTrail(key: InvoiceKey): Promise<AuditEntry[]> {
    const items = await this.queryAll(invoicePk(key), 'AUDIT#');
    return items.map((item) => fromItem<AuditEntry>(item));
  }

  async recordQuarantine(reason: QuarantineReason): Promise<void> {
    await this.putOnce(
      'PutItem quarantine',
      toItem({ [PK]: QUARANTINE_PK, [SK]: `${reason.receivedAt}#${reason.fileId}` }, { ...reason, type: 'quarantine' }),
    );
  }

  async quarantined(): Promise<QuarantineReason[]> {
    const items = await this.queryAll(QUARANTINE_PK);
    return items.map((item) => fromItem<QuarantineReason>(item));
  }

  private async putOnce(operation: string, item: Record<string, AttributeValue>): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return;
      throw new LedgerUnavailableError(this.tableName, operation, { cause: err });
    }
  }

  private async queryAll(pk: string, skPrefix?: string): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.call('Query', () =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: skPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
            ExpressionAttributeNames: skPrefix ? { '#pk': PK, '#sk': SK } : { '#pk': PK },
            ExpressionAttributeValues: marshall(skPrefix ? { ':pk': pk, ':prefix': skPrefix } : { ':pk': pk }),
            ExclusiveStartKey: startKey,
            ConsistentRead: true,
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw new LedgerUnavailableError(this.tableName, operation, { cause: err });
    }
  }
}
