// functions/domain/interest: statutory late-payment interest and fixed compensation, with the
// rates and rules as data a user can replace. The folder's only door.
export { accruedInterest } from './accrue';
export type { Accrual, AccrualErrorCode, AccrualInput, AccrualResult, InterestPeriod, PrincipalMovement } from './accrue';
export { allocatePayment } from './allocate';
export type { Allocation, OpenClaims } from './allocate';
export { interestRulesFrom } from './rules';
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
