import type { CollectionsCase, LedgerStores } from '../adapters/ledger';
import { today, type Clock } from '../domain/clock';
import type { InvoiceKey } from '../domain/intake';
import type { Decimal } from '../domain/money';
import {
  allocationProblem,
  creditIn,
  customerAccountOf,
  dueDateOfRecord,
  movementsOfRecord,
  oldestFirstAllocations,
  standingOfRecord,
  type AccountInvoice,
  type CustomerAccount,
} from '../domain/receivables';
import { compareDecimals, isPositive } from '../domain/money';
import { recordEvent, type RecordEventDeps } from '../record-event/record';

/** What reading and allocating a customer's account needs. */
export interface AccountDeps extends RecordEventDeps {
  readonly ledger: RecordEventDeps['ledger'] & Pick<LedgerStores, 'accounts'>;
  readonly clock: Clock;
}

/** The customer's account now: its invoices' standings and its account facts, as the receivables ledger reads them. */
export async function accountOf(customerId: string, deps: Pick<AccountDeps, 'ledger' | 'clock'>): Promise<CustomerAccount> {
  return (await accountWithCases(customerId, deps)).account;
}

/** The customer's account now, with the cases of its invoices it was read from: a statement shows more of them than their standing. */
export async function accountWithCases(
  customerId: string,
  deps: Pick<AccountDeps, 'ledger' | 'clock'>,
): Promise<{ readonly account: CustomerAccount; readonly cases: readonly CollectionsCase[] }> {
  const day = today(deps.clock);
  const [cases, facts] = await Promise.all([deps.ledger.cases.ofCustomer(customerId), deps.ledger.accounts.facts(customerId)]);
  const invoices: AccountInvoice[] = cases
    .filter((found) => found.record.invoice.kind === 'invoice')
    .map((found) => ({
      key: found.record.key,
      currency: found.record.invoice.currency,
      issueDate: found.record.invoice.issueDate,
      dueDate: dueDateOfRecord(found.record),
      standing: standingOfRecord(found.record, found.events, day),
      movements: movementsOfRecord(found.record, found.events),
    }));
  return { account: customerAccountOf(invoices, facts, day), cases };
}

/** Allocates a customer's credit to its open invoices, oldest first; `source` makes the ids, so a retry allocates nothing twice. */
export async function allocateCredit(customerId: string, source: string, deps: AccountDeps): Promise<void> {
  const day = today(deps.clock);
  for (const [index, allocation] of oldestFirstAllocations(await accountOf(customerId, deps)).entries()) {
    const id = `${source}:${index}`;
    const result = await recordEvent(allocation.invoice, { type: 'allocation', date: day, amount: allocation.amount, reference: source }, id, deps);
    if ('refused' in result) continue;
    await deps.ledger.accounts.record(customerId, { type: 'allocated', id, date: day, amount: allocation.amount, currency: allocation.currency, invoice: allocation.invoice });
  }
}

/** A person's use of a customer's credit: allocated to one of its open invoices, or refunded. */
export type CreditUse =
  | { readonly kind: 'allocate'; readonly invoice: InvoiceKey; readonly currency: string; readonly amount: Decimal }
  | { readonly kind: 'refund'; readonly currency: string; readonly amount: Decimal; readonly reference: string };

/**
 * Allocates or refunds a customer's credit as a person decides, once per request id; the
 * problem, in words for them, when the account cannot bear it.
 */
export async function useCredit(customerId: string, use: CreditUse, requestId: string, who: string, deps: AccountDeps): Promise<{ readonly problem: string } | null> {
  // A retry of a request already taken answers as the first did, instead of checking the credit it used.
  if ((await deps.ledger.accounts.facts(customerId)).some((fact) => fact.id === requestId)) return null;
  const account = await accountOf(customerId, deps);
  const day = today(deps.clock);
  if (use.kind === 'refund') {
    const credit = creditIn(account, use.currency);
    if (!isPositive(use.amount) || compareDecimals(use.amount, credit) > 0) return { problem: `a refund of ${use.currency} ${use.amount} is more than the customer's credit of ${credit}` };
    await deps.ledger.accounts.record(customerId, { type: 'refund', id: requestId, date: day, amount: use.amount, currency: use.currency, reference: `${use.reference} (by ${who})` });
    return null;
  }
  const problem = allocationProblem(account, { invoice: use.invoice, currency: use.currency, amount: use.amount });
  if (problem) return { problem };
  const result = await recordEvent(use.invoice, { type: 'allocation', date: day, amount: use.amount, reference: `by ${who}` }, requestId, deps);
  if ('refused' in result) return { problem: result.refused.message };
  await deps.ledger.accounts.record(customerId, { type: 'allocated', id: requestId, date: day, amount: use.amount, currency: use.currency, invoice: use.invoice });
  return null;
}
