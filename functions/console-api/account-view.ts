import { invoicePk, type LedgerStores } from '../adapters/ledger';
import { accountWithCases, type AccountDeps } from '../accounts/account';
import { daysOverdue } from '../domain/calendar';
import { today } from '../domain/clock';
import { openClaimsOf } from '../domain/receivables';
import { instalmentPlanOfCase, segmentPolicyOf } from './plan-view';

/** What a statement of account reads: the customer's invoices and account facts, its profile for the name, the settings for its policy. */
export type StatementDeps = Pick<AccountDeps, 'clock'> & { readonly ledger: AccountDeps['ledger'] & Pick<LedgerStores, 'customers' | 'settings'> };

/**
 * A customer's statement of account today, as the console and `creditctl account` show it: per
 * currency open, the claims open apart, credit and balance; the open items, oldest due first,
 * with the claims open on each, days overdue and their instalment plans; every movement of the
 * principal and the claims (bookings, payments, waivers); the credits and what became of them.
 * Undefined for a customer the ledger knows nothing of.
 */
export async function statementOfAccount(customerId: string, deps: StatementDeps) {
  const day = today(deps.clock);
  const [{ account, cases }, profile, settings] = await Promise.all([accountWithCases(customerId, deps), deps.ledger.customers.get(customerId), deps.ledger.settings.current()]);
  if (!profile && account.currencies.length === 0) return undefined;
  const { policy } = segmentPolicyOf(settings, profile?.segment);
  const caseOf = new Map(cases.map((found) => [invoicePk(found.record.key), found]));
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
      claimsOpen: openClaimsOf(item.standing),
      daysOverdue: daysOverdue(item.dueDate, day),
      plan: instalmentPlanOfCase(caseOf.get(invoicePk(item.key))!, policy, day),
    })),
    movements: account.movements,
    credits: account.credits,
  };
}

export type StatementOfAccount = NonNullable<Awaited<ReturnType<typeof statementOfAccount>>>;
