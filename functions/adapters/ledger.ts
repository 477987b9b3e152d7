import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DeleteItemCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { IsoDate } from '../domain/calendar';
import { sameContent, type CallTask, type RecordedEvent, type TimelineEntry } from '../domain/collections';
import { InvoiceNotFoundError } from '../domain/errors';
import type { AuditEntry, InvoiceKey, LedgerInvoice, QuarantineReason } from '../domain/intake';
import { classifyStoreError, LedgerUnavailableError } from './errors';
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
  /**
   * Takes back an invoice whose ingest could not finish, with what its ingest wrote beside it;
   * the invoice item only while it still holds this record's file, so another file's is never touched.
   */
  withdrawInvoice(record: LedgerInvoice): Promise<void>;
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

/** A customer's partition: its profile under CUSTOMER_SK, beside its invoice links, alerts and risk changes. */
export const customerPk = (id: string): string => `CUSTOMER#${id}`;
export const CUSTOMER_SK = 'CUSTOMER';

/** The sparse index attributes of an invoice waiting for its collections run; none for one that never enters. */
const collectionsStartOf = (record: LedgerInvoice): Record<string, string> => {
  const startOn = record.collections.startOn;
  return startOn
    ? { [COLLECTIONS_START_INDEX.partitionKey]: startOn.slice(0, 7), [COLLECTIONS_START_INDEX.sortKey]: startOn }
    : {};
};

export const toItem = (keys: Record<string, string>, value: object): Record<string, AttributeValue> =>
  marshall({ ...value, ...keys }, { removeUndefinedValues: true, convertEmptyValues: false });

/** The stored value without its key attributes and item type (`itemType`, apart from the values' own fields): the shape callers gave it. */
export const fromItem = <T>(item: Record<string, AttributeValue>): T => {
  const {
    [PK]: _pk,
    [SK]: _sk,
    [COLLECTIONS_START_INDEX.partitionKey]: _month,
    [COLLECTIONS_START_INDEX.sortKey]: _on,
    itemType: _itemType,
    ...rest
  } = unmarshall(item);
  return rest as T;
};

/** The ledger as the collections workflow and the operations API see it. */
export interface CollectionsLedger {
  getInvoice(key: InvoiceKey): Promise<LedgerInvoice | undefined>;
  /** The invoice with everything recorded about its collections, or undefined when there is no such invoice. */
  getCase(key: InvoiceKey): Promise<CollectionsCase | undefined>;
  /** Records an event once per id, and its entry in the invoice's audit trail; the same id with other content is a conflict, and writes nothing. */
  recordEvent(key: InvoiceKey, event: RecordedEvent): Promise<RecordEventOutcome>;
  /** Appends timeline lines; a line already there (same date, rank and action) is left as it is. */
  recordTimeline(key: InvoiceKey, entries: readonly TimelineEntry[]): Promise<void>;
  /** Marks a step carried out, once: 'already-done' when a retry finds it done. */
  completeStep(key: InvoiceKey, entry: TimelineEntry): Promise<'done' | 'already-done'>;
  /** Marks steps as passed over (a policy change put them behind the run), each once, with why in the audit trail. */
  passOverSteps(key: InvoiceKey, steps: readonly { readonly step: string; readonly date: IsoDate }[], why: string, at: string): Promise<void>;
  /** Keeps the task token that wakes the run, and when it wakes by itself. */
  parkRun(key: InvoiceKey, wake: { readonly token: string; readonly wakeAt: string }): Promise<void>;
  openCallTask(task: CallTask): Promise<void>;
  closeCallTasks(key: InvoiceKey, outcome: string): Promise<void>;
  openCallTasks(): Promise<CallTask[]>;
  flagForLegal(key: InvoiceKey, customerId: string, date: IsoDate): Promise<void>;
  /** Invoices whose collections run should start on or before the date and has not been started. */
  invoicesToStart(today: IsoDate): Promise<InvoiceKey[]>;
  markRunStarted(key: InvoiceKey, executionName: string): Promise<void>;
}

/** What became of an event offered to the ledger: `existing` is the event first recorded under its id. */
export type RecordEventOutcome =
  | { readonly outcome: 'recorded' | 'duplicate' }
  | { readonly outcome: 'conflict'; readonly existing: RecordedEvent };

/** An invoice and everything recorded about its collections. */
export interface CollectionsCase {
  readonly record: LedgerInvoice;
  readonly events: readonly RecordedEvent[];
  readonly doneSteps: ReadonlySet<string>;
  readonly timeline: readonly TimelineEntry[];
  /** The token that wakes the run's current wait, if it is waiting. */
  readonly wakeToken: string | null;
  readonly executionName: string | null;
}

