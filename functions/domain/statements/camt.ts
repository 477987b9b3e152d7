import { parseXml, textOf, XmlReadError, type RepeatedElements, type XmlElement, type XmlReadErrorCode } from '../xml';
import type { IsoDate } from '../calendar';
import { boundedIdentifier, datePart, signedBalance, unsignedAmount } from './fields';
import { isValidIban } from './iban';
import {
  StatementRefusedError,
  type Balance,
  type BankEntry,
  type BankStatement,
  type BankStatementFile,
  type BatchInfo,
  type CreditDebit,
  type EntryDetail,
  type StatementFormat,
  type StatementLimits,
  type StatementReadErrorCode,
} from './types';

const ISO_20022_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4})\.(\d{3})\.(\d{3})\.(\d{2})$/;
/** The camt.053 and camt.054 versions read here: element names are taken from each version's message definition. */
const FIRST_VERSION = 2;
const LAST_VERSION = 13;

/** What other ISO 20022 messages are, so a refusal says what the file is instead. */
const OTHER_MESSAGES: Readonly<Record<string, string>> = {
  'camt.052': 'a camt.052 account report (intraday), not a statement',
  'camt.060': 'a camt.060 account reporting request',
  'pain.001': 'a pain.001 payment initiation (an order to the bank), not a statement',
  'pain.002': 'a pain.002 payment status report, not a statement',
  'pain.008': 'a pain.008 direct debit initiation, not a statement',
  'pacs.008': 'a pacs.008 interbank credit transfer, not a statement',
};

