import type { RateSeriesDocument } from '../rules';

/**
 * The Bank of England's Bank Rate as the UK's reference rate: the rate in force on 31 December
 * applies from 1 January to 30 June, the rate in force on 30 June from 1 July to 31 December (Late
 * Payment of Commercial Debts (Rate of Interest) (No. 3) Order 2002, SI 2002/1675). So each entry
 * here is keyed by the half-year it applies to, not the day it was read.
 *
 * Confirmation: the year-end rates 2019-2024 (0.75, 0.10, 0.25, 3.50, 5.25, 4.75) and 0.50 a decade
 * before from focus-economics.com (Macrobond); 3.75 % on 31 December 2025 (cut on 18 December 2025)
 * and on 30 June 2026 (held on 18 June 2026) from the press pages cited; 4.25 % on 30 June 2025 (held
 * in June 2025) likewise. The other mid-year figures are the Bank's published history as recalled
 * (changes: 4 Aug 2016 0.25, 2 Nov 2017 0.50, 2 Aug 2018 0.75, 19 Mar 2020 0.10, 16 Jun 2022 1.25,
 * 22 Jun 2023 5.00, 1 Aug 2024 5.00) and were not read from a page here.
 */
export const boeBankRate: RateSeriesDocument = {
  name: 'Bank of England Bank Rate',
  source:
    'https://www.bankofengland.co.uk/boeapps/database/Bank-Rate.asp; year-ends: https://www.focus-economics.com/country-indicator/united-kingdom/interest-rate; ' +
    '18 Dec 2025: https://www.financialreporter.co.uk/bank-of-england-cuts-interest-rates-to-375.html; ' +
    '18 Jun 2026: https://www.livesquawk.com/report/special_boe-holds-bank-rate-at-3-75as-policymakers-retain-tightening-bias',
  fixing: 'the rate in force on 31 December (for H1) and on 30 June (for H2)',
  halfYears: [
    { halfYear: '2012-H1', ratePercent: '0.50' },
    { halfYear: '2012-H2', ratePercent: '0.50' },
    { halfYear: '2013-H1', ratePercent: '0.50' },
    { halfYear: '2013-H2', ratePercent: '0.50' },
    { halfYear: '2014-H1', ratePercent: '0.50' },
    { halfYear: '2014-H2', ratePercent: '0.50' },
    { halfYear: '2015-H1', ratePercent: '0.50' },
    { halfYear: '2015-H2', ratePercent: '0.50' },
    { halfYear: '2016-H1', ratePercent: '0.50' },
    { halfYear: '2016-H2', ratePercent: '0.50' },
    { halfYear: '2017-H1', ratePercent: '0.25' },
    { halfYear: '2017-H2', ratePercent: '0.25' },
    { halfYear: '2018-H1', ratePercent: '0.50' },
    { halfYear: '2018-H2', ratePercent: '0.50' },
    { halfYear: '2019-H1', ratePercent: '0.75' },
    { halfYear: '2019-H2', ratePercent: '0.75' },
    { halfYear: '2020-H1', ratePercent: '0.75' },
    { halfYear: '2020-H2', ratePercent: '0.10' },
    { halfYear: '2021-H1', ratePercent: '0.10' },
    { halfYear: '2021-H2', ratePercent: '0.10' },
    { halfYear: '2022-H1', ratePercent: '0.25' },
    { halfYear: '2022-H2', ratePercent: '1.25', note: 'recalled (rise to 1.25 % on 16 June 2022), not read from a page here' },
    { halfYear: '2023-H1', ratePercent: '3.50' },
    { halfYear: '2023-H2', ratePercent: '5.00', note: 'recalled (rise to 5.00 % on 22 June 2023), not read from a page here' },
    { halfYear: '2024-H1', ratePercent: '5.25' },
    { halfYear: '2024-H2', ratePercent: '5.25' },
    { halfYear: '2025-H1', ratePercent: '4.75' },
    { halfYear: '2025-H2', ratePercent: '4.25' },
    { halfYear: '2026-H1', ratePercent: '3.75' },
    { halfYear: '2026-H2', ratePercent: '3.75' },
  ],
};
