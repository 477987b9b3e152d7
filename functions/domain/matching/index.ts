export { buildMatchIndex, type MatchIndex } from './match-index';
export { DEFAULT_MATCH_THRESHOLD, MATCH_CONFIDENCE, matchCredit } from './match-credit';
export { formatIban, referencesOf, referenceToQuote, type InvoiceWithPayment } from './references';
export { buildReturnIndex, matchReturn, type ReturnIndex } from './returns';
export { compactRf, formatRf, isValidRf, rfReferenceFor, rfReferenceOf, rfReferencesIn } from './rf';
export { MATCH_RULES } from './types';
export type {
  Allocation,
  BookedPayment,
  CreditEntry,
  CreditMatch,
  CustomerHints,
  DebitEntry,
  MatchOptions,
  MatchRule,
  MatchSuggestion,
  OpenItem,
  ReturnMatch,
  ReturnRule,
  UnmatchedReason,
} from './types';
