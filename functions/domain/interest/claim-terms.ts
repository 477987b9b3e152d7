import { jurisdictionOf } from './jurisdiction';
import { DEFAULT_PARTY, type InterestRules, type PartyKind } from './rules';

/** What a customer's profile says of its claims; each fact may be missing (a profile stored before it). */
export interface ClaimFacts {
  readonly party?: PartyKind;
  /** The rule a person chose; null for the one of the country. */
  readonly jurisdiction?: string | null;
  readonly countryCode?: string | null;
}

/** Whom a late payment is claimed from and under which rule: what {@link accruedInterest} is given. */
export interface ClaimTerms {
  readonly party: PartyKind;
  /** Null where no rule is known: nothing is claimed. */
  readonly jurisdiction: string | null;
}

/**
 * The terms a customer's late payments are claimed on: the party its profile names (a business
 * when none does); the rule a person chose, where the rules have it (replaced rules may have
 * dropped it), otherwise the rule of the profile's country, or of the invoice buyer's when the
 * profile has none.
 * @example claimTermsOf({ party: 'consumer', jurisdiction: null, countryCode: 'AT' }, 'DE', statutoryInterestRules) // { party: 'consumer', jurisdiction: 'EU' }
 */
export function claimTermsOf(profile: ClaimFacts | null, buyerCountryCode: string | null, rules: InterestRules): ClaimTerms {
  const chosen = profile?.jurisdiction ?? null;
  const jurisdiction = chosen !== null && Object.hasOwn(rules.jurisdictions, chosen) ? chosen : jurisdictionOf(profile?.countryCode ?? buyerCountryCode, rules);
  return { party: profile?.party ?? DEFAULT_PARTY, jurisdiction };
}
