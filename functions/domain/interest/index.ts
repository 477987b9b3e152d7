// functions/domain/interest: statutory late-payment interest and fixed compensation, with the
// rates and rules as data a user can replace. The folder's only door.
export { accruedInterest } from './accrue';
export type { Accrual, AccrualErrorCode, AccrualInput, AccrualResult, InterestPeriod, PrincipalMovement } from './accrue';
export { allocatePayment } from './allocate';
export type { Allocation, OpenClaims } from './allocate';
export { claimTermsOf } from './claim-terms';
export type { ClaimFacts, ClaimTerms } from './claim-terms';
export { DEFAULT_PARTY, interestRulesFrom, PARTY_KINDS } from './rules';
export { jurisdictionOf } from './jurisdiction';
export type {
  ClaimKind,
  FixedCompensation,
  InterestRules,
  InterestRulesDocument,
  JurisdictionRule,
  PartyKind,
  RateSeries,
  RulesReading,
} from './rules';
export { statutoryInterestRules, statutoryInterestRulesDocument } from './statutory';
