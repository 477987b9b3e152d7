import { addDays, daysBetween, type IsoDate } from '../calendar';
import { openOn, type Receivable } from '../analytics';
import { daysOutstanding, isPositive, multiplyDecimals, oneDecimal, percentage, sumDecimals, toCents, type Decimal } from '../money';

/** An invoice with what its customer did about it: the payments, and the promises and disputes. */
export interface InvoiceHistory extends Receivable {
  readonly promises: readonly { readonly madeOn: IsoDate; readonly promisedDate: IsoDate }[];
  readonly disputedOn: readonly IsoDate[];
}

/** How a customer pays, over the year up to a day. */
export interface PaymentBehaviour {
  readonly asOf: IsoDate;
  /** Invoices settled in the year: paid in full, credited ones left out. */
  readonly settled: number;
  /** Mean days from due date to settlement, early counted as 0; null with nothing settled. */
  readonly averageDaysBeyondTerms: Decimal | null;
  /** The same, each invoice weighted by its amount. */
  readonly weightedDaysBeyondTerms: Decimal | null;
  /** Percent of settled invoices settled after their due date. */
  readonly shareLatePercent: Decimal | null;
  /** Promises in the year that came due with the invoice still open after the grace days. */
  readonly brokenPromises: number;
  readonly disputes: number;
  /** Open now and more than 60 days past due, per currency. */
  readonly longOverdue: Readonly<Record<string, Decimal>>;
  /** Weighted days beyond terms of invoices settled in the last 90 days, and in the 275 before. */
  readonly trend: { readonly recent: Decimal | null; readonly earlier: Decimal | null };
}

const YEAR_DAYS = 365;
const RECENT_DAYS = 90;
const LONG_OVERDUE_DAYS = 60;

/** The day the invoice was paid for good (a returned payment uncovers it); null while something is open, or when a credit settled it. */
export const settledOn = (invoice: Receivable): IsoDate | null => (invoice.settled?.by === 'paid' ? invoice.settled.on : null);

interface Settlement {
  readonly amount: Decimal;
  readonly on: IsoDate;
  readonly daysLate: number;
}

const weightedDays = (settlements: readonly Settlement[]): Decimal | null => {
  const total = sumDecimals(settlements.map((s) => s.amount));
  if (!isPositive(total)) return null;
  return daysOutstanding(sumDecimals(settlements.map((s) => multiplyDecimals(s.amount, String(s.daysLate) as Decimal))), total, 1);
};

/** A customer's payment behaviour over the year up to the day, from its invoices' histories. */
export function behaviourOf(invoices: readonly InvoiceHistory[], day: IsoDate, promiseGraceDays = 2): PaymentBehaviour {
  const yearStart = addDays(day, 1 - YEAR_DAYS);
  const recentStart = addDays(day, 1 - RECENT_DAYS);
  const settlements: Settlement[] = [];
  for (const invoice of invoices) {
    const on = settledOn(invoice);
    if (on === null || on > day || on < yearStart) continue;
    settlements.push({ amount: invoice.amount, on, daysLate: Math.max(0, daysBetween(invoice.dueDate, on)) });
  }
  const late = settlements.filter((s) => s.daysLate > 0).length;
  const brokenPromises = invoices
    .flatMap((invoice) => invoice.promises.map((promise) => ({ invoice, promise })))
    .filter(({ promise }) => promise.madeOn >= yearStart && addDays(promise.promisedDate, promiseGraceDays) < day)
    .filter(({ invoice, promise }) => isPositive(openOn(invoice, addDays(promise.promisedDate, promiseGraceDays)))).length;
  const longOverdue: Record<string, Decimal[]> = {};
  for (const invoice of invoices) {
    const open = openOn(invoice, day);
    if (isPositive(open) && daysBetween(invoice.dueDate, day) > LONG_OVERDUE_DAYS) (longOverdue[invoice.currency] ??= []).push(open);
  }
  return {
    asOf: day,
    settled: settlements.length,
    averageDaysBeyondTerms: settlements.length ? oneDecimal(String(settlements.reduce((sum, s) => sum + s.daysLate, 0) / settlements.length) as Decimal) : null,
    weightedDaysBeyondTerms: weightedDays(settlements),
    shareLatePercent: settlements.length ? percentage(String(late) as Decimal, String(settlements.length) as Decimal) : null,
    brokenPromises,
    disputes: invoices.flatMap((invoice) => invoice.disputedOn).filter((date) => date >= yearStart && date <= day).length,
    longOverdue: Object.fromEntries(Object.entries(longOverdue).map(([currency, amounts]) => [currency, toCents(sumDecimals(amounts))])),
    trend: { recent: weightedDays(settlements.filter((s) => s.on >= recentStart)), earlier: weightedDays(settlements.filter((s) => s.on < recentStart)) },
  };
}

