import { describe, expect, it } from 'vitest';
import { subtractDecimals, type Decimal } from '../../../../functions/domain/money';
import { interestRulesFrom, statutoryInterestRules, statutoryInterestRulesDocument } from '../../../../functions/domain/interest';

const halfYears = Array.from({ length: 15 }, (_, i) => 2012 + i).flatMap((year) => [`${year}-H1`, `${year}-H2`]);
/** The shipped document as a user's JSON file would be: plain data, copied. */
const asJson = (): Record<string, unknown> => JSON.parse(JSON.stringify(statutoryInterestRulesDocument)) as Record<string, unknown>;

describe('statutoryInterestRules', () => {
  it('has every half-year from 2012-H1 to 2026-H2 in each series, and a source for each', () => {
    for (const series of Object.values(statutoryInterestRules.series)) {
      expect(series.halfYears.map((h) => h.halfYear)).toEqual(halfYears);
      expect(series.source).toMatch(/^https:\/\//);
    }
  });

  it('marks the figures it could not confirm', () => {
    const unconfirmed = Object.entries(statutoryInterestRules.series).flatMap(([key, series]) =>
      series.halfYears.filter((h) => h.note?.startsWith('UNCONFIRMED')).map((h) => `${key} ${h.halfYear}`));
    expect(unconfirmed).toEqual(['ECB-MRO 2026-H2', 'DE-BASISZINSSATZ 2026-H2']);
  });

  it('keeps the Basiszinssatz 0.88 points under the ECB rate since 2016-H2, as § 247 BGB moves it', () => {
    const ecb = new Map(statutoryInterestRules.series['ECB-MRO']?.halfYears.map((h) => [h.halfYear, h.ratePercent]));
    const gaps = statutoryInterestRules.series['DE-BASISZINSSATZ']?.halfYears
      .filter((h) => h.halfYear >= '2016-H2')
      .map((h) => subtractDecimals(ecb.get(h.halfYear) ?? ('0' as Decimal), h.ratePercent));
    expect(new Set(gaps)).toEqual(new Set(['0.88']));
  });
});

describe('interestRulesFrom', () => {
  it('accepts the shipped rules written out as JSON', () => {
    const reading = interestRulesFrom(asJson());
    expect(reading.ok && reading.rules).toEqual(statutoryInterestRules);
  });

  it('refuses a rule whose reference series is missing, naming where', () => {
    const document = asJson();
    const series = document.series as Record<string, unknown>;
    delete series['BOE-BANK-RATE'];
    const reading = interestRulesFrom(document);
    expect(reading.ok ? '' : reading.error.message).toBe('jurisdictions.GB.referenceSeries: no series "BOE-BANK-RATE"');
  });

  it('refuses a rate that is not a decimal, a negative margin and bands out of order', () => {
    const document = asJson();
    const ecb = (document.series as Record<string, { halfYears: { ratePercent: string }[] }>)['ECB-MRO'];
    if (ecb?.halfYears[0]) ecb.halfYears[0].ratePercent = '1,00';
    const gb = (document.jurisdictions as Record<string, { marginPercent: { business: string }; compensation: { business: { bands: unknown[] } } }>).GB;
    if (gb) {
      gb.marginPercent.business = '-8';
      gb.compensation.business.bands.reverse();
    }
    const reading = interestRulesFrom(document);
    const message = reading.ok ? '' : reading.error.message;
    expect(message).toContain('series.ECB-MRO.halfYears.0.ratePercent: ratePercent "1,00" is not a decimal');
    expect(message).toContain('jurisdictions.GB.marginPercent.business: marginPercent must not be negative');
    expect(message).toContain('jurisdictions.GB.compensation.business: the last band must have below: null');
  });

  it('refuses what is not a rules document at all', () => {
    expect(interestRulesFrom('rates.json').ok).toBe(false);
  });
});
