import { describe, expect, it } from 'vitest';
import { claimTermsOf, interestRulesFrom, statutoryInterestRules, statutoryInterestRulesDocument, type InterestRules } from '../../../../functions/domain/interest';

/** The shipped rules without France's: a user's replacement that dropped a rule a profile names. */
const withoutFrance = (): InterestRules => {
  const { FR: _france, ...jurisdictions } = statutoryInterestRulesDocument.jurisdictions;
  const reading = interestRulesFrom({ ...statutoryInterestRulesDocument, jurisdictions });
  if (!reading.ok) throw new Error(reading.error.message);
  return reading.rules;
};

describe('claimTermsOf', () => {
  const rules = statutoryInterestRules;

  it('claims from a business under the buyer country\'s rule when there is no profile', () => {
    expect(claimTermsOf(null, 'DE', rules)).toEqual({ party: 'business', jurisdiction: 'DE' });
    expect(claimTermsOf(null, 'at', rules)).toEqual({ party: 'business', jurisdiction: 'EU' });
    expect(claimTermsOf(null, 'US', rules)).toEqual({ party: 'business', jurisdiction: null });
    expect(claimTermsOf(null, null, rules)).toEqual({ party: 'business', jurisdiction: null });
  });

  it('reads a profile stored before party and jurisdiction as a business under its country\'s rule', () => {
    expect(claimTermsOf({ countryCode: 'FR' }, 'DE', rules)).toEqual({ party: 'business', jurisdiction: 'FR' });
  });

  it('takes the party the profile names', () => {
    expect(claimTermsOf({ party: 'consumer', jurisdiction: null, countryCode: 'DE' }, 'DE', rules)).toEqual({ party: 'consumer', jurisdiction: 'DE' });
  });

  it("takes the profile's country before the invoice buyer's, and the buyer's when the profile has none", () => {
    expect(claimTermsOf({ jurisdiction: null, countryCode: 'GB' }, 'DE', rules)).toEqual({ party: 'business', jurisdiction: 'GB' });
    expect(claimTermsOf({ jurisdiction: null, countryCode: null }, 'DE', rules)).toEqual({ party: 'business', jurisdiction: 'DE' });
  });

  it('takes the rule a person chose over the country', () => {
    expect(claimTermsOf({ party: 'business', jurisdiction: 'EU', countryCode: 'DE' }, 'DE', rules)).toEqual({ party: 'business', jurisdiction: 'EU' });
    expect(claimTermsOf({ party: 'business', jurisdiction: 'GB', countryCode: 'US' }, 'US', rules)).toEqual({ party: 'business', jurisdiction: 'GB' });
  });

  it('falls back to the country when the rules no longer have the chosen rule', () => {
    expect(claimTermsOf({ party: 'consumer', jurisdiction: 'FR', countryCode: 'FR' }, 'FR', withoutFrance())).toEqual({ party: 'consumer', jurisdiction: 'EU' });
    expect(claimTermsOf({ jurisdiction: 'XX', countryCode: 'CH' }, null, rules)).toEqual({ party: 'business', jurisdiction: null });
  });
});
