import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openOn, receivableOf } from '../../../../functions/domain/analytics';
import { addDays, isoDate } from '../../../../functions/domain/calendar';
import { statutoryInterestRules } from '../../../../functions/domain/interest';
import { compareDecimals, isPositive, subtractDecimals, sumDecimals, type Decimal } from '../../../../functions/domain/money';
import { replayPortfolio, STANDARD_POLICY, type CollectionsEvent, type PortfolioEvent } from '../../../../functions/domain/policy';
import {
  allocationProblem,
  customerAccountOf,
  dueDateOf,
  lateClaimOf,
  movementsOf,
  oldestFirstAllocations,
  openFromMovements,
  standingOn,
  type AccountFact,
  type AccountInvoice,
} from '../../../../functions/domain/receivables';

const d = isoDate;
const amount = (text: string) => text as Decimal;

describe('an invoice in the receivables ledger', () => {
  it('falls due on BT-9, or after the default terms from its issue date', () => {
    expect(dueDateOf({ issueDate: d('2026-01-01'), dueDate: null }, 30)).toBe('2026-01-31');
    expect(dueDateOf({ issueDate: d('2026-01-01'), dueDate: d('2026-01-15') }, 30)).toBe('2026-01-15');
  });

  it('keeps an over-payment as the customer’s credit and never shows less than nothing open', () => {
    const standing = standingOn(amount('1000.00'), [{ type: 'payment', date: d('2026-02-01'), amount: amount('1050.00') }], d('2026-02-28'));
    expect(standing).toMatchObject({ open: '0', overpaid: '50', balance: '-50', settledBy: 'paid', settledOn: '2026-02-01' });
  });

  it('applies a credit note and closes the invoice as credited when it covers the rest', () => {
    const facts: CollectionsEvent[] = [
      { type: 'payment', date: d('2026-02-01'), amount: amount('600.00') },
      { type: 'credit-note', date: d('2026-02-05'), amount: amount('400.00'), creditNote: 'CN-1' },
    ];
    expect(standingOn(amount('1000.00'), facts, d('2026-02-04'))).toMatchObject({ open: '400', settledBy: null });
    expect(standingOn(amount('1000.00'), facts, d('2026-02-05'))).toMatchObject({ open: '0', credited: '400', settledBy: 'credited', settledOn: '2026-02-05' });
  });

  it('reopens what a returned payment takes back', () => {
    const facts: CollectionsEvent[] = [
      { type: 'payment', date: d('2026-02-01'), amount: amount('1000.00') },
      { type: 'payment-returned', date: d('2026-02-04'), amount: amount('1000.00'), paymentId: 'p1' },
    ];
    expect(standingOn(amount('1000.00'), facts, d('2026-02-03')).open).toBe('0');
    expect(standingOn(amount('1000.00'), facts, d('2026-02-04'))).toMatchObject({ open: '1000', settledBy: null });
  });

  it('cancels an invoice whose dispute is upheld: nothing open, what was paid becomes credit', () => {
    const facts: CollectionsEvent[] = [
      { type: 'payment', date: d('2026-02-01'), amount: amount('300.00') },
      { type: 'dispute', date: d('2026-02-02') },
      { type: 'dispute-resolved', date: d('2026-02-10'), outcome: 'upheld' },
    ];
    expect(standingOn(amount('1000.00'), facts, d('2026-02-10'))).toMatchObject({ open: '0', overpaid: '300', settledBy: 'credited' });
    // Without an open dispute there is nothing to uphold.
    expect(standingOn(amount('1000.00'), [facts[0]!, facts[2]!], d('2026-02-10')).open).toBe('700');
  });

  it('credits the part of a dispute upheld in part, exactly, and leaves the rest owed with its claims', () => {
    const facts: CollectionsEvent[] = [
      { type: 'payment', date: d('2026-02-01'), amount: amount('300.10') },
      { type: 'claim', date: d('2026-02-03'), interest: amount('3.94'), costs: amount('40.00'), order: ['costs', 'interest', 'principal'], step: 'reminder-2', law: 'DE' },
      { type: 'dispute', date: d('2026-02-04'), reason: 'quantity', note: 'two of ten pallets were not delivered' },
      { type: 'dispute-resolved', date: d('2026-02-10'), outcome: 'upheld-in-part', amount: amount('199.95') },
    ];
    // 1000.00 billed, 300.10 paid: 699.90 open; 199.95 credited leaves 499.95, claims of 43.94 as booked.
    expect(standingOn(amount('1000.00'), facts, d('2026-02-10'))).toMatchObject({ open: '499.95', credited: '199.95', paid: '300.1', settledBy: null, disputed: false });
    expect(standingOn(amount('1000.00'), facts, d('2026-02-10')).claims.open).toEqual({ costs: '40', interest: '3.94' });
    // A part as large as what is open credits the rest: the invoice is settled as credited.
    const all = [...facts.slice(0, 3), { type: 'dispute-resolved', date: d('2026-02-10'), outcome: 'upheld-in-part', amount: amount('699.90') } as const];
    expect(standingOn(amount('1000.00'), all, d('2026-02-10'))).toMatchObject({ open: '0', settledBy: 'credited', settledOn: '2026-02-10' });
    // Without an open dispute there is nothing to uphold, in part either.
    expect(standingOn(amount('1000.00'), [facts[0]!, facts[3]!], d('2026-02-10')).open).toBe('699.9');
  });

  it("counts an agency's recovery as paying what was open, and a write-off as crediting it", () => {
    const paidPart: CollectionsEvent = { type: 'payment', date: d('2026-02-01'), amount: amount('120.00') };
    expect(standingOn(amount('500.00'), [paidPart, { type: 'agency-result', date: d('2026-06-01'), outcome: 'recovered' }], d('2026-06-01'))).toMatchObject({
      paid: '500',
      settledBy: 'paid',
    });
    expect(standingOn(amount('500.00'), [paidPart, { type: 'write-off', date: d('2026-06-01') }], d('2026-06-01'))).toMatchObject({
      credited: '380',
      settledBy: 'written-off',
    });
  });
});

