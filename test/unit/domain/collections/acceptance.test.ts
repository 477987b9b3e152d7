import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import { describeEvent, refusalOf, sameContent, type EventContext, type RecordedEvent } from '../../../../functions/domain/collections';
import type { Decimal } from '../../../../functions/domain/money';
import type { CollectionsEvent } from '../../../../functions/domain/policy';

const payment: RecordedEvent = { type: 'payment', date: isoDate('2026-03-10'), amount: '500.00' as Decimal, id: 'pay-1', recordedAt: '2026-03-10T09:00:00.000Z' };
// Billed 1200.00; the payment of 500.00 leaves 700.00 open from 03-10.
const context = (events: readonly RecordedEvent[] = [payment]): EventContext => ({
  invoiceNumber: 'INV-1',
  currency: 'EUR',
  events,
  today: isoDate('2026-03-20'),
  openOn: (day) => (day >= '2026-03-10' ? '700' : '1200') as Decimal,
  // Claims of 45.00 were booked on 03-19.
  claimsOpenOn: (day) => (day >= '2026-03-19' ? '45' : '0') as Decimal,
  // A dispute was raised on 03-12.
  disputedOn: (day) => day >= '2026-03-12',
});
const returned = (amount: string, date = '2026-03-15'): CollectionsEvent => ({ type: 'payment-returned', date: isoDate(date), amount: amount as Decimal, paymentId: 'pay-1' });

describe('refusalOf', () => {
  it('takes an event dated today or tomorrow, and refuses the day after', () => {
    expect(refusalOf({ type: 'dispute', date: isoDate('2026-03-21') }, 'd-1', context())).toBeNull();
    expect(refusalOf({ type: 'dispute', date: isoDate('2026-03-22') }, 'd-1', context())).toMatchObject({ code: 'future-date' });
  });

  it('takes a retry of an event as it was first taken, whatever day it is now', () =>
    expect(refusalOf(payment, 'pay-1', { ...context(), today: isoDate('2026-03-09'), currency: 'JPY' })).toBeNull());

  it('refuses the same id with other content, naming the first', () =>
    expect(refusalOf({ ...payment, amount: '50.00' as Decimal }, 'pay-1', context())).toEqual({
      code: 'id-conflict',
      message:
        'event id pay-1 is already recorded for invoice INV-1 with other content: payment dated 2026-03-10 (amount 500.00), recorded at 2026-03-10T09:00:00.000Z; send a new event under a new id',
      first: payment,
    }));

  it('takes back at most what is left of the payment, over several returns', () => {
    const first: RecordedEvent = { ...returned('200.00'), id: 'ret-1', recordedAt: '2026-03-15T09:00:00.000Z' };
    expect(refusalOf(returned('300.00'), 'ret-2', context([payment, first]))).toBeNull();
    expect(refusalOf(returned('300.01'), 'ret-2', context([payment, first]))).toMatchObject({ code: 'return-exceeds-payment' });
  });

  it('refuses a return of something that is not a payment, and one dated before the payment', () => {
    const dispute: RecordedEvent = { type: 'dispute', date: isoDate('2026-03-10'), id: 'pay-1', recordedAt: '2026-03-10T09:00:00.000Z' };
    expect(refusalOf(returned('1.00'), 'ret-1', context([dispute]))).toMatchObject({ code: 'unknown-payment' });
    expect(refusalOf(returned('1.00', '2026-03-09'), 'ret-1', context())).toMatchObject({ code: 'return-before-payment' });
  });
});

