import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../../../../functions/domain/calendar';
import type { ClaimKind } from '../../../../functions/domain/interest';
import { addDecimals, compareDecimals, sumDecimals, type Decimal } from '../../../../functions/domain/money';
import { STANDARD_POLICY, portfolioTimeline, type CollectionsEvent, type PortfolioEvent } from '../../../../functions/domain/policy';
import { claimsRecordOf, claimToBook, movementsOf, openClaimsOf, standingOn, type Standing } from '../../../../functions/domain/receivables';

const d = isoDate;
const amount = (text: string) => text as Decimal;
const PRINCIPAL_FIRST: ClaimKind[] = ['principal', 'interest', 'costs'];
const BGB_367: ClaimKind[] = ['costs', 'interest', 'principal'];

const claim = (date: string, interest: string, costs: string, order: ClaimKind[] = PRINCIPAL_FIRST): CollectionsEvent => ({
  type: 'claim',
  date: d(date),
  interest: amount(interest),
  costs: amount(costs),
  order,
  step: 'reminder-2',
  law: 'test',
});
const payment = (date: string, paid: string): CollectionsEvent => ({ type: 'payment', date: d(date), amount: amount(paid) });
const figures = (standing: Standing) => ({
  principalOpen: standing.open,
  settledBy: standing.settledBy,
  claimsOpen: openClaimsOf(standing),
  interestOpen: standing.claims.open.interest,
  costsOpen: standing.claims.open.costs,
});

describe('claims in the receivables ledger, apart from the principal', () => {
  it('under principal first (the EU default), a payment of the principal settles it and leaves the claims open', () => {
    const facts = [claim('2026-03-19', '3.00', '40.00'), payment('2026-03-25', '1000.00')];
    expect(figures(standingOn(amount('1000.00'), facts, d('2026-03-31')))).toEqual({
      principalOpen: '0',
      settledBy: 'paid',
      claimsOpen: '43',
      interestOpen: '3',
      costsOpen: '40',
    });
    // Then 20.00 more: interest before costs under the EU order, 3.00 and 17.00.
    const after = standingOn(amount('1000.00'), [...facts, payment('2026-04-02', '20.00')], d('2026-04-30'));
    expect(figures(after)).toMatchObject({ claimsOpen: '23', interestOpen: '0', costsOpen: '23' });
    expect(after.overpaid).toBe('0');
  });

  it('under § 367 BGB a payment goes to costs, then interest, then the principal; a return takes back the principal first', () => {
    const facts = [claim('2026-03-19', '5.00', '40.00', BGB_367), payment('2026-03-20', '100.00')];
    expect(figures(standingOn(amount('1000.00'), facts, d('2026-03-20')))).toEqual({
      principalOpen: '945',
      settledBy: null,
      claimsOpen: '0',
      interestOpen: '0',
      costsOpen: '0',
    });
    const returned: CollectionsEvent = { type: 'payment-returned', date: d('2026-03-22'), amount: amount('60.00'), paymentId: 'p' };
    // The return undoes what the payment reached last: the 55.00 of principal, then 5.00 of interest.
    expect(figures(standingOn(amount('1000.00'), [...facts, returned], d('2026-03-22')))).toMatchObject({ principalOpen: '1000', interestOpen: '5', costsOpen: '0' });
  });

  it('money beyond the principal and the claims is the customer’s credit, after the claims are paid', () => {
    const standing = standingOn(amount('1000.00'), [claim('2026-03-19', '3.00', '40.00'), payment('2026-03-25', '1100.00')], d('2026-03-31'));
    expect(standing.overpaid).toBe('57');
    expect(openClaimsOf(standing)).toBe('0');
  });

  it('a waiver, a write-off and an upheld dispute leave no claim open; an agency’s recovery pays them', () => {
    const booked = [claim('2026-03-19', '3.00', '40.00')];
    const at = (more: CollectionsEvent[]) => standingOn(amount('1000.00'), [...booked, ...more], d('2026-06-30'));
    expect(at([{ type: 'claims-waived', date: d('2026-04-01'), reason: 'goodwill', by: 'maria' }]).claims.waived).toEqual({ costs: '40', interest: '3' });
    expect(openClaimsOf(at([{ type: 'write-off', date: d('2026-04-01') }]))).toBe('0');
    expect(openClaimsOf(at([{ type: 'dispute', date: d('2026-04-01') }, { type: 'dispute-resolved', date: d('2026-04-02'), outcome: 'upheld' }]))).toBe('0');
    const recovered = at([{ type: 'agency-result', date: d('2026-05-01'), outcome: 'recovered' }]);
    expect(recovered.claims.paid).toEqual({ costs: '40', interest: '3' });
    expect(recovered.settledBy).toBe('paid');
  });

  it('shows the claims’ movements beside the principal’s in the history', () => {
    const movements = movementsOf(amount('1000.00'), [claim('2026-03-19', '3.00', '40.00'), payment('2026-03-25', '1010.00')]);
    expect(movements.map(({ date, type, change, claimsChange, claimsOpenAfter }) => [date, type, change, claimsChange, claimsOpenAfter])).toEqual([
      ['2026-03-19', 'claim', '0', '43', '43'],
      ['2026-03-25', 'payment', '-1000', '-10', '33'],
    ]);
  });

  it('books only the interest accrued beyond what is booked, and the compensation once', () => {
    const standing = standingOn(amount('1000.00'), [claim('2026-03-19', '3.00', '40.00')], d('2026-03-31'));
    const later = { interest: amount('5.25'), referenceRatePercent: amount('2.15'), marginPercent: amount('8'), compensation: { amount: amount('40.00'), currency: 'EUR' }, law: 'x', allocationOrder: PRINCIPAL_FIRST };
    expect(claimToBook(standing, later)).toEqual({ interest: '2.25', costs: '0' });
    expect(claimToBook(standing, { ...later, interest: amount('3.00') })).toBeNull();
  });
});