/** The invoice's case; a run or a request that names an invoice the ledger lacks fails by name. */
export async function requireCase(ledger: Pick<CollectionsLedger, 'getCase'>, key: InvoiceKey): Promise<CollectionsCase> {
  const found = await ledger.getCase(key);
  if (!found) throw new InvoiceNotFoundError(key.number);
  return found;
}

const CALL_TASKS_PK = 'CALLTASKS';

/** Sort key of a timeline line: by date, then rank, so a day's lines read in the order they happened. */
const timelineSk = (entry: TimelineEntry): string =>
  `TIMELINE#${entry.date}#${entry.rank}#${entry.action}#${'step' in entry ? entry.step : entry.reason}`;

/** At most one e-mail per key: a claim before sending, the message id after. */
export interface SendClaims {
  /** 'claimed' when this caller may send; otherwise what an earlier attempt left. */
  claim(key: string, claimedAt: string): Promise<'claimed' | { readonly messageId: string | null }>;
  confirm(key: string, messageId: string): Promise<void>;
  /** Gives the key back after a send that certainly failed, so a retry sends. */
  release(key: string): Promise<void>;
}

export class DynamoLedger implements Ledger, CollectionsLedger, SendClaims {
  constructor(
    protected readonly db: DynamoDBClient,
    protected readonly tableName: string,
  ) {}

  async addInvoice(record: LedgerInvoice): Promise<AddOutcome> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem({ [PK]: invoicePk(record.key), [SK]: INVOICE_SK, ...collectionsStartOf(record) }, { ...record, itemType: 'invoice' }),
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

  async withdrawInvoice(record: LedgerInvoice): Promise<void> {
    await this.deleteItem('DeleteItem invoice', marshall({ [PK]: invoicePk(record.key), [SK]: INVOICE_SK }), {
      ConditionExpression: 'documentSha256 = :sha',
      ExpressionAttributeValues: marshall({ ':sha': record.documentSha256 }),
    });
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
    await this.putOnce('PutItem audit', toItem({ [PK]: invoicePk(key), [SK]: `AUDIT#${entry.at}#${entry.id}` }, { ...entry, itemType: 'audit' }));
  }

  async auditTrail(key: InvoiceKey): Promise<AuditEntry[]> {
    const items = await this.queryAll(invoicePk(key), 'AUDIT#');
    return items.map((item) => fromItem<AuditEntry>(item));
  }

  async recordQuarantine(reason: QuarantineReason): Promise<void> {
    await this.putOnce(
      'PutItem quarantine',
      toItem({ [PK]: QUARANTINE_PK, [SK]: `${reason.receivedAt}#${reason.fileId}` }, { ...reason, itemType: 'quarantine' }),
    );
  }

  async quarantined(): Promise<QuarantineReason[]> {
    const items = await this.queryAll(QUARANTINE_PK);
    return items.map((item) => fromItem<QuarantineReason>(item));
  }

