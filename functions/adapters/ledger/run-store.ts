import type { IsoDate } from '../../domain/calendar';
import type { InvoiceKey } from '../../domain/intake';
import { COLLECTIONS_START_INDEX } from '../ledger-schema';
import { invoiceItemKey } from './invoice-store';
import { CUSTOMER_SK, customerPk, itemKey } from './keys';
import type { LedgerTable } from './table';

/** The state of each invoice's collections run, kept on its invoice item: when it starts, what wakes it, how it ended. */
export interface RunStore {
  /** Invoices whose collections run should start on or before the date and has not been started. */
  invoicesToStart(today: IsoDate): Promise<InvoiceKey[]>;
  markStarted(key: InvoiceKey, executionName: string): Promise<void>;
  /** Keeps the task token that wakes the run, and when it wakes by itself. */
  park(key: InvoiceKey, wake: { readonly token: string; readonly wakeAt: string }): Promise<void>;
  /** Flags the invoice, and its customer if it has a profile, for legal action: the first date stays. */
  flagForLegal(key: InvoiceKey, customerId: string, date: IsoDate): Promise<void>;
  /** Records that another policy version runs the invoice from a day on. */
  changePolicy(key: InvoiceKey, version: string, since: IsoDate): Promise<void>;
}

const START_NAMES = { '#month': COLLECTIONS_START_INDEX.partitionKey, '#on': COLLECTIONS_START_INDEX.sortKey };

/** The month `monthsBack` months before `today`'s, as 'YYYY-MM': the start index's partition. */
const monthOf = (today: IsoDate, monthsBack: number): string =>
  new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - monthsBack, 1)).toISOString().slice(0, 7);

export class DynamoRunStore implements RunStore {
  constructor(private readonly table: LedgerTable) {}

  async invoicesToStart(today: IsoDate): Promise<InvoiceKey[]> {
    const keys: InvoiceKey[] = [];
    // A start date is never before the invoice's entry day, so a daily sweep finds each in this month
    // or, across a month's end, the last; two months back covers a sweep that missed a few days.
    for (let monthsBack = 2; monthsBack >= 0; monthsBack--) {
      const items = await this.table.queryIndex('Query start index', {
        IndexName: COLLECTIONS_START_INDEX.indexName,
        KeyConditionExpression: '#month = :month AND #on <= :today',
        ExpressionAttributeNames: START_NAMES,
        ExpressionAttributeValues: { ':month': monthOf(today, monthsBack), ':today': today },
      });
      keys.push(...items.map((item) => item.key as InvoiceKey));
    }
    return keys;
  }

  async markStarted(key: InvoiceKey, executionName: string): Promise<void> {
    await this.table.update('UpdateItem run started', invoiceItemKey(key), {
      expression: 'SET executionName = :name REMOVE #month, #on',
      names: START_NAMES,
      values: { ':name': executionName },
    });
  }

  async changePolicy(key: InvoiceKey, version: string, since: IsoDate): Promise<void> {
    await this.table.update('UpdateItem policy change', invoiceItemKey(key), {
      expression: 'SET collections.#policy = :version, collections.policySince = :since',
      names: { '#policy': 'policy' },
      values: { ':version': version, ':since': since },
    });
  }

  async park(key: InvoiceKey, wake: { readonly token: string; readonly wakeAt: string }): Promise<void> {
    await this.table.update('UpdateItem park', invoiceItemKey(key), {
      expression: 'SET wakeToken = :token, wakeAt = :wakeAt',
      values: { ':token': wake.token, ':wakeAt': wake.wakeAt },
    });
  }

  async flagForLegal(key: InvoiceKey, customerId: string, date: IsoDate): Promise<void> {
    await this.table.update('UpdateItem legal flag', invoiceItemKey(key), {
      expression: 'SET legalFlaggedOn = if_not_exists(legalFlaggedOn, :date)',
      values: { ':date': date },
    });
    // A profile is rewritten over the revision read: the flag moves it on, so no rewrite drops it. No profile: nothing to flag.
    await this.table.update(
      'UpdateItem customer legal flag',
      itemKey(customerPk(customerId), CUSTOMER_SK),
      { expression: 'SET legalFlaggedOn = if_not_exists(legalFlaggedOn, :date), revision = revision + :one', values: { ':date': date, ':one': 1 } },
      { expression: 'attribute_exists(revision)' },
    );
  }
}