describe("a customer's account", () => {
  const key = (number: string) => ({ sellerKey: 'vat:DE1', number });
  const item = (number: string, due: string, billed: string, facts: CollectionsEvent[]): AccountInvoice => ({
    key: key(number),
    currency: 'EUR',
    issueDate: addDays(d(due), -30),
    dueDate: d(due),
    standing: standingOn(amount(billed), facts, d('2026-12-31')),
    movements: movementsOf(amount(billed), facts),
  });

  it('holds over-payments and unmatched receipts as credit, and allocates it oldest invoice first', () => {
    const invoices = [
      item('A', '2026-03-01', '100.00', [{ type: 'payment', date: d('2026-03-01'), amount: amount('150.00') }]),
      item('B', '2026-04-01', '80.00', []),
      item('C', '2026-02-01', '40.00', []),
    ];
    const facts: AccountFact[] = [{ type: 'receipt', id: 'r1', date: d('2026-03-05'), amount: amount('30.00'), currency: 'EUR', reference: 'BANK-1' }];
    const account = customerAccountOf(invoices, facts, d('2026-12-31'));
    expect(account.currencies).toEqual([{ currency: 'EUR', open: '120', claimsOpen: '0', credit: '80', balance: '40' }]);
    expect(account.openItems.map((open) => open.key.number)).toEqual(['C', 'B']);
    expect(oldestFirstAllocations(account)).toEqual([
      { invoice: key('C'), currency: 'EUR', amount: '40' },
      { invoice: key('B'), currency: 'EUR', amount: '40' },
    ]);
    expect(allocationProblem(account, { invoice: key('B'), currency: 'EUR', amount: amount('81.00') })).toMatch(/more than the 80 open/);
    expect(allocationProblem(account, { invoice: key('A'), currency: 'EUR', amount: amount('1.00') })).toMatch(/nothing open/);
    expect(allocationProblem(account, { invoice: key('B'), currency: 'EUR', amount: amount('80.00') })).toBeNull();
  });

  it('keeps the claims open apart from the principal: per currency, as open items, and in the movements; credit goes to the principal', () => {
    const claim = (date: string, interest: string, costs: string): CollectionsEvent => ({
      type: 'claim',
      date: d(date),
      interest: amount(interest),
      costs: amount(costs),
      order: ['principal', 'interest', 'costs'],
      step: 'reminder-2',
      law: 'test',
    });
    const invoices = [
      // The principal paid, the claims left open: still an open item, though no credit can go to it.
      item('A', '2026-02-01', '100.00', [claim('2026-03-01', '2.50', '40.00'), { type: 'payment', date: d('2026-03-10'), amount: amount('100.00') }]),
      item('B', '2026-03-01', '80.00', [claim('2026-04-01', '1.00', '40.00'), { type: 'claims-waived', date: d('2026-04-05'), reason: 'goodwill', by: 'maria' }]),
      // Booked after the day of the account: not known yet.
      item('C', '2026-04-01', '60.00', [{ type: 'payment', date: d('2026-03-10'), amount: amount('10.00') }, claim('2027-01-15', '0.50', '40.00')]),
    ];
    const facts: AccountFact[] = [{ type: 'receipt', id: 'r1', date: d('2026-03-05'), amount: amount('30.00'), currency: 'EUR', reference: 'BANK-1' }];
    const account = customerAccountOf(invoices, facts, d('2026-12-31'));
    expect(account.currencies).toEqual([{ currency: 'EUR', open: '130', claimsOpen: '42.5', credit: '30', balance: '100' }]);
    expect(account.openItems.map((open) => open.key.number)).toEqual(['A', 'B', 'C']);
    expect(oldestFirstAllocations(account)).toEqual([{ invoice: key('B'), currency: 'EUR', amount: '30' }]);
    expect(allocationProblem(account, { invoice: key('A'), currency: 'EUR', amount: amount('1.00') })).toMatch(/nothing open/);
    expect(account.movements.map((movement) => [movement.date, movement.invoice.number, movement.type, movement.change, movement.claimsChange, movement.claimsOpenAfter])).toEqual([
      ['2026-03-01', 'A', 'claim', '0', '42.5', '42.5'],
      ['2026-03-10', 'A', 'payment', '-100', '0', '42.5'],
      ['2026-03-10', 'C', 'payment', '-10', '0', '0'],
      ['2026-04-01', 'B', 'claim', '0', '41', '41'],
      ['2026-04-05', 'B', 'claims-waived', '0', '-41', '0'],
    ]);
    expect(account.movements[0]).toMatchObject({ currency: 'EUR', balanceAfter: '100' });
  });
});

