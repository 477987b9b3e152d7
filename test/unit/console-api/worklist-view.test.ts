import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../functions/domain/calendar';
import type { CallTask } from '../../../functions/domain/collections';
import type { Decimal } from '../../../functions/domain/money';
import { readQuery } from '../../../functions/console-api/query';
import { callableTasks, contactsOf, WORKLIST_QUERY, worklistPage, worklistRowOf, type WorklistRow } from '../../../functions/console-api/worklist-view';

const task = (number: string, expiresOn: string, collector?: string | null): CallTask => ({
  invoiceKey: { sellerKey: 'vat:DE1', number },
  stepId: 'call',
  createdOn: isoDate('2026-03-20'),
  expiresOn: isoDate(expiresOn),
  openAmount: '100.00' as Decimal,
  currency: 'EUR',
  reference: `RF-${number}`,
  ...(collector === undefined ? {} : { assignment: { collector, by: 'maria@example.com', at: '2026-03-20T09:00:00.000Z' } }),
});
const rows: WorklistRow[] = [task('W-1', '2026-03-27'), task('W-2', '2026-03-25', 'colin@example.com'), task('W-3', '2026-03-26', 'cleo@example.com'), task('W-4', '2026-03-24', null)].map((one) =>
  worklistRowOf(one, undefined, undefined, isoDate('2026-03-21')),
);
const COLIN = { name: 'Colin@example.com', role: 'collector' } as const;
const page = (query: string, user: { name: string; role: 'collector' | 'credit-manager' } = COLIN) => worklistPage(rows, user, readQuery(WORKLIST_QUERY, new URLSearchParams(query)));
const numbers = (query: string, user?: { name: string; role: 'collector' | 'credit-manager' }) => page(query, user).rows.map((row) => row.invoiceKey.number);

describe('worklistPage', () => {
  it("shows a collector their own tasks and nobody's, those expiring first first; anyone else everyone's", () => {
    expect(page('')).toMatchObject({ collector: 'me+unassigned', total: 3 });
    expect(numbers('')).toEqual(['W-4', 'W-2', 'W-1']);
    expect(numbers('', { name: 'maria@example.com', role: 'credit-manager' })).toEqual(['W-4', 'W-2', 'W-3', 'W-1']);
  });

  it("shows one collector's tasks by name, the caller's own, nobody's, or all", () => {
    expect(numbers('collector=cleo%40example.com')).toEqual(['W-3']);
    expect(numbers('collector=me')).toEqual(['W-2']);
    expect(numbers('collector=unassigned')).toEqual(['W-4', 'W-1']);
    expect(page('collector=all&limit=2')).toMatchObject({ total: 4, limit: 2, collector: 'all' });
    expect(() => readQuery(WORKLIST_QUERY, new URLSearchParams('collector='))).toThrow(/^query\.collector: /);
  });

  it('keeps who assigned a task and when', () => {
    expect(rows[1]).toMatchObject({ assignee: 'colin@example.com', assignment: { collector: 'colin@example.com', by: 'maria@example.com', at: '2026-03-20T09:00:00.000Z' } });
    expect(rows[3]).toMatchObject({ assignee: null, assignment: { collector: null } });
  });
});

describe('callableTasks', () => {
  it('leaves out a task past its expiry day', () => {
    expect(callableTasks([task('W-1', '2026-03-20'), task('W-2', '2026-03-21')], isoDate('2026-03-21')).map((one) => one.invoiceKey.number)).toEqual(['W-2']);
  });
});

describe('contactsOf', () => {
  it("lists the invoice's contact, then the customer's others once per address, each with its undeliverable mark", () => {
    const mark = { address: 'ap@acme.example', since: '2026-03-04T06:01:00.000Z', why: 'bounced', detail: 'General: 550 5.1.1 user unknown', messageId: 'm-1' } as const;
    const contacts = contactsOf({ name: 'Ann', email: 'AP@acme.example', phone: '+49 30 1' }, {
      contacts: [
        { name: null, email: 'ar@acme.example', phone: null },
        { name: 'Ann', email: 'ap@acme.example', phone: null },
        { name: null, email: null, phone: null },
      ],
      undeliverable: [mark],
    });
    expect(contacts).toEqual([
      { name: 'Ann', email: 'AP@acme.example', phone: '+49 30 1', undeliverable: mark },
      { name: null, email: 'ar@acme.example', phone: null, undeliverable: null },
    ]);
  });
});
