import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { IsoDate } from '../domain/calendar';
import { negate, plainDecimal, type Decimal } from '../domain/money';
import type { RecordedEvent } from '../domain/collections';
import {
  customerIdFor,
  isStrongIdentity,
  nameKeyOf,
  DEFAULT_CREDIT_SETTINGS,
  historyOf,
  mergeProfile,
  policiesToPublish,
  type CreditHoldAlert,
  type CreditSettings,
  type CustomerProfile,
  type InvoiceBalance,
  type InvoiceHistory,
  type PolicyVersion,
  type ProfileUpdate,
  type SegmentRule,
} from '../domain/credit';
import { sha256Hex, type InvoiceKey, type LedgerInvoice } from '../domain/intake';
import { LedgerUnavailableError } from './errors';
import { CUSTOMER_SK, customerPk, DynamoLedger, fromItem, invoicePk, toItem, type CollectionsCase, type RecordEventOutcome } from './ledger';
import { LEDGER_KEY } from './ledger-schema';

const { partitionKey: PK, sortKey: SK } = LEDGER_KEY;
const SETTINGS_PK = 'SETTINGS';
const identityPk = (identity: string): string => `IDENTITY#${identity}`;

/** A published version of the credit settings: the segment rules and each policy's current version. */
export interface PublishedSettings {
  readonly version: number;
  readonly publishedAt: string;
  readonly segments: readonly SegmentRule[];
  readonly policies: Readonly<Record<string, PolicyVersion>>;
}

const BUILT_IN_AT = '1970-01-01T00:00:00.000Z';

/** The built-in settings, as version 0, until someone publishes: every policy at version 0. */
export const BUILT_IN_SETTINGS: PublishedSettings = {
  version: 0,
  publishedAt: BUILT_IN_AT,
  segments: DEFAULT_CREDIT_SETTINGS.segments,
  policies: Object.fromEntries(
    Object.entries(DEFAULT_CREDIT_SETTINGS.policies).map(([name, policy]) => [name, { name, version: 0, policy, publishedAt: BUILT_IN_AT }]),
  ),
};

/** What changed in a customer's risk on a day, as the daily review recorded it. */
export interface RiskChange {
  readonly customerId: string;
  readonly on: IsoDate;
  /** What recorded it: the daily review, or the invoice whose ingest moved the customer. */
  readonly source: string;
  readonly score: number;
  readonly grade: string;
  readonly segment: string;
  readonly changes: readonly string[];
}

/** Everything a report needs from the ledger, read in one pass. */
export interface LedgerSnapshot {
  readonly customers: readonly CustomerProfile[];
  readonly invoices: readonly { readonly record: LedgerInvoice; readonly events: readonly RecordedEvent[] }[];
}

const MAX_PROFILE_ATTEMPTS = 8;
const linkSk = (key: InvoiceKey): string => `INVOICE#${invoicePk(key)}`;
const alertSk = (key: InvoiceKey): string => `ALERT#${invoicePk(key)}`;

/** What an event does to an invoice's balance: adds to what is paid (less, for a returned payment), or closes it; null: nothing. */
const balanceChangeOf = (event: RecordedEvent): { readonly paid: Decimal } | { readonly closedOn: IsoDate } | null => {
  switch (event.type) {
    case 'payment':
      return { paid: plainDecimal(event.amount) };
    case 'payment-returned':
      return { paid: negate(event.amount) };
    case 'dispute-resolved':
      return event.outcome === 'upheld' ? { closedOn: event.date } : null;
    case 'agency-result':
      return event.outcome === 'recovered' ? { closedOn: event.date } : null;
    default:
      return null;
  }
};
const CASE_READS_AT_ONCE = 16;

/**
 * The ledger with the credit management items: customer profiles and the identities that find
 * them, each customer's invoices, credit-hold alerts, risk changes, and the published settings.
 */
export class CreditLedger extends DynamoLedger {
  /**
   * Creates or updates the customer an update names by any of its identities. Profiles carry a
   * revision and are written only over the revision read, so two ingests of one customer's
   * invoices at once both land; `refine` sets what depends on the merged profile (its segment).
   */
  async upsertCustomer(update: ProfileUpdate, at: string, refine: (profile: CustomerProfile, isNew: boolean) => CustomerProfile = (p) => p): Promise<CustomerProfile> {
    for (let attempt = 0; attempt < MAX_PROFILE_ATTEMPTS; attempt++) {
      const id = (await this.resolveCustomerId(update)) ?? customerIdFor(update.identities[0]!);
      const existing = await this.customerItem(id);
      const profile = refine(mergeProfile(existing?.profile, id, update, at), existing === undefined);
      if (await this.putCustomer(profile, existing?.revision ?? null)) {
        // The name is claimed too, weakly: it finds the customer only where one side has no real identifier.
        for (const identity of [...new Set([...profile.identities, nameKeyOf(profile.name)])]) {
          await this.putOnce('PutItem identity', toItem({ [PK]: identityPk(identity), [SK]: 'IDENTITY' }, { customerId: id, itemType: 'identity' }));
        }
        return profile;
      }
    }
    throw new LedgerUnavailableError(this.tableName, `PutItem customer: the profile kept changing over ${MAX_PROFILE_ATTEMPTS} attempts`);
  }

