import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../functions/domain/calendar';
import type { Decimal } from '../../../functions/domain/money';
import { planNextStep, STANDARD_POLICY, type CollectionsEvent, type PlanInput } from '../../../functions/domain/policy';
import { INVOICE_QUERY, invoiceList, namedNextStep, type InvoiceSummary } from '../../../functions/console-api/portfolio-view';
import { readQuery } from '../../../functions/console-api/query';
import { RequestRefusedError } from '../../../functions/console-api/http';

const row = (number: string, fields: Partial<InvoiceSummary> = {}): InvoiceSummary => ({
  key: { sellerKey: 'vat:DE1', number },
  number,
  execution: `run-${number}`,
  customer: 'Acme GmbH',
  customerId: 'vat:DE2',
  currency: 'EUR',
  amountDue: '100.00' as Decimal,
  openAmount: '100.00' as Decimal,
  claimsOpen: '0' as Decimal,
  overpaid: '0' as Decimal,
  dueDate: isoDate('2026-03-01'),
  daysOverdue: 0,
  aging: 'current',
  state: 'in collections',
  nextStep: null,
  issueDate: isoDate('2026-02-01'),
  steps: 0,
  ...fields,
});

const listOf = (rows: readonly InvoiceSummary[], query = '') => invoiceList(rows, readQuery(INVOICE_QUERY, new URLSearchParams(query)));
const refusal = (query: string): string => {
  try {
    readQuery(INVOICE_QUERY, new URLSearchParams(query));
  } catch (err) {
    if (err instanceof RequestRefusedError && err.status === 400) return err.message;
    throw err;
  }
  throw new Error(`${query} was taken`);
};

describe('invoiceList', () => {
  const rows = [
    row('A-1', { daysOverdue: 3, aging: '1-30', openAmount: '9.50' as Decimal, dueDate: isoDate('2026-03-10') }),
    row('A-2', { daysOverdue: 40, aging: '31-60', openAmount: '10.00' as Decimal, customer: 'Brio SpA', customerId: 'vat:IT9', state: 'paused: dispute' }),
    row('A-3', { daysOverdue: 0, aging: null, openAmount: '0' as Decimal, state: 'closed: paid', currency: 'USD' }),
    row('A-4', { daysOverdue: 12, aging: '1-30', openAmount: '1000000000000000000.01' as Decimal }),
  ];

  it('lists the most overdue first by default, 50 to a page, with the states and currencies that occur', () => {
    const list = listOf(rows);
    expect(list.rows.map((invoice) => invoice.number)).toEqual(['A-2', 'A-4', 'A-1', 'A-3']);
    expect(list).toMatchObject({ total: 4, offset: 0, limit: 50, states: ['in collections', 'paused: dispute', 'closed: paid'], currencies: ['EUR', 'USD'] });
    expect(list.aging.EUR).toMatchObject({ '1-30': '1000000000000000009.51', '31-60': '10' });
  });

  it('filters by state, aging bucket, currency and a part of the customer name or id whatever its case', () => {
    expect(listOf(rows, 'state=paused%3A+dispute').rows.map((invoice) => invoice.number)).toEqual(['A-2']);
    expect(listOf(rows, 'aging=1-30&sort=number&order=asc').rows.map((invoice) => invoice.number)).toEqual(['A-1', 'A-4']);
    expect(listOf(rows, 'currency=USD').rows.map((invoice) => invoice.number)).toEqual(['A-3']);
    expect(listOf(rows, 'customer=bRIO').rows.map((invoice) => invoice.number)).toEqual(['A-2']);
    expect(listOf(rows, 'customer=it9').total).toBe(1);
  });

  it('sorts the open amount exactly, within its currency, the currencies alphabetically either way', () => {
    expect(listOf(rows, 'sort=open&order=desc').rows.map((invoice) => invoice.number)).toEqual(['A-4', 'A-2', 'A-1', 'A-3']);
    expect(listOf(rows, 'sort=open&order=asc').rows.map((invoice) => invoice.number)).toEqual(['A-1', 'A-2', 'A-4', 'A-3']);
  });

  it('pages from an offset, saying how many there are in all', () => {
    expect(listOf(rows, 'sort=number&order=asc&offset=1&limit=2')).toMatchObject({ rows: [{ number: 'A-2' }, { number: 'A-3' }], total: 4, offset: 1, limit: 2 });
    expect(listOf(rows, 'offset=10').rows).toEqual([]);
  });

  it('refuses an unknown sort field naming the allowed ones, a limit out of 1 to 200, an unknown state, parameter or one given twice', () => {
    expect(refusal('sort=amount')).toBe('query.sort: must be one of number, customer, open, due, daysOverdue, state');
    expect(refusal('limit=201')).toBe('query.limit: must be at most 200');
    expect(refusal('limit=0')).toBe('query.limit: must be at least 1');
    expect(refusal('offset=-1')).toBe('query.offset: must be a whole number');
    expect(refusal('order=up')).toBe('query.order: must be one of asc, desc');
    expect(refusal('state=lost')).toMatch(/^query\.state: must be one of step due, in collections, /);
    expect(refusal('customer=' + 'x'.repeat(201))).toBe('query.customer: must be at most 200 characters');
    expect(refusal('colour=red')).toMatch(/^query: .*colour/);
    expect(refusal('limit=1&limit=2')).toBe('query.limit: given more than once');
  });
});

describe('namedNextStep', () => {
  const invoice = { number: 'A-1', kind: 'invoice', issueDate: isoDate('2026-02-01'), dueDate: isoDate('2026-03-02'), amountDue: '100.00', entryDate: isoDate('2026-02-01') } as PlanInput['invoice'];
  const inputOn = (today: string, events: readonly CollectionsEvent[] = [], done: readonly string[] = []): PlanInput => ({ invoice, events, doneSteps: new Set(done), policy: STANDARD_POLICY, today: isoDate(today) });
  const named = (input: PlanInput) => namedNextStep(planNextStep(input).next, input);

  it('names the step due today', () => {
    expect(named(inputOn('2026-02-27'))).toEqual({ id: 'pre-due', kind: 'email', on: '2026-02-27' });
  });

  it('names the step a waiting run takes next, on its day', () => {
    expect(named(inputOn('2026-03-01', [], ['pre-due']))).toEqual({ id: 'reminder-1', kind: 'email', on: '2026-03-05' });
  });

  it('names the step a promise leads to if it is broken, and none while a dispute waits for a decision or once paid', () => {
    const promised: CollectionsEvent = { type: 'promise', date: isoDate('2026-03-06'), promisedDate: isoDate('2026-03-12') };
    expect(named(inputOn('2026-03-07', [promised], ['pre-due', 'reminder-1']))).toEqual({ id: 'reminder-2', kind: 'email', on: '2026-03-25' });
    const disputed: CollectionsEvent = { type: 'dispute', date: isoDate('2026-03-06') };
    expect(named(inputOn('2026-03-07', [disputed], ['pre-due', 'reminder-1']))).toBeNull();
    const paid: CollectionsEvent = { type: 'payment', date: isoDate('2026-03-06'), amount: '100.00' as Decimal };
    expect(named(inputOn('2026-03-07', [paid], ['pre-due', 'reminder-1']))).toBeNull();
  });
});
