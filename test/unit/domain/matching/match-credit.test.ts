import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import { buildMatchIndex, formatRf, matchCredit, type CreditMatch, type CustomerHints, type OpenItem } from '../../../../functions/domain/matching';
import { ACME_IBAN, credit, d, openItem, SELLER } from './fixtures';

const acme: CustomerHints = { customerId: 'C-ACME', names: ['Acme GmbH'], ibans: [ACME_IBAN] };
const globex: CustomerHints = { customerId: 'C-GLOBEX', names: ['Globex AG'], ibans: ['CH93 0076 2011 6238 5295 7'] };

const matchAgainst = (items: readonly OpenItem[], entry: Parameters<typeof matchCredit>[1], threshold?: number): CreditMatch =>
  matchCredit(buildMatchIndex(items, [acme, globex]), entry, threshold === undefined ? {} : { threshold });

/** The allocations as 'number amount' lines, for readable expectations. */
const allocated = (result: CreditMatch): string[] =>
  result.kind === 'matched' ? result.allocations.map(({ key, amount }) => `${key.number} ${amount}`) : [];

const inv1001 = openItem('1001', '100.00');
const inv1002 = openItem('1002', '50.00', { dueDate: isoDate('2026-02-01') });
const invYear = openItem('INV-2026-0042', '80.00');

describe('matchCredit: RF reference', () => {
  it('books a payment whose text carries the invoice RF, grouped as printed', () => {
    const result = matchAgainst([inv1001, inv1002], credit('100.00', { remittanceTexts: [`Zahlung ${formatRf(inv1001.rfReference)} danke`] }));
    expect(result).toMatchObject({ kind: 'matched', rule: 'rf-reference', confidence: 1, customerId: 'C-ACME', unapplied: '0' });
    expect(allocated(result)).toEqual(['1001 100.00']);
  });

  it('reads a structured reference', () =>
    expect(matchAgainst([inv1001], credit('100.00', { structuredReferences: [inv1001.rfReference.toLowerCase()] }))).toMatchObject({ rule: 'rf-reference' }));

  it('never books an RF with a wrong check digit', () => {
    const checkDigits = Number(inv1001.rfReference.slice(2, 4));
    const wrong = `RF${String((checkDigits + 1) % 100).padStart(2, '0')}${inv1001.rfReference.slice(4)}`;
    const result = matchAgainst([inv1001], credit('99.00', { remittanceTexts: [wrong] }));
    expect(result).toMatchObject({ kind: 'unmatched', reason: 'no-candidate', suggestions: [] });
  });

  it('comes before an invoice number in the same text', () => {
    const result = matchAgainst([inv1001, inv1002], credit('50.00', { remittanceTexts: [`Rechnung 1002 ${inv1001.rfReference}`] }));
    expect(result).toMatchObject({ kind: 'matched', rule: 'rf-reference' });
    expect(allocated(result)).toEqual(['1001 50.00']);
  });

  it('refuses an invoice in another currency, and lets no weaker rule book it', () => {
    const dollars = openItem('1001', '100.00', { currency: 'USD' });
    const result = matchAgainst([dollars, openItem('1002', '100.00')], credit('100.00', { remittanceTexts: [dollars.rfReference], counterpartyIban: ACME_IBAN }));
    expect(result).toMatchObject({ kind: 'unmatched', reason: 'currency-mismatch' });
    expect(result.kind === 'unmatched' && result.suggestions.flatMap((s) => s.allocations.map((a) => a.key.number))).toEqual(['1002']);
  });
});

