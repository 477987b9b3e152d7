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
export const today = (clock: Clock, timeZone = 'UTC'): IsoDate =>
  // en-CA formats as YYYY-MM-DD.
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(clock.now()) as IsoDate;

/** A clock that always answers the same instant: for tests and for replaying an event at its own time. */
export const fixedClock = (instant: string | Date): Clock => {
  const at = new Date(instant);
  return { now: () => new Date(at) };
};
