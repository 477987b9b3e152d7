import type { IsoDate } from '../calendar';
import type { LedgerInvoice } from '../intake';
import { accruedInterest, claimTermsOf, type ClaimKind, type ClaimTerms, type InterestRules } from '../interest';
import { atLeastZero, compareDecimals, isPositive, plainDecimal, subtractDecimals, type Decimal } from '../money';
import { dueDateOfRecord, inDateOrder, movementsOf, type Standing } from './invoice';

/** What a step that claims late-payment interest states: the interest accrued to its day and the fixed compensation. */
export interface LateClaim {
  /** Accrued to the day, in the invoice's currency. */
  readonly interest: Decimal;
  /** The rate of the latest period: the reference rate plus the margin. */
  readonly referenceRatePercent: Decimal;
  readonly marginPercent: Decimal;
  /** Null when the law gives none for this debt (a consumer, another currency). */
  readonly compensation: { readonly amount: Decimal; readonly currency: string } | null;
  /** The law the claim rests on. */
  readonly law: string;
  /** What a payment pays first, then next, under that law. */
  readonly allocationOrder: readonly ClaimKind[];
}


/**
 * The statutory interest and compensation an invoice's seller may claim on a day: interest on what
 * was open each day since the due date (the receivables ledger's movements, so a part-payment
 * counts from the day it came), under the rule of the buyer's country. Null when nothing is late,
 * or no rule is known for the buyer's country.
 */
export function lateClaimOf<T extends { readonly type: string; readonly date: IsoDate }>(
  record: Pick<LedgerInvoice, 'invoice' | 'collections'>,
  events: readonly T[],
  day: IsoDate,
  rules: InterestRules,
  terms: ClaimTerms = claimTermsOf(null, record.invoice.buyer.address?.countryCode ?? null, rules),
): LateClaim | null {
  const billed = record.invoice.totals.due;
  const { party, jurisdiction } = terms;
  if (billed === null || !isPositive(billed) || jurisdiction === null) return null;
  const principal = [
    { on: record.invoice.issueDate, open: plainDecimal(billed) },
    ...movementsOf(billed, events).map((movement) => ({ on: movement.date, open: atLeastZero(movement.balanceAfter) })),
  ];
  const result = accruedInterest({ jurisdiction, party, currency: record.invoice.currency, dueDate: dueDateOfRecord(record), principal, asOf: day }, rules);
  const latest = result.ok ? result.accrual.periods.at(-1) : undefined;
  if (!result.ok || !latest) return null;
  return {
    interest: result.accrual.interest,
    referenceRatePercent: latest.referenceRatePercent,
    marginPercent: latest.marginPercent,
    compensation: result.accrual.compensation,
    law: result.accrual.law,
    allocationOrder: rules.jurisdictions[jurisdiction]!.allocationOrder,
  };
}

/**
 * What a claiming step books: the interest accrued to its day beyond what is booked already, and
 * the fixed compensation once. Null when there is nothing more to book.
 * @example claimToBook(standingWith10Booked, { interest: '12.50', compensation: { amount: '40.00', currency: 'EUR' }, ... }) // { interest: '2.5', costs: '40.00' }
 */
export function claimToBook(standing: Pick<Standing, 'claims'>, claim: LateClaim): { readonly interest: Decimal; readonly costs: Decimal } | null {
  const interest = atLeastZero(subtractDecimals(claim.interest, standing.claims.booked.interest));
  const costs = claim.compensation && !isPositive(standing.claims.booked.costs) ? claim.compensation.amount : ('0' as Decimal);
  return compareDecimals(interest, '0' as Decimal) > 0 || isPositive(costs) ? { interest, costs } : null;
}

/** One booking of late-payment claims, as the claiming step recorded it. */
export interface ClaimBooking {
  readonly date: IsoDate;
  /** The policy step that claimed them. */
  readonly step: string;
  /** The law the claim rests on. */
  readonly law: string;
  readonly interest: Decimal;
  readonly costs: Decimal;
}

/** A waiver of what was open of an invoice's claims: who gave it up, and why. */
export interface ClaimsWaiver {
  readonly date: IsoDate;
  readonly reason: string;
  /** A person, or `policy` for claims below its threshold. */
  readonly by: string;
}

type ClaimRecord = ({ readonly type: 'claim' } & ClaimBooking) | ({ readonly type: 'claims-waived' } & ClaimsWaiver);

// As with money facts, an event's type says what it carries.
const isClaimRecord = <T extends { readonly type: string }>(event: T): event is T & ClaimRecord => event.type === 'claim' || event.type === 'claims-waived';

/**
 * What was booked of an invoice's claims and what was waived, line by line up to a day, in the
 * order the facts count: the record a person reads beside the figures of `Standing.claims`.
 * Only the fields a person reads are taken, so nothing of how the ledger keeps an event leaks out.
 */
export function claimsRecordOf<T extends { readonly type: string; readonly date: IsoDate }>(
  events: readonly T[],
  day: IsoDate,
): { readonly bookings: readonly ClaimBooking[]; readonly waivers: readonly ClaimsWaiver[] } {
  const bookings: ClaimBooking[] = [];
  const waivers: ClaimsWaiver[] = [];
  for (const event of inDateOrder(events.filter((fact) => fact.date <= day)).filter(isClaimRecord)) {
    if (event.type === 'claim') bookings.push({ date: event.date, step: event.step, law: event.law, interest: event.interest, costs: event.costs });
    else waivers.push({ date: event.date, reason: event.reason, by: event.by });
  }
  return { bookings, waivers };
}