// Random fact sequences: every view of the ledger must say the same, and nothing is ever open below zero.
const START = d('2026-01-01');
const cents = fc.integer({ min: 1, max: 200_000 }).map((n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}` as Decimal);
const day = fc.integer({ min: 0, max: 120 }).map((n) => addDays(START, n));
const fact: fc.Arbitrary<CollectionsEvent> = fc.oneof(
  fc.record({ type: fc.constant('payment' as const), date: day, amount: cents }),
  fc.record({ type: fc.constant('payment-returned' as const), date: day, amount: cents, paymentId: fc.constant('p') }),
  fc.record({ type: fc.constant('credit-note' as const), date: day, amount: cents, creditNote: fc.constant('CN') }),
  fc.record({ type: fc.constant('allocation' as const), date: day, amount: cents }),
  fc.record({ type: fc.constant('write-off' as const), date: day }),
  fc.record({ type: fc.constant('dispute' as const), date: day }),
  fc.record({ type: fc.constant('dispute-resolved' as const), date: day, outcome: fc.constantFrom('upheld' as const, 'rejected' as const) }),
  fc.record({ type: fc.constant('agency-result' as const), date: day, outcome: fc.constantFrom('recovered' as const, 'unrecoverable' as const) }),
);

describe('every view of the receivables ledger agrees', () => {
  it('standing, movements, analytics and the collections run give one open amount, never below zero', () => {
    fc.assert(
      fc.property(cents, fc.array(fact, { maxLength: 12 }), day, (billed, facts, asOf) => {
        const standing = standingOn(billed, facts, asOf);
        expect(compareDecimals(standing.open, '0' as Decimal)).toBeGreaterThanOrEqual(0);
        expect(standing.balance).toBe(subtractDecimals(subtractDecimals(billed, standing.paid), standing.credited));
        expect(isPositive(standing.open) && isPositive(standing.overpaid)).toBe(false);
        expect(standing.settledBy === null).toBe(isPositive(standing.open));
        expect(openFromMovements(billed, movementsOf(billed, facts), asOf)).toBe(standing.open);
        const receivable = receivableOf({ number: 'X', customer: 'C', segment: 's', currency: 'EUR', issueDate: START, dueDate: addDays(START, 30), amount: billed }, facts);
        expect(openOn(receivable, asOf)).toBe(standing.open);
        const invoice = { number: 'X', kind: 'invoice' as const, issueDate: START, dueDate: addDays(START, 30), amountDue: billed, entryDate: START };
        const events: PortfolioEvent[] = facts.map((one) => ({ ...one, invoice: 'X' }));
        const run = replayPortfolio([invoice], events, STANDARD_POLICY, START, asOf).runs.get('X')!;
        expect(run.standing.open).toBe(standing.open);
      }),
      { numRuns: 300 },
    );
  });

  it("a customer's balance is what is open less its credit, in every currency", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cents, fc.array(fact, { maxLength: 6 })), { minLength: 1, maxLength: 5 }), (invoices) => {
        const items: AccountInvoice[] = invoices.map(([billed, facts], i) => ({
          key: { sellerKey: 's', number: `N${i}` },
          currency: 'EUR',
          issueDate: START,
          dueDate: addDays(START, i),
          standing: standingOn(billed, facts, addDays(START, 200)),
          movements: movementsOf(billed, facts),
        }));
        const account = customerAccountOf(items, [], addDays(START, 200));
        const [eur] = account.currencies;
        expect(eur!.balance).toBe(sumDecimals(items.map((entry) => entry.standing.balance)));
        const allocated = sumDecimals(oldestFirstAllocations(account).map((allocation) => allocation.amount));
        expect(compareDecimals(allocated, eur!.open)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('the late claim of an invoice', () => {
  const record = (countryCode: string | null) =>
    ({
      invoice: {
        issueDate: d('2026-02-03'),
        dueDate: d('2026-03-05'),
        currency: 'EUR',
        totals: { due: amount('1000.00') },
        buyer: { address: countryCode ? { lines: [], city: null, postCode: null, countrySubdivision: null, countryCode } : null },
      },
      collections: { dueDate: d('2026-03-05') },
    }) as unknown as Parameters<typeof lateClaimOf>[0];

  it('counts interest on what was open each day, under the law of the buyer’s country', () => {
    // § 288 (2) BGB: Basiszinssatz 1.27 % + 9 = 10.27 %. 03-06 to 03-09 on 1,000 (4 days), 03-10 to 03-19 on 400 (10 days):
    // (4 × 1000 + 10 × 400) × 10.27 / 36500 = 82160 / 36500 = 2.2509… → 2.25, and the EUR 40 of § 288 (5).
    const facts: CollectionsEvent[] = [{ type: 'payment', date: d('2026-03-10'), amount: amount('600.00') }];
    expect(lateClaimOf(record('DE'), facts, d('2026-03-19'), statutoryInterestRules)).toMatchObject({
      interest: '2.25',
      referenceRatePercent: '1.27',
      marginPercent: '9',
      compensation: { amount: '40.00', currency: 'EUR' },
    });
  });

  it('claims nothing where no rule is known for the buyer’s country, or nothing is late', () => {
    expect(lateClaimOf(record('US'), [], d('2026-03-19'), statutoryInterestRules)).toBeNull();
    expect(lateClaimOf(record(null), [], d('2026-03-19'), statutoryInterestRules)).toBeNull();
    expect(lateClaimOf(record('DE'), [], d('2026-03-05'), statutoryInterestRules)).toBeNull();
  });
});
