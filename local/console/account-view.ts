import type { LedgerStores } from '../../functions/adapters/ledger';
import { accountOf, type AccountDeps } from '../../functions/accounts/account';
import { daysOverdue } from '../../functions/domain/calendar';
import { today } from '../../functions/domain/clock';

/** What a statement of account reads: the customer's invoices and account facts, its profile for the name. */
export type StatementDeps = Pick<AccountDeps, 'clock'> & { readonly ledger: AccountDeps['ledger'] & Pick<LedgerStores, 'customers'> };

/**
 * A customer's statement of account today, as the console and `creditctl account` show it: per
 * currency open, credit and balance; the open items, oldest due first, with days overdue; the
 * credits and what became of them. Undefined for a customer the ledger knows nothing of.
 */
export async function statementOfAccount(customerId: string, deps: StatementDeps) {
  const day = today(deps.clock);
  const [account, profile] = await Promise.all([accountOf(customerId, deps), deps.ledger.customers.get(customerId)]);
  if (!profile && account.currencies.length === 0) return undefined;
  return {
    customerId,
    name: profile?.name ?? null,
    asOf: day,
    currencies: account.currencies,
    openItems: account.openItems.map((item) => ({
      key: item.key,
      currency: item.currency,
      issueDate: item.issueDate,
      dueDate: item.dueDate,
      open: item.standing.open,
      daysOverdue: daysOverdue(item.dueDate, day),
    })),
    credits: account.credits,
  };
}

export type StatementOfAccount = NonNullable<Awaited<ReturnType<typeof statementOfAccount>>>;
