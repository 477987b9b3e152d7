import { compareDecimals, subtractDecimals, isPositive, type Decimal } from '../money';
import type { Allocation, OpenItem } from './types';

// Code-unit order, not the locale's: ISO dates sort as text, and a sort of 100,000 items stays fast.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Oldest due date first; then issue date, number and seller, so the order never depends on input order. */
export const byOldestDue = (a: OpenItem, b: OpenItem): number =>
  compareText(a.dueDate, b.dueDate) || compareText(a.issueDate, b.issueDate) || compareText(a.number, b.number) || compareText(a.key.sellerKey, b.key.sellerKey);

/** The smaller of two amounts. */
export const lesserOf = (a: Decimal, b: Decimal): Decimal => (compareDecimals(a, b) < 0 ? a : b);

/**
 * The payment spread over the invoices, oldest due date first, none beyond what it has open;
 * what is left over is unapplied cash. So a payment short of the sum leaves the newest invoice
 * partly open, the one most recently reminded least.
 * @example allocate([inv100, inv50], '120') // inv100 100, inv50 20, unapplied 0
 */
export function allocate(items: readonly OpenItem[], amount: Decimal): { allocations: Allocation[]; unapplied: Decimal } {
  const allocations: Allocation[] = [];
  let remaining = amount;
  for (const item of [...items].sort(byOldestDue)) {
    if (!isPositive(remaining)) break;
    const applied = lesserOf(remaining, item.openAmount);
    allocations.push({ key: item.key, amount: applied });
    remaining = subtractDecimals(remaining, applied);
  }
  return { allocations, unapplied: remaining };
}
