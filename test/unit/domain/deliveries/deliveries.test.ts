import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  messageStateAfter,
  messageStateOf,
  noAddressReason,
  undeliverableBy,
  undeliverableMarkOf,
  withUndeliverable,
  type DeliveryEvent,
} from '../../../../functions/domain/deliveries';

const delivered: DeliveryEvent = { kind: 'delivered', id: 'delivery:1', at: '2026-03-09T06:00:02.000Z' };
const soft: DeliveryEvent = { kind: 'bounced', id: 'bounce:soft', at: '2026-03-09T06:00:01.000Z', bounceType: 'transient', recipients: ['ap@buyer.example'], detail: 'MailboxFull' };
const hard: DeliveryEvent = {
  kind: 'bounced',
  id: 'bounce:hard',
  at: '2026-03-09T06:00:03.000Z',
  bounceType: 'permanent',
  recipients: ['AP@Buyer.example '],
  detail: 'General: smtp; 550 5.1.1 user unknown',
};
const complaint: DeliveryEvent = { kind: 'complained', id: 'complaint:1', at: '2026-03-10T08:00:00.000Z', recipients: ['ap@buyer.example'], detail: 'complaint (abuse)' };

describe('the delivery of one e-mail', () => {
  it('is sent until SES reports more, then delivered, soft-bounced, bounced or complained', () => {
    expect(messageStateOf([])).toBe('sent');
    expect(messageStateOf([soft])).toBe('soft-bounced');
    expect(messageStateOf([soft, delivered])).toBe('delivered');
    expect(messageStateOf([delivered, hard])).toBe('bounced');
    expect(messageStateOf([delivered, complaint])).toBe('complained');
    expect(messageStateOf([{ ...soft, bounceType: 'undetermined' }])).toBe('soft-bounced');
  });

  it('never goes back: a late transient bounce leaves a delivered message delivered', () => {
    expect(messageStateAfter('delivered', soft)).toBe('delivered');
    expect(messageStateAfter('bounced', delivered)).toBe('bounced');
    expect(messageStateAfter('complained', hard)).toBe('complained');
  });

  it('reaches the same state whatever order the events come in and however often each comes (SNS delivers at least once, unordered)', () =>
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(delivered, soft, hard, complaint), { maxLength: 8 })
          .chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray([...events, ...events], { minLength: 2 * events.length }))),
        ([events, redelivered]) => messageStateOf(redelivered) === messageStateOf(events),
      ),
    ));
});

describe('undeliverable addresses', () => {
  it('are the recipients of a permanent bounce or a complaint, never of a delivery or a transient bounce', () => {
    expect(undeliverableBy(hard, 'm-1')).toEqual([
      { address: 'ap@buyer.example', since: '2026-03-09T06:00:03.000Z', why: 'bounced', detail: 'General: smtp; 550 5.1.1 user unknown', messageId: 'm-1' },
    ]);
    expect(undeliverableBy(complaint, 'm-1')).toMatchObject([{ address: 'ap@buyer.example', why: 'complained' }]);
    expect(undeliverableBy(delivered, 'm-1')).toEqual([]);
    expect(undeliverableBy(soft, 'm-1')).toEqual([]);
  });

  it('keep the first mark of an address, found whatever its case', () => {
    const [first] = undeliverableBy(hard, 'm-1');
    const [second] = undeliverableBy(complaint, 'm-2');
    const marks = withUndeliverable(withUndeliverable([], first!), second!);
    expect(marks).toEqual([first]);
    expect(undeliverableMarkOf(marks, ' Ap@BUYER.example')).toBe(first);
    expect(undeliverableMarkOf(marks, 'finance@buyer.example')).toBeUndefined();
    expect(noAddressReason(first!)).toBe('ap@buyer.example bounced permanently on 2026-03-09 (General: smtp; 550 5.1.1 user unknown): find another contact');
  });
});
