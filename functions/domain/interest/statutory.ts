import { bundesbankBaseRate } from './rates/bundesbank-base-rate';
import { boeBankRate } from './rates/boe-bank-rate';
import { ecbMainRefinancingRate } from './rates/ecb-main-refinancing';
import { jurisdictionRules } from './rates/jurisdictions';
import { interestRulesFrom, type InterestRules, type InterestRulesDocument } from './rules';

/** The shipped rates and rules, as a document: what a user copies to JSON to replace them. */
export const statutoryInterestRulesDocument: InterestRulesDocument = {
  series: { 'ECB-MRO': ecbMainRefinancingRate, 'DE-BASISZINSSATZ': bundesbankBaseRate, 'BOE-BANK-RATE': boeBankRate },
  jurisdictions: jurisdictionRules,
};

const reading = interestRulesFrom(statutoryInterestRulesDocument);
// The shipped data goes through the same check as a user's; failing it is a bug in this folder, so it fails at load.
if (!reading.ok) throw new RangeError(`the shipped interest rules are invalid: ${reading.error.message}`);

/** The shipped rates and rules, checked. */
export const statutoryInterestRules: InterestRules = reading.rules;
