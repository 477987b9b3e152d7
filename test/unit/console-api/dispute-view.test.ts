import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../functions/domain/calendar';
import type { OpenDispute } from '../../../functions/domain/disputes';
import type { Decimal } from '../../../functions/domain/money';
import { analyticsRange, DISPUTE_ANALYTICS_QUERY, DISPUTE_QUERY, disputePage } from '../../../functions/console-api/dispute-view';
import { readQuery } from '../../../functions/console-api/query';

const dispute = (number: string, fields: Partial<OpenDispute> = {}): OpenDispute => ({
  invoice: { sellerKey: 'vat:DE1', number },
  customerId: 'C-acme',
  customerName: 'Acme GmbH',
  currency: 'EUR',
  raisedOn: isoDate('2026-03-10'),
  reason: 'quality',
  note: null,
  raisedOnCall: false,
  disputedAmount: '100.00' as Decimal,
  outcome: 'open',
  resolvedOn: null,
  credited: '0.00' as Decimal,
  resolutionNote: null,
  ageDays: 10,
  openAmount: '100.00' as Decimal,
  ...fields,
});

describe('disputePage', () => {
  const disputes = [
    dispute('D-1'),
    dispute('D-2', { ageDays: 30, reason: 'pricing', disputedAmount: '20.00' as Decimal, customerId: 'C-brio', customerName: 'Brio SpA' }),
    dispute('D-3', { ageDays: 2, reason: 'unspecified', disputedAmount: '999.99' as Decimal, currency: 'CHF' }),
  ];
  const page = (query: string) => disputePage(disputes, readQuery(DISPUTE_QUERY, new URLSearchParams(query))).rows.map((row) => row.invoice.number);

  it('lists the oldest first unless asked otherwise', () => {
    expect(page('')).toEqual(['D-2', 'D-1', 'D-3']);
    expect(page('order=asc')).toEqual(['D-3', 'D-1', 'D-2']);
  });

  it('sorts what is disputed exactly within its currency, and by customer', () => {
    expect(page('sort=disputed&order=desc')).toEqual(['D-3', 'D-1', 'D-2']);
    expect(page('sort=customer&order=asc')).toEqual(['D-1', 'D-3', 'D-2']);
  });

  it('filters by reason and by a part of the customer name', () => {
    expect(page('reason=unspecified')).toEqual(['D-3']);
    expect(page('customer=brio')).toEqual(['D-2']);
    expect(() => readQuery(DISPUTE_QUERY, new URLSearchParams('reason=price'))).toThrow('query.reason: must be one of pricing, quantity, quality, not-received, duplicate, terms, other, unspecified');
  });
});

describe('analyticsRange', () => {
  const range = (query: string, day = '2026-04-05') => analyticsRange(readQuery(DISPUTE_ANALYTICS_QUERY, new URLSearchParams(query)), isoDate(day));

  it('counts the year up to this month unless asked, across a year end', () => {
    expect(range('')).toEqual({ from: '2025-05', to: '2026-04' });
    expect(range('', '2026-12-31')).toEqual({ from: '2026-01', to: '2026-12' });
    expect(range('from=2026-01&to=2026-02')).toEqual({ from: '2026-01', to: '2026-02' });
  });

  it('refuses a month that is not one, a range backwards and one over ten years', () => {
    expect(() => range('from=2026-13')).toThrow('query.from: must be a month, YYYY-MM');
    expect(() => range('from=2026-03&to=2026-02')).toThrow('query.from: 2026-03 is after 2026-02');
    expect(() => range('from=2016-01&to=2026-01')).toThrow('query: at most 120 months at once, not 2016-01 to 2026-01');
  });
});
