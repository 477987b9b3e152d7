import type { RateSeriesDocument } from '../rules';

/**
 * The ECB's main refinancing operations rate in force on 1 January and 1 July: the reference rate
 * of Directive 2011/7/EU, Art. 2(12)(a)(i), "applicable on the first calendar day of the half-year
 * in question" (Art. 3(4)), which France's Code de commerce L441-10 also uses.
 *
 * A change takes effect on the Wednesday after the Governing Council's decision, so a decision in
 * the last days of June or December moves the next half-year only if it had taken effect by the 1st
 * (the cut to 0.75 % took effect on 11 July 2012: 2012-H2 stays at 1.00).
 *
 * Confirmation: 2012-H1 to 2023-H1 agree point for point, by § 247 BGB's arithmetic, with the
 * Bundesbank base rates confirmed on the Haufe page cited in ./bundesbank-base-rate.ts (each
 * Basiszinssatz change equals the change of this rate); 2023-H2 to 2026-H1 agree the same way with
 * the Bundesbank announcements (2026-H1: "Festzinssatz ... am 22. Dezember 2025 beträgt 2,15 %").
 * 2026-H2 is NOT confirmed: see its note.
 */
export const ecbMainRefinancingRate: RateSeriesDocument = {
  name: 'ECB main refinancing operations rate (fixed rate tenders)',
  source:
    'https://www.ecb.europa.eu/stats/policy_and_exchange_rates/key_ecb_interest_rates/html/index.en.html; ' +
    'cross-checked against the Bundesbank base rate history (see bundesbank-base-rate.ts) and ' +
    'https://finanzmarktnachrichten.de/basiszinssatz-bleibt-ab-1-januar-2026-bei-127 (2.15 % on 22 December 2025)',
  fixing: 'the rate in force on 1 January (H1) and 1 July (H2)',
  halfYears: [
    { halfYear: '2012-H1', ratePercent: '1.00' },
    { halfYear: '2012-H2', ratePercent: '1.00' },
    { halfYear: '2013-H1', ratePercent: '0.75' },
    { halfYear: '2013-H2', ratePercent: '0.50' },
    { halfYear: '2014-H1', ratePercent: '0.25' },
    { halfYear: '2014-H2', ratePercent: '0.15' },
    { halfYear: '2015-H1', ratePercent: '0.05' },
    { halfYear: '2015-H2', ratePercent: '0.05' },
    { halfYear: '2016-H1', ratePercent: '0.05' },
    { halfYear: '2016-H2', ratePercent: '0.00' },
    { halfYear: '2017-H1', ratePercent: '0.00' },
    { halfYear: '2017-H2', ratePercent: '0.00' },
    { halfYear: '2018-H1', ratePercent: '0.00' },
    { halfYear: '2018-H2', ratePercent: '0.00' },
    { halfYear: '2019-H1', ratePercent: '0.00' },
    { halfYear: '2019-H2', ratePercent: '0.00' },
    { halfYear: '2020-H1', ratePercent: '0.00' },
    { halfYear: '2020-H2', ratePercent: '0.00' },
    { halfYear: '2021-H1', ratePercent: '0.00' },
    { halfYear: '2021-H2', ratePercent: '0.00' },
    { halfYear: '2022-H1', ratePercent: '0.00' },
    { halfYear: '2022-H2', ratePercent: '0.00', note: 'the rise to 0.50 % took effect on 27 July 2022, after 1 July' },
    { halfYear: '2023-H1', ratePercent: '2.50' },
    { halfYear: '2023-H2', ratePercent: '4.00' },
    { halfYear: '2024-H1', ratePercent: '4.50' },
    { halfYear: '2024-H2', ratePercent: '4.25' },
    { halfYear: '2025-H1', ratePercent: '3.15' },
    { halfYear: '2025-H2', ratePercent: '2.15' },
    { halfYear: '2026-H1', ratePercent: '2.15' },
    {
      halfYear: '2026-H2',
      ratePercent: '2.40',
      note:
        'UNCONFIRMED: one secondary page (https://rbtfl.xyz/pt/n/ecb-rate-hike-energy-shock.md) reports a rise of ' +
        'the main refinancing rate to 2.40 % decided on 11 June 2026 (ECB press release ecb.mp260611); neither the ' +
        'ECB table nor a Bundesbank announcement for 1 July 2026 could be read. Check before relying on it.',
    },
  ],
};
