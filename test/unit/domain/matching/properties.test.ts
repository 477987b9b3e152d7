import fc from 'fast-check';
import { describe, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import {
  buildMatchIndex,
  formatRf,
  matchCredit,
  rfReferencesIn,
  type CreditEntry,
  type MatchSuggestion,
  type OpenItem,
} from '../../../../functions/domain/matching';
import { addDecimals, compareDecimals, isPositive, sumDecimals } from '../../../../functions/domain/money';
import { ACME_IBAN, credit, d, openItem } from './fixtures';

const arbCents = (max: number) => fc.integer({ min: 1, max }).map((cents) => d(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`));
const arbDate = fc.integer({ min: 1, max: 28 }).map((day) => isoDate(`2026-02-${String(day).padStart(2, '0')}`));

// Few numbers, sellers, customers and amounts, so references collide and sums repeat.
const arbItem = fc
  .record({
    number: fc.constantFrom('1001', '1002', '21001', 'INV-2026-0042', '2026', 'A-7', '10012'),
    seller: fc.constantFrom('vat:S1', 'vat:S2'),
    customerId: fc.constantFrom('C-ACME', 'C-GLOBEX', 'C-INITECH'),
    currency: fc.constantFrom('EUR', 'EUR', 'USD'),
    open: fc.oneof(arbCents(50_000), fc.constantFrom(d('100.00'), d('50.00'), d('150.00'))),
    due: arbDate,
    paymentReference: fc.option(fc.constantFrom('PO 4711', 'PO-4712'), { nil: undefined }),
  })
  .map(({ number, seller, open, due, ...rest }) => openItem(number, open, { key: { sellerKey: seller, number }, dueDate: due, ...rest }));

const arbItems = fc.uniqueArray(arbItem, { minLength: 1, maxLength: 10, selector: (item) => `${item.key.sellerKey}\n${item.key.number}` });

/** A text a payer could write about some of the items: their RF (printed or not, sometimes a wrong check digit), number or amount. */
const arbText = (items: readonly OpenItem[]) =>
  fc.array(
    fc.oneof(
      fc.constantFrom(...items).map((item) => formatRf(item.rfReference)),
      fc.constantFrom(...items).map((item) => `RF00${item.rfReference.slice(4)}`),
      fc.constantFrom(...items).map((item) => `Rechnung ${item.number}`),
      fc.constantFrom('1001, 1002', 'inv2026/0042', 'PO4711', '21001', 'danke'),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 3 },
  );

const arbCase = arbItems.chain((items) =>
  fc.record({
    items: fc.constant(items),
    entry: fc
      .record({
        amount: fc.oneof(arbCents(120_000), fc.constantFrom(...items).map((item) => item.openAmount)),
        currency: fc.constantFrom('EUR', 'USD'),
        texts: arbText(items),
        endToEndId: fc.option(fc.constantFrom('NOTPROVIDED', '1002', ...items.map((item) => item.rfReference)), { nil: undefined }),
        counterpartyIban: fc.option(fc.constant(ACME_IBAN), { nil: undefined }),
      })
      .map(({ amount, texts, ...rest }): CreditEntry => credit(amount, { remittanceTexts: texts, ...rest })),
    threshold: fc.constantFrom(0.5, 0.75, 0.9),
  }),
);

const keyOf = (key: OpenItem['key']): string => `${key.sellerKey}\n${key.number}`;

/** Allocations within each item's open amount, in the entry's currency, adding up with the unapplied cash to the entry exactly. */
function isSound(suggestion: MatchSuggestion, items: readonly OpenItem[], entry: CreditEntry): boolean {
  const byKey = new Map(items.map((item) => [keyOf(item.key), item]));
  const allocated = suggestion.allocations.map(({ key, amount }) => ({ item: byKey.get(keyOf(key)), amount }));
  const withinOpen = allocated.every(({ item, amount }) => item !== undefined && isPositive(amount) && compareDecimals(amount, item.openAmount) <= 0 && item.currency === entry.currency);
  const eachOnce = new Set(suggestion.allocations.map(({ key }) => keyOf(key))).size === suggestion.allocations.length;
  const total = addDecimals(sumDecimals(suggestion.allocations.map(({ amount }) => amount)), suggestion.unapplied);
  return withinOpen && eachOnce && compareDecimals(total, entry.amount) === 0 && compareDecimals(suggestion.unapplied, d('0')) >= 0;
}

describe('matchCredit, for any open items and entry', () => {
  it('allocates no more than is open, and allocations plus unapplied cash are the entry amount exactly', () =>
    fc.assert(
      fc.property(arbCase, ({ items, entry, threshold }) => {
        const result = matchCredit(buildMatchIndex(items, [{ customerId: 'C-ACME', names: [], ibans: [ACME_IBAN] }]), entry, { threshold });
        const suggestions = result.kind === 'matched' ? [result] : result.suggestions;
        return suggestions.every((suggestion) => isSound(suggestion, items, entry));
      }),
      { numRuns: 500 },
    ));

  it('books an RF match only to the item whose RF the entry carries', () =>
    fc.assert(
      fc.property(arbCase, ({ items, entry, threshold }) => {
        const result = matchCredit(buildMatchIndex(items, []), entry, { threshold });
        if (result.kind !== 'matched' || result.rule !== 'rf-reference') return true;
        const carried = new Set(entry.remittanceTexts.flatMap(rfReferencesIn));
        const rfOf = new Map(items.map((item) => [keyOf(item.key), item.rfReference]));
        return result.allocations.every(({ key }) => carried.has(rfOf.get(keyOf(key)) ?? ''));
      }),
      { numRuns: 500 },
    ));

  it('never finds a number inside a longer run of digits', () =>
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{3,8}$/), fc.stringMatching(/^[0-9]{0,3}$/), fc.stringMatching(/^[0-9]{0,3}$/), (number, before, after) => {
        fc.pre(before.length + after.length > 0);
        const result = matchCredit(buildMatchIndex([openItem(number, '10.00')], []), credit('10.00', { remittanceTexts: [`Rechnung ${before}${number}${after}`] }));
        const rules = result.kind === 'matched' ? [result.rule] : result.suggestions.map((suggestion) => suggestion.rule);
        return !rules.includes('invoice-number');
      }),
    ));
});
