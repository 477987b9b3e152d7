import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';
import { entryIdentities, readStatement, type BankStatementFile } from '../../../../functions/domain/statements';
import { writeCamt053, type EntryDraft, type StatementDraft } from '../../../../local/demo/camt053-writer';

const payment: EntryDraft = {
  amount: '1000.43' as Decimal,
  creditDebit: 'CRDT',
  bookingDate: isoDate('2026-03-05'),
  valueDate: isoDate('2026-03-06'),
  bankReference: 'ACSV-0001',
  endToEndId: 'LIS-2026-1001',
  counterparty: { name: 'Brückner Bau & Söhne <GmbH>', iban: 'DE89370400440532013000' },
  unstructuredRemittance: 'Invoice LIS-2026-1001 "final" & \'all\'',
  creditorReference: 'RF18539007547034',
};
const returned: EntryDraft = {
  amount: '250.00' as Decimal,
  creditDebit: 'DBIT',
  bookingDate: isoDate('2026-03-06'),
  bankReference: 'ACSV-0002',
  endToEndId: 'REFUND-77',
  counterparty: { name: 'Nordlicht AG' },
  returnReason: 'AC04',
};

const draft = (entries: readonly EntryDraft[]): StatementDraft => ({
  messageId: 'MSG-1',
  statementId: 'STMT-2026-03-06',
  createdAt: '2026-03-06T06:00:00+01:00',
  iban: 'NL77ABNA0574908765',
  currency: 'EUR',
  openingBalance: '-100.00' as Decimal,
  fromDate: isoDate('2026-03-05'),
  toDate: isoDate('2026-03-06'),
  entries,
});

const read = (xml: string): BankStatementFile => {
  const result = readStatement(new Uint8Array(Buffer.from(xml)));
  if (!result.ok) expect.fail(`${result.error.code}: ${result.error.message}`);
  return result.file;
};

describe('writeCamt053', () => {
  it('writes a camt.053.001.08 statement the reader gives back value for value', () => {
    const file = read(writeCamt053(draft([payment, returned])));
    expect(file.format).toBe('camt.053.001.08');
    expect(file.statements[0]).toMatchObject({
      id: 'STMT-2026-03-06',
      account: 'NL77ABNA0574908765',
      iban: 'NL77ABNA0574908765',
      currency: 'EUR',
      openingBalance: { amount: '-100.00', date: '2026-03-05' },
      closingBalance: { amount: '650.43', date: '2026-03-06' },
      fromDate: '2026-03-05',
      toDate: '2026-03-06',
    });
    expect(file.statements[0]?.entries).toEqual([
      {
        bookingDate: '2026-03-05', valueDate: '2026-03-06', amount: '1000.43', creditDebit: 'CRDT', reversal: false, currency: 'EUR',
        status: 'BOOK', bankReference: 'ACSV-0001', transactionType: 'PMNT/RCDT/ESCT',
        details: [{
          endToEndId: 'LIS-2026-1001', bankReference: 'ACSV-0001', counterpartyName: 'Brückner Bau & Söhne <GmbH>',
          counterpartyIban: 'DE89370400440532013000', remittanceUnstructured: 'Invoice LIS-2026-1001 "final" & \'all\'',
          structuredReference: 'RF18539007547034', amount: '1000.43', currency: 'EUR', creditDebit: 'CRDT',
        }],
      },
      {
        bookingDate: '2026-03-06', valueDate: '2026-03-06', amount: '250.00', creditDebit: 'DBIT', reversal: false, currency: 'EUR',
        status: 'BOOK', bankReference: 'ACSV-0002', transactionType: 'PMNT/ICDT/RRTN',
        details: [{
          endToEndId: 'REFUND-77', bankReference: 'ACSV-0002', counterpartyName: 'Nordlicht AG', amount: '250.00', currency: 'EUR',
          creditDebit: 'DBIT', returnReason: 'AC04',
        }],
      },
    ]);
  });

  // Its speed is timed in bench/statements.ts, never here: a loaded machine is not a slow writer.
  it('writes 10,000 entries, each read back with its own identity', () => {
    const entries = Array.from({ length: 10_000 }, (_, i): EntryDraft => ({ ...payment, bankReference: `ACSV-${i}`, endToEndId: `E2E-${i}` }));
    const xml = writeCamt053(draft(entries));
    const file = read(xml);
    expect(file.statements[0]?.entries).toHaveLength(10_000);
    expect(new Set(entryIdentities(file).flat()).size).toBe(10_000);
  });
});
