import { PARTY_KINDS, statutoryInterestRules } from '../interest';
import type { ProfileUpdate } from './customers';

/** The rules a person may choose for a customer: the shipped ones, which the reminders claim under. */
export const CHOOSABLE_JURISDICTIONS: readonly string[] = Object.keys(statutoryInterestRules.jurisdictions);

/** A customer's claim terms as a person writes them (an import's cells, the console's form); absent keeps the profile's. */
export interface ClaimTermsInput {
  readonly party?: string;
  /** Null: the rule of the customer's country. */
  readonly jurisdiction?: string | null;
}

export type ClaimTermsReading =
  | { readonly ok: true; readonly update: Pick<ProfileUpdate, 'party' | 'jurisdiction'> }
  | { readonly ok: false; readonly reasons: readonly string[] };

/**
 * Reads a party (business or consumer) and a jurisdiction, in any case; a jurisdiction the rules
 * do not have is refused, since a claim under it could never be made.
 * @example readClaimTerms({ party: 'Consumer', jurisdiction: 'de' }) // { ok: true, update: { party: 'consumer', jurisdiction: 'DE' } }
 */
export function readClaimTerms({ party, jurisdiction }: ClaimTermsInput): ClaimTermsReading {
  const kind = party === undefined ? undefined : PARTY_KINDS.find((known) => known === party.trim().toLowerCase());
  const key = typeof jurisdiction === 'string' ? CHOOSABLE_JURISDICTIONS.find((known) => known.toUpperCase() === jurisdiction.trim().toUpperCase()) : jurisdiction;
  const reasons = [
    ...(party !== undefined && kind === undefined ? [`party '${party}' is not ${PARTY_KINDS.join(' or ')}`] : []),
    ...(typeof jurisdiction === 'string' && key === undefined ? [`jurisdiction '${jurisdiction}' is none of the interest rules' jurisdictions (${CHOOSABLE_JURISDICTIONS.join(', ')})`] : []),
  ];
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, update: { ...(kind ? { party: kind } : {}), ...(key !== undefined ? { jurisdiction: key } : {}) } };
}
