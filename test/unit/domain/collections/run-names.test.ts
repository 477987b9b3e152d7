import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import { executionNameOf, handedOnRunName, reopenedRunName, type TimelineEntry } from '../../../../functions/domain/collections';

describe('handedOnRunName', () => {
  const key = { sellerKey: 'vat:DE123', number: 'INV/2026/7' };

  it("counts the run's year on, after the invoice's own name", () => {
    expect(handedOnRunName(executionNameOf(key))).toBe(`${executionNameOf(key)}-y2`);
    expect(handedOnRunName(`${executionNameOf(key)}-y2`)).toBe(`${executionNameOf(key)}-y3`);
    expect(handedOnRunName(`${executionNameOf(key)}-y9`)).toBe(`${executionNameOf(key)}-y10`);
  });

  it('hands on a run started again after it closed under a name of its own', () => {
    const closed: TimelineEntry = { date: isoDate('2026-04-01'), action: 'closed', reason: 'paid', rank: '1-000', recordedAt: '2026-04-01T06:00:00Z' };
    const reopened = reopenedRunName(key, [closed])!;
    expect(reopened).toBe(`${executionNameOf(key)}-r1`);
    expect(handedOnRunName(reopened)).toBe(`${reopened}-y2`);
  });

  it('keeps within the 80 characters of an execution name, the invoice number first', () => {
    const long = executionNameOf({ sellerKey: 'vat:DE123', number: 'N'.repeat(100) });
    expect(long).toHaveLength(79);
    const next = handedOnRunName(long);
    expect(next).toHaveLength(80);
    expect(next).toMatch(/^N{66}-[0-9a-f]+-y2$/);
    expect(handedOnRunName(next)).toMatch(/^N{66}-[0-9a-f]+-y3$/);
  });
});