describe('matchCredit: precedence', () => {
  it('passes over a valid RF of no open invoice to the next rule', () =>
    expect(matchAgainst([inv1001], credit('100.00', { remittanceTexts: ['RF18 5390 0754 7034 Rechnung 1001'] }))).toMatchObject({ rule: 'invoice-number' }));

  it('reads no invoice number out of the groups of an RF', () =>
    expect(matchAgainst([openItem('7034', '100.00')], credit('100.00', { remittanceTexts: ['RF18 5390 0754 7034'] }))).toMatchObject({
      kind: 'unmatched',
      reason: 'below-threshold',
      suggestions: [{ rule: 'amount-only' }],
    }));

  it('lets no amount rule book a payment whose reference could mean two invoices', () => {
    const sameNumber = openItem('1001', '100.00', { key: { sellerKey: 'vat:DE2', number: '1001' } });
    const sameAmount = openItem('X-1', '70.00');
    const result = matchAgainst([inv1001, sameNumber, sameAmount], credit('70.00', { remittanceTexts: ['1001'], counterpartyIban: ACME_IBAN }));
    expect(result).toMatchObject({ kind: 'unmatched', reason: 'ambiguous' });
    expect(result.kind === 'unmatched' && result.suggestions.map((s) => `${s.rule} ${s.allocations.map((a) => a.key.number).join()}`)).toEqual([
      'invoice-number 1001',
      'invoice-number 1001',
      'amount-and-payer X-1',
    ]);
  });
});

describe('matchCredit: payment reference (BT-83)', () => {
  it('books on the invoice remittance id, however spaced', () => {
    const item = openItem('1001', '100.00', { paymentReference: 'PO 4711-A' });
    expect(matchAgainst([item], credit('100.00', { remittanceTexts: ['ref po4711a'] }))).toMatchObject({ kind: 'matched', rule: 'payment-reference', confidence: 0.98 });
  });

  it('comes after the RF and before the invoice number', () => {
    const item = openItem('1001', '100.00', { paymentReference: 'PO-4711' });
    const result = matchAgainst([item, inv1002], credit('50.00', { remittanceTexts: ['1002 / PO-4711'] }));
    expect(result).toMatchObject({ rule: 'payment-reference' });
    expect(allocated(result)).toEqual(['1001 50.00']);
  });

  it('books a BT-83 that is a creditor reference as an RF, written in groups or not', () => {
    const item = openItem('1001', '100.00', { paymentReference: 'RF18 5390 0754 7034' });
    for (const text of ['RF18539007547034', 'Zahlung rf18 5390 0754 7034']) {
      expect(matchAgainst([item, inv1002], credit('100.00', { remittanceTexts: [text] }))).toMatchObject({ kind: 'matched', rule: 'rf-reference' });
    }
    expect(matchAgainst([item], credit('100.00', { structuredReferences: ['RF18539007547034'] }))).toMatchObject({ kind: 'matched', rule: 'rf-reference' });
  });
});

