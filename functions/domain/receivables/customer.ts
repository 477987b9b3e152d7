import type { IsoDate } from '../calendar';
import type { InvoiceKey } from '../intake';
import { addDecimals, atLeastZero, compareDecimals, isPositive, negate, subtractDecimals, sumDecimals, type Decimal } from '../money';
import { openClaimsOf, type Movement, type Standing } from './invoice';

/**
 * A fact of a customer's account that belongs to no single invoice: money received that no invoice
 * took (the excess of a bank payment, an entry assigned to the customer only), a credit note that
 * names no known invoice, and what became of that credit (allocated to an invoice, refunded, or
 * the receipt returned by the bank). Amounts are positive; the type says which way they go.
 */
export type AccountFact =
  | { readonly type: 'receipt'; readonly id: string; readonly date: IsoDate; readonly amount: Decimal; readonly currency: string; readonly reference: string }
  | { readonly type: 'credit-note'; readonly id: string; readonly date: IsoDate; readonly amount: Decimal; readonly currency: string; readonly reference: string }
  | { readonly type: 'allocated'; readonly id: string; readonly date: IsoDate; readonly amount: Decimal; readonly currency: string; readonly invoice: InvoiceKey }
  | { readonly type: 'refund'; readonly id: string; readonly date: IsoDate; readonly amount: Decimal; readonly currency: string; readonly reference: string }
  | { readonly type: 'receipt-returned'; readonly id: string; readonly date: IsoDate; readonly amount: Decimal; readonly currency: string; readonly reference: string };

/** Credit (positive) or its use (negative) that an account fact gives the customer. */
const creditChangeOf = (fact: AccountFact): Decimal =>
  fact.type === 'receipt' || fact.type === 'credit-note' ? fact.amount : negate(fact.amount);

/** One of a customer's invoices, as its account lists it. */
export interface AccountInvoice {
  readonly key: InvoiceKey;
  readonly currency: string;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly standing: Standing;
  /** Every movement of its principal and claims (`movementsOf`), whatever their date. */
  readonly movements: readonly Movement[];
}

/** A movement of one of a customer's invoices, as its statement of account lists it. */
export interface AccountMovement extends Movement {
  readonly invoice: InvoiceKey;
  readonly currency: string;
}

/** A customer's account in one currency. */
export interface CurrencyAccount {
  readonly currency: string;
  /** Open of the principal of the customer's invoices. */
  readonly open: Decimal;
  /** Late-payment claims open on them, apart: not part of the balance, which is the principal's. */
  readonly claimsOpen: Decimal;
  /** Unapplied cash and unallocated credit: over-payments, receipts no invoice took, credit notes naming no known invoice, less what was allocated or refunded. Below zero when more was taken from it than it held (a receipt returned after its credit was used). */
  readonly credit: Decimal;
  /** What the customer owes on balance: open less credit. */
  readonly balance: Decimal;
}

/** Where a credit comes from, for a person allocating it. */
export type CreditSource =
  | { readonly source: 'over-payment'; readonly invoice: InvoiceKey; readonly currency: string; readonly amount: Decimal }
  | { readonly source: AccountFact['type']; readonly id: string; readonly date: IsoDate; readonly currency: string; readonly amount: Decimal; readonly reference: string };

export interface CustomerAccount {
  readonly currencies: readonly CurrencyAccount[];
  /** Invoices with principal or claims open, oldest due date first. */
  readonly openItems: readonly AccountInvoice[];
  /** Every movement of the customer's invoices up to the day: date order, and within a day the invoices' order. */
  readonly movements: readonly AccountMovement[];
  /** Where the credit comes from, and every movement of it. */
  readonly credits: readonly CreditSource[];
}

const referenceOf = (fact: AccountFact): string => (fact.type === 'allocated' ? fact.invoice.number : fact.reference);

/** Oldest due date first, then issue date, then number: the order a clerk works and credit is allocated in. */
const byAge = (a: AccountInvoice, b: AccountInvoice): number =>
  a.dueDate.localeCompare(b.dueDate) || a.issueDate.localeCompare(b.issueDate) || a.key.number.localeCompare(b.key.number);

/** Whether the principal of an invoice is open: only such an invoice takes the customer's credit, as before claims were booked. */
const owesPrincipal = (invoice: AccountInvoice): boolean => isPositive(invoice.standing.open);

