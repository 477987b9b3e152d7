import { addDays, type IsoDate } from '../calendar';
import type { LedgerInvoice } from '../intake';
import { allocatePayment, type ClaimKind } from '../interest';
import { addDecimals, atLeastZero, compareDecimals, inCurrencyDigits, isPositive, negate, plainDecimal, subtractDecimals, type Decimal } from '../money';

/** The terms an invoice without BT-9 gets when nothing else is known of them (the standard policy's). */
export const STANDARD_TERMS_DAYS = 30;

/**
 * The day an invoice falls due: BT-9, or the issue date plus the default terms of the policy in
 * force when it entered. Ingest fixes it on the ledger record; every reader takes it from there.
 * @example dueDateOf({ issueDate: '2026-01-01', dueDate: null }, 30) // '2026-01-31'
 */
export const dueDateOf = (invoice: { readonly issueDate: IsoDate; readonly dueDate: IsoDate | null }, defaultTermsDays: number): IsoDate =>
  invoice.dueDate ?? addDays(invoice.issueDate, defaultTermsDays);

/** A ledger invoice's due date, as its ingest fixed it (records from before it was kept get the standard terms). */
export const dueDateOfRecord = (record: Pick<LedgerInvoice, 'invoice' | 'collections'>): IsoDate =>
  record.collections.dueDate ?? dueDateOf(record.invoice, STANDARD_TERMS_DAYS);

/**
 * A fact that moves what an invoice's customer owes on it. Payments and allocations of the
 * customer's credit lower it, a returned payment raises it again, a credit note credits part or
 * all of it; an upheld dispute cancels it (what was paid becomes the customer's credit), one
 * upheld in part credits that part, a write-off credits what is open that day, an agency's recovery pays what is open that day. A dispute (raised, or reported on a call) moves nothing, but only an
 * open one can be upheld.
 */
export type MoneyFact =
  | { readonly type: 'payment'; readonly date: IsoDate; readonly amount: Decimal }
  | { readonly type: 'payment-returned'; readonly date: IsoDate; readonly amount: Decimal }
  | { readonly type: 'allocation'; readonly date: IsoDate; readonly amount: Decimal }
  | { readonly type: 'credit-note'; readonly date: IsoDate; readonly amount: Decimal }
  | { readonly type: 'write-off'; readonly date: IsoDate }
  | { readonly type: 'dispute'; readonly date: IsoDate }
  | { readonly type: 'call-outcome'; readonly date: IsoDate; readonly outcome: string }
  | { readonly type: 'dispute-resolved'; readonly date: IsoDate; readonly outcome: 'rejected' | 'upheld' }
  | { readonly type: 'dispute-resolved'; readonly date: IsoDate; readonly outcome: 'upheld-in-part'; readonly amount: Decimal }
  | { readonly type: 'agency-result'; readonly date: IsoDate; readonly outcome: 'recovered' | 'unrecoverable' }
  /** Late-payment claims booked on the invoice: interest accrued since the last booking and the fixed compensation; `order` is how the law has payments go to them. */
  | { readonly type: 'claim'; readonly date: IsoDate; readonly interest: Decimal; readonly costs: Decimal; readonly order: readonly ClaimKind[] }
  /** A person (or the policy, for claims below its threshold) gives up what is open of the claims. */
  | { readonly type: 'claims-waived'; readonly date: IsoDate };

/** The late-payment claims an invoice carries beside its principal: the fixed compensation (costs) and interest. */
export interface ClaimFigures {
  readonly costs: Decimal;
  readonly interest: Decimal;
}

/** Where an invoice's claims stand: booked, paid, waived, and what is open of them. */
export interface ClaimsStanding {
  readonly booked: ClaimFigures;
  readonly paid: ClaimFigures;
  readonly waived: ClaimFigures;
  readonly open: ClaimFigures;
  /** What a payment pays first, then next, under the rule the claims were booked by (principal first before any). */
  readonly order: readonly ClaimKind[];
}

/** What settled an invoice: money (paid), a credit (credited), or a decision not to collect (written off). */
export type SettledBy = 'paid' | 'credited' | 'written-off';

/** Where an invoice's money stands: billed less paid less credited is the balance, which may go below zero (an over-payment). */
export interface Standing {
  /** BT-115 as billed. */
  readonly billed: Decimal;
  /** Received for it, net of returns (allocations of the customer's credit included). */
  readonly paid: Decimal;
  /** Credited by credit notes, upheld disputes and write-offs. */
  readonly credited: Decimal;
  /** Billed less paid less credited: below zero when more came in than was owed. */
  readonly balance: Decimal;
  /** What the customer still owes on it: the balance, never below zero. */
  readonly open: Decimal;
  /** What came in beyond the balance: the customer's unapplied cash. */
  readonly overpaid: Decimal;
  /** Null while something is open; otherwise what brought it to zero. */
  readonly settledBy: SettledBy | null;
  readonly settledOn: IsoDate | null;
  /** A dispute is open: raised and not yet resolved. */
  readonly disputed: boolean;
  /** The late-payment claims, apart from the principal above: `open`, `balance` and `settledBy` are the principal's alone. */
  readonly claims: ClaimsStanding;
}

