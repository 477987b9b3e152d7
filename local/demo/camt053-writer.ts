import type { IsoDate } from '../../functions/domain/calendar';
import { addDecimals, compareDecimals, subtractDecimals, type Decimal } from '../../functions/domain/money';
import type { CreditDebit } from '../../functions/domain/statements';

const NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08';

/** One booked entry of a demo statement; the writer gives it one `TxDtls`. */
export interface EntryDraft {
  /** More than zero; the direction is {@link creditDebit}. */
  readonly amount: Decimal;
  readonly creditDebit: CreditDebit;
  readonly bookingDate: IsoDate;
  /** @default the booking date */
  readonly valueDate?: IsoDate;
  /** The bank's unique reference of the entry (`AcctSvcrRef`). */
  readonly bankReference: string;
  /** For a return, the end-to-end id of the payment returned. @default 'NOTPROVIDED' */
  readonly endToEndId?: string;
  /** Who paid a credit, or was paid by a debit. */
  readonly counterparty?: { readonly name: string; readonly iban?: string };
  readonly unstructuredRemittance?: string;
  /** An ISO 11649 creditor reference ('RF18539007547034'). */
  readonly creditorReference?: string;
  /** A returned payment: the ISO return reason code (`RtrInf/Rsn/Cd`, e.g. 'AC04'). */
  readonly returnReason?: string;
}

/** A demo account statement: the writer adds the closing balance and the transaction summary. */
export interface StatementDraft {
  readonly messageId: string;
  readonly statementId: string;
  /** `CreDtTm`, e.g. '2026-03-06T06:00:00+01:00'. */
  readonly createdAt: string;
  readonly iban: string;
  readonly currency: string;
  /** Signed: negative for a debit balance. */
  readonly openingBalance: Decimal;
  readonly fromDate: IsoDate;
  readonly toDate: IsoDate;
  readonly entries: readonly EntryDraft[];
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NEEDS_ESCAPE = /[&<>"']/;
const escapeXml = (text: string): string => (NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char) : text);

const element = (name: string, content: string): string => `<${name}>${content}</${name}>`;
const text = (name: string, value: string): string => element(name, escapeXml(value));
const amount = (value: Decimal, currency: string): string => `<Amt Ccy="${escapeXml(currency)}">${value}</Amt>`;

/** The balance after the entries: credits add, debits subtract. */
export const closingBalanceOf = (draft: StatementDraft): Decimal =>
  draft.entries.reduce((balance, entry) => (entry.creditDebit === 'CRDT' ? addDecimals : subtractDecimals)(balance, entry.amount), draft.openingBalance);

function balance(code: 'OPBD' | 'CLBD', signed: Decimal, date: IsoDate, currency: string): string {
  const debit = compareDecimals(signed, '0' as Decimal) < 0;
  return element(
    'Bal',
    element('Tp', element('CdOrPrtry', text('Cd', code))) +
      amount(debit ? (signed.slice(1) as Decimal) : signed, currency) +
      text('CdtDbtInd', debit ? 'DBIT' : 'CRDT') +
      element('Dt', text('Dt', date)),
  );
}

/** Bank transaction code: received or issued credit transfer, or its return. */
const transactionCode = (entry: EntryDraft): string => {
  const family = entry.creditDebit === 'CRDT' ? 'RCDT' : 'ICDT';
  const subFamily = entry.returnReason ? 'RRTN' : 'ESCT';
  return element('BkTxCd', element('Domn', text('Cd', 'PMNT') + element('Fmly', text('Cd', family) + text('SubFmlyCd', subFamily))));
};

function relatedParties(entry: EntryDraft): string {
  if (!entry.counterparty) return '';
  // The counterparty of a credit is its debtor, of a debit its creditor.
  const side = entry.creditDebit === 'CRDT' ? 'Dbtr' : 'Cdtr';
  const { name, iban } = entry.counterparty;
  const account = iban ? element(`${side}Acct`, element('Id', text('IBAN', iban))) : '';
  return element('RltdPties', element(side, element('Pty', text('Nm', name))) + account);
}

function remittance(entry: EntryDraft): string {
  const unstructured = entry.unstructuredRemittance ? text('Ustrd', entry.unstructuredRemittance) : '';
  const structured = entry.creditorReference
    ? element(
        'Strd',
        element('CdtrRefInf', element('Tp', element('CdOrPrtry', text('Cd', 'SCOR')) + text('Issr', 'ISO')) + text('Ref', entry.creditorReference)),
      )
    : '';
  return unstructured || structured ? element('RmtInf', unstructured + structured) : '';
}

function entryXml(entry: EntryDraft, currency: string): string {
  const details = element(
    'TxDtls',
    element('Refs', text('AcctSvcrRef', entry.bankReference) + text('EndToEndId', entry.endToEndId ?? 'NOTPROVIDED')) +
      amount(entry.amount, currency) +
      text('CdtDbtInd', entry.creditDebit) +
      relatedParties(entry) +
      remittance(entry) +
      (entry.returnReason ? element('RtrInf', element('Rsn', text('Cd', entry.returnReason))) : ''),
  );
  return element(
    'Ntry',
    amount(entry.amount, currency) +
      text('CdtDbtInd', entry.creditDebit) +
      text('RvslInd', 'false') +
      element('Sts', text('Cd', 'BOOK')) +
      element('BookgDt', text('Dt', entry.bookingDate)) +
      element('ValDt', text('Dt', entry.valueDate ?? entry.bookingDate)) +
      text('AcctSvcrRef', entry.bankReference) +
      transactionCode(entry) +
      element('NtryDtls', details),
  );
}

/**
 * A camt.053.001.08 bank-to-customer statement for the demo and the benchmarks: production reads
 * statements and never writes them, so this lives beside the demo, not in functions/.
 * @example writeCamt053({ messageId: 'M1', statementId: 'S1', createdAt: '2026-03-06T06:00:00Z', iban: 'DE89370400440532013000', currency: 'EUR', openingBalance: '0', fromDate, toDate, entries: [] })
 */
export function writeCamt053(draft: StatementDraft): string {
  const { currency } = draft;
  const lastBooking = draft.entries.reduce<IsoDate>((last, entry) => (entry.bookingDate > last ? entry.bookingDate : last), draft.fromDate);
  const statement = element(
    'Stmt',
    text('Id', draft.statementId) +
      text('CreDtTm', draft.createdAt) +
      element('FrToDt', text('FrDtTm', `${draft.fromDate}T00:00:00`) + text('ToDtTm', `${draft.toDate}T23:59:59`)) +
      element('Acct', element('Id', text('IBAN', draft.iban)) + text('Ccy', currency)) +
      balance('OPBD', draft.openingBalance, draft.fromDate, currency) +
      balance('CLBD', closingBalanceOf(draft), lastBooking, currency) +
      element('TxsSummry', element('TtlNtries', text('NbOfNtries', String(draft.entries.length)))) +
      draft.entries.map((entry) => entryXml(entry, currency)).join(''),
  );
  const header = element('GrpHdr', text('MsgId', draft.messageId) + text('CreDtTm', draft.createdAt));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${NAMESPACE}">${element('BkToCstmrStmt', header + statement)}</Document>\n`;
}