describe('sameContent and describeEvent', () => {
  it('compares what was sent, not when or under which id it was recorded, and not the order of its fields', () => {
    expect(sameContent(payment, { amount: '500.00' as Decimal, date: isoDate('2026-03-10'), type: 'payment' })).toBe(true);
    expect(sameContent(payment, { ...payment, amount: '500.0' as Decimal })).toBe(false);
  });

  it('says an event in one line', () =>
    expect(describeEvent({ ...returned('1.00'), reason: 'AC04' } as CollectionsEvent)).toBe(
      'payment-returned dated 2026-03-15 (amount 1.00, paymentId pay-1, reason AC04)',
    ));

  it('takes a plan that covers what is open on its date, and refuses one that does not, naming the difference', () => {
    const plan = (...amounts: string[]): CollectionsEvent => ({
      type: 'plan',
      date: isoDate('2026-03-12'),
      instalments: amounts.map((amount, i) => ({ date: isoDate(`2026-0${4 + i}-01`), amount: amount as Decimal })),
    });
    expect(refusalOf(plan('350.00', '350.00'), 'p-1', context())).toBeNull();
    expect(refusalOf(plan('300.00', '350.00'), 'p-1', context())).toEqual({
      code: 'plan-sum',
      message: 'the instalments add up to 650, but 700 is open on invoice INV-1 on 2026-03-12 (50 short): a plan covers what is open exactly',
    });
    expect(refusalOf(plan('400.00', '350.00'), 'p-1', context())).toMatchObject({ code: 'plan-sum', message: expect.stringMatching(/\(50 over\)/) });
  });

  it('takes a plan agreed on a call only when it covers what is open, as a plan recorded by a person', () => {
    const onCall = (amount: string): CollectionsEvent => ({ type: 'call-outcome', date: isoDate('2026-03-12'), outcome: 'plan', instalments: [{ date: isoDate('2026-04-01'), amount: amount as Decimal }] });
    expect(refusalOf(onCall('700.00'), 'c-1', context())).toBeNull();
    expect(refusalOf(onCall('650.00'), 'c-2', context())).toMatchObject({ code: 'plan-sum', message: expect.stringContaining('(50 short)') });
  });

  it('refuses a waiver of claims on a day none are open, and takes it once they are', () => {
    const waiver = (date: string): CollectionsEvent => ({ type: 'claims-waived', date: isoDate(date), reason: 'goodwill', by: 'maria@seller.example' });
    expect(refusalOf(waiver('2026-03-18'), 'w-1', context())).toMatchObject({ code: 'no-claims', message: 'invoice INV-1 has no late-payment claims open on 2026-03-18: there is nothing to waive' });
    expect(refusalOf(waiver('2026-03-19'), 'w-2', context())).toBeNull();
  });

  it('takes a dispute upheld in part for at most what is open, and only while a dispute is open', () => {
    const part = (amount: string, date = '2026-03-15'): CollectionsEvent => ({ type: 'dispute-resolved', date: isoDate(date), outcome: 'upheld-in-part', amount: amount as Decimal });
    expect(refusalOf(part('700.00'), 'r-1', context())).toBeNull();
    expect(refusalOf(part('700.01'), 'r-1', context())).toEqual({
      code: 'dispute-amount',
      message: 'amount 700.01 is more than is open on invoice INV-1 on 2026-03-15 (700): a dispute upheld in part credits at most what is open',
    });
    expect(refusalOf(part('100.00', '2026-03-11'), 'r-1', context())).toMatchObject({ code: 'no-dispute', message: expect.stringMatching(/^invoice INV-1 has no open dispute on 2026-03-11/) });
    expect(refusalOf(part('100.001'), 'r-1', context())).toMatchObject({ code: 'amount-digits', message: expect.stringMatching(/^amount: "100\.001" has 3 digits/) });
  });

  it('refuses an instalment its currency cannot have, naming which', () => {
    const plan: CollectionsEvent = { type: 'plan', date: isoDate('2026-03-12'), instalments: [{ date: isoDate('2026-04-01'), amount: '350.00' as Decimal }, { date: isoDate('2026-05-01'), amount: '350.001' as Decimal }] };
    expect(refusalOf(plan, 'p-1', context())).toMatchObject({ code: 'amount-digits', message: expect.stringMatching(/^instalments\[1\]\.amount: "350\.001" has 3 digits after the point; EUR amounts have 2/) });
  });
});