describe('the run once the principal is settled', () => {
  const invoice = {
    number: 'INV-1',
    kind: 'invoice' as const,
    issueDate: d('2026-02-01'),
    dueDate: d('2026-03-05'),
    amountDue: amount('1000.00'),
    entryDate: d('2026-03-02'),
  };
  const lines = (facts: CollectionsEvent[]) =>
    portfolioTimeline([invoice], facts.map((fact): PortfolioEvent => ({ ...fact, invoice: 'INV-1' })), STANDARD_POLICY, invoice.entryDate, d('2026-12-31'))
      .filter((line) => line.date >= '2026-03-19')
      .map(({ date, action, ...rest }) => [date, action, 'step' in rest ? rest.step : rest.reason]);

  it('does not close while claims are open: the claims schedule states them, then a collector calls', () => {
    expect(lines([claim('2026-03-19', '3.00', '40.00'), payment('2026-03-24', '1000.00')])).toEqual([
      ['2026-03-19', 'email', 'reminder-2'],
      ['2026-03-24', 'claims', 'paid'],
      ['2026-03-24', 'email', 'claims-statement'],
      ['2026-04-07', 'call-task', 'claims-call'],
    ]);
  });

  it('closes as paid when the claims are paid, and says so when a person waives them', () => {
    const settled = [claim('2026-03-19', '3.00', '40.00'), payment('2026-03-24', '1000.00')];
    expect(lines([...settled, payment('2026-03-30', '43.00')]).at(-1)).toEqual(['2026-03-30', 'closed', 'paid']);
    expect(lines([...settled, { type: 'claims-waived', date: d('2026-03-30'), reason: 'goodwill', by: 'maria' }]).at(-1)).toEqual(['2026-03-30', 'closed', 'claims-waived']);
  });

  it('closes at once when what is left is below the policy’s waiveClaimsBelow', () => {
    expect(lines([claim('2026-03-19', '3.00', '0'), payment('2026-03-24', '1000.00')]).at(-1)).toEqual(['2026-03-24', 'closed', 'paid']);
  });

  it('goes back to the principal’s schedule when the payment comes back', () => {
    const facts: CollectionsEvent[] = [
      claim('2026-03-19', '3.00', '40.00'),
      payment('2026-03-24', '1000.00'),
      { type: 'payment-returned', date: d('2026-03-27'), amount: amount('1000.00'), paymentId: 'p' },
    ];
    expect(lines(facts).slice(1, 5)).toEqual([
      ['2026-03-24', 'claims', 'paid'],
      ['2026-03-24', 'email', 'claims-statement'],
      ['2026-03-27', 'resumed', 'payment-returned'],
      // The call was 2 days after the payment; it is 2 days after the return.
      ['2026-03-30', 'call-task', 'call'],
    ]);
  });
});

