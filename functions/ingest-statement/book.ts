import type { Logger } from '@aws-lambda-powertools/logger';
import type { LedgerStores, StatementReceipt } from '../adapters/ledger';
import { today, type Clock } from '../domain/clock';
import {
  bookedPaymentOf,
  decisionOfCredit,
  decisionOfReturn,
  effectsOf,
  kindOfLine,
  statementLines,
  type BookedLine,
  type Decision,
  type LineAllocation,
  type StatementLine,
} from '../domain/banking';
import { buildMatchIndex, buildReturnIndex, matchCredit, matchReturn, referencesOf, type CustomerHints, type OpenItem } from '../domain/matching';
import { addDecimals, compareDecimals, isPositive, subtractDecimals, type Decimal } from '../domain/money';
import { dueDateOfRecord, standingOfRecord } from '../domain/receivables';
import { allocateCredit } from '../accounts/account';
import { entryIdentities, type BankStatementFile } from '../domain/statements';
import { recordEvent, type RecordEventDeps } from '../record-event/record';

export interface BookingDeps extends RecordEventDeps {
  readonly ledger: RecordEventDeps['ledger'] & Pick<LedgerStores, 'bank' | 'accounts' | 'snapshot' | 'invoices'>;
  readonly clock: Clock;
  /** The confidence from which a match is booked without a person. */
  readonly matchThreshold: number;
  /** Allocate a customer's unapplied cash to its open invoices, oldest first, as soon as it has some. */
  readonly autoAllocate: boolean;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
}

/** What booking a statement file did, line by line, for the receipt and the log. */
export type BookingSummary = Omit<StatementReceipt, 'sha256' | 'archiveKey' | 'receivedAt' | 'format'>;

/** Everything matching reads, gathered once per statement file. */
interface MatchingContext {
  readonly index: ReturnType<typeof buildMatchIndex>;
  readonly returns: ReturnType<typeof buildReturnIndex>;
  readonly customerOfPayment: ReadonlyMap<string, string>;
  /** What is still open per invoice as the file's lines are booked: two lines never pay one invoice twice. */
  readonly remaining: Map<string, Decimal>;
}

const keyId = (key: { readonly sellerKey: string; readonly number: string }): string => `${key.sellerKey}\n${key.number}`;

async function matchingContext(deps: BookingDeps): Promise<MatchingContext> {
  const day = today(deps.clock);
  const [snapshot, payers, payments] = await Promise.all([deps.ledger.snapshot.read(), deps.ledger.bank.payers(), deps.ledger.bank.payments()]);
  const openItems: OpenItem[] = [];
  for (const { record, events } of snapshot.invoices) {
    if (record.invoice.kind !== 'invoice') continue;
    const open = standingOfRecord(record, events, day).open;
    if (!isPositive(open)) continue;
    openItems.push({
      key: record.key,
      customerId: record.customerId,
      number: record.invoice.number,
      currency: record.invoice.currency,
      openAmount: open,
      dueDate: dueDateOfRecord(record),
      issueDate: record.invoice.issueDate,
      ...referencesOf(record),
    });
  }
  const hints = new Map<string, { names: string[]; ibans: string[] }>(snapshot.customers.map((customer) => [customer.id, { names: [customer.name], ibans: [] }]));
  for (const payer of payers) {
    const hint = hints.get(payer.customerId) ?? { names: [], ibans: [] };
    if (payer.name) hint.names.push(payer.name);
    if (payer.iban) hint.ibans.push(payer.iban);
    hints.set(payer.customerId, hint);
  }
  const customers: CustomerHints[] = [...hints].map(([customerId, hint]) => ({ customerId, ...hint }));
  return {
    index: buildMatchIndex(openItems, customers),
    returns: buildReturnIndex(payments),
    customerOfPayment: new Map(payments.map((payment) => [payment.paymentId, payment.customerId])),
    remaining: new Map(openItems.map((item) => [keyId(item.key), item.openAmount])),
  };
}