/**
 * A customer's account from its invoices' standings and its account facts up to a day: per
 * currency what is open, the claims open apart, the credit it holds, and the balance; the open
 * items, the movements and the credits.
 */
export function customerAccountOf(invoices: readonly AccountInvoice[], facts: readonly AccountFact[], day: IsoDate): CustomerAccount {
  const known = facts.filter((fact) => fact.date <= day);
  const currencies = [...new Set([...invoices.map((invoice) => invoice.currency), ...known.map((fact) => fact.currency)])].sort();
  const accounts = currencies.map((currency): CurrencyAccount => {
    const mine = invoices.filter((invoice) => invoice.currency === currency);
    const open = sumDecimals(mine.map((invoice) => invoice.standing.open));
    const claimsOpen = sumDecimals(mine.map((invoice) => openClaimsOf(invoice.standing)));
    const overpaid = sumDecimals(mine.map((invoice) => invoice.standing.overpaid));
    const credit = addDecimals(overpaid, sumDecimals(known.filter((fact) => fact.currency === currency).map(creditChangeOf)));
    return { currency, open, claimsOpen, credit, balance: subtractDecimals(open, credit) };
  });
  const credits: CreditSource[] = [
    ...invoices
      .filter((invoice) => isPositive(invoice.standing.overpaid))
      .map((invoice): CreditSource => ({ source: 'over-payment', invoice: invoice.key, currency: invoice.currency, amount: invoice.standing.overpaid })),
    ...known.map((fact): CreditSource => ({ source: fact.type, id: fact.id, date: fact.date, currency: fact.currency, amount: creditChangeOf(fact), reference: referenceOf(fact) })),
  ];
  const movements = invoices
    .flatMap((invoice) => invoice.movements.filter((movement) => movement.date <= day).map((movement): AccountMovement => ({ ...movement, invoice: invoice.key, currency: invoice.currency })))
    // A stable sort: each invoice's movements are in the order they count already.
    .sort((a, b) => a.date.localeCompare(b.date));
  return {
    currencies: accounts,
    openItems: invoices.filter((invoice) => owesPrincipal(invoice) || isPositive(openClaimsOf(invoice.standing))).sort(byAge),
    movements,
    credits,
  };
}

/** The credit a customer holds in a currency, none when it holds none. */
export const creditIn = (account: CustomerAccount, currency: string): Decimal =>
  atLeastZero(account.currencies.find((entry) => entry.currency === currency)?.credit ?? ('0' as Decimal));

/** An allocation of a customer's credit to one of its invoices. */
export interface Allocation {
  readonly invoice: InvoiceKey;
  readonly currency: string;
  readonly amount: Decimal;
}

/**
 * Allocates a customer's credit to its open invoices, oldest due date first, as far as it goes:
 * what the automatic allocation setting records after every booking.
 */
export function oldestFirstAllocations(account: CustomerAccount): Allocation[] {
  const allocations: Allocation[] = [];
  for (const { currency } of account.currencies) {
    let left = creditIn(account, currency);
    for (const item of account.openItems.filter((invoice) => invoice.currency === currency && owesPrincipal(invoice))) {
      if (!isPositive(left)) break;
      const amount = compareDecimals(left, item.standing.open) < 0 ? left : item.standing.open;
      allocations.push({ invoice: item.key, currency, amount });
      left = subtractDecimals(left, amount);
    }
  }
  return allocations;
}

/** Why a person's allocation cannot be made, in words for them; null when it can. */
export function allocationProblem(account: CustomerAccount, allocation: Allocation): string | null {
  const item = account.openItems.find((invoice) => owesPrincipal(invoice) && invoice.key.sellerKey === allocation.invoice.sellerKey && invoice.key.number === allocation.invoice.number);
  if (!item) return `invoice ${allocation.invoice.number} has nothing open on this customer's account`;
  if (item.currency !== allocation.currency) return `invoice ${allocation.invoice.number} is in ${item.currency}, not ${allocation.currency}`;
  if (compareDecimals(allocation.amount, item.standing.open) > 0) return `${allocation.currency} ${allocation.amount} is more than the ${item.standing.open} open on invoice ${allocation.invoice.number}`;
  const credit = creditIn(account, allocation.currency);
  if (compareDecimals(allocation.amount, credit) > 0) return `${allocation.currency} ${allocation.amount} is more than the customer's credit of ${credit}`;
  return null;
}
