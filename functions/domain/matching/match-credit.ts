import { nameKeyOf } from '../credit';
import { isPositive } from '../money';
import { allocate, byOldestDue } from './allocate';
import { combinationsSumming } from './combinations';
import {
  amountKey,
  compactIban,
  customerAmountKey,
  customerCurrencyKey,
  MAX_KEY_TOKENS,
  type MatchIndex,
} from './match-index';
import { compactRf, isValidRf, rfReferencesIn, withoutRfReferences } from './rf';
import { findKeys, keyOfTokens, referenceKeyOf, tokensOf, type Token } from './tokens';
import type { CreditEntry, CreditMatch, MatchOptions, MatchRule, MatchSuggestion, OpenItem, UnmatchedReason } from './types';

/** The confidence from which a match is booked without a person. */
export const DEFAULT_MATCH_THRESHOLD = 0.9;

/**
 * What each rule's match is worth. A reference the payer copied (RF, BT-83, invoice number) is
 * near certain; an amount is only as good as the evidence of who paid: an IBAN seen before
 * books at the default threshold, a name alone does not.
 */
export const MATCH_CONFIDENCE = {
  rfReference: 1,
  paymentReference: 0.98,
  invoiceNumber: 0.95,
  /** 'Rechnung 2026-0042' for invoice 'INV-2026-0042'. */
  invoiceNumberWithoutPrefix: 0.92,
  endToEndId: 0.93,
  amountAndPayerIban: 0.9,
  amountAndPayerName: 0.85,
  amountCombinationIban: 0.75,
  amountCombinationName: 0.7,
  /** Divided by the number of open items of that amount. */
  amountOnly: 0.5,
} as const;

const MAX_SUGGESTIONS = 5;
const MAX_COMBINATION_ITEMS = 4;
const MAX_COMBINATIONS = 2;

type PayerEvidence = 'iban' | 'name';

interface EntryContext {
  readonly entry: CreditEntry;
  /**
   * Each reference and text tokenised apart, so a number never runs from one into the next;
   * RF references blanked out, so their groups of four are not read as numbers.
   */
  readonly structured: readonly (readonly Token[])[];
  readonly remittance: readonly (readonly Token[])[];
  /** The customers the payer's IBAN or name is known for. */
  readonly payers: ReadonlyMap<string, PayerEvidence>;
}

interface Hit {
  readonly items: readonly OpenItem[];
  readonly confidence: number;
}

interface Candidate {
  readonly rule: MatchRule;
  readonly confidence: number;
  readonly customerId: string;
  readonly items: readonly OpenItem[];
}

interface RuleOutcome {
  readonly candidates: readonly Candidate[];
  /** A reference named an invoice, but in another currency than the payment's. */
  readonly currencyMismatch?: boolean;
}

interface Rule {
  readonly find: (index: MatchIndex, context: EntryContext) => RuleOutcome;
  /** Whether the rule may book a payment without a person, its confidence permitting. */
  readonly books: boolean;
}

function payersOf(index: MatchIndex, entry: CreditEntry): Map<string, PayerEvidence> {
  const payers = new Map<string, PayerEvidence>();
  const byIban = entry.counterpartyIban ? index.customersByIban.get(compactIban(entry.counterpartyIban)) : undefined;
  const byName = entry.counterpartyName ? index.customersByName.get(nameKeyOf(entry.counterpartyName)) : undefined;
  byIban?.forEach((customerId) => payers.set(customerId, 'iban'));
  byName?.forEach((customerId) => payers.has(customerId) || payers.set(customerId, 'name'));
  return payers;
}

const contextOf = (index: MatchIndex, entry: CreditEntry): EntryContext => ({
  entry,
  structured: entry.structuredReferences.map((reference) => tokensOf(withoutRfReferences(reference))),
  remittance: entry.remittanceTexts.map((text) => tokensOf(withoutRfReferences(text))),
  payers: payersOf(index, entry),
});

/** What `lookUp` gives for the keys the entry's references and texts spell; a long structured reference is also taken whole. */
function findIn<T>(context: EntryContext, lookUp: (key: string) => T | undefined): T[] {
  const whole = context.structured.filter((tokens) => tokens.length > MAX_KEY_TOKENS).flatMap((tokens) => lookUp(keyOfTokens(tokens)) ?? []);
  return [...whole, ...[...context.structured, ...context.remittance].flatMap((tokens) => findKeys(tokens, lookUp, MAX_KEY_TOKENS))];
}

const isSameCurrency = (item: OpenItem, entry: CreditEntry): boolean => item.currency.toUpperCase() === entry.currency.toUpperCase();

/** The payer's own choices when there are any among them: the payer decides between two invoices of one number. */
const preferPayers = <T extends { readonly customerId: string }>(choices: readonly T[], payers: ReadonlyMap<string, PayerEvidence>): readonly T[] => {
  const own = choices.filter((choice) => payers.has(choice.customerId));
  return own.length > 0 ? own : choices;
};

