import { addDays, type IsoDate } from '../calendar';
import type { LedgerInvoice } from '../intake';
import { addDecimals, atLeastZero, inCurrencyDigits, isPositive, negate, plainDecimal, subtractDecimals, type Decimal } from '../money';

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
 * all of it; an upheld dispute cancels it (what was paid becomes the customer's credit), a
 * write-off credits what is open that day, an agency's recovery pays what is open that day. A dispute (raised, or reported on a call) moves nothing, but only an
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
  | { readonly type: 'agency-result'; readonly date: IsoDate; readonly outcome: 'recovered' | 'unrecoverable' };

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
}

/** One line of an invoice's money history: what moved its balance, by how much (negative lowers it), and where it stood after. */
export interface Movement {
  readonly date: IsoDate;
  readonly type: MoneyFact['type'];
  readonly change: Decimal;
  readonly balanceAfter: Decimal;
}

const ZERO = '0' as Decimal;

const standingFrom = (billed: Decimal, paid: Decimal, credited: Decimal, settled: { by: SettledBy; on: IsoDate } | null, disputed: boolean): Standing => {
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
  };
};

/** An invoice before any money moved. */
export const unsettled = (billed: Decimal): Standing => standingFrom(billed, ZERO, ZERO, null, false);

/** What a fact moves: into paid or into credited, and what it settles the invoice as should it bring it to zero. */
function effectOf(standing: Standing, fact: MoneyFact): { readonly paid: Decimal; readonly credited: Decimal; readonly by: SettledBy } | null {
  switch (fact.type) {
    case 'payment':
    case 'allocation':
      return { paid: fact.amount, credited: ZERO, by: 'paid' };
    case 'payment-returned':
      return { paid: negate(fact.amount), credited: ZERO, by: 'paid' };
    case 'credit-note':
      return { paid: ZERO, credited: fact.amount, by: 'credited' };
    case 'write-off':
      return { paid: ZERO, credited: standing.open, by: 'written-off' };
    case 'dispute-resolved':
      // Upheld, the invoice is cancelled: all of it is credited, and whatever was paid on it becomes the customer's credit.
      return fact.outcome === 'upheld' && standing.disputed ? { paid: ZERO, credited: subtractDecimals(standing.billed, standing.credited), by: 'credited' } : null;
    case 'agency-result':
      return fact.outcome === 'recovered' ? { paid: standing.open, credited: ZERO, by: 'paid' } : null;
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
  const after = standingFrom(standing.billed, paid, credited, null, disputed);
  if (isPositive(after.open)) return after;
  // A later payment leaves it settled as it was; a later credit (a paid invoice cancelled) makes it credited from that day.
  const keeps = !wasOpen && standing.settledBy !== null && (effect.by === 'paid' || effect.by === standing.settledBy);
  const settled = keeps ? { by: standing.settledBy!, on: standing.settledOn ?? fact.date } : { by: effect.by, on: fact.date };
  return standingFrom(standing.billed, paid, credited, settled, disputed);
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
]);

/** Facts in the order they count: by date, and in the order recorded within a day. */
const inDateOrder = <T extends { readonly date: IsoDate }>(facts: readonly T[]): T[] =>
  facts.map((fact, index) => ({ fact, index })).sort((a, b) => a.fact.date.localeCompare(b.fact.date) || a.index - b.index).map(({ fact }) => fact);

/**
 * An invoice's standing at the end of a day, from its facts in the order they were recorded;
 * facts dated later are not known yet.
 * @example standingOn('1000.00', [{ type: 'payment', date: '2026-02-01', amount: '1050.00' }], '2026-02-28').overpaid // '50'
 */
export const standingOn = <T extends { readonly type: string; readonly date: IsoDate }>(billed: Decimal, events: readonly T[], day: IsoDate): Standing =>
  inDateOrder(events.filter((event) => event.date <= day && isMoneyFact(event)) as unknown as MoneyFact[]).reduce(applyMoney, unsettled(billed));

/** A ledger invoice's standing at the end of a day: BT-115 (nothing for a document without one) after its facts. */
export const standingOfRecord = <T extends { readonly type: string; readonly date: IsoDate }>(
  record: Pick<LedgerInvoice, 'invoice'>,
  events: readonly T[],
  day: IsoDate,
): Standing => standingOn(record.invoice.totals.due ?? ZERO, events, day);

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
    if (change !== '0') movements.push({ date: fact.date, type: fact.type, change, balanceAfter: next.balance });
    standing = next;
  }
  return movements;
}

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