describe('claims never go negative, and the principal never pays interest twice', () => {
  const START = d('2026-03-06');
  const cents = fc.integer({ min: 1, max: 150_000 }).map((n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}` as Decimal);
  const day = fc.integer({ min: 0, max: 90 }).map((n) => addDays(START, n));
  const order = fc.constantFrom<ClaimKind[]>(PRINCIPAL_FIRST, BGB_367, ['interest', 'principal', 'costs']);
  const fact: fc.Arbitrary<CollectionsEvent> = fc.oneof(
    fc.record({ type: fc.constant('payment' as const), date: day, amount: cents }),
    fc.record({ type: fc.constant('allocation' as const), date: day, amount: cents }),
    fc.record({ type: fc.constant('payment-returned' as const), date: day, amount: cents, paymentId: fc.constant('p') }),
    fc.record({ type: fc.constant('claim' as const), date: day, interest: cents, costs: fc.constantFrom(amount('0'), amount('40.00')), order, step: fc.constant('s'), law: fc.constant('l') }),
    fc.record({ type: fc.constant('claims-waived' as const), date: day, reason: fc.constant('r'), by: fc.constant('b') }),
    fc.record({ type: fc.constant('credit-note' as const), date: day, amount: cents, creditNote: fc.constant('CN') }),
    fc.record({ type: fc.constant('write-off' as const), date: day }),
  );
  // Returns never take back more than came in: the ledger refuses them (acceptance.ts).
  const returnsWithinPayments = (facts: CollectionsEvent[]): CollectionsEvent[] => {
    let net = amount('0');
    return [...facts]
      .sort((a, b) => a.date.localeCompare(b.date))
      .filter((one) => {
        if (one.type === 'payment' || one.type === 'allocation') net = addDecimals(net, one.amount);
        if (one.type !== 'payment-returned') return true;
        if (compareDecimals(one.amount, net) > 0) return false;
        net = addDecimals(net, `-${one.amount}` as Decimal);
        return true;
      });
  };

  it('holds for any order of bookings, payments, returns, waivers and credits', () => {
    fc.assert(
      fc.property(cents, fc.array(fact, { maxLength: 14 }), (billed, generated) => {
        const facts = returnsWithinPayments(generated);
        const standing = standingOn(billed, facts, addDays(START, 120));
        const { booked, paid, waived, open } = standing.claims;
        for (const kind of ['costs', 'interest'] as const) {
          expect(compareDecimals(open[kind], amount('0'))).toBeGreaterThanOrEqual(0);
          expect(compareDecimals(paid[kind], amount('0'))).toBeGreaterThanOrEqual(0);
          // Interest is paid at most once: never more than was booked and not waived.
          expect(compareDecimals(addDecimals(paid[kind], waived[kind]), booked[kind])).toBeLessThanOrEqual(0);
        }
        // Every cent received went to exactly one place: the principal (an over-payment included) or a claim.
        const received = sumDecimals(
          facts.flatMap((one) => (one.type === 'payment' || one.type === 'allocation' ? [one.amount] : one.type === 'payment-returned' ? [`-${one.amount}` as Decimal] : [])),
        );
        expect(sumDecimals([standing.paid, paid.costs, paid.interest])).toBe(received);
      }),
      { numRuns: 400 },
    );
  });
});

describe('the record of an invoice’s claims', () => {
  it('lists each booking with its step, law and amounts, and each waiver with why and by whom, in the order they count up to the day', () => {
    const events: CollectionsEvent[] = [
      { type: 'claim', date: d('2026-04-01'), interest: amount('4.10'), costs: amount('0'), order: PRINCIPAL_FIRST, step: 'final-notice', law: 'test' },
      payment('2026-03-25', '10.00'),
      claim('2026-03-19', '3.00', '40.00'),
      { type: 'claims-waived', date: d('2026-04-10'), reason: 'goodwill after the call', by: 'local-admin' },
      { type: 'promise', date: d('2026-04-11'), promisedDate: d('2026-04-20') },
      // Dated after the day: not known yet.
      claim('2026-05-01', '1.00', '0'),
    ];
    expect(claimsRecordOf(events, d('2026-04-30'))).toEqual({
      bookings: [
        { date: '2026-03-19', step: 'reminder-2', law: 'test', interest: '3.00', costs: '40.00' },
        { date: '2026-04-01', step: 'final-notice', law: 'test', interest: '4.10', costs: '0' },
      ],
      waivers: [{ date: '2026-04-10', reason: 'goodwill after the call', by: 'local-admin' }],
    });
    expect(claimsRecordOf([payment('2026-03-25', '10.00')], d('2026-04-30'))).toEqual({ bookings: [], waivers: [] });
  });
});
