import type { RateSeriesDocument } from '../rules';

/**
 * The Basiszinssatz of § 247 BGB, per half-year: it moves on 1 January and 1 July by as many
 * points as the ECB's latest main refinancing rate before that day moved since its last change,
 * and the Bundesbank announces it (§ 247 (2)). Germany's § 288 BGB adds its margins to this, not
 * to the ECB rate: the two differ by 0.88 points since 2016.
 *
 * Confirmation: 2012-H1 to 2023-H1 from the Haufe commentary (Prütting/Wegen/Weinreich on § 247,
 * listing every rate from 2002 to 1.1.2023); 2025-H2 and 2026-H1 from the Bundesbank announcement
 * for 1 January 2026 (1.27 %, unchanged since 1 July 2025). 2023-H2 to 2025-H1 are the
 * Bundesbank's published figures as recalled, not read from a page here; they agree with § 247 (1)
 * applied to the ECB series. 2026-H2 is NOT confirmed.
 */
export const bundesbankBaseRate: RateSeriesDocument = {
  name: 'Basiszinssatz (§ 247 BGB), Deutsche Bundesbank',
  source:
    'https://www.bundesbank.de/de/bundesbank/organisation/agb-und-regelungen/basiszinssatz-607820; ' +
    'history 2002-2023 as listed in https://haufe.de/recht/deutsches-anwalt-office-premium/pruettingwegenweinreich-bgb-247-bgb-basiszinssatz-b-hoehe-und-anpassung-des-basiszinssatzes_idesk_PI17574_HI15892686.html; ' +
    '1 January 2026: https://finanzmarktnachrichten.de/basiszinssatz-bleibt-ab-1-januar-2026-bei-127',
  fixing: 'the rate announced for 1 January (H1) and 1 July (H2)',
  halfYears: [
    { halfYear: '2012-H1', ratePercent: '0.12' },
    { halfYear: '2012-H2', ratePercent: '0.12' },
    { halfYear: '2013-H1', ratePercent: '-0.13' },
    { halfYear: '2013-H2', ratePercent: '-0.38' },
    { halfYear: '2014-H1', ratePercent: '-0.63' },
    { halfYear: '2014-H2', ratePercent: '-0.73' },
    { halfYear: '2015-H1', ratePercent: '-0.83' },
    { halfYear: '2015-H2', ratePercent: '-0.83' },
    { halfYear: '2016-H1', ratePercent: '-0.83' },
    { halfYear: '2016-H2', ratePercent: '-0.88' },
    { halfYear: '2017-H1', ratePercent: '-0.88' },
    { halfYear: '2017-H2', ratePercent: '-0.88' },
    { halfYear: '2018-H1', ratePercent: '-0.88' },
    { halfYear: '2018-H2', ratePercent: '-0.88' },
    { halfYear: '2019-H1', ratePercent: '-0.88' },
    { halfYear: '2019-H2', ratePercent: '-0.88' },
    { halfYear: '2020-H1', ratePercent: '-0.88' },
    { halfYear: '2020-H2', ratePercent: '-0.88' },
    { halfYear: '2021-H1', ratePercent: '-0.88' },
    { halfYear: '2021-H2', ratePercent: '-0.88' },
    { halfYear: '2022-H1', ratePercent: '-0.88' },
    { halfYear: '2022-H2', ratePercent: '-0.88' },
    { halfYear: '2023-H1', ratePercent: '1.62' },
    { halfYear: '2023-H2', ratePercent: '3.12' },
    { halfYear: '2024-H1', ratePercent: '3.62' },
    { halfYear: '2024-H2', ratePercent: '3.37' },
    { halfYear: '2025-H1', ratePercent: '2.27' },
    { halfYear: '2025-H2', ratePercent: '1.27' },
    { halfYear: '2026-H1', ratePercent: '1.27' },
    {
      halfYear: '2026-H2',
      ratePercent: '1.52',
      note:
        'UNCONFIRMED: derived by § 247 (1) from the unconfirmed ECB rate of 2.40 % (1.27 + 0.25); no Bundesbank ' +
        'announcement for 1 July 2026 could be read. Check before relying on it.',
    },
  ],
};
