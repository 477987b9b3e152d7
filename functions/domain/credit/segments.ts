import { z } from 'zod';
import { daysBetween, type IsoDate } from '../calendar';
import { compareDecimals, parseDecimal, type Decimal } from '../money';
import { InvalidPolicyError, policyFrom, STANDARD_POLICY, type CollectionsPolicy } from '../policy';
import type { Receivable } from '../analytics';
import type { CustomerProfile } from './customers';
import { exposureCurrencyOf, exposureIn } from './exposure';

/**
 * A segment rule: a customer is in the segment when every condition given holds. Rules are read
 * in order and the first that matches wins; the last must have no conditions, so every customer
 * has a segment.
 */
export interface SegmentRule {
  readonly segment: string;
  /** The collections policy the segment's invoices run under. */
  readonly policy: string;
  readonly when: {
    readonly tag?: string;
    readonly riskScoreAtLeast?: number;
    /** A customer whose first invoice is fewer days ago than this. */
    readonly customerForDaysUnder?: number;
    readonly exposureAtLeast?: Decimal;
  };
}

/** The credit settings a person edits: segments and the policies they name. */
export interface CreditSettings {
  readonly segments: readonly SegmentRule[];
  readonly policies: Readonly<Record<string, CollectionsPolicy>>;
}

/** A published version of a named policy: an execution records which one each step ran under. */
export interface PolicyVersion {
  readonly name: string;
  readonly version: number;
  readonly policy: CollectionsPolicy;
  readonly publishedAt: string;
}

export const policyLabel = (version: Pick<PolicyVersion, 'name' | 'version'>): string => `${version.name} v${version.version}`;

/** Settings that cannot be used: the message names the rule or policy to fix. */
export class InvalidSettingsError extends Error {
  override readonly name = 'InvalidSettingsError';
}

/** The same step ids as the standard policy, so a customer moving between segments keeps the steps already done. */
const GENTLE_POLICY: CollectionsPolicy = {
  ...STANDARD_POLICY,
  steps: [
    { id: 'reminder-1', kind: 'email', offsetDays: 7 },
    { id: 'reminder-2', kind: 'email', offsetDays: 21, claims: true },
    { id: 'call', kind: 'call-task', offsetDays: 30 },
    { id: 'final-notice', kind: 'email', offsetDays: 45, claims: true },
    { id: 'agency', kind: 'agency-handover', offsetDays: 75 },
    { id: 'legal', kind: 'legal-flag', offsetDays: 120 },
  ],
  callTaskExpiryDays: 10,
};

const FIRM_POLICY: CollectionsPolicy = {
  ...STANDARD_POLICY,
  steps: [
    { id: 'pre-due', kind: 'email', offsetDays: -5 },
    { id: 'reminder-1', kind: 'email', offsetDays: 1 },
    { id: 'call', kind: 'call-task', offsetDays: 7 },
    { id: 'reminder-2', kind: 'email', offsetDays: 10, claims: true },
    { id: 'final-notice', kind: 'email', offsetDays: 14, claims: true },
    { id: 'agency', kind: 'agency-handover', offsetDays: 30 },
    { id: 'legal', kind: 'legal-flag', offsetDays: 60 },
  ],
  promiseGraceDays: 0,
  callTaskExpiryDays: 3,
};

export const HIGH_RISK_SCORE = 50;

/** What a new installation starts with; `creditctl settings publish` replaces it. */
export const DEFAULT_CREDIT_SETTINGS: CreditSettings = {
  segments: [
    { segment: 'strategic', policy: 'gentle', when: { tag: 'strategic' } },
    { segment: 'high-risk', policy: 'firm', when: { riskScoreAtLeast: HIGH_RISK_SCORE } },
    { segment: 'new', policy: 'standard', when: { customerForDaysUnder: 180 } },
    { segment: 'standard', policy: 'standard', when: {} },
  ],
  policies: { standard: STANDARD_POLICY, gentle: GENTLE_POLICY, firm: FIRM_POLICY },
};

const SettingsDocument = z.object({
  segments: z
    .array(
      z.object({
        segment: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
        policy: z.string().min(1),
        when: z
          .object({
            tag: z.string().min(1).optional(),
            riskScoreAtLeast: z.number().int().min(0).max(100).optional(),
            customerForDaysUnder: z.number().int().positive().optional(),
            exposureAtLeast: z.string().refine((text) => parseDecimal(text) !== undefined && !text.trim().startsWith('-'), 'an amount of 0 or more, e.g. "50000"').optional(),
          })
          .strict()
          .default({}),
      }),
    )
    .min(1),
  policies: z.record(z.string(), z.unknown()),
}).strict();

