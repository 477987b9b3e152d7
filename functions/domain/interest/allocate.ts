import Big from 'big.js';
import type { Decimal } from '../money';
import type { ClaimKind } from './rules';

/** What is open of each kind of claim on an invoice. */
export type OpenClaims = Readonly<Record<ClaimKind, Decimal>>;

export interface Allocation {
  /** What the payment pays of each kind. */
  readonly applied: OpenClaims;
  /** What is left of the payment once every claim is paid: unapplied cash. */
  readonly unapplied: Decimal;
}

/**
 * A payment split over the open claims in the rule's order (§ 367 BGB: costs, interest, then
 * principal), each paid in full before the next gets anything.
 * @example allocatePayment('100.00', { costs: '40.00', interest: '5.00', principal: '500.00' }, ['costs', 'interest', 'principal']) // applied { costs: '40', interest: '5', principal: '55' }, unapplied '0'
 */
export function allocatePayment(amount: Decimal, open: OpenClaims, order: readonly ClaimKind[]): Allocation {
  let left = new Big(amount);
  const applied: Record<ClaimKind, Decimal> = { costs: '0' as Decimal, interest: '0' as Decimal, principal: '0' as Decimal };
  for (const kind of order) {
    const owed = new Big(open[kind]);
    const paid = left.lt(owed) ? left : owed.gt(0) ? owed : new Big(0);
    applied[kind] = paid.toFixed() as Decimal;
    left = left.minus(paid);
  }
  return { applied, unapplied: left.toFixed() as Decimal };
}