/** One line of an invoice's money history: what moved its balance, by how much (negative lowers it), and where it stood after. */
export interface Movement {
  readonly date: IsoDate;
  readonly type: MoneyFact['type'];
  readonly change: Decimal;
  readonly balanceAfter: Decimal;
  /** How much the open claims moved (booked, paid, waived), and what is open of them after. */
  readonly claimsChange: Decimal;
  readonly claimsOpenAfter: Decimal;
}

const ZERO = '0' as Decimal;
const NO_CLAIMS: ClaimFigures = { costs: ZERO, interest: ZERO };
/** Before any claim is booked, a payment goes to the principal; the same when a law says nothing else. */
const PRINCIPAL_FIRST: readonly ClaimKind[] = ['principal', 'interest', 'costs'];
const NOTHING_CLAIMED: ClaimsStanding = { booked: NO_CLAIMS, paid: NO_CLAIMS, waived: NO_CLAIMS, open: NO_CLAIMS, order: PRINCIPAL_FIRST };

const plusFigures = (a: ClaimFigures, b: ClaimFigures): ClaimFigures => ({ costs: addDecimals(a.costs, b.costs), interest: addDecimals(a.interest, b.interest) });

/** Claims after some are booked, paid (negative: a payment returned) or waived. */
function claimsAfter(claims: ClaimsStanding, moved: { booked?: ClaimFigures; paid?: ClaimFigures; waived?: ClaimFigures; order?: readonly ClaimKind[] }): ClaimsStanding {
  const booked = plusFigures(claims.booked, moved.booked ?? NO_CLAIMS);
  const paid = plusFigures(claims.paid, moved.paid ?? NO_CLAIMS);
  const waived = plusFigures(claims.waived, moved.waived ?? NO_CLAIMS);
  const openOf = (kind: keyof ClaimFigures): Decimal => subtractDecimals(subtractDecimals(booked[kind], paid[kind]), waived[kind]);
  return { booked, paid, waived, open: { costs: openOf('costs'), interest: openOf('interest') }, order: moved.order ?? claims.order };
}

/** What is open of an invoice's claims, interest and compensation together. */
export const openClaimsOf = (standing: Pick<Standing, 'claims'>): Decimal => addDecimals(standing.claims.open.costs, standing.claims.open.interest);

const standingFrom = (
  billed: Decimal,
  paid: Decimal,
  credited: Decimal,
  settled: { by: SettledBy; on: IsoDate } | null,
  disputed: boolean,
  claims: ClaimsStanding,
): Standing => {
  const balance = subtractDecimals(subtractDecimals(billed, paid), credited);
  const open = atLeastZero(balance);
  return {
    billed,
    paid,
    credited,
    balance,
    open,
    overpaid: atLeastZero(negate(balance)),
    settledBy: isPositive(open) ? null : (settled?.by ?? 'paid'),
    settledOn: isPositive(open) ? null : (settled?.on ?? null),
    disputed,
    claims,
  };
};

/** An invoice before any money moved. */
export const unsettled = (billed: Decimal): Standing => standingFrom(billed, ZERO, ZERO, null, false, NOTHING_CLAIMED);

/** What a fact moves: into paid or into credited, what it does to the claims, and what it settles the invoice as should it bring it to zero. */
interface Effect {
  readonly paid: Decimal;
  readonly credited: Decimal;
  readonly by: SettledBy;
  readonly claims: ClaimsStanding;
}

/** Money in goes to the principal and the claims in the order the law gives; what is left beyond all of them is an over-payment of the principal. */
function paymentOf(standing: Standing, amount: Decimal): Effect {
  const { applied, unapplied } = allocatePayment(amount, { ...standing.claims.open, principal: standing.open }, standing.claims.order);
  const claims = claimsAfter(standing.claims, { paid: { costs: applied.costs, interest: applied.interest } });
  return { paid: addDecimals(applied.principal, unapplied), credited: ZERO, by: 'paid', claims };
}

