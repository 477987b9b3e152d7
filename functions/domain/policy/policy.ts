import { parseIsoDate, type IsoDate } from '../calendar';
import { compareDecimals, parseDecimal, type Decimal } from '../money';
import { STEP_KINDS, type CollectionsPolicy, type PolicyStep } from './types';

/** A policy that cannot be run: its message names the setting to fix. */
export class InvalidPolicyError extends Error {
  override readonly name = 'InvalidPolicyError';
}

/** The standard policy (`shared/spec/collections-policy.md`, "The standard policy"). */
export const STANDARD_POLICY: CollectionsPolicy = {
  steps: [
    { id: 'pre-due', kind: 'email', offsetDays: -3 },
    { id: 'reminder-1', kind: 'email', offsetDays: 3 },
    { id: 'reminder-2', kind: 'email', offsetDays: 14, claims: true },
    { id: 'call', kind: 'call-task', offsetDays: 21 },
    { id: 'final-notice', kind: 'email', offsetDays: 30, claims: true },
    { id: 'agency', kind: 'agency-handover', offsetDays: 45 },
    { id: 'legal', kind: 'legal-flag', offsetDays: 90 },
  ],
  holidays: [],
  promiseGraceDays: 2,
  callTaskExpiryDays: 7,
  defaultTermsDays: 30,
  claimsSchedule: [
    { id: 'claims-statement', kind: 'email', offsetDays: 0, claims: true },
    { id: 'claims-call', kind: 'call-task', offsetDays: 14 },
  ],
  waiveClaimsBelow: '5.00' as Decimal,
  planReminderDays: 3,
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const wholeDays = (value: unknown, setting: string, min: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidPolicyError(`policy ${setting} must be a whole number of days${min === 0 ? ' of 0 or more' : ''}, got ${JSON.stringify(value)}`);
  }
  return value;
};

const stepOf = (value: unknown, index: number): PolicyStep => {
  if (!isRecord(value)) throw new InvalidPolicyError(`policy step ${index + 1} must be an object { id, kind, offsetDays }`);
  const { id, kind, offsetDays, claims } = value;
  if (claims !== undefined && typeof claims !== 'boolean') throw new InvalidPolicyError(`policy step '${String(id)}' claims must be true or false, got ${JSON.stringify(claims)}`);
  if (typeof id !== 'string' || id.trim() === '') throw new InvalidPolicyError(`policy step ${index + 1} needs an id`);
  if (!STEP_KINDS.includes(kind as PolicyStep['kind'])) {
    throw new InvalidPolicyError(`policy step '${id}' has unknown kind ${JSON.stringify(kind)} (one of ${STEP_KINDS.join(', ')})`);
  }
  return { id, kind: kind as PolicyStep['kind'], offsetDays: wholeDays(offsetDays, `step '${id}' offsetDays`, Number.MIN_SAFE_INTEGER), ...(claims ? { claims } : {}) };
};

/**
 * The policy a document describes, the standard values filling what it omits; refuses steps out
 * of order, repeated step ids, unknown kinds and impossible holidays, naming the culprit.
 */
export function policyFrom(document: unknown): CollectionsPolicy {
  if (document === undefined || document === null) return STANDARD_POLICY;
  if (!isRecord(document)) throw new InvalidPolicyError('policy must be an object');
  const steps = document.steps === undefined ? STANDARD_POLICY.steps : document.steps;
  if (!Array.isArray(steps) || steps.length === 0) throw new InvalidPolicyError('policy steps must be a non-empty list');
  const parsed = stepsInOrder(steps.map(stepOf), 'steps');
  const claimsDocument = document.claimsSchedule ?? STANDARD_POLICY.claimsSchedule;
  if (!Array.isArray(claimsDocument)) throw new InvalidPolicyError('policy claimsSchedule must be a list of steps (it may be empty)');
  const claimsSchedule = stepsInOrder(claimsDocument.map(stepOf), 'claimsSchedule');
  const clash = claimsSchedule.find((step) => parsed.some((other) => other.id === step.id));
  if (clash) throw new InvalidPolicyError(`policy step id '${clash.id}' is used in both steps and claimsSchedule`);
  const escalation = claimsSchedule.find((step) => step.kind === 'agency-handover' || step.kind === 'legal-flag');
  if (escalation) throw new InvalidPolicyError(`claimsSchedule step '${escalation.id}' is a ${escalation.kind}: claims are collected by e-mail and call only`);
  const holidays = document.holidays ?? [];
  if (!Array.isArray(holidays)) throw new InvalidPolicyError('policy holidays must be a list of dates');
  const holidayDates = holidays.map((holiday): IsoDate => {
    const date = typeof holiday === 'string' ? parseIsoDate(holiday) : undefined;
    if (!date) throw new InvalidPolicyError(`policy holiday ${JSON.stringify(holiday)} is not a calendar date (YYYY-MM-DD)`);
    return date;
  });
  return {
    steps: parsed,
    holidays: holidayDates,
    promiseGraceDays: wholeDays(document.promiseGraceDays ?? STANDARD_POLICY.promiseGraceDays, 'promiseGraceDays', 0),
    callTaskExpiryDays: wholeDays(document.callTaskExpiryDays ?? STANDARD_POLICY.callTaskExpiryDays, 'callTaskExpiryDays', 0),
    defaultTermsDays: wholeDays(document.defaultTermsDays ?? STANDARD_POLICY.defaultTermsDays, 'defaultTermsDays', 0),
    claimsSchedule,
    waiveClaimsBelow: amountSetting(document.waiveClaimsBelow ?? STANDARD_POLICY.waiveClaimsBelow, 'waiveClaimsBelow'),
    planReminderDays: wholeDays(document.planReminderDays ?? STANDARD_POLICY.planReminderDays, 'planReminderDays', 0),
  };
}

const amountSetting = (value: unknown, setting: string): Decimal => {
  const amount = typeof value === 'string' && value.length <= 32 ? parseDecimal(value) : undefined;
  if (!amount || compareDecimals(amount, '0' as Decimal) < 0) {
    throw new InvalidPolicyError(`policy ${setting} must be an amount string of 0 or more, e.g. "5.00", got ${JSON.stringify(value)}`);
  }
  return amount;
};

/** Steps with unique ids, listed by non-decreasing offset. */
function stepsInOrder(parsed: readonly PolicyStep[], list: string): PolicyStep[] {
  const seen = new Set<string>();
  parsed.forEach((step, i) => {
    if (seen.has(step.id)) throw new InvalidPolicyError(`policy step id '${step.id}' is used twice`);
    seen.add(step.id);
    const before = parsed[i - 1];
    if (before && step.offsetDays < before.offsetDays) {
      throw new InvalidPolicyError(
        `policy ${list} out of order: '${step.id}' (offset ${step.offsetDays}) comes after '${before.id}' (offset ${before.offsetDays}); list steps by non-decreasing offsetDays`,
      );
    }
  });
  return [...parsed];
}
