import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../functions/domain/calendar';
import { reminderAddressOf, type ContactTask, type Delivery } from '../../../functions/domain/deliveries';
import { CONTACT_TASK_QUERY, contactTaskPage, DELIVERY_QUERY, deliveryPage, deliveryRowOf } from '../../../functions/console-api/delivery-view';
import { readQuery } from '../../../functions/console-api/query';

const delivery = (number: string, fields: Partial<Delivery> = {}): Delivery => ({
  invoiceKey: { sellerKey: 'vat:DE1', number },
  customerId: 'C-acme',
  stepId: 'reminder-1',
  on: isoDate('2026-03-08'),
  state: 'sent',
  messageId: `m-${number}`,
  reason: null,
  recordedAt: '2026-03-08T06:00:00.000Z',
  updatedAt: '2026-03-08T06:00:00.000Z',
  ...fields,
});
const names: Record<string, string> = { 'C-acme': 'Acme GmbH', 'C-brio': 'Brio SpA' };
const nameOf = (id: string) => names[id] ?? null;

describe('deliveryPage', () => {
  const deliveries = [
    delivery('A-1'),
    delivery('A-2', { on: isoDate('2026-03-20'), state: 'bounced', customerId: 'C-brio' }),
    delivery('A-3', { state: 'no-address', messageId: null, reason: 'the invoice names no e-mail address' }),
    delivery('A-4', { recordedAt: '2026-03-08T07:00:00.000Z', state: 'unconfirmed', messageId: null }),
  ];
  const page = (query: string) => deliveryPage(deliveries, nameOf, readQuery(DELIVERY_QUERY, new URLSearchParams(query)));

  it('lists the newest first: by the step day, then by when the send was recorded', () => {
    expect(page('').rows.map((row) => row.invoiceKey.number)).toEqual(['A-2', 'A-4', 'A-1', 'A-3']);
  });

  it('filters by state and by a part of the customer name or id', () => {
    expect(page('state=no-address').rows.map((row) => row.invoiceKey.number)).toEqual(['A-3']);
    expect(page('customer=BRIO')).toMatchObject({ total: 1, rows: [{ invoiceKey: { number: 'A-2' } }] });
    expect(page('customer=c-acme&limit=1&offset=1')).toMatchObject({ total: 3, offset: 1, limit: 1, rows: [{ invoiceKey: { number: 'A-1' } }] });
  });

  it('refuses a state that is not one, naming those that are', () => {
    expect(() => readQuery(DELIVERY_QUERY, new URLSearchParams('state=lost'))).toThrow('query.state: must be one of sent, soft-bounced, delivered, bounced, complained, unconfirmed, no-address');
  });

  it('shows a row with its number, customer, address and what SES reported', () => {
    const bounce = { kind: 'bounced', id: 'bounce:f-1', at: '2026-03-20T06:01:00.000Z', bounceType: 'permanent', recipients: ['ap@brio.example'], detail: 'General: 550 5.1.1 user unknown' } as const;
    expect(deliveryRowOf(deliveries[1]!, 'Brio SpA', 'ap@brio.example', [bounce])).toMatchObject({ number: 'A-2', customer: 'Brio SpA', address: 'ap@brio.example', state: 'bounced', events: [bounce] });
  });
});

describe('reminderAddressOf', () => {
  it("takes the buyer's contact e-mail, else an electronic address of scheme EM, else none", () => {
    expect(reminderAddressOf({ email: 'ap@acme.example', electronicAddress: 'x@acme.example', electronicAddressScheme: 'EM' })).toBe('ap@acme.example');
    expect(reminderAddressOf({ email: null, electronicAddress: 'x@acme.example', electronicAddressScheme: 'EM' })).toBe('x@acme.example');
    expect(reminderAddressOf({ email: null, electronicAddress: '4000001000005', electronicAddressScheme: '0088' })).toBeNull();
  });
});

describe('contactTaskPage', () => {
  const task = (customerId: string, address: string, since: string): ContactTask => ({
    customerId,
    address,
    why: 'bounced',
    detail: 'General',
    since,
    invoiceKey: { sellerKey: 'vat:DE1', number: 'A-1' },
    stepId: 'reminder-1',
  });

  it('lists the open tasks oldest first, each with the id to resolve it by and the customer name', () => {
    const page = contactTaskPage([task('C-brio', 'AP@Brio.example', '2026-03-21T00:00:00Z'), task('C-acme', 'ap@acme.example', '2026-03-20T00:00:00Z')], nameOf, readQuery(CONTACT_TASK_QUERY, new URLSearchParams()));
    expect(page.rows.map((row) => [row.id, row.customer])).toEqual([
      ['C-acme#ap@acme.example', 'Acme GmbH'],
      ['C-brio#ap@brio.example', 'Brio SpA'],
    ]);
    expect(contactTaskPage([task('C-brio', 'ap@brio.example', '2026-03-21T00:00:00Z')], nameOf, readQuery(CONTACT_TASK_QUERY, new URLSearchParams('customer=acme'))).total).toBe(0);
  });
});