/** Money taken back comes off what a payment reaches last first (the claims under principal first, the principal under § 367 BGB). */
function returnOf(standing: Standing, amount: Decimal): Effect {
  let left = amount;
  const taken: Record<ClaimKind, Decimal> = { costs: ZERO, interest: ZERO, principal: ZERO };
  for (const kind of [...standing.claims.order].reverse()) {
    const held = atLeastZero(kind === 'principal' ? standing.paid : standing.claims.paid[kind]);
    const take = compareDecimals(left, held) < 0 ? left : held;
    taken[kind] = take;
    left = subtractDecimals(left, take);
  }
  // More taken back than was paid (the acceptance rules refuse it, old data may not) reopens the principal by the rest.
  taken.principal = addDecimals(taken.principal, left);
  const claims = claimsAfter(standing.claims, { paid: { costs: negate(taken.costs), interest: negate(taken.interest) } });
  return { paid: negate(taken.principal), credited: ZERO, by: 'paid', claims };
}

function effectOf(standing: Standing, fact: MoneyFact): Effect | null {
  const unchangedClaims = standing.claims;
  const waiveAll = (): ClaimsStanding => claimsAfter(standing.claims, { waived: standing.claims.open });
  switch (fact.type) {
    case 'payment':
    case 'allocation':
      return paymentOf(standing, fact.amount);
    case 'payment-returned':
      return returnOf(standing, fact.amount);
    case 'credit-note':
      return { paid: ZERO, credited: fact.amount, by: 'credited', claims: unchangedClaims };
    case 'write-off':
      return { paid: ZERO, credited: standing.open, by: 'written-off', claims: waiveAll() };
    case 'dispute-resolved':
      if (!standing.disputed || fact.outcome === 'rejected') return null;
      // Upheld in part, that part is credited like a credit note: the rest stays owed, and the claims booked on it.
      if (fact.outcome === 'upheld-in-part') return { paid: ZERO, credited: fact.amount, by: 'credited', claims: unchangedClaims };
      // Upheld, the invoice is cancelled: all of it is credited, whatever was paid on it becomes the customer's credit, and no claim rests on it.
      return { paid: ZERO, credited: subtractDecimals(standing.billed, standing.credited), by: 'credited', claims: waiveAll() };
    case 'agency-result': {
      if (fact.outcome !== 'recovered') return null;
      // The agency recovers everything open, the claims with the principal.
      const claims = claimsAfter(standing.claims, { paid: standing.claims.open });
      return { paid: standing.open, credited: ZERO, by: 'paid', claims };
    }
    case 'claim':
      return { paid: ZERO, credited: ZERO, by: 'paid', claims: claimsAfter(standing.claims, { booked: { costs: fact.costs, interest: fact.interest }, order: fact.order }) };
    case 'claims-waived':
      return { paid: ZERO, credited: ZERO, by: 'paid', claims: waiveAll() };
    case 'dispute':
    case 'call-outcome':
      return null;
  }
}

/**
 * The standing after one more fact: the one computation of what an invoice owes. The collections
 * run, the reminders, exposure, the reports and the console all reach it through here.
 */
export function applyMoney(standing: Standing, fact: MoneyFact): Standing {
  const disputed = disputedAfter(standing.disputed, fact);
  const effect = effectOf(standing, fact);
  if (!effect) return disputed === standing.disputed ? standing : { ...standing, disputed };
  const paid = addDecimals(standing.paid, effect.paid);
  const credited = addDecimals(standing.credited, effect.credited);
  const wasOpen = isPositive(standing.open);
  const after = standingFrom(standing.billed, paid, credited, null, disputed, effect.claims);
  if (isPositive(after.open)) return after;
  // A later payment leaves it settled as it was; a later credit (a paid invoice cancelled) makes it credited from that day.
  const keeps = !wasOpen && standing.settledBy !== null && (effect.by === 'paid' || effect.by === standing.settledBy);
  const settled = keeps ? { by: standing.settledBy!, on: standing.settledOn ?? fact.date } : { by: effect.by, on: fact.date };
  return standingFrom(standing.billed, paid, credited, settled, disputed, effect.claims);
}

/** A dispute opens with a dispute raised or reported on a call, and closes when it is resolved either way. */
const disputedAfter = (disputed: boolean, fact: MoneyFact): boolean => {
  if (fact.type === 'dispute' || (fact.type === 'call-outcome' && fact.outcome === 'dispute')) return true;
  return fact.type === 'dispute-resolved' ? false : disputed;
};

/** Whether an event bears on what an invoice owes: the others (a promise) change how it is chased, not what it owes. */
export const isMoneyFact = <T extends { readonly type: string }>(event: T): event is T & MoneyFact =>
  MONEY_FACT_TYPES.has(event.type);
const MONEY_FACT_TYPES: ReadonlySet<string> = new Set<MoneyFact['type']>([
  'payment',
  'payment-returned',
  'allocation',
  'credit-note',
  'write-off',
  'dispute',
  'call-outcome',
  'dispute-resolved',
  'agency-result',
  'claim',
  'claims-waived',
]);