/** The settings a document describes, checked: known policies, unique segments, a catch-all last. */
export function creditSettingsFrom(document: unknown): CreditSettings {
  const parsed = SettingsDocument.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidSettingsError(`settings ${issue.path.join('.') || '(document)'}: ${issue.message}`);
  }
  const policies = Object.fromEntries(
    Object.entries(parsed.data.policies).map(([name, policy]) => {
      try {
        return [name, policyFrom(policy)];
      } catch (err) {
        if (err instanceof InvalidPolicyError) throw new InvalidSettingsError(`settings policy '${name}': ${err.message}`);
        throw err;
      }
    }),
  );
  const seen = new Set<string>();
  const segments = parsed.data.segments.map((rule): SegmentRule => {
    if (seen.has(rule.segment)) throw new InvalidSettingsError(`settings segment '${rule.segment}' is defined twice`);
    seen.add(rule.segment);
    if (!policies[rule.policy]) throw new InvalidSettingsError(`settings segment '${rule.segment}' names policy '${rule.policy}', which is not in policies`);
    const { exposureAtLeast, ...when } = rule.when;
    return { segment: rule.segment, policy: rule.policy, when: { ...when, ...(exposureAtLeast ? { exposureAtLeast: parseDecimal(exposureAtLeast)! } : {}) } };
  });
  const last = segments[segments.length - 1]!;
  if (Object.keys(last.when).length > 0) throw new InvalidSettingsError(`settings: the last segment ('${last.segment}') must have no conditions, so that every customer has a segment`);
  return { segments, policies };
}

/** What segment rules read of a customer. */
export interface SegmentFacts {
  readonly customer: Pick<CustomerProfile, 'tags' | 'firstInvoiceOn' | 'risk'>;
  /** Open receivables, in the customer's credit limit currency or its main one. */
  readonly exposure: Decimal;
  readonly today: IsoDate;
}

const matches = (rule: SegmentRule, facts: SegmentFacts): boolean => {
  const { tag, riskScoreAtLeast, customerForDaysUnder, exposureAtLeast } = rule.when;
  const { customer } = facts;
  if (tag !== undefined && !customer.tags.includes(tag)) return false;
  if (riskScoreAtLeast !== undefined && (customer.risk?.score ?? 0) < riskScoreAtLeast) return false;
  if (customerForDaysUnder !== undefined && (customer.firstInvoiceOn === null || daysBetween(customer.firstInvoiceOn, facts.today) >= customerForDaysUnder)) return false;
  if (exposureAtLeast !== undefined && compareDecimals(facts.exposure, exposureAtLeast) < 0) return false;
  return true;
};

/** The first rule a customer matches. */
export const segmentRuleFor = (rules: readonly SegmentRule[], facts: SegmentFacts): SegmentRule =>
  rules.find((rule) => matches(rule, facts)) ?? rules[rules.length - 1]!;

/** The segment a customer belongs in today, its exposure read from its invoices. */
export const segmentOf = (
  customer: SegmentFacts['customer'] & Pick<CustomerProfile, 'creditLimit'>,
  receivables: readonly Receivable[],
  rules: readonly SegmentRule[],
  today: IsoDate,
): SegmentRule => segmentRuleFor(rules, { customer, exposure: exposureIn(receivables, exposureCurrencyOf(customer, receivables), today), today });

/** The rule of a named segment (the customer's stored one); the catch-all when the settings no longer have it. */
export const ruleOfSegment = (rules: readonly SegmentRule[], segment: string): SegmentRule =>
  rules.find((rule) => rule.segment === segment) ?? rules[rules.length - 1]!;

/**
 * Policies whose content differs from the version in force: each becomes the next version of its
 * name, numbered past every version that name ever had (`highest`), so a label never means two policies.
 */
export function policiesToPublish(settings: CreditSettings, inForce: ReadonlyMap<string, PolicyVersion>, at: string, highest: ReadonlyMap<string, number> = new Map()): PolicyVersion[] {
  return Object.entries(settings.policies)
    .filter(([name, policy]) => JSON.stringify(inForce.get(name)?.policy) !== JSON.stringify(policy))
    .map(([name, policy]) => ({ name, version: Math.max(inForce.get(name)?.version ?? 0, highest.get(name) ?? 0) + 1, policy, publishedAt: at }));
}
