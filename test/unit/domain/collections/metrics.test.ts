import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import { agingBucketOf, standardDso } from '../../../../functions/domain/collections';
import type { Decimal } from '../../../../functions/domain/money';

describe('agingBucketOf', () => {
  it.each([
    ['2026-03-05', 'current'],
    ['2026-03-06', '1-30'],
    ['2026-04-04', '1-30'],
    ['2026-04-05', '31-60'],
    ['2026-05-04', '31-60'],
    ['2026-05-05', '61-90'],
    ['2026-06-03', '61-90'],
    ['2026-06-04', 'over-90'],
  ])('puts an invoice due 2026-03-05 seen on %s in %s', (day, bucket) => expect(agingBucketOf(isoDate('2026-03-05'), isoDate(day))).toBe(bucket));
  it('counts an invoice not yet due as current', () => expect(agingBucketOf(isoDate('2026-03-05'), isoDate('2026-02-01'))).toBe('current'));
});

describe('standardDso', () => {
  it('reads open receivables against the period sales as days', () => expect(standardDso('45000.00' as Decimal, '90000.00' as Decimal, 90)).toBe('45.0'));
  it('rounds half up to one decimal', () => expect(standardDso('1.00' as Decimal, '3.00' as Decimal, 90)).toBe('30.0'));
  it('has no value without sales', () => expect(standardDso('100.00' as Decimal, '0' as Decimal, 90)).toBeNull());
});