/** A matched payment limited to what is still open after the file's earlier lines; the rest is unapplied cash. */
function withinRemaining(decision: Decision, remaining: Map<string, Decimal>): Decision {
  if (decision.kind !== 'payment') return decision;
  let unapplied = decision.unapplied;
  const allocations: LineAllocation[] = [];
  for (const allocation of decision.allocations) {
    const left = remaining.get(keyId(allocation.key)) ?? ('0' as Decimal);
    const amount = compareDecimals(allocation.amount, left) <= 0 ? allocation.amount : left;
    if (isPositive(amount)) allocations.push({ key: allocation.key, amount });
    unapplied = addDecimals(unapplied, subtractDecimals(allocation.amount, amount));
    remaining.set(keyId(allocation.key), subtractDecimals(left, amount));
  }
  return { ...decision, allocations, unapplied };
}

/** The decision matching takes on a line not booked before. */
function decide(line: StatementLine, context: MatchingContext, deps: BookingDeps, at: string): Pick<BookedLine, 'credit' | 'debit' | 'decision'> {
  const kind = kindOfLine(line);
  if (kind.kind === 'credit') {
    const decision = withinRemaining(decisionOfCredit(matchCredit(context.index, kind.entry, { threshold: deps.matchThreshold }), at), context.remaining);
    return { credit: kind.entry, decision };
  }
  if (kind.kind === 'return') {
    const decision = decisionOfReturn(matchReturn(context.returns, kind.entry), (paymentLineId) => context.customerOfPayment.get(paymentLineId) ?? '', at);
    return { debit: kind.entry, decision };
  }
  return { decision: { kind: 'other', reason: kind.reason } };
}

/**
 * Books every line of a statement file once, however often and in whatever overlapping files it
 * comes: a line booked before keeps its first decision, and what that decision records is
 * recorded again under the same ids, which records nothing twice (a retry completes a crash).
 */
export async function bookStatement(file: BankStatementFile, sourceFile: string, deps: BookingDeps): Promise<BookingSummary> {
  const lines = statementLines(file, entryIdentities(file));
  const at = deps.clock.now().toISOString();
  let context: MatchingContext | null = null;
  const summary = { statements: file.statements.length, lines: lines.length, newLines: 0, payments: 0, returns: 0, unmatched: 0, other: 0 };
  for (const line of lines) {
    let booked = await deps.ledger.bank.get(line.lineId);
    if (!booked) {
      context ??= await matchingContext(deps);
      const { details: _details, ...kept } = line;
      booked = await deps.ledger.bank.book({ line: kept, ...decide(line, context, deps, at), sourceFile, bookedAt: at });
      summary.newLines++;
    }
    const kind = booked.decision.kind;
    summary[kind === 'payment' ? 'payments' : kind === 'return' ? 'returns' : kind]++;
    await applyDecision(booked, deps);
  }
  return summary;
}

/**
 * Records what a booked line's decision means: payments and returns on the invoices (waking or
 * reopening their runs), unapplied cash on the customer, the payment kept for returns and its
 * payer for the next match; then, with the setting, the customer's credit allocated.
 */
export async function applyDecision(booked: BookedLine, deps: BookingDeps): Promise<void> {
  const { decision } = booked;
  if (decision.kind !== 'payment' && decision.kind !== 'return') return;
  const taken = decision.kind === 'return' ? await deps.ledger.bank.get(decision.paymentLineId) : undefined;
  const effects = effectsOf(booked, taken?.decision.kind === 'payment' ? taken.decision.allocations : []);
  for (const { key, id, event } of effects.events) {
    const result = await recordEvent(key, event, id, deps);
    if ('refused' in result) deps.logger.warn('bank line not applied to an invoice', { lineId: booked.line.lineId, invoiceNumber: key.number, code: result.refused.code });
  }
  for (const { customerId, fact } of effects.accountFacts) await deps.ledger.accounts.record(customerId, fact);
  if (decision.kind === 'payment') {
    const payment = bookedPaymentOf(booked);
    if (payment) await deps.ledger.bank.rememberPayment(payment);
    const name = booked.credit?.counterpartyName;
    const iban = booked.credit?.counterpartyIban;
    if (name || iban) await deps.ledger.bank.rememberPayer(decision.customerId, { ...(name ? { name } : {}), ...(iban ? { iban } : {}) });
  }
  if (deps.autoAllocate && decision.customerId) await allocateCredit(decision.customerId, `auto:${booked.line.lineId}`, deps);
}

