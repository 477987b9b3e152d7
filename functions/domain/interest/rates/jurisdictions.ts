import type { JurisdictionRuleDocument } from '../rules';

const euro40 = { currency: 'EUR', bands: [{ below: null, amount: '40.00' }] };

/**
 * Statutory late-payment interest and fixed compensation, per jurisdiction. Keys are what a
 * customer profile names: 'EU' for the directive's minimum where no national rule is kept here, an
 * ISO 3166 country code otherwise.
 */
export const jurisdictionRules: Readonly<Record<string, JurisdictionRuleDocument>> = {
  EU: {
    law: 'Directive 2011/7/EU on combating late payment in commercial transactions, Art. 2(12), 3, 4 and 6',
    source: 'https://eur-lex.europa.eu/eli/dir/2011/7/oj',
    referenceSeries: 'ECB-MRO',
    marginPercent: { business: '8', consumer: null },
    compensation: { business: euro40, consumer: null },
    allocationOrder: ['principal', 'interest', 'costs'],
    note:
      'The directive covers transactions between undertakings and with public authorities only (Art. 1(2)); a consumer ' +
      'owes no interest or compensation under it, so none is computed here: use the national rule for consumers. It sets ' +
      'no payment order; principal first keeps a part-payment from leaving the interest-bearing amount open.',
  },
  DE: {
    law: '§ 288 BGB (Verzugszinsen und sonstiger Verzugsschaden), § 247 BGB (Basiszinssatz), § 367 BGB (Anrechnung)',
    source: 'https://www.gesetze-im-internet.de/bgb/__288.html; https://www.gesetze-im-internet.de/bgb/__247.html; https://www.gesetze-im-internet.de/bgb/__367.html',
    referenceSeries: 'DE-BASISZINSSATZ',
    // § 288 (2): 9 points where no consumer is party; § 288 (1): 5 points otherwise.
    marginPercent: { business: '9', consumer: '5' },
    // § 288 (5): the EUR 40 lump sum only where the debtor is not a consumer.
    compensation: { business: euro40, consumer: null },
    // § 367 (1): first the costs, then the interest, last the principal.
    allocationOrder: ['costs', 'interest', 'principal'],
  },
  FR: {
    law: 'Code de commerce L441-10 (pénalités de retard) and D441-5 (indemnité forfaitaire pour frais de recouvrement)',
    source: 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038414254; https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038414478',
    referenceSeries: 'ECB-MRO',
    // L441-10 II: the ECB's latest refinancing rate plus 10 points, taken on 1 January and 1 July.
    marginPercent: { business: '10', consumer: null },
    compensation: { business: euro40, consumer: null },
    // Code civil art. 1343-1: a part-payment goes to interest before principal; the indemnity is placed last here.
    allocationOrder: ['interest', 'principal', 'costs'],
    note:
      'Consumers owe the taux d\'intérêt légal (Code monétaire et financier L313-2), set each half-year by arrêté; those ' +
      'rates are not shipped (not confirmed here), so a consumer gets no interest under this rule. Art. 1343-1 Code civil ' +
      'is silent on the indemnity\'s place in the payment order; it is put last.',
  },
  GB: {
    law: 'Late Payment of Commercial Debts (Interest) Act 1998, s. 4 and 5A, as amended by SI 2002/1674; rate: SI 2002/1675',
    source: 'https://www.legislation.gov.uk/ukpga/1998/20; https://www.legislation.gov.uk/uksi/2002/1674; https://www.legislation.gov.uk/uksi/2002/1675',
    referenceSeries: 'BOE-BANK-RATE',
    marginPercent: { business: '8', consumer: null },
    // s. 5A(2): GBP 40 for a debt under 1,000, GBP 70 under 10,000, GBP 100 for 10,000 or more.
    compensation: {
      business: {
        currency: 'GBP',
        bands: [
          { below: '1000', amount: '40.00' },
          { below: '10000', amount: '70.00' },
          { below: null, amount: '100.00' },
        ],
      },
      consumer: null,
    },
    allocationOrder: ['principal', 'interest', 'costs'],
    note:
      'The Act covers contracts between businesses only (s. 2); a consumer gets no interest or fixed sum under it. It sets ' +
      'no payment order; principal first as elsewhere.',
  },
};