const MESSAGE_ROOTS = { '053': ['BkToCstmrStmt', 'Stmt'], '054': ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'] } as const;

const XML_CODES: Readonly<Record<XmlReadErrorCode, StatementReadErrorCode>> = {
  'malformed-xml': 'malformed-xml',
  'dtd-forbidden': 'doctype',
  'invalid-encoding': 'invalid-encoding',
  'unsupported-encoding': 'unsupported-encoding',
  'invalid-value': 'invalid-camt',
};

/** One element's children by local name: a camt message keeps all its elements in the root's namespace. */
const childrenOf = (element: XmlElement | undefined, name: string): XmlElement[] =>
  element ? element.children.filter((child) => child.name === name) : [];

/** The first element at a '/'-separated path of local names. */
const at = (element: XmlElement | undefined, path: string): XmlElement | undefined => {
  let current = element;
  for (const name of path.split('/')) current = childrenOf(current, name)[0];
  return current;
};

const allAt = (element: XmlElement | undefined, path: string): XmlElement[] =>
  path.split('/').reduce<XmlElement[]>((found, name) => found.flatMap((e) => childrenOf(e, name)), element ? [element] : []);

const textAt = (element: XmlElement | undefined, path: string): string | undefined => textOf(at(element, path)) ?? undefined;

/**
 * Reads a camt.053 statement or camt.054 notification (versions 001.02 to 001.13). Entries are
 * mapped as each `Ntry` closes and dropped from the tree, so memory follows what is kept, and the
 * entry and detail counts are refused as they pass their bounds, before the rest is parsed.
 */
export function readCamt(bytes: Uint8Array, limits: StatementLimits): BankStatementFile {
  const reader = new CamtReader(limits);
  let root: XmlElement;
  try {
    root = parseXml(bytes, { repeated: reader.repeated, documentKind: 'a bank statement' });
  } catch (err) {
    if (err instanceof XmlReadError) throw new StatementRefusedError(XML_CODES[err.code], err.message, { cause: err });
    throw err;
  }
  return reader.file(root);
}

class CamtReader {
  private readonly entriesOf = new Map<XmlElement, BankEntry[]>();
  private entryCount = 0;
  private detailCount = 0;
  private takenFrom: XmlElement | undefined;

  constructor(private readonly limits: StatementLimits) {}

  readonly repeated: RepeatedElements = {
    matches: (element, parent) => {
      if (element.name === 'TxDtls' && ++this.detailCount > this.limits.maxDetailsPerEntry) {
        throw new StatementRefusedError('too-many-details', `entry ${this.entryCount + 1} has more than ${this.limits.maxDetailsPerEntry} transaction details (TxDtls)`);
      }
      if (element.name !== 'Ntry' || (parent.name !== 'Stmt' && parent.name !== 'Ntfctn')) return false;
      if (++this.entryCount > this.limits.maxEntries) {
        throw new StatementRefusedError('too-many-entries', `more than ${this.limits.maxEntries} entries (Ntry) in one file`);
      }
      this.takenFrom = parent;
      return true;
    },
    take: (element) => {
      const parent = this.takenFrom;
      if (!parent) return;
      const entries = this.entriesOf.get(parent) ?? [];
      this.entriesOf.set(parent, entries);
      entries.push(this.entry(element, `entry ${this.entryCount}`));
      this.detailCount = 0;
    },
  };

  file(outer: XmlElement): BankStatementFile {
    // Some banks deliver the Document inside an envelope beside its business application header (head.001).
    const root = ISO_20022_NAMESPACE.test(outer.ns) ? outer : (outer.children.find((child) => child.name === 'Document' && ISO_20022_NAMESPACE.test(child.ns)) ?? outer);
    const { message, version } = messageOf(root);
    const [container, statementName] = MESSAGE_ROOTS[message];
    const body = childrenOf(root, container)[0];
    if (!body) throw refused(`camt.${message} document without <${container}>`);
    const format = `camt.${message}.001.${version}` as StatementFormat;
    const statements = childrenOf(body, statementName).map((element, i) => this.statement(element, `${statementName} ${i + 1}`));
    if (statements.length === 0) throw refused(`camt.${message} message without any <${statementName}>: nothing to read`);
    return { format, statements };
  }

  private statement(element: XmlElement, where: string): BankStatement {
    const id = this.identifier(textAt(element, 'Id'), `${where} Id`);
    if (id === undefined) throw refused(`${where} has no Id`);
    const iban = textAt(element, 'Acct/Id/IBAN');
    const account = this.identifier(iban ?? textAt(element, 'Acct/Id/Othr/Id'), `${where} Acct/Id`);
    if (account === undefined) throw refused(`${where} has no account (Acct/Id/IBAN or Acct/Id/Othr/Id)`);
    const balances = childrenOf(element, 'Bal');
    const opening = balanceOf(balances, 'OPBD', where) ?? balanceOf(balances, 'PRCD', where);
    const closing = balanceOf(balances, 'CLBD', where);
    const currency = textAt(element, 'Acct/Ccy') ?? opening?.currency ?? closing?.currency;
    const number = textAt(element, 'ElctrncSeqNb') ?? textAt(element, 'LglSeqNb');
    const from = textAt(element, 'FrToDt/FrDtTm');
    const to = textAt(element, 'FrToDt/ToDtTm');
    return {
      id,
      ...(number !== undefined && { number }),
      account,
      ...(iban !== undefined && isValidIban(iban) && { iban }),
      ...(currency !== undefined && { currency }),
      ...(opening && { openingBalance: opening.balance }),
      ...(closing && { closingBalance: closing.balance }),
      ...(from !== undefined && { fromDate: datePart(from, `${where} FrDtTm`, 'invalid-camt') }),
      ...(to !== undefined && { toDate: datePart(to, `${where} ToDtTm`, 'invalid-camt') }),
      entries: this.entriesOf.get(element) ?? [],
    };
  }

  private entry(element: XmlElement, where: string): BankEntry {
    const amountElement = at(element, 'Amt');
    const amountText = textOf(amountElement);
    if (!amountElement || amountText === null) throw refused(`${where} has no Amt`);
    const currency = amountElement.attrs.Ccy;
    if (!currency) throw refused(`${where} Amt has no currency (Ccy)`);
    const creditDebit = directionOf(textAt(element, 'CdtDbtInd'), `${where} CdtDbtInd`);
    if (!creditDebit) throw refused(`${where} has no CdtDbtInd`);
    const reversal = textAt(element, 'RvslInd') === 'true' || textAt(element, 'RvslInd') === '1';
    const booking = optionalDate(element, 'BookgDt', `${where} BookgDt`);
    const value = optionalDate(element, 'ValDt', `${where} ValDt`);
    // v02-v06 write the status as a code; v08+ wrap it in Cd (or Prtry).
    const status = textAt(element, 'Sts/Cd') ?? textAt(element, 'Sts/Prtry') ?? textAt(element, 'Sts');
    const additionalInfo = joined(allAt(element, 'AddtlNtryInf'));
    const bankReference = this.identifier(textAt(element, 'AcctSvcrRef'), `${where} AcctSvcrRef`);
    const entryReference = this.identifier(textAt(element, 'NtryRef'), `${where} NtryRef`);
    const transactionType = transactionTypeOf(at(element, 'BkTxCd'));
    const batch = batchOf(at(element, 'NtryDtls/Btch'), where);
    const details = allAt(element, 'NtryDtls/TxDtls').map((detail, i) =>
      this.detail(detail, creditDebit, reversal, `${where} TxDtls ${i + 1}`),
    );
    return {
      ...(booking && { bookingDate: booking }),
      ...(value && { valueDate: value }),
      amount: unsignedAmount(amountText, where, 'invalid-camt'),
      creditDebit,
      reversal,
      currency,
      ...(status !== undefined && { status }),
      ...(additionalInfo !== undefined && { additionalInfo }),
      ...(bankReference !== undefined && { bankReference }),
      ...(entryReference !== undefined && { entryReference }),
      ...(transactionType !== undefined && { transactionType }),
      ...(batch && { batch }),
      details,
    };
  }

  private detail(element: XmlElement, entryDirection: CreditDebit, reversal: boolean, where: string): EntryDetail {
    const own = directionOf(textAt(element, 'CdtDbtInd'), `${where} CdtDbtInd`);
    const direction = own ?? entryDirection;
    // The counterparty of a credit is who paid it, of a debit who was paid.
    const side = direction === 'CRDT' ? 'Dbtr' : 'Cdtr';
    const parties = at(element, 'RltdPties');
    // v08+ wrap the party in Pty (a party, or Agt for an agent); v02-v06 name it directly.
    const counterpartyName = reversal ? undefined : (textAt(parties, `${side}/Pty/Nm`) ?? textAt(parties, `${side}/Nm`));
    const counterpartyIban = reversal ? undefined : textAt(parties, `${side}Acct/Id/IBAN`);
    const amountElement = at(element, 'Amt') ?? at(element, 'AmtDtls/TxAmt/Amt');
    const amountText = textOf(amountElement);
    const references = allAt(element, 'RmtInf/Strd/CdtrRefInf/Ref').flatMap((ref) => textOf(ref) ?? []);
    const text = (path: string, what = path) => this.identifier(textAt(element, path), `${where} ${what}`);
    const fields: EntryDetail = {
      endToEndId: text('Refs/EndToEndId'),
      instructionId: text('Refs/InstrId'),
      transactionId: text('Refs/TxId'),
      mandateId: text('Refs/MndtId'),
      bankReference: text('Refs/AcctSvcrRef'),
      counterpartyName,
      counterpartyIban,
      remittanceUnstructured: joined(allAt(element, 'RmtInf/Ustrd')),
      structuredReference: references.length > 1 ? references : references[0],
      amount: amountText === null ? undefined : unsignedAmount(amountText, where, 'invalid-camt'),
      currency: amountText === null ? undefined : amountElement?.attrs.Ccy,
      creditDebit: own,
      returnReason: textAt(element, 'RtrInf/Rsn/Cd'),
      returnReasonProprietary: textAt(element, 'RtrInf/Rsn/Prtry'),
      returnInformation: joined(allAt(element, 'RtrInf/AddtlInf')),
      additionalInfo: joined(allAt(element, 'AddtlTxInf')),
    };
    return withoutUndefined(fields);
  }

  private identifier(text: string | undefined, where: string): string | undefined {
    return text === undefined ? undefined : boundedIdentifier(text, where, this.limits, 'invalid-camt');
  }
}

const refused = (message: string) => new StatementRefusedError('invalid-camt', message);

/** The message (053 or 054) and version from the root's namespace, or the refusal saying what the file is. */
function messageOf(root: XmlElement): { message: keyof typeof MESSAGE_ROOTS; version: string } {
  const match = ISO_20022_NAMESPACE.exec(root.ns);
  if (!match) {
    throw new StatementRefusedError(
      'unknown-format',
      `not a bank statement: root element <${root.name}>${root.ns ? ` in namespace ${root.ns}` : ' in no namespace'} is not an ISO 20022 camt.053 or camt.054 message`,
    );
  }
  const [, area = '', message = '', variant = '', version = ''] = match;
  const name = `${area}.${message}`;
  if (area !== 'camt' || (message !== '053' && message !== '054')) {
    const what = OTHER_MESSAGES[name] ?? `an ISO 20022 ${name} message`;
    throw new StatementRefusedError('unsupported-message', `${what}: only camt.053 statements and camt.054 notifications are read`);
  }
  const number = Number(version);
  if (variant !== '001' || number < FIRST_VERSION || number > LAST_VERSION) {
    throw new StatementRefusedError(
      'unsupported-message',
      `${name}.${variant}.${version} is not a version read here (camt.${message}.001.0${FIRST_VERSION} to .001.${LAST_VERSION})`,
    );
  }
  return { message, version };
}

function directionOf(text: string | undefined, where: string): CreditDebit | undefined {
  if (text === undefined) return undefined;
  if (text === 'CRDT' || text === 'DBIT') return text;
  throw refused(`${where}: '${text.slice(0, 20)}' is neither CRDT nor DBIT`);
}

function optionalDate(element: XmlElement, name: string, where: string): IsoDate | undefined {
  const text = textAt(element, `${name}/Dt`) ?? textAt(element, `${name}/DtTm`);
  return text === undefined ? undefined : datePart(text, where, 'invalid-camt');
}

/** The first balance of the type, signed, with its currency. */
function balanceOf(balances: readonly XmlElement[], code: string, where: string): { balance: Balance; currency: string | undefined } | undefined {
  const element = balances.find((balance) => textAt(balance, 'Tp/CdOrPrtry/Cd') === code);
  if (!element) return undefined;
  const amountElement = at(element, 'Amt');
  const amount = textOf(amountElement);
  const date = textAt(element, 'Dt/Dt') ?? textAt(element, 'Dt/DtTm');
  if (amount === null || date === undefined) throw refused(`${where} balance ${code} has no amount or no date`);
  const debit = directionOf(textAt(element, 'CdtDbtInd'), `${where} balance ${code}`) === 'DBIT';
  return {
    balance: { amount: signedBalance(unsignedAmount(amount, `${where} balance ${code}`, 'invalid-camt'), debit), date: datePart(date, `${where} balance ${code}`, 'invalid-camt') },
    currency: amountElement?.attrs.Ccy,
  };
}

/** `PMNT/RCDT/ESCT` from the ISO domain code, else the bank's proprietary code. */
function transactionTypeOf(code: XmlElement | undefined): string | undefined {
  const domain = textAt(code, 'Domn/Cd');
  if (domain !== undefined) return [domain, textAt(code, 'Domn/Fmly/Cd'), textAt(code, 'Domn/Fmly/SubFmlyCd')].filter(Boolean).join('/');
  return textAt(code, 'Prtry/Cd');
}

function batchOf(element: XmlElement | undefined, where: string): BatchInfo | undefined {
  if (!element) return undefined;
  const total = textAt(element, 'TtlAmt');
  return withoutUndefined({
    messageId: textAt(element, 'MsgId'),
    paymentInformationId: textAt(element, 'PmtInfId'),
    numberOfTransactions: textAt(element, 'NbOfTxs'),
    totalAmount: total === undefined ? undefined : unsignedAmount(total, `${where} Btch`, 'invalid-camt'),
    creditDebit: directionOf(textAt(element, 'CdtDbtInd'), `${where} Btch CdtDbtInd`),
  });
}

/** The elements' texts joined with one space; undefined when none has text. */
function joined(elements: readonly XmlElement[]): string | undefined {
  const texts = elements.flatMap((element) => textOf(element) ?? []);
  return texts.length > 0 ? texts.join(' ') : undefined;
}

/** The object without its undefined values: a value the file does not carry is left out, not written as null. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
