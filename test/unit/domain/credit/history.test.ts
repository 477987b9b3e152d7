import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import type { RecordedEvent } from '../../../../functions/domain/collections';
import { historyOf, portfolioOf } from '../../../../functions/domain/credit';
import type { LedgerInvoice } from '../../../../functions/domain/intake';
import type { Decimal } from '../../../../functions/domain/money';

const record = (number: string, due: Partial<LedgerInvoice['invoice']['totals']> & { due: Decimal | null }, rest: Partial<LedgerInvoice['invoice']> = {}): LedgerInvoice =>
  ({
    key: { sellerKey: 'vat:DE1', number },
    customerId: 'C-1',
    collections: {},
    invoice: { number, kind: 'invoice', currency: 'EUR', issueDate: isoDate('2026-03-01'), dueDate: isoDate('2026-03-31'), totals: due, ...rest },
  }) as unknown as LedgerInvoice;

let sequence = 0;
const event = (fact: Record<string, unknown>): RecordedEvent => ({ ...fact, id: `e${++sequence}`, recordedAt: '2026-01-01T00:00:00Z' }) as unknown as RecordedEvent;

describe('an invoice as credit management reads it', () => {
  it('takes payments, promises (also from calls) and disputes (also from calls) from the events', () => {
    const history = historyOf(
      record('A', { due: '300.00' as Decimal }),
      [
        event({ type: 'payment', date: '2026-04-02', amount: '100.00' }),
        event({ type: 'promise', date: '2026-04-03', promisedDate: '2026-04-10' }),
        event({ type: 'call-outcome', date: '2026-04-12', outcome: 'promise', promisedDate: '2026-04-20' }),
        event({ type: 'call-outcome', date: '2026-04-21', outcome: 'dispute' }),
      ],
      'C-1',
      'standard',
    );
    expect(history).toMatchObject({
      amount: '300.00',
      movements: [{ date: '2026-04-02', type: 'payment', change: '-100', balanceAfter: '200' }],
      promises: [
        { madeOn: '2026-04-03', promisedDate: '2026-04-10' },
        { madeOn: '2026-04-12', promisedDate: '2026-04-20' },
      ],
      disputedOn: ['2026-04-21'],
      settled: null,
    });
  });

  it("counts an agency's recovery as paying what was open that day, and an upheld dispute as a credit", () => {
    const recovered = historyOf(record('B', { due: '500.00' as Decimal }), [event({ type: 'payment', date: '2026-04-02', amount: '120.00' }), event({ type: 'agency-result', date: '2026-06-01', outcome: 'recovered' })], 'C-1', 's');
    expect(recovered?.movements.map(({ date, change }) => ({ date, change }))).toEqual([
      { date: '2026-04-02', change: '-120' },
      { date: '2026-06-01', change: '-380' },
    ]);
    expect(recovered?.settled).toEqual({ by: 'paid', on: '2026-06-01' });
    const credited = historyOf(record('C', { due: '50.00' as Decimal }), [event({ type: 'dispute', date: '2026-04-02' }), event({ type: 'dispute-resolved', date: '2026-04-20', outcome: 'upheld' })], 'C-1', 's');
    expect(credited).toMatchObject({ settled: { by: 'credited', on: '2026-04-20' }, disputedOn: ['2026-04-02'] });
  });

  it('gives an invoice without a due date the default 30 days, and leaves out credit notes and nothing due', () => {
    expect(historyOf(record('D', { due: '10.00' as Decimal }, { dueDate: null }), [], 'C-1', 's')?.dueDate).toBe('2026-03-31');
    expect(historyOf(record('E', { due: '10.00' as Decimal }, { kind: 'credit-note' }), [], 'C-1', 's')).toBeNull();
    expect(historyOf(record('F', { due: '0.00' as Decimal }), [], 'C-1', 's')).toBeNull();
  });

  it("files every receivable under its customer's segment, or 'unassigned' for a customer the ledger lacks", () => {
    const invoices = [{ record: record('G', { due: '10.00' as Decimal }), events: [] }, { record: { ...record('H', { due: '10.00' as Decimal }), customerId: 'C-9' }, events: [] }];
    expect(portfolioOf(invoices, [{ id: 'C-1', segment: 'strategic' }]).map((r) => [r.number, r.customer, r.segment])).toEqual([
      ['G', 'C-1', 'strategic'],
      ['H', 'C-9', 'unassigned'],
    ]);
  });
});