describe('matchCredit: invoice number', () => {
  it.each(['Rechnung 1001', 'Invoice no. 1001', 'RE-NR.1001', '#1001', 'INV1001', 'inv 1001 vom 01.02.2026'])('finds 1001 in "%s"', (text) =>
    expect(matchAgainst([inv1001], credit('100.00', { remittanceTexts: [text] }))).toMatchObject({ kind: 'matched', rule: 'invoice-number', confidence: 0.95 }),
  );

  it.each(['INV 2026 0042', 'inv2026/0042', 'Invoice INV-2026-0042', 'INV.2026.0042 thanks'])('finds INV-2026-0042 in "%s"', (text) =>
    expect(matchAgainst([invYear], credit('80.00', { remittanceTexts: [text] }))).toMatchObject({ kind: 'matched', rule: 'invoice-number', confidence: 0.95 }),
  );

  it('finds a number written without its letter prefix, with less confidence', () =>
    expect(matchAgainst([invYear], credit('80.00', { remittanceTexts: ['Rechnung 2026-0042'] }))).toMatchObject({
      kind: 'matched',
      rule: 'invoice-number',
      confidence: 0.92,
    }));

  it.each(['Rechnung 21001', 'Rechnung 10012', 'Auftrag 2025/1001', 'Betrag 1001.50', '1001-2'])('never finds 1001 inside a longer number: "%s"', (text) =>
    expect(matchAgainst([inv1001], credit('77.00', { remittanceTexts: [text] }))).toMatchObject({ kind: 'unmatched', reason: 'no-candidate' }),
  );

  it('never finds a number that is only a part of a longer invoice number in the text', () => {
    const year = openItem('2026', '80.00');
    expect(matchAgainst([year, invYear], credit('80.00', { remittanceTexts: ['INV 2026 0042'] }))).toMatchObject({ rule: 'invoice-number' });
    expect(allocated(matchAgainst([year, invYear], credit('80.00', { remittanceTexts: ['INV 2026 0042'] })))).toEqual(['INV-2026-0042 80.00']);
  });

  it('settles several invoices named in one text when the amount is their sum', () => {
    const result = matchAgainst([inv1001, inv1002], credit('150.00', { remittanceTexts: ['Rechnungen 1001, 1002'] }));
    expect(result).toMatchObject({ kind: 'matched', rule: 'invoice-number', unapplied: '0' });
    expect(allocated(result)).toEqual(['1002 50.00', '1001 100.00']);
  });

  it('pays the oldest due date first when the amount falls short of the sum', () =>
    expect(allocated(matchAgainst([inv1001, inv1002], credit('120.00', { remittanceTexts: ['1001 1002'] })))).toEqual(['1002 50.00', '1001 70']));

  it('leaves what exceeds the sum unapplied', () => {
    const result = matchAgainst([inv1001, inv1002], credit('200.00', { remittanceTexts: ['1001 1002'] }));
    expect(result).toMatchObject({ kind: 'matched', unapplied: '50' });
    expect(allocated(result)).toEqual(['1002 50.00', '1001 100.00']);
  });

  it('allocates a partial payment to the invoice, nothing unapplied', () => {
    const result = matchAgainst([inv1001], credit('40.00', { remittanceTexts: ['1001'] }));
    expect(result).toMatchObject({ kind: 'matched', unapplied: '0' });
    expect(allocated(result)).toEqual(['1001 40.00']);
  });

  it('leaves a number two sellers share to a person, unless the payer says whose', () => {
    const other = openItem('1001', '100.00', { key: { sellerKey: 'vat:DE2', number: '1001' }, customerId: 'C-GLOBEX' });
    const anonymous = matchAgainst([inv1001, other], credit('100.00', { remittanceTexts: ['1001'] }));
    expect(anonymous).toMatchObject({ kind: 'unmatched', reason: 'ambiguous' });
    expect(anonymous.kind === 'unmatched' && anonymous.suggestions.map((s) => s.customerId).sort()).toEqual(['C-ACME', 'C-GLOBEX']);
    const fromGlobex = matchAgainst([inv1001, other], credit('100.00', { remittanceTexts: ['1001'], counterpartyName: 'GLOBEX AG' }));
    expect(fromGlobex).toMatchObject({ kind: 'matched', rule: 'invoice-number', customerId: 'C-GLOBEX' });
  });
});

describe('matchCredit: end-to-end id', () => {
  it('books when the payer put the invoice number there', () =>
    expect(matchAgainst([invYear], credit('80.00', { endToEndId: 'INV2026-0042' }))).toMatchObject({ kind: 'matched', rule: 'end-to-end-id', confidence: 0.93 }));

  it('books when the payer put the RF there', () =>
    expect(matchAgainst([inv1001], credit('100.00', { endToEndId: inv1001.rfReference }))).toMatchObject({ rule: 'end-to-end-id' }));

  it('comes after a number in the text', () => {
    const result = matchAgainst([inv1001, invYear], credit('80.00', { endToEndId: 'INV-2026-0042', remittanceTexts: ['1001'] }));
    expect(allocated(result)).toEqual(['1001 80.00']);
  });

  it('takes nothing from NOTPROVIDED', () =>
    expect(matchAgainst([inv1001], credit('99.00', { endToEndId: 'NOTPROVIDED' }))).toMatchObject({ kind: 'unmatched', reason: 'no-candidate' }));
});

