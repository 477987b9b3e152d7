import type { IsoDate } from './calendar';

/** The one way to learn the time: AWS passes the system clock, tests and `npm start` a virtual one. */
export interface Clock {
  /** The current instant, UTC. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The calendar date of the clock's instant in a time zone.
 * @example today(fixedClock('2026-03-05T23:30:00Z'), 'Europe/Berlin') // '2026-03-06'
 */
// Building an Intl formatter costs far more than using one: one per time zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat => {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
};

export const today = (clock: Clock, timeZone = 'UTC'): IsoDate =>
  timeZone === 'UTC'
    ? (clock.now().toISOString().slice(0, 10) as IsoDate)
    : // en-CA formats as YYYY-MM-DD.
      (formatterFor(`date ${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone })).format(clock.now()) as IsoDate);

/** A clock that always answers the same instant: for tests and for replaying an event at its own time. */
export const fixedClock = (instant: string | Date): Clock => {
  const at = new Date(instant);
  return { now: () => new Date(at) };
};

/** Minutes the time zone is ahead of UTC at an instant. */
const offsetMinutes = (instant: Date, timeZone: string): number => {
  const parts = Object.fromEntries(
    formatterFor(
      `parts ${timeZone}`,
      () =>
        new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }),
    )
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((local - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
};

// A portfolio's runs ask for the same few hundred days' step hour again and again, and two
// formatToParts per answer were a percent of a simulation's CPU. Bounded: a server lives long.
const instants = new Map<string, number>();
const MAX_INSTANTS_KEPT = 10_000;

/**
 * The instant a wall-clock hour of a calendar date happens in a time zone.
 * @example instantAt(isoDate('2026-03-09'), 6, 'Europe/Berlin') // 2026-03-09T05:00:00Z
 */
export const instantAt = (date: IsoDate, hour: number, timeZone = 'UTC'): Date => {
  const key = `${date} ${hour} ${timeZone}`;
  let ms = instants.get(key);
  if (ms === undefined) {
    const asUtc = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
    // Two passes: the offset at the guess can differ from the offset at the answer across a DST change.
    const first = new Date(asUtc.getTime() - offsetMinutes(asUtc, timeZone) * 60_000);
    ms = asUtc.getTime() - offsetMinutes(first, timeZone) * 60_000;
    if (instants.size >= MAX_INSTANTS_KEPT) instants.clear();
    instants.set(key, ms);
  }
  return new Date(ms);
};

