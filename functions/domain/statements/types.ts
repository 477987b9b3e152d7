import type { IsoDate } from '../calendar';
import type { Decimal } from '../money';

/** `camt.053.001.NN` / `camt.054.001.NN` as the XML namespace names it, or `mt940`. */
export type StatementFormat = `camt.053.001.${string}` | `camt.054.001.${string}` | 'mt940';

/** The direction an entry moves the balance in: a reversal is booked opposite to the entry it reverses. */
export type CreditDebit = 'CRDT' | 'DBIT';

/** A balance on a day; the amount is signed, '-' for a debit balance. */
export interface Balance {
  readonly amount: Decimal;
  readonly date: IsoDate;
}

/**
 * One bank statement file as read: a camt.053 message (one statement per `Stmt`), a camt.054
 * notification (one per `Ntfctn`) or an MT940 file (one per `:20:` block). A value the file does
 * not carry is left out, never guessed.
 */
export interface BankStatementFile {
  readonly format: StatementFormat;
  readonly statements: readonly BankStatement[];
}

export interface BankStatement {
  /** camt `Stmt/Id` / `Ntfctn/Id`; MT940 `:20:`. */
  readonly id: string;
  /** MT940 `:28C:` as written ('00001/001'); camt `ElctrncSeqNb`, else `LglSeqNb`. */
  readonly number?: string;
  /** camt `Acct/Id/IBAN`, else `Acct/Id/Othr/Id`; MT940 `:25:` as written. */
  readonly account: string;
  /** The account's IBAN, only when it passes the ISO 13616 check. */
  readonly iban?: string;
  readonly currency?: string;
  /** camt `OPBD`, else `PRCD`; MT940 `:60F:` / `:60M:`. */
  readonly openingBalance?: Balance;
  /** camt `CLBD`; MT940 `:62F:` / `:62M:`. */
  readonly closingBalance?: Balance;
  /** camt `FrToDt`, the date part as written. */
  readonly fromDate?: IsoDate;
  readonly toDate?: IsoDate;
  readonly entries: readonly BankEntry[];
}

export interface BankEntry {
  readonly bookingDate?: IsoDate;
  readonly valueDate?: IsoDate;
  /** Unsigned: the direction is {@link creditDebit}. */
  readonly amount: Decimal;
  readonly creditDebit: CreditDebit;
  /** camt `RvslInd`; MT940 mark `RC` / `RD`. */
  readonly reversal: boolean;
  readonly currency: string;
  /** camt `Sts` (v02-v06) or `Sts/Cd` (v08+): BOOK, PDNG, INFO. */
  readonly status?: string;
  /** camt `AddtlNtryInf`, joined with one space. */
  readonly additionalInfo?: string;
  /** The bank's own reference of the entry: camt `AcctSvcrRef`; MT940 `:61:` after `//` (absent when NONREF). */
  readonly bankReference?: string;
  /** camt `NtryRef`. */
  readonly entryReference?: string;
  /** MT940 `:61:` reference for the account owner (before `//`; absent when NONREF). */
  readonly customerReference?: string;
  /** MT940 `:61:` transaction type ('NTRF', 'N051'); camt `BkTxCd` as `PMNT/RCDT/ESCT`, else its proprietary code. */
  readonly transactionType?: string;
  /** MT940 `:61:` supplementary details (the line after it). */
  readonly supplementaryDetails?: string;
  /** camt `NtryDtls/Btch`: a batch booked as one entry. */
  readonly batch?: BatchInfo;
  readonly details: readonly EntryDetail[];
}

export interface BatchInfo {
  readonly messageId?: string;
  readonly paymentInformationId?: string;
  readonly numberOfTransactions?: string;
  readonly totalAmount?: Decimal;
  readonly creditDebit?: CreditDebit;
}

/** One camt `TxDtls`, or the MT940 `:86:` that follows a `:61:`. */
export interface EntryDetail {
  /** MT940: the whole `:86:`, lines joined with '\n'. */
  readonly information?: string;
  readonly endToEndId?: string;
  readonly instructionId?: string;
  readonly transactionId?: string;
  readonly mandateId?: string;
  readonly bankReference?: string;
  /** Debtor of a credit, creditor of a debit; left out on reversals, whose party roles banks write differently. */
  readonly counterpartyName?: string;
  readonly counterpartyIban?: string;
  /** All `RmtInf/Ustrd`, each trimmed, joined with one space. */
  readonly remittanceUnstructured?: string;
  /** `CdtrRefInf/Ref` (RF, QRR, ...): one string, or a list when the detail has several. */
  readonly structuredReference?: string | readonly string[];
  readonly amount?: Decimal;
  readonly currency?: string;
  readonly creditDebit?: CreditDebit;
  /** `RtrInf/Rsn/Cd` (ISO external return reason, e.g. AC06). */
  readonly returnReason?: string;
  /** `RtrInf/Rsn/Prtry`, when the bank gives its own code instead. */
  readonly returnReasonProprietary?: string;
  /** `RtrInf/AddtlInf`, joined with one space. */
  readonly returnInformation?: string;
  readonly additionalInfo?: string;
}

/** Why a file is not read; stable codes for scripts, the message for a person. */
export type StatementReadErrorCode =
  | 'empty'
  | 'too-large'
  | 'too-many-entries'
  | 'too-many-details'
  | 'unknown-format'
  | 'malformed-xml'
  | 'doctype'
  | 'invalid-encoding'
  | 'unsupported-encoding'
  | 'unsupported-message'
  | 'invalid-camt'
  | 'invalid-mt940';

export interface StatementReadError {
  readonly code: StatementReadErrorCode;
  readonly message: string;
}

export type StatementReadResult =
  | { readonly ok: true; readonly file: BankStatementFile }
  | { readonly ok: false; readonly error: StatementReadError };

/** A refusal thrown inside the readers and returned by {@link readStatement} as a value. */
export class StatementRefusedError extends Error {
  override readonly name = 'StatementRefusedError';
  constructor(
    readonly code: StatementReadErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Bounds checked before their cost is paid; each has a default in {@link DEFAULT_STATEMENT_LIMITS}. */
export interface StatementLimits {
  /** Files above this are refused unread. */
  readonly maxBytes: number;
  /** Entries (`Ntry`, `:61:`) in one file. */
  readonly maxEntries: number;
  /** `TxDtls` under one entry. */
  readonly maxDetailsPerEntry: number;
  /** Characters in one MT940 line (SWIFT allows 65; banks write longer). */
  readonly maxLineChars: number;
  /** Lines in one MT940 file. */
  readonly maxLines: number;
  /** Characters of one identifier (ids, references, accounts). */
  readonly maxIdentifierChars: number;
}
