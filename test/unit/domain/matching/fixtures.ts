import { isoDate } from '../../../../functions/domain/calendar';
import { rfReferenceOf, type BookedPayment, type CreditEntry, type DebitEntry, type OpenItem } from '../../../../functions/domain/matching';
import { parseDecimal, type Decimal } from '../../../../functions/domain/money';

/** A decimal for literals in tests: the text, checked. */
export const d = (text: string): Decimal => {
  const value = parseDecimal(text);
  if (value === undefined) throw new RangeError(`not a decimal: '${text}'`);
  return value;
};

export const SELLER = 'vat:DE999999999';
export const ACME_IBAN = 'DE89 3704 0044 0532 0130 00';

/** An open EUR invoice of customer C-ACME, due 2026-03-01, with the RF the system generates for it. */
export const openItem = (number: string, open: string, overrides: Partial<Omit<OpenItem, 'number' | 'openAmount'>> = {}): OpenItem => {
  const key = overrides.key ?? { sellerKey: SELLER, number };
  return {
    key,
    customerId: 'C-ACME',
    number,
    currency: 'EUR',
    openAmount: d(open),
    dueDate: isoDate('2026-03-01'),
    issueDate: isoDate('2026-02-01'),
    rfReference: rfReferenceOf(key),
    ...overrides,
  };
};

/** A EUR credit booked 2026-03-10 with no references unless given. */
export const credit = (amount: string, overrides: Partial<Omit<CreditEntry, 'amount'>> = {}): CreditEntry => ({
  entryId: 'E-1',
  amount: d(amount),
  currency: 'EUR',
  bookingDate: isoDate('2026-03-10'),
  structuredReferences: [],
  remittanceTexts: [],
  ...overrides,
});

export const booked = (paymentId: string, amount: string, overrides: Partial<Omit<BookedPayment, 'paymentId' | 'amount'>> = {}): BookedPayment => ({
  paymentId,
  entryId: `E-${paymentId}`,
  amount: d(amount),
  currency: 'EUR',
  bookingDate: isoDate('2026-03-10'),
  allocations: [{ key: { sellerKey: SELLER, number: '1001' }, amount: d(amount) }],
  references: [],
  ...overrides,
});

export const debit = (amount: string, overrides: Partial<Omit<DebitEntry, 'amount'>> = {}): DebitEntry => ({
  entryId: 'D-1',
  amount: d(amount),
  currency: 'EUR',
  bookingDate: isoDate('2026-03-20'),
  references: [],
  ...overrides,
});
