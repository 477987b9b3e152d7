import type { IsoDate } from '../calendar';
import { openOn, type Receivable } from '../analytics';
import type { InvoiceKey } from '../intake';
import { escapeHtml, type EmailMessage } from '../reminders';
import { compareDecimals, subtractDecimals, sumDecimals, toCents, type Decimal } from '../money';
import type { CreditLimit, CustomerProfile } from './customers';

/** Exposure: what the customer owes at the end of the day in one currency, due or not. */
export const exposureIn = (receivables: readonly Receivable[], currency: string, day: IsoDate): Decimal =>
  toCents(sumDecimals(receivables.filter((r) => r.currency === currency).map((r) => openOn(r, day))));

/** An invoice's figures kept beside its customer: open and over-paid after `facts` facts (receivables' `balanceOf`). */
export interface InvoiceFigures {
  readonly currency: string;
  readonly open: Decimal;
  readonly overpaid: Decimal;
  /** How many facts they were worked out from: a later write from fewer facts is stale. */
  readonly facts: number;
}

/**
 * What the ledger keeps of each of a customer's invoices so that exposure is one read, however
 * many invoices the customer has.
 */
export interface InvoiceBalance extends InvoiceFigures {
  readonly key: InvoiceKey;
}

/** Exposure from balances: what is open, in one currency. */
export const exposureOfBalances = (balances: readonly InvoiceBalance[], currency: string): Decimal =>
  toCents(sumDecimals(balances.filter((b) => b.currency === currency).map((b) => b.open)));

/** The currency exposure is counted in: the credit limit's, else the one most of the customer's invoices are in. */
export const exposureCurrencyOf = (customer: Pick<CustomerProfile, 'creditLimit'>, receivables: readonly { readonly currency: string }[]): string => {
  if (customer.creditLimit) return customer.creditLimit.currency;
  const counts = new Map<string, number>();
  for (const receivable of receivables) counts.set(receivable.currency, (counts.get(receivable.currency) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'EUR';
};

/** Raised when an ingested invoice takes a customer's exposure past its credit limit. */
export interface CreditHoldAlert {
  readonly customerId: string;
  readonly customerName: string;
  readonly invoice: InvoiceKey;
  readonly raisedOn: IsoDate;
  readonly raisedAt: string;
  readonly limit: CreditLimit;
  readonly exposure: Decimal;
  readonly overBy: Decimal;
  /** False when the customer was already over its limit before this invoice. */
  readonly crossed: boolean;
}

/** The alert an invoice raises, if it takes the customer over its limit; none without a limit or within it. */
export function creditHoldFor(
  customer: Pick<CustomerProfile, 'id' | 'name' | 'creditLimit'>,
  invoice: { readonly key: InvoiceKey; readonly amount: Decimal; readonly currency: string },
  exposureAfter: Decimal,
  at: { readonly day: IsoDate; readonly instant: string },
): CreditHoldAlert | null {
  const limit = customer.creditLimit;
  if (!limit || limit.currency !== invoice.currency || compareDecimals(exposureAfter, limit.amount) <= 0) return null;
  const exposureBefore = subtractDecimals(exposureAfter, invoice.amount);
  return {
    customerId: customer.id,
    customerName: customer.name,
    invoice: invoice.key,
    raisedOn: at.day,
    raisedAt: at.instant,
    limit,
    exposure: toCents(exposureAfter),
    overBy: toCents(subtractDecimals(exposureAfter, limit.amount)),
    crossed: compareDecimals(exposureBefore, limit.amount) <= 0,
  };
}

/** The e-mail to the credit manager: who, by how much, and what to decide. */
export function creditHoldEmail(alert: CreditHoldAlert, to: string): EmailMessage {
  const { limit } = alert;
  const subject = `Credit hold: ${alert.customerName} is ${limit.currency} ${alert.overBy} over its limit`;
  const lines = [
    `Invoice ${alert.invoice.number}, ingested on ${alert.raisedOn}, takes ${alert.customerName} (${alert.customerId}) to an exposure of ${limit.currency} ${alert.exposure}.`,
    `Its credit limit is ${limit.currency} ${limit.amount}: ${limit.currency} ${alert.overBy} over${alert.crossed ? '' : ' (it was already over its limit before this invoice)'}.`,
    'Decide whether to hold further deliveries, ask for payment or security, or raise the limit.',
  ];
  return {
    to,
    subject,
    text: `${lines.join('\n\n')}\n`,
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
    language: 'en',
    template: 'en/credit-hold',
  };
}
