import type { InterestRules } from './rules';

/** The member states of the European Union, where Directive 2011/7/EU applies. */
const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

/**
 * The rule a customer's late payments are claimed under, from its country (ISO 3166 alpha-2, the
 * buyer's address): the country's own where the rules name it, the EU default in another member
 * state, none elsewhere (nothing is claimed where no rule is known).
 * @example jurisdictionOf('AT', statutoryInterestRules) // 'EU'
 */
export const jurisdictionOf = (countryCode: string | null, rules: InterestRules): string | null => {
  const country = countryCode?.toUpperCase() ?? null;
  if (country === null) return null;
  if (Object.hasOwn(rules.jurisdictions, country)) return country;
  return EU_MEMBER_STATES.has(country) && Object.hasOwn(rules.jurisdictions, 'EU') ? 'EU' : null;
};
