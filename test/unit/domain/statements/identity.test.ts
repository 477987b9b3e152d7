import { describe, expect, it } from 'vitest';
import { entryIdentities, entryIdentityOf, readStatement, type BankStatementFile } from '../../../../functions/domain/statements';

const read = (text: string): BankStatementFile => {
  const result = readStatement(new Uint8Array(Buffer.from(text)));
  if (!result.ok) expect.fail(`${result.error.code}: ${result.error.message}`);
  return result.file;
};

const mt940 = (id: string, opening: string, ...lines: string[]) =>
  [`:20:${id}`, ':25:NL77ABNA0574908765', ':28C:1', `:60F:${opening}`, ...lines, '-'].join('\n');

const day1 = [':61:2603050305C50,00NTRFNONREF', ':86:card payment', ':61:2603050305C50,00NTRFNONREF', ':86:card payment'];
const day2 = [':61:2603060306D20,00NTRFINV-7//BANKREF0002', ':86:/EREF/E2E-7/REMI/invoice 7'];

const camt = (entries: string) =>
  `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>` +
  `<Stmt><Id>S</Id><Acct><Id><IBAN>NL77ABNA0574908765</IBAN></Id></Acct>${entries}</Stmt></BkToCstmrStmt></Document>`;
const camtEntry = (reference: string) =>
  `<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>${reference}</AcctSvcrRef></Ntry>`;

describe('entryIdentities', () => {
  it('gives the same entries the same identities in a daily and an overlapping weekly statement', () => {
    const daily = entryIdentities(read(mt940('DAY-0305', 'C260304EUR0,', ...day1))).flat();
    const weekly = entryIdentities(read(mt940('WEEK-10', 'C260304EUR0,', ...day1, ...day2))).flat();
    expect(weekly.slice(0, 2)).toEqual(daily);
    expect(new Set([...daily, ...weekly]).size).toBe(3);
  });

  it('keeps two identical-looking entries of one day as two', () => {
    const [first, second] = entryIdentities(read(mt940('DAY-0305', 'C260304EUR0,', ...day1))).flat();
    expect(first).not.toBe(second);
  });

  it("uses the bank's own reference, so a re-sent entry with other text is the same entry", () => {
    const original = entryIdentities(read(mt940('A', 'C260305EUR0,', ...day2))).flat();
    const corrected = entryIdentities(read(mt940('B', 'C260305EUR0,', day2[0]!, ':86:/EREF/E2E-7/REMI/invoice 7 (corrected)'))).flat();
    expect(corrected).toEqual(original);
    expect(original[0]).toMatch(/^bank:[0-9a-f]{64}$/);
  });

  it('tells apart entries that differ in any fingerprinted value', () => {
    const credit = entryIdentities(read(mt940('A', 'C260304EUR0,', day1[0]!))).flat();
    const debit = entryIdentities(read(mt940('A', 'C260304EUR0,', day1[0]!.replace('C50', 'D50')))).flat();
    const reversal = entryIdentities(read(mt940('A', 'C260304EUR0,', day1[0]!.replace('C50', 'RC50')))).flat();
    const otherAmount = entryIdentities(read(mt940('A', 'C260304EUR0,', day1[0]!.replace('C50', 'C51')))).flat();
    expect(new Set([...credit, ...debit, ...reversal, ...otherAmount]).size).toBe(4);
    expect(credit[0]).toMatch(/^entry:[0-9a-f]{64}$/);
  });

  it('treats an amount written with other trailing zeros as the same amount', () => {
    const a = entryIdentities(read(mt940('A', 'C260304EUR0,', ':61:2603050305C50,NTRFNONREF'))).flat();
    const b = entryIdentities(read(mt940('B', 'C260304EUR0,', ':61:2603050305C50,00NTRFNONREF'))).flat();
    expect(a).toEqual(b);
  });

  it('counts a repeated camt AcctSvcrRef as occurrences, so entries sharing a reference stay distinct', () => {
    const [a, b, c] = entryIdentities(read(camt(camtEntry('R1') + camtEntry('R1') + camtEntry('R2')))).flat();
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('is entryIdentityOf with the occurrence counted', () => {
    const file = read(mt940('DAY-0305', 'C260304EUR0,', ...day1));
    const statement = file.statements[0]!;
    expect(entryIdentities(file)[0]).toEqual([entryIdentityOf(statement, statement.entries[0]!, 0), entryIdentityOf(statement, statement.entries[1]!, 1)]);
  });
});
