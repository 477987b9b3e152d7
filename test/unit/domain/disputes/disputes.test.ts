import { beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import type { RecordedEvent } from '../../../../functions/domain/collections';
import { disputeAnalyticsOf, disputesOf, monthsOf, openDisputesOf, type DisputedInvoice } from '../../../../functions/domain/disputes';
import type { LedgerInvoice } from '../../../../functions/domain/intake';
import type { Decimal } from '../../../../functions/domain/money';
import { CollectionsEventSchema, STANDARD_POLICY, type CollectionsEvent } from '../../../../functions/domain/policy';
import { ledgerInvoiceForScenario } from '../../../../local/simulate/ledger-invoice';
import { scenarioInvoice } from '../../../support/scenario-invoice';

const d = isoDate;
let sequence = 0;
const recorded = (event: CollectionsEvent): RecordedEvent => ({ ...event, id: `e-${++sequence}`, recordedAt: `${event.date}T09:00:00.000Z`, sequence });

let eur: LedgerInvoice;
let chf: LedgerInvoice;
let other: LedgerInvoice;
beforeAll(async () => {
  eur = await ledgerInvoiceForScenario(scenarioInvoice({ number: 'INV-EUR', customer: 'C-1', amountDue: '1000.00' as Decimal }), STANDARD_POLICY);
  chf = await ledgerInvoiceForScenario(scenarioInvoice({ number: 'INV-CHF', customer: 'C-1', currency: 'CHF', amountDue: '500.00' as Decimal }), STANDARD_POLICY);
  other = await ledgerInvoiceForScenario(scenarioInvoice({ number: 'INV-2', customer: 'C-2', amountDue: '80.00' as Decimal }), STANDARD_POLICY);
});

describe('the dispute event', () => {
  it('keeps a reason from the fixed list and a note, trimmed; refuses another reason and an overlong note', () => {
    expect(CollectionsEventSchema.parse({ type: 'dispute', date: '2026-03-10', reason: 'quantity', note: '  two pallets short  ' })).toEqual({
      type: 'dispute',
      date: '2026-03-10',
      reason: 'quantity',
      note: 'two pallets short',
    });
    expect(CollectionsEventSchema.safeParse({ type: 'dispute', date: '2026-03-10', reason: 'price' }).error?.issues[0]?.message).toBe(
      'must be one of pricing, quantity, quality, not-received, duplicate, terms, other',
    );
    expect(CollectionsEventSchema.safeParse({ type: 'dispute', date: '2026-03-10', note: 'x'.repeat(1001) }).success).toBe(false);
    expect(CollectionsEventSchema.parse({ type: 'call-outcome', date: '2026-03-10', outcome: 'dispute', reason: 'not-received' })).toMatchObject({ reason: 'not-received' });
  });

  it('resolves upheld in part only with an amount', () => {
    expect(CollectionsEventSchema.parse({ type: 'dispute-resolved', date: '2026-03-20', outcome: 'upheld-in-part', amount: '200.00', note: 'credited the two pallets' })).toEqual({
      type: 'dispute-resolved',
      date: '2026-03-20',
      outcome: 'upheld-in-part',
      amount: '200.00',
      note: 'credited the two pallets',
    });
    expect(CollectionsEventSchema.safeParse({ type: 'dispute-resolved', date: '2026-03-20', outcome: 'upheld-in-part' }).success).toBe(false);
  });
});

describe('disputesOf', () => {
  it('follows one dispute from its raising to a resolution in part, with what was in dispute and what was credited', () => {
    const events = [
      recorded({ type: 'payment', date: d('2026-03-08'), amount: '100.00' as Decimal }),
      recorded({ type: 'dispute', date: d('2026-03-10'), reason: 'pricing', note: 'unit price 9.50 agreed, 10.00 billed' }),
      // A second dispute while the first is open is part of it.
      recorded({ type: 'call-outcome', date: d('2026-03-12'), outcome: 'dispute' }),
      recorded({ type: 'dispute-resolved', date: d('2026-03-20'), outcome: 'upheld-in-part', amount: '45.00' as Decimal, note: 'price corrected' }),
    ];
    expect(disputesOf(eur, events, d('2026-03-31'))).toEqual([
      {
        invoice: eur.key,
        customerId: eur.customerId,
        currency: 'EUR',
        raisedOn: '2026-03-10',
        reason: 'pricing',
        note: 'unit price 9.50 agreed, 10.00 billed',
        raisedOnCall: false,
        disputedAmount: '900.00',
        outcome: 'upheld-in-part',
        resolvedOn: '2026-03-20',
        credited: '45.00',
        resolutionNote: 'price corrected',
      },
    ]);
    // Before the resolution it is open; facts dated later are not known yet.
    expect(disputesOf(eur, events, d('2026-03-19'))).toMatchObject([{ outcome: 'open', resolvedOn: null, credited: '0' }]);
  });

  it('counts a dispute raised on a call, without a reason, as unspecified; one upheld in full credits what was open', () => {
    const events = [
      recorded({ type: 'call-outcome', date: d('2026-03-10'), outcome: 'dispute' }),
      recorded({ type: 'dispute-resolved', date: d('2026-03-11'), outcome: 'upheld' }),
      recorded({ type: 'dispute', date: d('2026-03-12'), reason: 'duplicate' }),
    ];
    expect(disputesOf(other, events, d('2026-03-31')).map(({ reason, raisedOnCall, outcome, credited }) => ({ reason, raisedOnCall, outcome, credited }))).toEqual([
      { reason: 'unspecified', raisedOnCall: true, outcome: 'upheld', credited: '80.00' },
      { reason: 'duplicate', raisedOnCall: false, outcome: 'open', credited: '0' },
    ]);
  });
});

describe('the disputes list and analytics', () => {
  const invoices = (): DisputedInvoice[] => [
    {
      record: eur,
      events: [
        recorded({ type: 'dispute', date: d('2026-03-10'), reason: 'quality' }),
        recorded({ type: 'dispute-resolved', date: d('2026-03-20'), outcome: 'upheld-in-part', amount: '250.00' as Decimal }),
        recorded({ type: 'dispute', date: d('2026-04-02'), reason: 'quality', note: 'still broken' }),
      ],
    },
    { record: chf, events: [recorded({ type: 'dispute', date: d('2026-03-25'), reason: 'pricing' })] },
    { record: other, events: [recorded({ type: 'dispute', date: d('2026-04-01'), reason: 'quality' }), recorded({ type: 'dispute-resolved', date: d('2026-04-03'), outcome: 'rejected' })] },
  ];

  it('lists the open disputes oldest first, with their age, reason, customer and what is open today', () => {
    const names = new Map([[eur.customerId, 'Acme GmbH']]);
    expect(openDisputesOf(invoices(), d('2026-04-05'), (id) => names.get(id) ?? null).map(({ invoice, reason, note, ageDays, customerName, openAmount }) => ({ number: invoice.number, reason, note, ageDays, customerName, openAmount }))).toEqual([
      { number: 'INV-CHF', reason: 'pricing', note: null, ageDays: 11, customerName: 'Acme GmbH', openAmount: '500.00' },
      { number: 'INV-EUR', reason: 'quality', note: 'still broken', ageDays: 3, customerName: 'Acme GmbH', openAmount: '750.00' },
    ]);
  });

  it('counts disputes and their amounts by reason, by customer and by month, one currency apart from another', () => {
    const analytics = disputeAnalyticsOf(invoices(), d('2026-04-05'));
    expect(analytics.byReason).toEqual([
      { key: 'pricing', count: 1, outcomes: { open: 1, rejected: 0, upheld: 0, 'upheld-in-part': 0 }, amounts: [{ currency: 'CHF', disputed: '500.00', credited: '0.00' }] },
      {
        key: 'quality',
        count: 3,
        outcomes: { open: 1, rejected: 1, upheld: 0, 'upheld-in-part': 1 },
        amounts: [{ currency: 'EUR', disputed: '1830.00', credited: '250.00' }],
      },
    ]);
    expect(analytics.byCustomer.map(({ key, count }) => [key, count])).toEqual(
      [
        [eur.customerId, 3],
        [other.customerId, 1],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    expect(analytics.byMonth.map(({ key, count, amounts }) => [key, count, amounts.map((sum) => `${sum.currency} ${sum.disputed}`)])).toEqual([
      ['2026-03', 2, ['CHF 500.00', 'EUR 1000.00']],
      ['2026-04', 2, ['EUR 830.00']],
    ]);
  });

  it('counts only the disputes raised in the months asked for, and lists every one of those months, one without disputes at zero', () => {
    const analytics = disputeAnalyticsOf(invoices(), d('2026-04-05'), { from: '2026-04', to: '2026-06' });
    expect(analytics.byReason.map(({ key, count }) => [key, count])).toEqual([['quality', 2]]);
    expect(analytics.byMonth.map(({ key, count }) => [key, count])).toEqual([
      ['2026-04', 2],
      ['2026-05', 0],
      ['2026-06', 0],
    ]);
    expect(analytics.byMonth[1]).toEqual({ key: '2026-05', count: 0, outcomes: { open: 0, rejected: 0, upheld: 0, 'upheld-in-part': 0 }, amounts: [] });
  });

  it('counts months across a year end, and none when the range is backwards', () => {
    expect(monthsOf({ from: '2025-11', to: '2026-02' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOf({ from: '2026-02', to: '2026-01' })).toEqual([]);
  });
});
