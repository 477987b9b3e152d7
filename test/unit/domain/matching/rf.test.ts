import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRf, isValidRf, rfReferenceFor, rfReferenceOf, rfReferencesIn } from '../../../../functions/domain/matching';

describe('isValidRf', () => {
  it.each(['RF18539007547034', 'RF18000000000539007547034', 'RF712348231', 'RF18 5390 0754 7034', 'rf18 5390 0754 7034', 'RF185390075470Y'])(
    'accepts the published example %s',
    (rf) => expect(isValidRf(rf)).toBe(true),
  );

  it.each([
    ['a wrong check digit', 'RF17 5390 0754 7034'],
    ['a changed body digit', 'RF18 5390 0754 7035'],
    ['no body', 'RF18'],
    ['a body of 22 characters', 'RF18 5390 0754 7034 0000 000X 12'],
    ['letters as check digits', 'RFAB539007547034'],
    ['punctuation inside', 'RF18-5390-0754-7034'],
    ['another prefix', 'XX18539007547034'],
  ])('refuses %s', (_, rf) => expect(isValidRf(rf)).toBe(false));
});

describe('rfReferenceFor', () => {
  it('gives a valid 20-character reference, the same for the same seed', () => {
    const rf = rfReferenceFor('vat:DE1\n1001');
    expect(rf).toMatch(/^RF\d{2}[0-9A-Z]{16}$/);
    expect(isValidRf(rf)).toBe(true);
    expect(rfReferenceFor('vat:DE1\n1001')).toBe(rf);
  });

  it('gives each invoice key its own reference', () => {
    expect(rfReferenceOf({ sellerKey: 'vat:DE1', number: '1001' })).not.toBe(rfReferenceOf({ sellerKey: 'vat:DE1', number: '1002' }));
    expect(rfReferenceOf({ sellerKey: 'vat:DE1', number: '1001' })).not.toBe(rfReferenceOf({ sellerKey: 'vat:DE2', number: '1001' }));
  });

  it('is always valid', () => fc.assert(fc.property(fc.string(), (seed) => isValidRf(rfReferenceFor(seed)))));
});

describe('formatRf', () => {
  it('prints groups of four', () => expect(formatRf('rf18539007547034')).toBe('RF18 5390 0754 7034'));
  it('leaves the last group short', () => expect(formatRf('RF712348231')).toBe('RF71 2348 231'));
});

describe('rfReferencesIn', () => {
  it('finds a reference in text, grouped or not, in any case', () => {
    expect(rfReferencesIn('Payment rf18 5390 0754 7034, thanks')).toEqual(['RF18539007547034']);
    expect(rfReferencesIn('REF:RF18539007547034/INV 1')).toEqual(['RF18539007547034']);
  });

  it('finds a printed reference followed by more words', () =>
    expect(rfReferencesIn('RF18 5390 0754 7034 1200 EUR')).toContain('RF18539007547034'));

  it('ignores a reference with a wrong check digit', () => expect(rfReferencesIn('RF17 5390 0754 7034')).toEqual([]));

  it('ignores RF inside a word', () => expect(rfReferencesIn('XRF18539007547034 INTERFACE')).toEqual([]));
});
