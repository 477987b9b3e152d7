import type { LedgerStores } from '../adapters/ledger';
import { today, type Clock } from '../domain/clock';
import { customerAccountOf, dueDateOfRecord, oldestFirstAllocations, standingOfRecord, type AccountInvoice, type CustomerAccount } from '../domain/receivables';
import { recordEvent, type RecordEventDeps } from '../record-event/record';

/** What reading and allocating a customer's account needs. */
export interface AccountDeps extends RecordEventDeps {
  readonly ledger: RecordEventDeps['ledger'] & Pick<LedgerStores, 'accounts'>;
  readonly clock: Clock;
}

/** The customer's account now: its invoices' standings and its account facts, as the receivables ledger reads them. */
export async function accountOf(customerId: string, deps: Pick<AccountDeps, 'ledger' | 'clock'>): Promise<CustomerAccount> {
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
    }));
  return customerAccountOf(invoices, facts, day);
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
