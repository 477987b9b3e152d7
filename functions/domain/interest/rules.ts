import { z } from 'zod';
import { compareDecimals, readDecimal, type Decimal } from '../money';

/** Whom the debt is owed by: the law gives businesses and consumers different rates and sums. */
export type PartyKind = 'business' | 'consumer';

export const PARTY_KINDS: readonly PartyKind[] = ['business', 'consumer'];

/** A debtor nothing says more of: invoices are business-to-business unless a person says otherwise. */
export const DEFAULT_PARTY: PartyKind = 'business';

/** What a payment may go to: collection costs (including the fixed compensation), interest, principal. */
export type ClaimKind = 'costs' | 'interest' | 'principal';

const decimal = (what: string) =>
  z.string({ error: `${what} must be a decimal string` }).transform((text, ctx): Decimal => {
    const reading = readDecimal(text);
    if (!reading.ok) {
      ctx.addIssue({ code: 'custom', message: `${what} "${text}" is not a decimal (e.g. "8.12")` });
      return z.NEVER;
    }
    return reading.value;
  });

const notNegative = (what: string) =>
  decimal(what).refine((value) => compareDecimals(value, '0' as Decimal) >= 0, { message: `${what} must not be negative` });

const HalfYearRate = z.object({
  halfYear: z.string().regex(/^\d{4}-H[12]$/, 'a half-year is written like "2026-H1"'),
  ratePercent: decimal('ratePercent'),
  /** Why a figure is what it is, or that it is unconfirmed: carried so a person reading the data sees it. */
  note: z.string().optional(),
});

const RateSeries = z
  .object({
    name: z.string().min(1),
    /** Where the figures come from: a person checking a claim starts here. */
    source: z.string().min(1),
    /** Which day's rate a half-year takes, in words (e.g. "the rate in force on 1 January and 1 July"). */
    fixing: z.string().min(1),
    halfYears: z.array(HalfYearRate).min(1),
  })
  .superRefine((series, ctx) => {
    const seen = new Set<string>();
    for (const { halfYear } of series.halfYears) {
      if (seen.has(halfYear)) ctx.addIssue({ code: 'custom', message: `${halfYear} appears twice in ${series.name}` });
      seen.add(halfYear);
    }
  });

const CompensationBand = z.object({
  /** The band covers debts below this amount; null for the last band, which has no ceiling. */
  below: notNegative('below').nullable(),
  amount: notNegative('amount'),
});

const FixedCompensation = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency is an ISO 4217 code like "EUR"'),
    bands: z.array(CompensationBand).min(1),
  })
  .superRefine(({ bands }, ctx) => {
    const ceilings = bands.map((band) => band.below);
    if (ceilings[ceilings.length - 1] !== null) ctx.addIssue({ code: 'custom', message: 'the last band must have below: null (no ceiling)' });
    ceilings.slice(0, -1).forEach((below, i) => {
      const next = ceilings[i + 1];
      if (below === null) ctx.addIssue({ code: 'custom', message: 'only the last band may have below: null' });
      else if (next !== null && next !== undefined && compareDecimals(below, next) >= 0) {
        ctx.addIssue({ code: 'custom', message: 'bands must be in ascending order of below' });
      }
    });
  });

const byParty = <T extends z.ZodType>(schema: T) => z.object({ business: schema.nullable(), consumer: schema.nullable() });

const JurisdictionRule = z.object({
  /** The law in words, as a reminder or a statement of claim cites it. */
  law: z.string().min(1),
  source: z.string().min(1),
  /** The key, in `series`, of the reference rate the margin is added to. */
  referenceSeries: z.string().min(1),
  /** Points over the reference rate; null where the law gives that party no statutory interest. */
  marginPercent: byParty(notNegative('marginPercent')),
  /** The fixed sum for recovery costs; null where the law gives none. */
  compensation: byParty(FixedCompensation),
  /** What a payment pays first, then next: a permutation of costs, interest and principal. */
  allocationOrder: z
    .array(z.enum(['costs', 'interest', 'principal']))
    .length(3)
    .refine((order) => new Set(order).size === 3, { message: 'allocationOrder names costs, interest and principal once each' }),
  /** Anything the data leaves out on purpose, said where the rule is read. */
  note: z.string().optional(),
});

const InterestRulesSchema = z
  .object({
    series: z.record(z.string(), RateSeries),
    jurisdictions: z.record(z.string(), JurisdictionRule),
  })
  .superRefine((rules, ctx) => {
    for (const [code, rule] of Object.entries(rules.jurisdictions)) {
      if (!(rule.referenceSeries in rules.series)) {
        ctx.addIssue({ code: 'custom', path: ['jurisdictions', code, 'referenceSeries'], message: `no series "${rule.referenceSeries}"` });
      }
    }
  });

/** A rate series as checked: its rates are Decimals. */
export type RateSeries = z.output<typeof RateSeries>;
/** A jurisdiction's rule as checked. */
export type JurisdictionRule = z.output<typeof JurisdictionRule>;
/** A fixed-compensation table as checked. */
export type FixedCompensation = z.output<typeof FixedCompensation>;
/** Rate series and jurisdiction rules, checked: what {@link accruedInterest} reads. */
export type InterestRules = z.output<typeof InterestRulesSchema>;
/** The same, as written in a JSON document (plain strings), before checking. */
export type InterestRulesDocument = z.input<typeof InterestRulesSchema>;
export type RateSeriesDocument = z.input<typeof RateSeries>;
export type JurisdictionRuleDocument = z.input<typeof JurisdictionRule>;

export type RulesReading =
  | { readonly ok: true; readonly rules: InterestRules }
  | { readonly ok: false; readonly error: { readonly code: 'invalid-rules'; readonly message: string } };

/**
 * A user's rates and rules (e.g. a JSON file parsed), checked against the shape the shipped data
 * has; a refusal names each problem with its path, so the file can be fixed.
 * @example interestRulesFrom(JSON.parse(text)) // { ok: true, rules } or { ok: false, error: { code: 'invalid-rules', message: 'jurisdictions.DE.referenceSeries: no series "ECB"' } }
 */
export function interestRulesFrom(document: unknown): RulesReading {
  const parsed = InterestRulesSchema.safeParse(document);
  if (parsed.success) return { ok: true, rules: parsed.data };
  const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`).join('; ');
  return { ok: false, error: { code: 'invalid-rules', message } };
}