function groupByCustomer(items: Iterable<OpenItem>): Map<string, OpenItem[]> {
  const groups = new Map<string, OpenItem[]>();
  for (const item of items) {
    const group = groups.get(item.customerId);
    if (group) group.push(item);
    else groups.set(item.customerId, [item]);
  }
  return groups;
}

/**
 * Candidates from what references found: the invoices each reference names alone are settled
 * together, one candidate per customer; a reference that names several invoices (one number at
 * two sellers) makes a candidate of each. More than one candidate leaves the choice to a person.
 */
function candidatesFromHits(rule: MatchRule, hits: readonly Hit[], context: EntryContext): RuleOutcome {
  const definite = new Map<OpenItem, number>();
  const alternatives: { item: OpenItem; confidence: number }[] = [];
  let currencyMismatch = false;
  for (const hit of hits) {
    const payable = hit.items.filter((item) => isSameCurrency(item, context.entry));
    currencyMismatch ||= payable.length === 0;
    const [only, ...others] = preferPayers(payable, context.payers);
    if (only && others.length === 0) definite.set(only, Math.max(definite.get(only) ?? 0, hit.confidence));
    else if (only) alternatives.push(...[only, ...others].map((item) => ({ item, confidence: hit.confidence })));
  }
  const grouped = [...groupByCustomer(definite.keys())].map(([customerId, items]): Candidate => ({
    rule,
    customerId,
    items,
    confidence: Math.min(...items.map((item) => definite.get(item) ?? 0)),
  }));
  const single = alternatives
    .filter(({ item }) => !definite.has(item))
    .map(({ item, confidence }): Candidate => ({ rule, customerId: item.customerId, items: [item], confidence }));
  return { candidates: [...preferPayers(grouped, context.payers), ...single], currencyMismatch };
}

const rfReferenceRule = (index: MatchIndex, context: EntryContext): RuleOutcome => {
  const { structuredReferences, remittanceTexts } = context.entry;
  const references = new Set([...structuredReferences, ...remittanceTexts].flatMap(rfReferencesIn));
  const hits = [...references].flatMap((rf) => index.byRf.get(rf) ?? []).map((item) => ({ items: [item], confidence: MATCH_CONFIDENCE.rfReference }));
  return candidatesFromHits('rf-reference', hits, context);
};

const paymentReferenceRule = (index: MatchIndex, context: EntryContext): RuleOutcome =>
  candidatesFromHits(
    'payment-reference',
    findIn(context, (key) => index.byPaymentReference.get(key)).map((items) => ({ items, confidence: MATCH_CONFIDENCE.paymentReference })),
    context,
  );

/** A whole number names its invoices; only when it names none is it read as a number without its prefix. */
const numberHit = (index: MatchIndex, key: string, confidence: number = MATCH_CONFIDENCE.invoiceNumber): Hit | undefined => {
  const whole = index.byInvoiceNumber.get(key);
  if (whole) return { items: whole, confidence };
  const withoutPrefix = index.byNumberWithoutPrefix.get(key);
  return withoutPrefix && { items: withoutPrefix, confidence: Math.min(confidence, MATCH_CONFIDENCE.invoiceNumberWithoutPrefix) };
};

const invoiceNumberRule = (index: MatchIndex, context: EntryContext): RuleOutcome =>
  candidatesFromHits('invoice-number', findIn(context, (key) => numberHit(index, key)), context);

/** The payer's own id for the transfer, when it is our RF, BT-83 or invoice number (some payers' systems put it there). */
const endToEndRule = (index: MatchIndex, context: EntryContext): RuleOutcome => {
  const id = context.entry.endToEndId ?? '';
  const key = referenceKeyOf(id);
  const confidence = MATCH_CONFIDENCE.endToEndId;
  const byRf = isValidRf(id) ? index.byRf.get(compactRf(id)) : undefined;
  const byReference = index.byPaymentReference.get(key);
  const hit = byRf ? { items: byRf, confidence } : byReference ? { items: byReference, confidence } : numberHit(index, key, confidence);
  return candidatesFromHits('end-to-end-id', hit ? [hit] : [], context);
};

const payerConfidence = (evidence: PayerEvidence, ifIban: number, ifName: number): number => (evidence === 'iban' ? ifIban : ifName);

const amountAndPayerRule = (index: MatchIndex, { entry, payers }: EntryContext): RuleOutcome => {
  const ofAmount = amountKey(entry.currency, entry.amount);
  return {
  candidates: [...payers].flatMap(([customerId, evidence]) =>
    (index.byCustomerAmount.get(customerAmountKey(customerId, ofAmount)) ?? []).map((item) => ({
      rule: 'amount-and-payer' as const,
      customerId,
      items: [item],
      confidence: payerConfidence(evidence, MATCH_CONFIDENCE.amountAndPayerIban, MATCH_CONFIDENCE.amountAndPayerName),
    })),
  ),
  };
};

