import { describe, expect, it } from 'vitest';
import { allocatePayment, statutoryInterestRules } from '../../../../functions/domain/interest';
import type { Decimal } from '../../../../functions/domain/money';

const open = { costs: '40.00' as Decimal, interest: '5.00' as Decimal, principal: '500.00' as Decimal };
const orderOf = (jurisdiction: string) => statutoryInterestRules.jurisdictions[jurisdiction]?.allocationOrder ?? [];

describe('allocatePayment', () => {
  it('pays costs, then interest, then principal under § 367 BGB', () =>
    expect(allocatePayment('100.00' as Decimal, open, orderOf('DE'))).toEqual({ applied: { costs: '40', interest: '5', principal: '55' }, unapplied: '0' }));

  it('pays principal first under the EU default', () =>
    expect(allocatePayment('100.00' as Decimal, open, orderOf('EU'))).toEqual({ applied: { costs: '0', interest: '0', principal: '100' }, unapplied: '0' }));

  it('leaves what no claim takes unapplied', () =>
    expect(allocatePayment('600.00' as Decimal, open, orderOf('DE'))).toEqual({ applied: { costs: '40', interest: '5', principal: '500' }, unapplied: '55' }));
});