  /**
   * The customer an update names: by any real identifier; failing that by name, but only where the
   * update or the customer found has no real identifier (a buyer first known by name, later by its
   * VAT id), so two companies of one name are never merged.
   */
  private async resolveCustomerId(update: ProfileUpdate): Promise<string | undefined> {
    const strong = update.identities.filter(isStrongIdentity);
    const byIdentity = await this.customerIdOf(strong.length > 0 ? strong : update.identities);
    if (byIdentity || !update.name) return byIdentity;
    const byName = await this.customerIdOf([nameKeyOf(update.name)]);
    if (!byName) return undefined;
    const found = await this.getCustomer(byName);
    return strong.length === 0 || !found?.identities.some(isStrongIdentity) ? byName : undefined;
  }

  /** Rewrites a profile after reading it (the daily review's segment and risk); false when someone else wrote it first. */
  async updateCustomer(id: string, change: (profile: CustomerProfile) => CustomerProfile): Promise<CustomerProfile | undefined> {
    for (let attempt = 0; attempt < MAX_PROFILE_ATTEMPTS; attempt++) {
      const existing = await this.customerItem(id);
      if (!existing) return undefined;
      const profile = change(existing.profile);
      if (await this.putCustomer(profile, existing.revision)) return profile;
    }
    throw new LedgerUnavailableError(this.tableName, `PutItem customer: the profile kept changing over ${MAX_PROFILE_ATTEMPTS} attempts`);
  }

  async getCustomer(id: string): Promise<CustomerProfile | undefined> {
    return (await this.customerItem(id))?.profile;
  }

