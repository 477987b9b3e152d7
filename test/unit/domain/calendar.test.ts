import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  businessCalendar,
  daysBetween,
  isBusinessDay,
  isoDate,
  laterOf,
  parseIsoDate,
  roll,
} from '../../../functions/domain/calendar';

const MS_PER_DAY = 86_400_000;
const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysInMonth = (year: number, month: number): number =>
  [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Any day of the years 1100 to 9900, as a UTC instant at midnight: 3000 days either side stay in four-digit years. */
const arbUtcDay = fc
  .integer({ min: Date.UTC(1100, 0, 1) / MS_PER_DAY, max: Date.UTC(9900, 11, 31) / MS_PER_DAY })
  .map((day) => new Date(day * MS_PER_DAY));
const arbDate = arbUtcDay.map((date) => isoDate(date.toISOString().slice(0, 10)));

describe('parseIsoDate', () => {
  it.each(['2026-03-05', '2024-02-29', '2000-02-29', '1999-12-31', '1000-01-01', '9999-12-31'])('accepts %s', (text) =>
    expect(parseIsoDate(text)).toBe(text));

  it.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-3-5',
    '20260305',
    '05.03.2026',
    '2026-03-05T00:00:00Z',
    ' 2026-03-05',
    '',
  ])('refuses %j', (text) => expect(parseIsoDate(text)).toBeUndefined());

  it('round-trips any date made with Date.UTC', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 31 }), (year, month, day) => {
        const text = new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
        return parseIsoDate(text) === text;
      }),
    ));

  it('accepts a year, month and day exactly when the month has that day', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (year, month, day) => {
        const accepted = parseIsoDate(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`) !== undefined;
        return accepted === (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month));
      }),
    ));
});

describe('isoDate', () => {
  it('returns a real date', () => expect(isoDate('2026-03-05')).toBe('2026-03-05'));
  it('throws a RangeError naming the text otherwise', () => expect(() => isoDate('2026-02-30')).toThrow(new RangeError("not a calendar date (YYYY-MM-DD): '2026-02-30'")));
});

describe('addDays and daysBetween', () => {
  it('crosses the end of February', () => {
    expect(addDays(isoDate('2026-02-27'), 2)).toBe('2026-03-01');
    expect(addDays(isoDate('2024-02-28'), 1)).toBe('2024-02-29');
  });

  it('counts calendar days, not hours, across a daylight-saving change', () =>
    expect(daysBetween(isoDate('2026-03-28'), isoDate('2026-03-30'))).toBe(2));

  it('are inverse: n days later is n days between', () =>
    fc.assert(fc.property(arbDate, fc.integer({ min: -3000, max: 3000 }), (date, n) => daysBetween(date, addDays(date, n)) === n)));

  it('agree with Date.UTC', () =>
    fc.assert(
      fc.property(arbUtcDay, fc.integer({ min: -3000, max: 3000 }), (instant, n) => {
        const later = new Date(instant.getTime() + n * MS_PER_DAY);
        return addDays(isoDate(instant.toISOString().slice(0, 10)), n) === later.toISOString().slice(0, 10);
      }),
    ));
});

describe('laterOf', () => {
  it('returns the later date', () => expect(laterOf(isoDate('2026-03-05'), isoDate('2025-12-31'))).toBe('2026-03-05'));
});

describe('isBusinessDay and roll', () => {
  const weekdays = businessCalendar();

  it('rolls a Sunday to the Monday after', () => expect(roll(isoDate('2026-03-08'), weekdays)).toBe('2026-03-09'));

  it('rolls past a holiday', () => expect(roll(isoDate('2026-12-25'), businessCalendar(['2026-12-25']))).toBe('2026-12-28'));

  it('keeps a business day', () => {
    expect(isBusinessDay(isoDate('2026-03-05'), weekdays)).toBe(true);
    expect(roll(isoDate('2026-03-05'), weekdays)).toBe('2026-03-05');
  });
});