const amountCombinationRule = (index: MatchIndex, { entry, payers }: EntryContext): RuleOutcome => ({
  candidates: [...payers].flatMap(([customerId, evidence]) => {
    const pool = index.oldestOfCustomer.get(customerCurrencyKey(customerId, entry.currency)) ?? [];
    return combinationsSumming(pool, entry.amount, MAX_COMBINATION_ITEMS, MAX_COMBINATIONS).map((items) => ({
      rule: 'amount-combination' as const,
      customerId,
      items,
      confidence: payerConfidence(evidence, MATCH_CONFIDENCE.amountCombinationIban, MATCH_CONFIDENCE.amountCombinationName),
    }));
  }),
});

const amountOnlyRule = (index: MatchIndex, { entry }: EntryContext): RuleOutcome => {
  const items = index.byAmount.get(amountKey(entry.currency, entry.amount)) ?? [];
  const confidence = MATCH_CONFIDENCE.amountOnly / items.length;
  return { candidates: items.slice(0, MAX_SUGGESTIONS).map((item) => ({ rule: 'amount-only', customerId: item.customerId, items: [item], confidence })) };
};

/** The rules in order of precedence: the first that finds exactly one candidate at or above the threshold books it. */
const RULES: readonly Rule[] = [
  { find: rfReferenceRule, books: true },
  { find: paymentReferenceRule, books: true },
  { find: invoiceNumberRule, books: true },
  { find: endToEndRule, books: true },
  { find: amountAndPayerRule, books: true },
  { find: amountCombinationRule, books: true },
  { find: amountOnlyRule, books: false },
];

const suggestionOf = (candidate: Candidate, entry: CreditEntry): MatchSuggestion => ({
  rule: candidate.rule,
  confidence: candidate.confidence,
  customerId: candidate.customerId,
  ...allocate(candidate.items, entry.amount),
});

const itemsKey = (items: readonly OpenItem[]): string =>
  [...items].sort(byOldestDue).map((item) => `${item.key.sellerKey}\n${item.key.number}`).join('\n\n');

/** Most confident first, a stronger rule before a weaker one at equal confidence; the same invoices once, under their best rule. */
function ranked(candidates: readonly Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const candidate of [...candidates].sort((a, b) => b.confidence - a.confidence)) {
    const key = itemsKey(candidate.items);
    if (!best.has(key)) best.set(key, candidate);
  }
  return [...best.values()];
}

const reasonFor = (blocked: { ambiguous: boolean; currencyMismatch: boolean }, candidates: readonly Candidate[]): UnmatchedReason => {
  if (blocked.ambiguous) return 'ambiguous';
  if (blocked.currencyMismatch) return 'currency-mismatch';
  return candidates.length > 0 ? 'below-threshold' : 'no-candidate';
};

/**
 * The invoices a bank credit pays, by the first rule that finds exactly one reading of it at
 * or above the threshold; otherwise the entry waits for a person, with up to five suggestions.
 * A reference that names several invoices, or one in another currency, stops the weaker rules
 * from booking: the payer meant something the amount rules would only guess at.
 * The payment is spread oldest due date first; what is left over is `unapplied`.
 * @example matchCredit(index, { ...entry, remittanceTexts: ['RF18 5390 0754 7034'] }) // { kind: 'matched', rule: 'rf-reference', ... }
 */
export function matchCredit(index: MatchIndex, entry: CreditEntry, options: MatchOptions = {}): CreditMatch {
  const threshold = options.threshold ?? DEFAULT_MATCH_THRESHOLD;
  if (!isPositive(entry.amount)) return { kind: 'unmatched', reason: 'not-a-credit', suggestions: [] };
  const context = contextOf(index, entry);
  const found: Candidate[] = [];
  const blocked = { ambiguous: false, currencyMismatch: false };
  for (const rule of RULES) {
    const { candidates, currencyMismatch = false } = rule.find(index, context);
    const [only, ...others] = candidates;
    const mayBook = rule.books && !blocked.ambiguous && !blocked.currencyMismatch;
    if (mayBook && only && others.length === 0 && only.confidence >= threshold) return { kind: 'matched', ...suggestionOf(only, entry) };
    blocked.ambiguous ||= rule.books && others.length > 0;
    blocked.currencyMismatch ||= currencyMismatch;
    found.push(...candidates);
  }
  const suggestions = ranked(found).slice(0, MAX_SUGGESTIONS);
  return { kind: 'unmatched', reason: reasonFor(blocked, suggestions), suggestions: suggestions.map((candidate) => suggestionOf(candidate, entry)) };
}