/** Facts in the order they count: by date, and in the order recorded within a day. */
export const inDateOrder = <T extends { readonly date: IsoDate }>(facts: readonly T[]): T[] =>
  facts.map((fact, index) => ({ fact, index })).sort((a, b) => a.fact.date.localeCompare(b.fact.date) || a.index - b.index).map(({ fact }) => fact);

/**
 * An invoice's standing at the end of a day, from its facts in the order they were recorded;
 * facts dated later are not known yet.
 * @example standingOn('1000.00', [{ type: 'payment', date: '2026-02-01', amount: '1050.00' }], '2026-02-28').overpaid // '50'
 */
export const standingOn = <T extends { readonly type: string; readonly date: IsoDate }>(billed: Decimal, events: readonly T[], day: IsoDate): Standing =>
  inDateOrder(events.filter((event) => event.date <= day && isMoneyFact(event)) as unknown as MoneyFact[]).reduce(applyMoney, unsettled(billed));

/** What a ledger invoice bills: BT-115, nothing for a document without one. */
const billedOf = (record: Pick<LedgerInvoice, 'invoice'>): Decimal => record.invoice.totals.due ?? ZERO;

/** A ledger invoice's standing at the end of a day: what it bills after its facts. */
export const standingOfRecord = <T extends { readonly type: string; readonly date: IsoDate }>(
  record: Pick<LedgerInvoice, 'invoice'>,
  events: readonly T[],
  day: IsoDate,
): Standing => standingOn(billedOf(record), events, day);

/** What is open on a ledger invoice at the end of a day, written in its currency's digits: the amount a reminder, a call task or a handover asks for. */
export const amountToCollect = <T extends { readonly type: string; readonly date: IsoDate }>(
  record: Pick<LedgerInvoice, 'invoice'>,
  events: readonly T[],
  day: IsoDate,
): Decimal => inCurrencyDigits(standingOfRecord(record, events, day).open, record.invoice.currency);

/** Every movement of an invoice's balance, in date order: the history a statement of account and the reports read. */
export function movementsOf<T extends { readonly type: string; readonly date: IsoDate }>(billed: Decimal, events: readonly T[]): Movement[] {
  const movements: Movement[] = [];
  let standing = unsettled(billed);
  for (const fact of inDateOrder(events.filter(isMoneyFact) as unknown as MoneyFact[])) {
    const next = applyMoney(standing, fact);
    const change = subtractDecimals(next.balance, standing.balance);
    const claimsOpenAfter = openClaimsOf(next);
    const claimsChange = subtractDecimals(claimsOpenAfter, openClaimsOf(standing));
    if (change !== '0' || claimsChange !== '0') movements.push({ date: fact.date, type: fact.type, change, balanceAfter: next.balance, claimsChange, claimsOpenAfter });
    standing = next;
  }
  return movements;
}

/** Every movement of a ledger invoice, from what it bills: the lines a statement of account lists. */
export const movementsOfRecord = <T extends { readonly type: string; readonly date: IsoDate }>(record: Pick<LedgerInvoice, 'invoice'>, events: readonly T[]): Movement[] =>
  movementsOf(billedOf(record), events);

/** An invoice's money history: every movement, and what settled it, if it is settled now. */
export interface MoneyHistory {
  readonly movements: readonly Movement[];
  readonly settled: { readonly by: SettledBy; readonly on: IsoDate } | null;
}

/** The money history of an invoice billed at an amount, from all its facts. */
export function moneyHistoryOf<T extends { readonly type: string; readonly date: IsoDate }>(billed: Decimal, events: readonly T[]): MoneyHistory {
  const movements = movementsOf(billed, events);
  const last = movements.at(-1);
  const final = last ? standingOn(billed, events, last.date) : unsettled(billed);
  return { movements, settled: final.settledBy && final.settledOn ? { by: final.settledBy, on: final.settledOn } : null };
}

/**
 * What an invoice owed at the end of a day, from its movements: the open amount the reports read
 * for every day of a period without folding the facts again.
 */
export const openFromMovements = (billed: Decimal, movements: readonly Movement[], day: IsoDate): Decimal => {
  let balance = plainDecimal(billed);
  for (const movement of movements) {
    if (movement.date > day) break;
    balance = movement.balanceAfter;
  }
  return atLeastZero(balance);
};

/** What is open of an invoice's late-payment claims at the end of a day, from its movements (claims are booked only once it is late). */
export const claimsOpenFromMovements = (movements: readonly Movement[], day: IsoDate): Decimal => {
  let open = ZERO;
  for (const movement of movements) {
    if (movement.date > day) break;
    open = movement.claimsOpenAfter;
  }
  return open;
};
