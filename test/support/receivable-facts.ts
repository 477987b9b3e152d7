import type { IsoDate } from '../../functions/domain/calendar';
import { negate, type Decimal } from '../../functions/domain/money';
import type { MoneyFact } from '../../functions/domain/receivables';

/**
 * The facts behind a receivable written the short way: payments by day (a negative amount is a
 * payment returned that day) and the day a dispute was upheld.
 */
export const factsOf = (payments: readonly { readonly date: IsoDate; readonly amount: Decimal }[] = [], creditedOn: IsoDate | null = null): MoneyFact[] => [
  ...payments.map((payment): MoneyFact =>
    payment.amount.startsWith('-') ? { type: 'payment-returned', date: payment.date, amount: negate(payment.amount) } : { type: 'payment', date: payment.date, amount: payment.amount },
  ),
  ...(creditedOn ? [{ type: 'dispute', date: creditedOn } as const, { type: 'dispute-resolved', date: creditedOn, outcome: 'upheld' } as const] : []),
];