export type RiskFactor = 'days-beyond-terms' | 'paid-late' | 'broken-promises' | 'disputes' | 'long-overdue' | 'paying-later';

/** One part of a risk score, and the sentence a credit manager reads. */
export interface RiskReason {
  readonly factor: RiskFactor;
  readonly points: number;
  readonly text: string;
}

export type RiskGrade = 'low' | 'medium' | 'high';

export interface RiskAssessment {
  readonly asOf: IsoDate;
  /** 0 (no sign of risk) to 100. */
  readonly score: number;
  readonly grade: RiskGrade;
  /** Largest part first. */
  readonly reasons: readonly RiskReason[];
  readonly behaviour: PaymentBehaviour;
}

/** A customer who paid within this many days beyond terms, and now pays this many more, is drifting. */
const PUNCTUAL_DAYS = 5;
const DRIFT_DAYS = 10;

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

const gradeOf = (score: number): RiskGrade => (score >= 50 ? 'high' : score >= 25 ? 'medium' : 'low');

/**
 * The risk score and its reasons. Each factor adds points, capped, and the total is capped at 100:
 * days beyond terms (amount-weighted), 1 a day up to 30; share paid late, 1 per 5 % up to 20;
 * broken promises, 10 each up to 20; disputes, 5 each up to 10; anything over 60 days past due, 10;
 * paying later (punctual before, 10 or more days later in the last 90 days), 15.
 */
export function riskOf(behaviour: PaymentBehaviour): RiskAssessment {
  const reasons: RiskReason[] = [];
  const add = (factor: RiskFactor, points: number, text: string) => {
    if (points > 0) reasons.push({ factor, points, text });
  };
  const weighted = behaviour.weightedDaysBeyondTerms;
  if (weighted !== null) {
    add('days-beyond-terms', Math.min(30, Math.floor(Number(weighted))), `pays ${weighted} days beyond terms on average, weighted by amount (${plural(behaviour.settled, 'invoice', 'invoices')} settled in the last year)`);
  }
  if (behaviour.shareLatePercent !== null) {
    add('paid-late', Math.min(20, Math.floor(Number(behaviour.shareLatePercent) / 5)), `paid ${behaviour.shareLatePercent} % of its invoices after the due date`);
  }
  add('broken-promises', Math.min(20, 10 * behaviour.brokenPromises), `broke ${plural(behaviour.brokenPromises, 'promise', 'promises')} to pay in the last year`);
  add('disputes', Math.min(10, 5 * behaviour.disputes), `raised ${plural(behaviour.disputes, 'dispute', 'disputes')} in the last year`);
  const overdue = Object.entries(behaviour.longOverdue);
  if (overdue.length > 0) add('long-overdue', 10, `has ${overdue.map(([currency, amount]) => `${currency} ${amount}`).join(' and ')} more than 60 days past due`);
  const { recent, earlier } = behaviour.trend;
  if (recent !== null && earlier !== null && Number(earlier) <= PUNCTUAL_DAYS && Number(recent) - Number(earlier) >= DRIFT_DAYS) {
    add('paying-later', 15, `has started paying late: ${recent} days beyond terms in the last 90 days against ${earlier} before`);
  }
  reasons.sort((a, b) => b.points - a.points);
  const score = Math.min(100, reasons.reduce((sum, reason) => sum + reason.points, 0));
  return { asOf: behaviour.asOf, score, grade: gradeOf(score), reasons, behaviour };
}

/** What changed between two assessments, in words; empty when nothing a person would notice did. */
export function riskChanges(before: RiskAssessment | null, after: RiskAssessment): string[] {
  const changes: string[] = [];
  const previousScore = before?.score ?? 0;
  if (before === null) changes.push(`first assessment: score ${after.score} (${after.grade})`);
  else if (previousScore !== after.score) changes.push(`score ${previousScore} → ${after.score}${before.grade !== after.grade ? ` (${before.grade} → ${after.grade})` : ''}`);
  const factors = (assessment: RiskAssessment | null) => new Set((assessment?.reasons ?? []).map((reason) => reason.factor));
  const was = factors(before);
  const is = factors(after);
  for (const reason of after.reasons) if (!was.has(reason.factor) && before !== null) changes.push(`new: ${reason.text}`);
  for (const reason of before?.reasons ?? []) if (!is.has(reason.factor)) changes.push(`gone: ${reason.text}`);
  return changes;
}