  async getCase(key: InvoiceKey): Promise<CollectionsCase | undefined> {
    const items = await this.queryAll(invoicePk(key));
    const invoiceItem = items.find((item) => item[SK]?.S === INVOICE_SK);
    if (!invoiceItem) return undefined;
    const { wakeToken, executionName, ...record } = fromItem<LedgerInvoice & { wakeToken?: string; executionName?: string; wakeAt?: string }>(
      invoiceItem,
    );
    const withPrefix = (prefix: string) => items.filter((item) => item[SK]?.S?.startsWith(prefix));
    const events = withPrefix('EVENT#')
      .map((item) => fromItem<RecordedEvent>(item))
      .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id));
    return {
      record,
      events,
      doneSteps: new Set(withPrefix('STEP#').map((item) => String(item[SK]?.S).slice('STEP#'.length))),
      timeline: withPrefix('TIMELINE#').map((item) => fromItem<TimelineEntry>(item)),
      wakeToken: wakeToken ?? null,
      executionName: executionName ?? null,
    };
  }

  async recordEvent(key: InvoiceKey, event: RecordedEvent): Promise<RecordEventOutcome> {
    const eventKey = { [PK]: invoicePk(key), [SK]: `EVENT#${event.id}` };
    const written = await this.putOnce('PutItem event', toItem(eventKey, { ...event, itemType: 'event' }));
    const stored = written ? event : await this.storedEvent(eventKey);
    // Two requests with one id and other content can both pass the caller's check; the write decides which is first.
    if (!sameContent(stored, event)) return { outcome: 'conflict', existing: stored };
    // The audit entry is keyed by the event as first recorded, so a retry after a crash between the two writes adds it once.
    await this.appendAudit(key, { id: event.id, at: stored.recordedAt, action: 'event-recorded', detail: `${event.type} dated ${event.date}` });
    return { outcome: written ? 'recorded' : 'duplicate' };
  }

  private async storedEvent(eventKey: Record<string, string>): Promise<RecordedEvent> {
    const found = await this.call('GetItem event', () =>
      this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(eventKey), ConsistentRead: true })),
    );
    if (!found.Item) throw new LedgerUnavailableError(this.tableName, 'GetItem event after a failed condition');
    return fromItem<RecordedEvent>(found.Item);
  }

  async recordTimeline(key: InvoiceKey, entries: readonly TimelineEntry[]): Promise<void> {
    for (const entry of entries) {
      await this.putOnce('PutItem timeline', toItem({ [PK]: invoicePk(key), [SK]: timelineSk(entry) }, { ...entry, itemType: 'timeline' }));
    }
  }

  async completeStep(key: InvoiceKey, entry: TimelineEntry): Promise<'done' | 'already-done'> {
    if (!('step' in entry)) throw new Error('completeStep takes a step line');
    const first = await this.putOnce(
      'PutItem step',
      toItem({ [PK]: invoicePk(key), [SK]: `STEP#${entry.step}` }, { step: entry.step, date: entry.date, itemType: 'step' }),
    );
    // The timeline line is written even on a retry: a crash may have come between the two writes.
    await this.recordTimeline(key, [entry]);
    return first ? 'done' : 'already-done';
  }

  async passOverSteps(key: InvoiceKey, steps: readonly { readonly step: string; readonly date: IsoDate }[], why: string, at: string): Promise<void> {
    for (const { step, date } of steps) {
      await this.putOnce('PutItem step passed over', toItem({ [PK]: invoicePk(key), [SK]: `STEP#${step}` }, { step, date, passedOver: true, itemType: 'step' }));
      await this.appendAudit(key, { id: `passed-over-${step}`, at, action: 'collections-step-passed-over', detail: `step ${step} (due ${date}) passed over: ${why}` });
    }
  }

  async parkRun(key: InvoiceKey, wake: { readonly token: string; readonly wakeAt: string }): Promise<void> {
    await this.call('UpdateItem park', () =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ [PK]: invoicePk(key), [SK]: INVOICE_SK }),
          UpdateExpression: 'SET wakeToken = :token, wakeAt = :wakeAt',
          ExpressionAttributeValues: marshall({ ':token': wake.token, ':wakeAt': wake.wakeAt }),
        }),
      ),
    );
  }

  async openCallTask(task: CallTask): Promise<void> {
    await this.putOnce(
      'PutItem call task',
      toItem({ [PK]: CALL_TASKS_PK, [SK]: `${invoicePk(task.invoiceKey)}#${task.stepId}` }, { ...task, status: 'open', itemType: 'call-task' }),
    );
  }

  async closeCallTasks(key: InvoiceKey, outcome: string): Promise<void> {
    const prefix = `${invoicePk(key)}#`;
    for (const item of await this.queryAll(CALL_TASKS_PK, prefix)) {
      if (item.status?.S !== 'open') continue;
      await this.call('UpdateItem call task', () =>
        this.db.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { [PK]: item[PK]!, [SK]: item[SK]! },
            UpdateExpression: 'SET #status = :closed, outcome = :outcome',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: marshall({ ':closed': 'closed', ':outcome': outcome }),
          }),
        ),
      );
    }
  }

  async openCallTasks(): Promise<CallTask[]> {
    return (await this.queryAll(CALL_TASKS_PK))
      .filter((item) => item.status?.S === 'open')
      .map((item) => {
        const { status: _status, ...task } = fromItem<CallTask & { status: string }>(item);
        return task;
      });
  }

  async flagForLegal(key: InvoiceKey, customerId: string, date: IsoDate): Promise<void> {
    await this.call('UpdateItem legal flag', () =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ [PK]: invoicePk(key), [SK]: INVOICE_SK }),
          UpdateExpression: 'SET legalFlaggedOn = if_not_exists(legalFlaggedOn, :date)',
          ExpressionAttributeValues: marshall({ ':date': date }),
        }),
      ),
    );
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ [PK]: customerPk(customerId), [SK]: CUSTOMER_SK }),
          // A profile is rewritten over the revision read: the flag moves it on, so no rewrite drops it.
          UpdateExpression: 'SET legalFlaggedOn = if_not_exists(legalFlaggedOn, :date), revision = revision + :one',
          ConditionExpression: 'attribute_exists(revision)',
          ExpressionAttributeValues: marshall({ ':date': date, ':one': 1 }),
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw new LedgerUnavailableError(this.tableName, 'UpdateItem customer legal flag', { cause: err });
    }
  }

  async invoicesToStart(today: IsoDate): Promise<InvoiceKey[]> {
    const keys: InvoiceKey[] = [];
    // A start date is never before the invoice's entry day, so a daily sweep finds each in this month
    // or, across a month's end, the last; two months back covers a sweep that missed a few days.
    for (let monthsBack = 2; monthsBack >= 0; monthsBack--) {
      const month = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - monthsBack, 1)).toISOString().slice(0, 7);
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await this.call('Query start index', () =>
          this.db.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: COLLECTIONS_START_INDEX.indexName,
              KeyConditionExpression: '#month = :month AND #on <= :today',
              ExpressionAttributeNames: { '#month': COLLECTIONS_START_INDEX.partitionKey, '#on': COLLECTIONS_START_INDEX.sortKey },
              ExpressionAttributeValues: marshall({ ':month': month, ':today': today }),
              ExclusiveStartKey: startKey,
            }),
          ),
        );
        keys.push(...(page.Items ?? []).map((item) => unmarshall(item).key as InvoiceKey));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return keys;
  }

  async markRunStarted(key: InvoiceKey, executionName: string): Promise<void> {
    await this.call('UpdateItem run started', () =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ [PK]: invoicePk(key), [SK]: INVOICE_SK }),
          UpdateExpression: 'SET executionName = :name REMOVE #month, #on',
          ExpressionAttributeNames: { '#month': COLLECTIONS_START_INDEX.partitionKey, '#on': COLLECTIONS_START_INDEX.sortKey },
          ExpressionAttributeValues: marshall({ ':name': executionName }),
        }),
      ),
    );
  }

  async claim(key: string, claimedAt: string): Promise<'claimed' | { readonly messageId: string | null }> {
    const written = await this.putOnce('PutItem e-mail claim', toItem({ [PK]: `EMAIL#${key}`, [SK]: 'EMAIL' }, { claimedAt, itemType: 'email' }));
    if (written) return 'claimed';
    const existing = await this.call('GetItem e-mail claim', () =>
      this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ [PK]: `EMAIL#${key}`, [SK]: 'EMAIL' }), ConsistentRead: true })),
    );
    return { messageId: existing.Item?.messageId?.S ?? null };
  }

  async confirm(key: string, messageId: string): Promise<void> {
    await this.call('UpdateItem e-mail claim', () =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ [PK]: `EMAIL#${key}`, [SK]: 'EMAIL' }),
          UpdateExpression: 'SET messageId = :id',
          ExpressionAttributeValues: marshall({ ':id': messageId }),
        }),
      ),
    );
  }

  async release(key: string): Promise<void> {
    await this.call('DeleteItem e-mail claim', () =>
      this.db.send(new DeleteItemCommand({ TableName: this.tableName, Key: marshall({ [PK]: `EMAIL#${key}`, [SK]: 'EMAIL' }) })),
    );
  }

  /** Every invoice's key, by a full scan: for the local console's small ledgers. */
  async invoiceKeys(): Promise<InvoiceKey[]> {
    return (await this.scanItems(['invoice'], ['key'])).map((item) => unmarshall(item).key as InvoiceKey);
  }

  protected async putOnce(operation: string, item: Record<string, AttributeValue>): Promise<boolean> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw new LedgerUnavailableError(this.tableName, operation, { cause: err });
    }
  }

  /** Deletes an item if it is there (and meets the condition); a key the table refuses holds nothing to delete. */
  protected async deleteItem(
    operation: string,
    key: Record<string, AttributeValue>,
    condition: Pick<DeleteItemCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'> = {},
  ): Promise<void> {
    try {
      await this.db.send(new DeleteItemCommand({ TableName: this.tableName, Key: key, ...condition }));
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || classifyStoreError(err).kind === 'permanent') return;
      throw new LedgerUnavailableError(this.tableName, operation, { cause: err });
    }
  }

  protected async queryAll(pk: string, skPrefix?: string): Promise<Record<string, AttributeValue>[]> {
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

  /** Every item of the given types, by a paginated scan; only the named attributes when `attributes` is given. */
  protected async scanItems(itemTypes: readonly string[], attributes?: readonly string[]): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    const values = Object.fromEntries(itemTypes.map((type, i) => [`:t${i}`, type]));
    const names = attributes ? Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])) : undefined;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.call('Scan', () =>
        this.db.send(
          new ScanCommand({
            TableName: this.tableName,
            FilterExpression: `itemType IN (${Object.keys(values).join(', ')})`,
            ...(names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: marshall(values),
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  protected async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw new LedgerUnavailableError(this.tableName, operation, { cause: err });
    }
  }
}
