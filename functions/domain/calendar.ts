/** A calendar date, 'YYYY-MM-DD', made only by {@link isoDate} or {@link parseIsoDate}. */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isRealDate = (year: number, month: number, day: number): boolean => {
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
};

/** The date, or undefined when the text is not a real calendar date in 'YYYY-MM-DD' form. */
export const parseIsoDate = (text: string): IsoDate | undefined => {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  return isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) ? (text as IsoDate) : undefined;
};

/**
 * The date, or a thrown RangeError for text that is not one: for literals in code and tests.
 * @example isoDate('2026-03-05')
 */
export const isoDate = (text: string): IsoDate => {
  const date = parseIsoDate(text);
  if (!date) throw new RangeError(`not a calendar date (YYYY-MM-DD): '${text}'`);
  return date;
};

const MS_PER_DAY = 86_400_000;
const epochDay = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
const fromEpochDay = (day: number): IsoDate => new Date(day * MS_PER_DAY).toISOString().slice(0, 10) as IsoDate;

/** The date n calendar days later (earlier when n is negative). @example addDays(isoDate('2026-02-27'), 2) // '2026-03-01' */
export const addDays = (date: IsoDate, days: number): IsoDate => fromEpochDay(epochDay(date) + days);

/** Calendar days from `from` to `to`: negative when `to` is earlier. */
export const daysBetween = (from: IsoDate, to: IsoDate): number => epochDay(to) - epochDay(from);

/** Days a due date lies behind on a day: 0 until it has passed, as reminders and statements of account say it. */
export const daysOverdue = (dueDate: IsoDate, day: IsoDate): number => Math.max(0, daysBetween(dueDate, day));

/** The later of two dates. */
export const laterOf = (a: IsoDate, b: IsoDate): IsoDate => (a >= b ? a : b);

export const earlierOf = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);

/** Which days are worked: Monday to Friday, less the holidays. */
export interface BusinessCalendar {
  readonly holidays: ReadonlySet<string>;
}

export const businessCalendar = (holidays: readonly string[] = []): BusinessCalendar => ({ holidays: new Set(holidays) });

/** Monday to Friday and not a holiday. */
export const isBusinessDay = (date: IsoDate, calendar: BusinessCalendar): boolean => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.holidays.has(date);
};

/**
 * The date itself when it is a business day, otherwise the next business day.
 * @example roll(isoDate('2026-03-08'), businessCalendar()) // '2026-03-09' (a Sunday rolls to Monday)
 */
export const roll = (date: IsoDate, calendar: BusinessCalendar): IsoDate => {
  let day = date;
  while (!isBusinessDay(day, calendar)) day = addDays(day, 1);
  return day;
};
