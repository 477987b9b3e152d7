import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStatement, type StatementLimits, type StatementReadError } from '../../../../functions/domain/statements';
import { statementPath } from '../../../support/shared';

const bytes = (text: string, encoding: BufferEncoding = 'utf8'): Uint8Array => new Uint8Array(Buffer.from(text, encoding));

const refusal = (input: Uint8Array, limits: Partial<StatementLimits> = {}): StatementReadError => {
  const result = readStatement(input, limits);
  if (result.ok) expect.fail(`read, not refused: ${JSON.stringify(result.file).slice(0, 200)}`);
  return result.error;
};

const entry = (amount = '10.00', extra = '') =>
  `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-05</Dt></BookgDt>${extra}</Ntry>`;

const camt = (body: string, { namespace = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02', id = 'S1' } = {}) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${namespace}"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>` +
  `<Stmt><Id>${id}</Id><Acct><Id><IBAN>NL77ABNA0574908765</IBAN></Id></Acct>${body}</Stmt></BkToCstmrStmt></Document>`;

const mt940 = (...statementLines: string[]) =>
  [':20:REF1', ':25:NL77ABNA0574908765', ':28C:1/1', ':60F:C260304EUR100,00', ...statementLines, ':62F:C260305EUR110,00', '-'].join('\r\n');

describe('readStatement refuses', () => {
  it('an empty file', () => expect(refusal(new Uint8Array())).toEqual({ code: 'empty', message: 'empty file (0 bytes)' }));

  it('a file above the size limit, before reading it', () =>
    expect(refusal(bytes(camt(entry())), { maxBytes: 100 })).toMatchObject({ code: 'too-large', message: expect.stringMatching(/limit is 100 bytes/) }));

  it('a DOCTYPE, so no entity is ever expanded (billion laughs)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>` +
      camt(`<Ntry><AddtlNtryInf>&lol2;</AddtlNtryInf></Ntry>`).replace(/^<\?xml[^>]*>\n/, '');
    expect(refusal(bytes(bomb))).toMatchObject({ code: 'doctype', message: expect.stringMatching(/DOCTYPE is refused: a bank statement needs no DTD/) });
  });

  it('an external entity (XXE), without reading it', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document>&x;</Document>`;
    expect(refusal(bytes(xxe)).code).toBe('doctype');
  });

  it('truncated XML, saying so', () => {
    const whole = readFileSync(statementPath('camt053-v02-ing-nl-batch.xml'));
    expect(refusal(whole.subarray(0, whole.length / 2))).toMatchObject({ code: 'malformed-xml', message: expect.stringMatching(/truncated/) });
  });

  it('malformed XML, naming line and column', () =>
    expect(refusal(bytes('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n<a></b></Document>'))).toMatchObject({
      code: 'malformed-xml',
      message: expect.stringMatching(/^malformed XML at line 2/),
    }));

  it('a camt.052 account report', () =>
    expect(refusal(bytes(camt(entry(), { namespace: 'urn:iso:std:iso:20022:tech:xsd:camt.052.001.08' })))).toMatchObject({
      code: 'unsupported-message',
      message: expect.stringMatching(/camt\.052 account report/),
    }));

  it('a pain.001 payment order', () =>
    expect(refusal(bytes('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>'))).toMatchObject({
      code: 'unsupported-message',
      message: expect.stringMatching(/pain\.001 payment initiation/),
    }));

  it.each(['01', '14'])('camt.053 version 001.%s, outside 001.02 to 001.13', (version) =>
    expect(refusal(bytes(camt(entry(), { namespace: `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}` }))).code).toBe('unsupported-message'));

  it('XML that is no ISO 20022 message', () =>
    expect(refusal(bytes('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'))).toMatchObject({
      code: 'unknown-format',
      message: expect.stringMatching(/root element <Invoice>/),
    }));

  it('text that is neither XML nor MT940', () => expect(refusal(bytes('Date;Amount\n2026-03-05;10.00\n')).code).toBe('unknown-format'));

  it('an MT942 interim report', () =>
    expect(refusal(bytes(':20:X\r\n:25:NL77ABNA0574908765\r\n:34F:EUR0,\r\n:13D:2603051200+0100\r\n'))).toMatchObject({ code: 'unsupported-message' }));

  it('an MT940 :61: that does not follow the field format, naming its line', () =>
    expect(refusal(bytes(mt940(':61:2603050305C10.00NTRFNONREF')))).toMatchObject({
      code: 'invalid-mt940',
      message: expect.stringMatching(/^:61: at line 5: .* does not follow the :61: format/),
    }));

  it('an MT940 :61: with a date that does not exist', () =>
    expect(refusal(bytes(mt940(':61:261305C10,00NTRFNONREF'))).message).toMatch(/'261305' is not a date/));

  it('an MT940 field before any :20:', () =>
    expect(refusal(bytes(`:61:2603050305C10,00NTRFNONREF\r\n${mt940()}`)).message).toMatch(/:61: at line 1 comes before any :20:/));

  it('an MT940 statement without an opening balance', () =>
    expect(refusal(bytes(':20:X\n:25:ACCOUNT\n:60F:C260304EUR1,00\n:20:Y\n:25:ACCOUNT\n:61:2603050305C10,00NTRFNONREF\n')).message).toMatch(/no opening balance/));

  it('more entries than the limit, in either format', () => {
    expect(refusal(bytes(camt(entry() + entry() + entry())), { maxEntries: 2 })).toMatchObject({ code: 'too-many-entries', message: expect.stringMatching(/more than 2 entries/) });
    const lines = Array.from({ length: 3 }, () => ':61:2603050305C10,00NTRFNONREF');
    expect(refusal(bytes(mt940(...lines)), { maxEntries: 2 }).code).toBe('too-many-entries');
  });

  it('more transaction details under one entry than the limit', () => {
    const details = `<NtryDtls>${'<TxDtls/>'.repeat(4)}</NtryDtls>`;
    expect(refusal(bytes(camt(entry('10.00', details))), { maxDetailsPerEntry: 3 })).toMatchObject({
      code: 'too-many-details',
      message: 'entry 1 has more than 3 transaction details (TxDtls)',
    });
  });

  it('amounts with more digits than any amount', () => {
    expect(refusal(bytes(camt(entry('1'.repeat(40)))))).toMatchObject({ code: 'invalid-camt', message: expect.stringMatching(/entry 1: amount .* has more digits/) });
    expect(refusal(bytes(camt(entry('10,00')))).message).toMatch(/is not a decimal amount/);
    expect(refusal(bytes(mt940(':61:2603050305C1234567890123456789,00NTRFNONREF'))).message).toMatch(/^:61: at line 5: amount .* has more digits/);
    expect(refusal(bytes(mt940(':61:2603050305C1,000,00NTRFNONREF'))).message).toMatch(/more than one decimal comma/);
  });

  it('a camt entry without the currency of its amount, or with a direction that is none', () => {
    expect(refusal(bytes(camt(entry().replace(' Ccy="EUR"', ''))))).toEqual({ code: 'invalid-camt', message: 'entry 1 Amt has no currency (Ccy)' });
    expect(refusal(bytes(camt(entry().replace('CRDT', 'CREDIT')))).message).toBe("entry 1 CdtDbtInd: 'CREDIT' is neither CRDT nor DBIT");
  });

  it('a camt message without any statement', () =>
    expect(refusal(bytes(camt('').replace(/<Stmt>.*<\/Stmt>/, '')))).toEqual({ code: 'invalid-camt', message: 'camt.053 message without any <Stmt>: nothing to read' }));

  it('an identifier longer than any bank writes', () =>
    expect(refusal(bytes(camt(entry(), { id: 'X'.repeat(141) })))).toMatchObject({
      code: 'invalid-camt',
      message: expect.stringMatching(/^Stmt 1 Id: 141 characters/),
    }));

  it('MT940 lines or files past the line bounds', () => {
    expect(refusal(bytes(mt940(`:86:${'x'.repeat(200)}`)), { maxLineChars: 100 }).message).toMatch(/line 5 is longer than 100 characters/);
    expect(refusal(bytes(mt940()), { maxLines: 3 }).code).toBe('too-large');
  });

  it('MT940 in UTF-16 or ISO-8859-1, instead of guessing', () => {
    expect(refusal(new Uint8Array([0xff, 0xfe, ...Buffer.from(mt940(), 'utf16le')])).code).toBe('invalid-encoding');
    expect(refusal(bytes(mt940(':61:2603050305C10,00NTRFNONREF', ':86:Müller'), 'latin1'))).toMatchObject({
      code: 'invalid-encoding',
      message: expect.stringMatching(/^line 6 is not valid UTF-8/),
    });
  });

  it('XML whose bytes are not in the encoding it declares', () =>
    expect(refusal(bytes(camt(entry('10.00', '<AddtlNtryInf>Müller</AddtlNtryInf>')), 'latin1')).code).toBe('invalid-encoding'));
});

describe('readStatement on envelopes', () => {
  it('reads a camt Document inside an envelope beside its business application header', () => {
    const document = camt(entry()).replace(/^<\?xml[^>]*>\n/, '');
    const wrapped = `<Envelope xmlns="urn:example:envelope"><AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"/>${document}</Envelope>`;
    const result = readStatement(bytes(wrapped));
    expect(result.ok && result.file.format).toBe('camt.053.001.02');
  });
});

describe('readStatement on encodings', () => {
  it('reads XML in UTF-16 with its byte-order mark', () => {
    const result = readStatement(new Uint8Array([0xff, 0xfe, ...Buffer.from(camt(entry()).replace('UTF-8', 'UTF-16'), 'utf16le')]));
    expect(result.ok && result.file.statements[0]?.entries[0]?.amount).toBe('10.00');
  });

  it('reads XML in the ISO-8859-1 it declares', () => {
    const latin1 = camt(entry('10.00', '<AddtlNtryInf>Müller</AddtlNtryInf>')).replace('UTF-8', 'ISO-8859-1');
    const result = readStatement(bytes(latin1, 'latin1'));
    expect(result.ok && result.file.statements[0]?.entries[0]?.additionalInfo).toBe('Müller');
  });
});