  /** The customer an identity key belongs to, if any. */
  async customerIdOf(identities: readonly string[]): Promise<string | undefined> {
    for (const identity of identities) {
      const found = await this.call('GetItem identity', () =>
        this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ [PK]: identityPk(identity), [SK]: 'IDENTITY' }), ConsistentRead: true })),
      );
      const customerId = found.Item?.customerId?.S;
      if (customerId) return customerId;
    }
    return undefined;
  }

  /**
   * Links an invoice to its customer with a balance of nothing paid, then applies the events
   * recorded so far, each once by its id: one recorded meanwhile is applied by whichever of its
   * recording and this link comes second.
   */
  async linkInvoice(customerId: string, record: LedgerInvoice): Promise<void> {
    const receivable = historyOf(record, [], customerId, '');
    const item = toItem({ [PK]: customerPk(customerId), [SK]: linkSk(record.key) }, { key: record.key, itemType: 'customer-invoice' });
    if (receivable) {
      // Numbers, not strings: DynamoDB adds them exactly (38 digits) as payments come.
      Object.assign(item, { currency: { S: receivable.currency }, amount: { N: receivable.amount }, paid: { N: '0' } });
    }
    await this.putOnce('PutItem customer invoice', item);
    for (const event of (await this.getCase(record.key))?.events ?? []) await this.applyToBalance(customerId, record.key, event);
  }

  /**
   * Takes back the credit-hold alert and the customer link too, before the invoice item: while the
   * item is there, a withdrawal retried after a crash still finds what it has to take back.
   */
  override async withdrawInvoice(record: LedgerInvoice): Promise<void> {
    await this.deleteItem('DeleteItem credit hold', marshall({ [PK]: customerPk(record.customerId), [SK]: alertSk(record.key) }));
    await this.deleteItem('DeleteItem customer invoice', marshall({ [PK]: customerPk(record.customerId), [SK]: linkSk(record.key) }));
    await super.withdrawInvoice(record);
  }

  /**
   * Records the event, then applies it to the invoice's balance on its customer, once per event id.
   * Also on a duplicate: a retry after a failure between the two writes applies it then.
   */
  override async recordEvent(key: InvoiceKey, event: RecordedEvent): Promise<RecordEventOutcome> {
    const recorded = await super.recordEvent(key, event);
    if (recorded.outcome === 'conflict' || !balanceChangeOf(event)) return recorded;
    const customerId = (await this.getInvoice(key))?.customerId;
    if (customerId) await this.applyToBalance(customerId, key, event);
    return recorded;
  }

  /** The balances of a customer's invoices: exposure in one query. */
  async customerBalances(customerId: string): Promise<InvoiceBalance[]> {
    return (await this.queryAll(customerPk(customerId), 'INVOICE#'))
      .filter((item) => item.paid?.N !== undefined)
      .map((item) => ({
        key: unmarshall({ key: item.key! }).key as InvoiceKey,
        currency: item.currency!.S!,
        amount: item.amount!.N! as Decimal,
        paid: item.paid!.N! as Decimal,
        closedOn: (item.closedOn?.S ?? null) as IsoDate | null,
      }));
  }

  private async applyToBalance(customerId: string, key: InvoiceKey, event: RecordedEvent): Promise<void> {
    const change = balanceChangeOf(event);
    if (!change) return;
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ [PK]: customerPk(customerId), [SK]: linkSk(key) }),
          UpdateExpression: 'paid' in change ? 'ADD paid :paid, appliedEvents :ids' : 'SET closedOn = if_not_exists(closedOn, :date) ADD appliedEvents :ids',
          // Once per event: a second delivery finds its id applied; no balance yet (not linked, not a receivable): nothing to do.
          ConditionExpression: 'attribute_exists(paid) AND NOT contains(appliedEvents, :id)',
          ExpressionAttributeValues: {
            ':ids': { SS: [event.id] },
            ':id': { S: event.id },
            ...('paid' in change ? { ':paid': { N: change.paid } } : { ':date': { S: change.closedOn } }),
          },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw new LedgerUnavailableError(this.tableName, 'UpdateItem customer balance', { cause: err });
    }
  }

  /** The customer's invoices with what happened to them: exposure and behaviour are read from these. */
  async customerHistories(customer: Pick<CustomerProfile, 'id' | 'segment'>): Promise<InvoiceHistory[]> {
    return (await this.customerCases(customer.id)).flatMap((found) => historyOf(found.record, found.events, customer.id, customer.segment) ?? []);
  }

  /** The task tokens of the customer's runs that wait now: waking them makes each re-plan under the customer's policy as it is. */
  async waitingRuns(customerId: string): Promise<string[]> {
    return (await this.customerCases(customerId)).flatMap((found) => (found.wakeToken ? [found.wakeToken] : []));
  }

  private async customerCases(customerId: string): Promise<CollectionsCase[]> {
    const keys = (await this.queryAll(customerPk(customerId), 'INVOICE#')).map((item) => unmarshall(item).key as InvoiceKey);
    const cases: CollectionsCase[] = [];
    // A few reads at a time: a large customer's invoices come in a fraction of the one-by-one time, without a burst.
    for (let i = 0; i < keys.length; i += CASE_READS_AT_ONCE) {
      for (const found of await Promise.all(keys.slice(i, i + CASE_READS_AT_ONCE).map((key) => this.getCase(key)))) if (found) cases.push(found);
    }
    return cases;
  }

  /** Records an alert once per customer and invoice: a redelivered ingest raises none again. */
  async recordCreditHold(alert: CreditHoldAlert): Promise<'recorded' | 'duplicate'> {
    const written = await this.putOnce(
      'PutItem credit hold',
      toItem({ [PK]: customerPk(alert.customerId), [SK]: alertSk(alert.invoice) }, { ...alert, itemType: 'credit-hold' }),
    );
    return written ? 'recorded' : 'duplicate';
  }

  async recordRiskChange(change: RiskChange): Promise<void> {
    // Keyed by day, source and what changed: the same change recorded again (a retried ingest, a review
    // rerun after a crash) is one record; a different change later the same day is another.
    const sk = `RISK#${change.on}#${change.source}#${sha256Hex(JSON.stringify(change.changes)).slice(0, 12)}`;
    await this.putOnce('PutItem risk change', toItem({ [PK]: customerPk(change.customerId), [SK]: sk }, { ...change, itemType: 'risk-change' }));
  }

  async riskChanges(customerId: string): Promise<RiskChange[]> {
    return (await this.queryAll(customerPk(customerId), 'RISK#')).map((item) => fromItem<RiskChange>(item));
  }

  async creditHolds(customerId: string): Promise<CreditHoldAlert[]> {
    return (await this.queryAll(customerPk(customerId), 'ALERT#')).map((item) => fromItem<CreditHoldAlert>(item));
  }

  /** Every customer, by a scan: the daily review and the console read them all. */
  async customers(): Promise<CustomerProfile[]> {
    return (await this.scanItems(['customer'])).map((item) => this.profileOf(item));
  }

  /** Every credit-hold alert, newest first. */
  async allCreditHolds(): Promise<CreditHoldAlert[]> {
    return (await this.scanItems(['credit-hold'])).map((item) => fromItem<CreditHoldAlert>(item)).sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  }

  /** Customers, invoices and their events in one scan of the table: what a portfolio report reads. */
  async snapshot(): Promise<LedgerSnapshot> {
    const items = await this.scanItems(['customer', 'invoice', 'event']);
    const events = new Map<string, RecordedEvent[]>();
    const invoices: LedgerInvoice[] = [];
    const customers: CustomerProfile[] = [];
    for (const item of items) {
      const type = item.itemType?.S;
      if (type === 'customer') customers.push(this.profileOf(item));
      else if (type === 'invoice') invoices.push(fromItem<LedgerInvoice>(item));
      else {
        const pk = item[PK]!.S!;
        const list = events.get(pk) ?? [];
        list.push(fromItem<RecordedEvent>(item));
        events.set(pk, list);
      }
    }
    return { customers, invoices: invoices.map((record) => ({ record, events: events.get(invoicePk(record.key)) ?? [] })) };
  }

  /** The settings in force: the latest published version, or the built-in one. */
  async settings(): Promise<PublishedSettings> {
    const page = await this.call('Query settings', () =>
      this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: marshall({ ':pk': SETTINGS_PK }),
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    const item = page.Items?.[0];
    return item ? fromItem<PublishedSettings>(item) : BUILT_IN_SETTINGS;
  }

  /**
   * Publishes settings as the next version; a policy whose content changed gets its next version,
   * an unchanged one keeps its own. Nothing is written when nothing changed.
   */
  async publishSettings(settings: CreditSettings, at: string): Promise<{ readonly published: PublishedSettings; readonly changed: boolean }> {
    const current = await this.settings();
    const highest = new Map<string, number>();
    for (const published of (await this.queryAll(SETTINGS_PK)).map((item) => fromItem<PublishedSettings>(item))) {
      for (const [name, version] of Object.entries(published.policies)) highest.set(name, Math.max(highest.get(name) ?? 0, version.version));
    }
    const changedPolicies = policiesToPublish(settings, new Map(Object.entries(current.policies)), at, highest);
    const policies = Object.fromEntries(
      Object.keys(settings.policies).map((name) => [name, changedPolicies.find((version) => version.name === name) ?? current.policies[name]!]),
    );
    const sameRules = JSON.stringify(current.segments) === JSON.stringify(settings.segments);
    const sameNames = JSON.stringify(Object.keys(current.policies).sort()) === JSON.stringify(Object.keys(policies).sort());
    if (current.version > 0 && changedPolicies.length === 0 && sameRules && sameNames) return { published: current, changed: false };
    const published: PublishedSettings = { version: current.version + 1, publishedAt: at, segments: settings.segments, policies };
    if (!(await this.putOnce('PutItem settings', toItem({ [PK]: SETTINGS_PK, [SK]: `V#${String(published.version).padStart(6, '0')}` }, { ...published, itemType: 'settings' })))) {
      throw new LedgerUnavailableError(this.tableName, `PutItem settings: version ${published.version} was published by someone else meanwhile; publish again`);
    }
    return { published, changed: true };
  }

  private profileOf(item: Record<string, AttributeValue>): CustomerProfile {
    const { revision: _revision, ...profile } = fromItem<CustomerProfile & { revision: number }>(item);
    return profile;
  }

  private async customerItem(id: string): Promise<{ readonly profile: CustomerProfile; readonly revision: number } | undefined> {
    const found = await this.call('GetItem customer', () =>
      this.db.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ [PK]: customerPk(id), [SK]: CUSTOMER_SK }), ConsistentRead: true })),
    );
    if (!found.Item) return undefined;
    return { profile: this.profileOf(found.Item), revision: Number(found.Item.revision?.N ?? '0') };
  }

  /** Writes over the revision read (none: a new customer); false when another writer came first. */
  private async putCustomer(profile: CustomerProfile, revision: number | null): Promise<boolean> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem({ [PK]: customerPk(profile.id), [SK]: CUSTOMER_SK }, { ...profile, revision: (revision ?? 0) + 1, itemType: 'customer' }),
          ...(revision === null
            ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } }
            : { ConditionExpression: '#revision = :revision', ExpressionAttributeNames: { '#revision': 'revision' }, ExpressionAttributeValues: marshall({ ':revision': revision }) }),
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw new LedgerUnavailableError(this.tableName, 'PutItem customer', { cause: err });
    }
  }
}
