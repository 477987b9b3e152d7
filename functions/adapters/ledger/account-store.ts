import type { AccountFact } from '../../domain/receivables';
import { customerPk, IN_CUSTOMER, itemKey } from './keys';
import { valueOf, type LedgerTable } from './table';

/** The facts of customers' accounts that belong to no single invoice: receipts no invoice took, unallocated credit notes, and their use. */
export interface AccountStore {
  /** Records a fact once: the same id again is a no-op. */
  record(customerId: string, fact: AccountFact): Promise<void>;
  facts(customerId: string): Promise<AccountFact[]>;
}

export class DynamoAccountStore implements AccountStore {
  constructor(private readonly table: LedgerTable) {}

  async record(customerId: string, fact: AccountFact): Promise<void> {
    await this.table.put('PutItem account fact', itemKey(customerPk(customerId), `${IN_CUSTOMER.account}${fact.id}`), 'account-fact', fact);
  }

  async facts(customerId: string): Promise<AccountFact[]> {
    return (await this.table.query('Query account facts', customerPk(customerId), IN_CUSTOMER.account)).map((item) => valueOf<AccountFact>(item));
  }
}