describe('matchCredit: amount and payer', () => {
  const invoice = openItem('A-1', '250.00');

  it('books the one open invoice of the amount from an IBAN known for the customer', () =>
    expect(matchAgainst([invoice], credit('250', { counterpartyIban: 'de89370400440532013000' }))).toMatchObject({
      kind: 'matched',
      rule: 'amount-and-payer',
      confidence: 0.9,
      customerId: 'C-ACME',
    }));

  it('only suggests it from a known name, unless the threshold is lower', () => {
    const entry = credit('250.00', { counterpartyName: 'ACME GMBH' });
    expect(matchAgainst([invoice], entry)).toMatchObject({
      kind: 'unmatched',
      reason: 'below-threshold',
      suggestions: [{ rule: 'amount-and-payer', confidence: 0.85 }],
    });
    expect(matchAgainst([invoice], entry, 0.85)).toMatchObject({ kind: 'matched', rule: 'amount-and-payer' });
  });

  it('leaves two open invoices of the amount to a person', () => {
    const result = matchAgainst([invoice, openItem('A-2', '250.00')], credit('250.00', { counterpartyIban: ACME_IBAN }));
    expect(result).toMatchObject({ kind: 'unmatched', reason: 'ambiguous' });
    expect(result.kind === 'unmatched' && result.suggestions.map((s) => s.rule)).toEqual(['amount-and-payer', 'amount-and-payer']);
  });

  it('suggests the customer\'s invoices that add up to the amount, oldest first', () => {
    const items = [openItem('B-1', '100.00'), openItem('B-2', '50.00'), openItem('B-3', '30.00', { dueDate: isoDate('2026-01-15') })];
    const result = matchAgainst(items, credit('130.00', { counterpartyIban: ACME_IBAN }));
    expect(result).toMatchObject({ kind: 'unmatched', reason: 'below-threshold', suggestions: [{ rule: 'amount-combination', confidence: 0.75, unapplied: '0' }] });
    const booked = matchAgainst(items, credit('130.00', { counterpartyIban: ACME_IBAN }), 0.75);
    expect(booked).toMatchObject({ kind: 'matched', rule: 'amount-combination' });
    expect(allocated(booked)).toEqual(['B-3 30.00', 'B-1 100.00']);
  });

  it('only ever suggests an amount without a payer, whatever the threshold', () => {
    const result = matchAgainst([invoice, openItem('G-1', '250.00', { customerId: 'C-GLOBEX' })], credit('250.00'), 0);
    expect(result).toMatchObject({ kind: 'unmatched', reason: 'below-threshold' });
    expect(result.kind === 'unmatched' && result.suggestions.map((s) => [s.rule, s.confidence])).toEqual([
      ['amount-only', 0.25],
      ['amount-only', 0.25],
    ]);
  });

  it('ranks suggestions by confidence, each invoice once under its best rule, five at most', () => {
    const others = ['G-1', 'G-2', 'G-3', 'G-4', 'G-5', 'G-6'].map((n) => openItem(n, '250.00', { customerId: 'C-GLOBEX' }));
    const result = matchAgainst([...others, invoice], credit('250.00', { counterpartyName: 'Acme GmbH' }));
    expect(result.kind).toBe('unmatched');
    if (result.kind !== 'unmatched') return;
    expect(result.suggestions).toHaveLength(5);
    expect(result.suggestions[0]).toMatchObject({ rule: 'amount-and-payer', customerId: 'C-ACME', confidence: 0.85 });
    expect(result.suggestions.slice(1).every((s) => s.rule === 'amount-only' && s.customerId === 'C-GLOBEX')).toBe(true);
  });
});

describe('matchCredit: entries it refuses', () => {
  it('matches nothing to a zero amount', () =>
    expect(matchAgainst([inv1001], credit('0', { remittanceTexts: ['1001'] }))).toEqual({ kind: 'unmatched', reason: 'not-a-credit', suggestions: [] }));

  it('never allocates to an invoice of another currency', () =>
    expect(matchAgainst([openItem('1001', '100.00', { currency: 'CHF' })], credit('100.00', { remittanceTexts: ['Rechnung 1001'] }))).toMatchObject({
      kind: 'unmatched',
      reason: 'currency-mismatch',
      suggestions: [],
    }));

  it('ignores items with nothing open', () =>
    expect(matchAgainst([openItem('1001', '0.00')], credit('10.00', { remittanceTexts: ['1001'] }))).toMatchObject({ kind: 'unmatched', reason: 'no-candidate' }));

  it('keys allocations by seller and number', () =>
    expect(matchAgainst([inv1001], credit('1', { remittanceTexts: ['1001'] }))).toMatchObject({ allocations: [{ key: { sellerKey: SELLER, number: '1001' }, amount: d('1') }] }));
});
