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
