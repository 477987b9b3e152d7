import { looksLikeXml } from '../xml';
import { readCamt } from './camt';
import { DEFAULT_STATEMENT_LIMITS } from './fields';
import { decodeMt940, looksLikeMt940, readMt940 } from './mt940';
import { StatementRefusedError, type BankStatementFile, type StatementLimits, type StatementReadResult } from './types';

export { DEFAULT_STATEMENT_LIMITS } from './fields';
export { entryIdentities, entryIdentityOf } from './identity';
export { isValidIban } from './iban';
export type {
  Balance,
  BankEntry,
  BankStatement,
  BankStatementFile,
  BatchInfo,
  CreditDebit,
  EntryDetail,
  StatementFormat,
  StatementLimits,
  StatementReadError,
  StatementReadErrorCode,
  StatementReadResult,
} from './types';

/**
 * Reads a bank statement file: ISO 20022 camt.053 (statement) or camt.054 (debit/credit
 * notification), versions 001.02 to 001.13, or SWIFT MT940. The format is recognised by content,
 * never by name. A refusal is a value whose message says what is wrong and where.
 * @example const result = readStatement(await readFile('2026-03-05.xml'));
 */
/**
 * Whether a file is a bank statement rather than an invoice, from its first bytes: an ISO 20022
 * cash management message (camt.05x, so a camt.052 is refused by the statement reader, naming
 * it) or MT940 fields. Where one drop folder takes both, it routes each file by this.
 */
export const looksLikeStatement = (bytes: Uint8Array): boolean => {
  const head = Buffer.from(bytes.subarray(0, 64 * 1024)).toString('latin1').replace(/\0/g, '');
  return /urn:iso:std:iso:20022:tech:xsd:camt\.05\d\./.test(head) || looksLikeMt940(head);
};

export function readStatement(bytes: Uint8Array, limits: Partial<StatementLimits> = {}): StatementReadResult {
  try {
    return { ok: true, file: read(bytes, { ...DEFAULT_STATEMENT_LIMITS, ...limits }) };
  } catch (err) {
    if (err instanceof StatementRefusedError) return { ok: false, error: { code: err.code, message: err.message } };
    throw err;
  }
}

function read(bytes: Uint8Array, limits: StatementLimits): BankStatementFile {
  if (bytes.length === 0) throw new StatementRefusedError('empty', 'empty file (0 bytes)');
  if (bytes.length > limits.maxBytes) {
    throw new StatementRefusedError('too-large', `file too large: ${bytes.length} bytes, the limit is ${limits.maxBytes} bytes`);
  }
  if (looksLikeXml(bytes)) return readCamt(bytes, limits);
  // Fields are ASCII in any encoding but UTF-16, so the format is recognised before the encoding is checked.
  const ascii = Buffer.from(bytes).toString('latin1').replace(/\0/g, '').replace(/^(ï»¿|þÿ|ÿþ)/, '');
  if (looksLikeMt940(ascii)) return readMt940(decodeMt940(bytes), limits);
  if (/^:34F:/m.test(ascii) || /\{2:[IO]942/.test(ascii)) {
    throw new StatementRefusedError('unsupported-message', 'an MT942 interim transaction report, not an MT940 statement');
  }
  throw new StatementRefusedError('unknown-format', 'not a bank statement: neither ISO 20022 XML (camt.053/054) nor MT940 (no :20:, :25: and :60F:/:60M: fields)');
}
