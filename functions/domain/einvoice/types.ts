import type { IsoDate } from '../calendar';
import type { Decimal } from '../money';

export type Syntax = 'ubl' | 'cii';
export type InvoiceKind = 'invoice' | 'credit-note';

export interface PostalAddress {
  readonly lines: readonly string[];
  readonly city: string | null;
  readonly postCode: string | null;
  readonly countrySubdivision: string | null;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string | null;
}

export interface Party {
  /** BT-27 / BT-44 */
  readonly name: string | null;
  /** BT-28 / BT-45 */
  readonly tradingName: string | null;
  /** BT-29 / BT-46, the first one given. */
  readonly identifier: string | null;
  /** BT-30 / BT-47 */
  readonly legalRegistrationId: string | null;
  /** BT-31 / BT-48 */
  readonly vatId: string | null;
  /** BT-34 / BT-49, its value without the scheme. */
  readonly electronicAddress: string | null;
  /** The scheme of the electronic address (EAS code list, e.g. '0088', 'EM'). */
  readonly electronicAddressScheme: string | null;
  /** BT-41 / BT-56 */
  readonly contactName: string | null;
  /** BT-42 / BT-57 */
  readonly phone: string | null;
  /** BT-43 / BT-58 */
  readonly email: string | null;
  /** BG-5 / BG-8 */
  readonly address: PostalAddress | null;
}

export interface Totals {
  /** BT-106 */ readonly lineNet: Decimal | null;
  /** BT-107 */ readonly allowances: Decimal | null;
  /** BT-108 */ readonly charges: Decimal | null;
  /** BT-109 */ readonly taxExclusive: Decimal | null;
  /** BT-110, in the document currency. */ readonly tax: Decimal | null;
  /** BT-111, VAT in the accounting currency (BT-6) where the invoice states it. */ readonly taxInAccountingCurrency: Decimal | null;
  /** BT-112 */ readonly taxInclusive: Decimal | null;
  /** BT-113 */ readonly paid: Decimal | null;
  /** BT-114 */ readonly rounding: Decimal | null;
  /** BT-115 */ readonly due: Decimal | null;
}

/** BG-23: one VAT category and rate. */
export interface VatBreakdown {
  /** BT-118 */ readonly categoryCode: string | null;
  /** BT-119 */ readonly rate: Decimal | null;
  /** BT-116 */ readonly taxableAmount: Decimal | null;
  /** BT-117 */ readonly taxAmount: Decimal | null;
  /** BT-120 */ readonly exemptionReason: string | null;
}

/** BG-25 */
export interface InvoiceLine {
  /** BT-126 */ readonly id: string | null;
  /** BT-129 */ readonly quantity: Decimal | null;
  /** BT-130 */ readonly unitCode: string | null;
  /** BT-131 */ readonly netAmount: Decimal | null;
  /** BT-153 */ readonly name: string | null;
}

/** BG-16 / BG-17: where to pay. */
export interface PaymentInstructions {
  /** BT-81 */ readonly meansCode: string | null;
  /** BT-83 */ readonly remittanceInformation: string | null;
  /** BT-84 */ readonly iban: string | null;
  /** BT-86 */ readonly bic: string | null;
}

/**
 * The EN 16931 semantic model in camelCase: the only invoice shape downstream code sees
 * (`shared/spec/canonical-invoice.md`). A term the document does not carry is null.
 */
export interface CanonicalInvoice {
  readonly syntax: Syntax;
  /** For an invoice read from a PDF: the attachment it was read from (a PDF may carry several). */
  readonly attachment?: string;
  readonly kind: InvoiceKind;
  /** BT-24, the specification identifier (Peppol, XRechnung, Factur-X profile...). */
  readonly customizationId: string | null;
  /** BT-1 */ readonly number: string;
  /** BT-2 */ readonly issueDate: IsoDate;
  /** BT-3, UNTDID 1001. */ readonly typeCode: string | null;
  /** BT-5 */ readonly currency: string;
  /** BT-6 */ readonly taxCurrency: string | null;
  /** BT-9 */ readonly dueDate: IsoDate | null;
  /** BT-10 */ readonly buyerReference: string | null;
  /** BT-13 */ readonly orderReference: string | null;
  /** BT-25 */ readonly precedingInvoice: string | null;
  /** BT-20 */ readonly paymentTerms: string | null;
  /** BG-4 */ readonly seller: Party;
  /** BG-7 */ readonly buyer: Party;
  /** BG-22 */ readonly totals: Totals;
  /** BG-23 */ readonly vatBreakdown: readonly VatBreakdown[];
  /** BG-16 */ readonly payment: PaymentInstructions | null;
  /** BG-25 */ readonly lines: readonly InvoiceLine[];
}

/** Why a file is not read as an invoice: stable codes for machines, messages for people. */
export type ReadErrorCode =
  | 'unreadable-file'
  | 'empty'
  | 'too-large'
  | 'unsupported-encoding'
  | 'invalid-encoding'
  | 'dtd-forbidden'
  | 'malformed-xml'
  | 'not-an-einvoice'
  | 'pdf-unreadable'
  | 'pdf-no-invoice'
  | 'missing-term'
  | 'invalid-value';

export interface ReadError {
  readonly code: ReadErrorCode;
  /** Names the problem a person can act on, e.g. 'BT-1 invoice number missing'. */
  readonly message: string;
}

export type ReadResult = { ok: true; invoice: CanonicalInvoice } | { ok: false; error: ReadError };

/** A refusal raised deep inside a reader and turned into a {@link ReadResult} at its door. */
export class InvoiceReadError extends Error {
  override readonly name = 'InvoiceReadError';
  constructor(
    readonly code: ReadErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
