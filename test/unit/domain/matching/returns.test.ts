import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import { buildReturnIndex, matchReturn, type BookedPayment, type ReturnMatch } from '../../../../functions/domain/matching';
import { ACME_IBAN, booked, d, debit, SELLER } from './fixtures';

const twoInvoices = booked('P-2', '150.00', {
  endToEndId: 'E2E-0042',
  counterpartyIban: ACME_IBAN,
  references: ['Rechnungen 1001, 1002', 'RF18 5390 0754 7034'],
  allocations: [
    { key: { sellerKey: SELLER, number: '1002' }, amount: d('50.00') },
    { key: { sellerKey: SELLER, number: '1001' }, amount: d('100.00') },
  ],
});

const returnOf = (payments: readonly BookedPayment[], entry: Parameters<typeof matchReturn>[1]): ReturnMatch => matchReturn(buildReturnIndex(payments), entry);
const returned = (result: ReturnMatch): string[] => (result.kind === 'matched' ? result.returned.map(({ key, amount }) => `${key.number} ${amount}`) : []);

describe('matchReturn', () => {
  it('finds the payment by its original end-to-end id and takes back every allocation', () => {
    const result = returnOf([booked('P-1', '80.00', { endToEndId: 'E2E-0041' }), twoInvoices], debit('150.00', { originalEndToEndId: 'e2e 0042', returnReason: 'AC04' }));
    expect(result).toMatchObject({ kind: 'matched', rule: 'original-end-to-end-id', payment: { paymentId: 'P-2' }, unappliedReturned: '0' });
    expect(returned(result)).toEqual(['1002 50.00', '1001 100.00']);
  });

  it('then by a reference both carry', () =>
    expect(returnOf([twoInvoices], debit('150.00', { references: ['RF18539007547034'] }))).toMatchObject({ rule: 'shared-reference', payment: { paymentId: 'P-2' } }));

  it('then by amount and IBAN, the payment booked nearest before the return', () => {
    const earlier = booked('P-early', '150.00', { counterpartyIban: ACME_IBAN, bookingDate: isoDate('2026-03-01') });
    const later = booked('P-late', '150.00', { counterpartyIban: ACME_IBAN, bookingDate: isoDate('2026-03-15') });
    const afterReturn = booked('P-after', '150.00', { counterpartyIban: ACME_IBAN, bookingDate: isoDate('2026-03-25') });
    expect(returnOf([earlier, later, afterReturn], debit('150.00', { counterpartyIban: 'de89370400440532013000' }))).toMatchObject({
      rule: 'amount-and-iban',
      payment: { paymentId: 'P-late' },
    });
  });

  it('prefers the end-to-end id over a reference another payment shares', () => {
    const sharing = booked('P-3', '150.00', { references: ['E2E-0042'], bookingDate: isoDate('2026-03-19') });
    expect(returnOf([sharing, twoInvoices], debit('150.00', { originalEndToEndId: 'E2E-0042', references: ['E2E-0042'] }))).toMatchObject({ payment: { paymentId: 'P-2' } });
  });

  it('reopens the oldest invoice first on a partial return', () => {
    const result = returnOf([twoInvoices], debit('70.00', { originalEndToEndId: 'E2E-0042' }));
    expect(returned(result)).toEqual(['1002 50.00', '1001 20']);
  });

  it('takes back unapplied cash before reopening any invoice', () => {
    const overpaid = booked('P-4', '130.00', { endToEndId: 'E2E-0043', allocations: [{ key: { sellerKey: SELLER, number: '1001' }, amount: d('100.00') }] });
    const result = returnOf([overpaid], debit('40.00', { originalEndToEndId: 'E2E-0043' }));
    expect(result).toMatchObject({ kind: 'matched', unappliedReturned: '30' });
    expect(returned(result)).toEqual(['1001 10']);
  });

  it.each([
    ['the placeholder end-to-end id', debit('150.00', { originalEndToEndId: 'NOTPROVIDED' }), booked('P-5', '150.00', { endToEndId: 'NOTPROVIDED' })],
    ['more than the payment', debit('150.01', { originalEndToEndId: 'E2E-0042' }), twoInvoices],
    ['another currency', debit('150.00', { originalEndToEndId: 'E2E-0042', currency: 'USD' }), twoInvoices],
    ['a payment booked after the return', debit('150.00', { originalEndToEndId: 'E2E-0042', bookingDate: isoDate('2026-03-09') }), twoInvoices],
    ['the amount from another IBAN', debit('150.00', { counterpartyIban: 'CH93 0076 2011 6238 5295 7' }), twoInvoices],
  ])('ties nothing by %s', (_, entry, payment) => expect(returnOf([payment], entry)).toEqual({ kind: 'unmatched', reason: 'no-payment' }));

  it('refuses a zero amount', () => expect(returnOf([twoInvoices], debit('0', { originalEndToEndId: 'E2E-0042' }))).toEqual({ kind: 'unmatched', reason: 'not-a-debit' }));
});
