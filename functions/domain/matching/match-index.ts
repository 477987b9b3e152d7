import { nameKeyOf } from '../credit';
import { isPositive, plainDecimal, type Decimal } from '../money';
import { byOldestDue } from './allocate';
import { compactRf, isValidRf } from './rf';
import { isSearchable, keyOfTokens, tokensOf, type Token } from './tokens';
import type { CustomerHints, OpenItem } from './types';

/**
 * Hash maps over the open items and the customers' payers, built once per statement, so each
 * entry costs lookups in proportion to its own text, never to the number of open items.
 * Read it only through {@link matchCredit}.
 */
export interface MatchIndex {
  readonly byRf: ReadonlyMap<string, readonly OpenItem[]>;
  readonly byPaymentReference: ReadonlyMap<string, readonly OpenItem[]>;
  readonly byInvoiceNumber: ReadonlyMap<string, readonly OpenItem[]>;
  /** By the number less its letter prefix: 'INV-2026-0042' as '2026 0042'. */
  readonly byNumberWithoutPrefix: ReadonlyMap<string, readonly OpenItem[]>;
  readonly customersByIban: ReadonlyMap<string, readonly string[]>;
  readonly customersByName: ReadonlyMap<string, readonly string[]>;
  /** customerId, currency and amount. */
  readonly byCustomerAmount: ReadonlyMap<string, readonly OpenItem[]>;
  /** currency and amount. */
  readonly byAmount: ReadonlyMap<string, readonly OpenItem[]>;
  /** customerId and currency: the customer's oldest open items, for the sum search. */
  readonly oldestOfCustomer: ReadonlyMap<string, readonly OpenItem[]>;
}

/** Runs of tokens longer than this are found whole (a structured reference, an end-to-end id), not inside a text. */
export const MAX_KEY_TOKENS = 8;
/** How many of a customer's oldest open items (per currency) the sum search looks at. */
export const COMBINATION_POOL = 30;
/** A number without its prefix ('INV-0042' as '0042') is looked for only with this many digits. */
const MIN_DIGITS_WITHOUT_PREFIX = 4;

export const compactIban = (iban: string): string => iban.replace(/\s+/g, '').toUpperCase();
export const amountKey = (currency: string, amount: Decimal): string => `${currency.toUpperCase()}|${plainDecimal(amount)}`;
export const customerCurrencyKey = (customerId: string, currency: string): string => `${customerId}|${currency.toUpperCase()}`;
/** A customer's items of one amount: `ofAmount` is the {@link amountKey}, made once per item or entry. */
export const customerAmountKey = (customerId: string, ofAmount: string): string => `${customerId}|${ofAmount}`;

/** Adds the value to the key's list, starting the list if needed. */
export function addToList<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

/** The number's tokens after its letter prefix ('INV-2026-0042' → '2026 0042'), when distinctive enough alone. */
const withoutPrefix = (tokens: readonly Token[]): readonly Token[] | undefined => {
  const firstDigits = tokens.findIndex((token) => token.isDigits);
  const rest = tokens.slice(firstDigits);
  const digits = rest.filter((token) => token.isDigits).reduce((count, token) => count + token.text.length, 0);
  return firstDigits > 0 && digits >= MIN_DIGITS_WITHOUT_PREFIX ? rest : undefined;
};

function indexNumber(byNumber: Map<string, OpenItem[]>, byNumberWithoutPrefix: Map<string, OpenItem[]>, item: OpenItem): void {
  const tokens = tokensOf(item.number);
  if (!isSearchable(tokens)) return;
  addToList(byNumber, keyOfTokens(tokens), item);
  const core = withoutPrefix(tokens);
  if (core) addToList(byNumberWithoutPrefix, keyOfTokens(core), item);
}

function indexPayers(customers: readonly CustomerHints[]) {
  const customersByIban = new Map<string, string[]>();
  const customersByName = new Map<string, string[]>();
  for (const { customerId, ibans, names } of customers) {
    new Set(ibans.map(compactIban)).forEach((iban) => addToList(customersByIban, iban, customerId));
    new Set(names.map(nameKeyOf)).forEach((name) => addToList(customersByName, name, customerId));
  }
  return { customersByIban, customersByName };
}

/**
 * The index matching reads, built in one pass over the open items (sorted oldest first, so
 * every list in it is too). Items with nothing open are left out.
 */
export function buildMatchIndex(openItems: readonly OpenItem[], customers: readonly CustomerHints[]): MatchIndex {
  const byRf = new Map<string, OpenItem[]>();
  const byPaymentReference = new Map<string, OpenItem[]>();
  const byInvoiceNumber = new Map<string, OpenItem[]>();
  const byNumberWithoutPrefix = new Map<string, OpenItem[]>();
  const byCustomerAmount = new Map<string, OpenItem[]>();
  const byAmount = new Map<string, OpenItem[]>();
  const byCustomer = new Map<string, OpenItem[]>();
  for (const item of openItems.filter((open) => isPositive(open.openAmount)).sort(byOldestDue)) {
    if (isValidRf(item.rfReference)) addToList(byRf, compactRf(item.rfReference), item);
    // A BT-83 that is a creditor reference is blanked out of payers' texts like any RF, so it is found as one.
    if (item.paymentReference && isValidRf(item.paymentReference)) addToList(byRf, compactRf(item.paymentReference), item);
    const reference = item.paymentReference ? tokensOf(item.paymentReference) : [];
    if (isSearchable(reference)) addToList(byPaymentReference, keyOfTokens(reference), item);
    indexNumber(byInvoiceNumber, byNumberWithoutPrefix, item);
    const amount = amountKey(item.currency, item.openAmount);
    addToList(byCustomerAmount, customerAmountKey(item.customerId, amount), item);
    addToList(byAmount, amount, item);
    addToList(byCustomer, customerCurrencyKey(item.customerId, item.currency), item);
  }
  const oldestOfCustomer = new Map([...byCustomer].map(([key, items]) => [key, items.slice(0, COMBINATION_POOL)]));
  return { byRf, byPaymentReference, byInvoiceNumber, byNumberWithoutPrefix, byCustomerAmount, byAmount, oldestOfCustomer, ...indexPayers(customers) };
}
