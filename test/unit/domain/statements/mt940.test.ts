import { describe, expect, it } from 'vitest';
import { readStatement, type BankStatement } from '../../../../functions/domain/statements';

const statementOf = (text: string): BankStatement => {
  const result = readStatement(new Uint8Array(Buffer.from(text)));
  if (!result.ok) expect.fail(`${result.error.code}: ${result.error.message}`);
  return result.file.statements[0]!;
};

const withLine = (line: string, ...after: string[]) =>
  [':20:X', ':25:BNPAFRPP/FR7630006000011234567890189 EUR', ':28C:7/1', ':60F:D251230EUR12,50', `:61:${line}`, ...after, ':62F:C260102EUR0,'].join('\r\n');

describe('MT940 entry dates', () => {
  it.each([
    ['2601021230C10,00NTRFNONREF', '2025-12-30', '2026-01-02'],
    ['2512300102D10,00NTRFNONREF', '2026-01-02', '2025-12-30'],
    ['2606150614C10,00NTRFNONREF', '2026-06-14', '2026-06-15'],
    ['9912311231C10,00NTRFNONREF', '1999-12-31', '1999-12-31'],
  ])('books %s on %s (value %s): the year closest to the value date', (line, booking, value) => {
    const [entry] = statementOf(withLine(line)).entries;
    expect([entry?.bookingDate, entry?.valueDate]).toEqual([booking, value]);
  });

  it('books 29 February only in a leap year near the value date', () =>
    expect(statementOf(withLine('2503010229C10,00NTRFNONREF')).entries[0]?.bookingDate).toBe('2024-02-29'));
});

describe('MT940 statement lines', () => {
  it('reads marks, funds codes, references and supplementary details', () => {
    const { entries } = statementOf(withLine('2601020102RCR204,88NCHGINV-42//BANK0000000123', 'ORIGINAL CHARGE', ':86:/EREF/E2E-42/REMI/STRD/CUR/RF18539007547034/'));
    expect(entries[0]).toEqual({
      bookingDate: '2026-01-02',
      valueDate: '2026-01-02',
      amount: '204.88',
      creditDebit: 'DBIT',
      reversal: true,
      currency: 'EUR',
      customerReference: 'INV-42',
      bankReference: 'BANK0000000123',
      transactionType: 'NCHG',
      supplementaryDetails: 'ORIGINAL CHARGE',
      details: [{ information: '/EREF/E2E-42/REMI/STRD/CUR/RF18539007547034/', endToEndId: 'E2E-42', structuredReference: 'RF18539007547034' }],
    });
  });

  it('reads amounts padded past 15 characters, and without the decimal comma', () => {
    const statement = statementOf(withLine('260102C500NTRFNONREF').replace(':60F:D251230EUR12,50', ':60F:D251230EUR0000000000000012,50'));
    expect([statement.openingBalance?.amount, statement.entries[0]?.amount]).toEqual(['-12.50', '500']);
  });

  it('reads the IBAN after a BIC and before the currency, and the signed debit balance', () => {
    const statement = statementOf(withLine('260102C1,NTRFNONREF'));
    expect(statement).toMatchObject({ iban: 'FR7630006000011234567890189', currency: 'EUR', openingBalance: { amount: '-12.50', date: '2025-12-30' } });
    expect(statement.entries[0]?.amount).toBe('1');
  });

  it('takes a German SEPA end-to-end id from the ?20-?29 subfields up to the next keyword', () => {
    const info = ':86:166?00GUTSCHRIFT?20EREF+INV-2026-0042?21-A ?22SVWZ+Rechnung 42?32Muster GmbH';
    expect(statementOf(withLine('260102C1,NTRFNONREF', info)).entries[0]?.details[0]?.endToEndId).toBe('INV-2026-0042-A');
  });

  it('gives a :86: after the balances to no entry', () => {
    const text = [':20:X', ':25:ACC', ':60F:C260101EUR0,', ':86:statement note', ':61:260102C1,NTRFNONREF', ':62F:C260102EUR1,', ':86:closing note'].join('\n');
    expect(statementOf(text).entries.map((entry) => entry.details)).toEqual([[]]);
  });

  it('reads a statement inside a SWIFT envelope, after prose and a :940: line', () => {
    const text = ['Our statement for you', '', ':940:', '{1:F01BANKNL2AXXX0000000000}{2:I940BANKNL2AXXXN}{4:', withLine('260102C1,NTRFNONREF'), '-}{5:}'].join('\n');
    expect(statementOf(text)).toMatchObject({ id: 'X', number: '7/1', entries: [{ amount: '1' }] });
  });
});

describe('MT940 non-SWIFT fields', () => {
  it('keeps a :NS: field out of the :86: before it', () =>
    expect(statementOf(withLine('260102C1,NTRFNONREF', ':86:payment', ':NS:22Kontoname')).entries[0]?.details).toEqual([{ information: 'payment' }]));
});
