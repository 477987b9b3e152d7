import type { CanonicalInvoice, InvoiceLine, Party, PaymentInstructions, PostalAddress, VatBreakdown } from './types';
import { dateTerm, decimalTerm, isCreditNoteTypeCode, required } from './terms';
import { XmlPaths, textOf, type RepeatedElements, type XmlElement } from './xml';

export const UBL_INVOICE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
export const UBL_CREDIT_NOTE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';

const ubl = new XmlPaths({ cac: CAC, cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2' });

export const isUblRoot = (root: XmlElement): boolean =>
  (root.ns === UBL_INVOICE_NS && root.name === 'Invoice') || (root.ns === UBL_CREDIT_NOTE_NS && root.name === 'CreditNote');

/** BG-25 lines are the root's own InvoiceLine / CreditNoteLine; sub-lines stay inside their parent. */
export const ublLines = (sink: InvoiceLine[]): RepeatedElements => ({
  matches: (element, _parent, depth) =>
    depth === 1 && element.ns === CAC && (element.name === 'InvoiceLine' || element.name === 'CreditNoteLine'),
  take: (element) => sink.push(ublLine(element)),
});

const ublLine = (line: XmlElement): InvoiceLine => {
  const quantity = ubl.one(line, 'cbc:InvoicedQuantity') ?? ubl.one(line, 'cbc:CreditedQuantity');
  const id = ubl.text(line, 'cbc:ID');
  return {
    id,
    quantity: decimalTerm(textOf(quantity), `BT-129 quantity of line ${id}`),
    unitCode: quantity?.attrs.unitCode ?? null,
    netAmount: decimalTerm(ubl.text(line, 'cbc:LineExtensionAmount'), `BT-131 net amount of line ${id}`),
    name: ubl.text(line, 'cac:Item/cbc:Name'),
  };
};

const address = (party: XmlElement | undefined): PostalAddress | null => {
  const postal = ubl.one(party, 'cac:PostalAddress');
  if (!postal) return null;
  const lines = [
    ubl.text(postal, 'cbc:StreetName'),
    ubl.text(postal, 'cbc:AdditionalStreetName'),
    ...ubl.all(postal, 'cac:AddressLine/cbc:Line').map(textOf),
  ].filter((line): line is string => line !== null);
  return {
    lines,
    city: ubl.text(postal, 'cbc:CityName'),
    postCode: ubl.text(postal, 'cbc:PostalZone'),
    countrySubdivision: ubl.text(postal, 'cbc:CountrySubentity'),
    countryCode: ubl.text(postal, 'cac:Country/cbc:IdentificationCode'),
  };
};

const vatId = (party: XmlElement | undefined): string | null => {
  const schemes = ubl.all(party, 'cac:PartyTaxScheme');
  const vat = schemes.find((scheme) => ubl.text(scheme, 'cac:TaxScheme/cbc:ID')?.toUpperCase() === 'VAT');
  return ubl.text(vat, 'cbc:CompanyID');
};

const party = (role: XmlElement | undefined): Party => {
  const p = ubl.one(role, 'cac:Party');
  const endpoint = ubl.one(p, 'cbc:EndpointID');
  return {
    // BT-27/BT-44 is the legal name; documents that predate EN 16931 name the party only in PartyName.
    name: ubl.text(p, 'cac:PartyLegalEntity/cbc:RegistrationName') ?? ubl.text(p, 'cac:PartyName/cbc:Name'),
    tradingName: ubl.text(p, 'cac:PartyName/cbc:Name'),
    identifier: ubl.text(p, 'cac:PartyIdentification/cbc:ID'),
    legalRegistrationId: ubl.text(p, 'cac:PartyLegalEntity/cbc:CompanyID'),
    vatId: vatId(p),
    electronicAddress: textOf(endpoint),
    electronicAddressScheme: endpoint?.attrs.schemeID ?? null,
    contactName: ubl.text(p, 'cac:Contact/cbc:Name'),
    phone: ubl.text(p, 'cac:Contact/cbc:Telephone'),
    email: ubl.text(p, 'cac:Contact/cbc:ElectronicMail'),
    address: address(p),
  };
};

/** BT-110 is the TaxTotal in the document currency; a second TaxTotal may state BT-111 in the tax currency. */
const taxTotals = (root: XmlElement, currency: string | null, taxCurrency: string | null) => {
  const amounts = ubl.all(root, 'cac:TaxTotal').flatMap((total) => ubl.all(total, 'cbc:TaxAmount'));
  const inCurrency = (code: string | null) =>
    code === null ? undefined : amounts.find((amount) => (amount.attrs.currencyID ?? currency) === code);
  const tax = inCurrency(currency);
  const taxInAccounting = taxCurrency !== currency ? inCurrency(taxCurrency) : undefined;
  return {
    tax: decimalTerm(textOf(tax), 'BT-110 total VAT'),
    taxInAccountingCurrency: decimalTerm(textOf(taxInAccounting), 'BT-111 total VAT in accounting currency'),
  };
};

const vatBreakdown = (root: XmlElement, currency: string): VatBreakdown[] =>
  ubl
    .all(root, 'cac:TaxTotal')
    .filter((total) => (ubl.one(total, 'cbc:TaxAmount')?.attrs.currencyID ?? currency) === currency)
    .flatMap((total) => ubl.all(total, 'cac:TaxSubtotal'))
    .map((sub) => ({
      categoryCode: ubl.text(sub, 'cac:TaxCategory/cbc:ID'),
      rate: decimalTerm(ubl.text(sub, 'cac:TaxCategory/cbc:Percent'), 'BT-119 VAT rate'),
      taxableAmount: decimalTerm(ubl.text(sub, 'cbc:TaxableAmount'), 'BT-116 VAT category taxable amount'),
      taxAmount: decimalTerm(ubl.text(sub, 'cbc:TaxAmount'), 'BT-117 VAT category tax amount'),
      exemptionReason: ubl.text(sub, 'cac:TaxCategory/cbc:TaxExemptionReason'),
    }));

const payment = (root: XmlElement): PaymentInstructions | null => {
  const means = ubl.one(root, 'cac:PaymentMeans');
  if (!means) return null;
  return {
    meansCode: ubl.text(means, 'cbc:PaymentMeansCode'),
    remittanceInformation: ubl.text(means, 'cbc:PaymentID'),
    iban: ubl.text(means, 'cac:PayeeFinancialAccount/cbc:ID'),
    bic: ubl.text(means, 'cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID'),
  };
};

/** Maps a UBL 2.1 Invoice or CreditNote (Peppol BIS 3, XRechnung UBL, EN 16931 UBL) to the canonical invoice. */
export function mapUbl(root: XmlElement, lines: readonly InvoiceLine[]): CanonicalInvoice {
  const isCreditNoteRoot = root.name === 'CreditNote';
  const typeCode = ubl.text(root, isCreditNoteRoot ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode');
  const currency = required(ubl.text(root, 'cbc:DocumentCurrencyCode'), 'BT-5 invoice currency code');
  const taxCurrency = ubl.text(root, 'cbc:TaxCurrencyCode');
  const totals = ubl.one(root, 'cac:LegalMonetaryTotal');
  const paymentTerms = ubl.all(root, 'cac:PaymentTerms/cbc:Note').map(textOf).filter((note): note is string => note !== null);
  const dueDateText = ubl.text(root, 'cbc:DueDate') ?? ubl.text(root, 'cac:PaymentMeans/cbc:PaymentDueDate');
  const seller = party(ubl.one(root, 'cac:AccountingSupplierParty'));
  const buyer = party(ubl.one(root, 'cac:AccountingCustomerParty'));
  required(seller.name, 'BT-27 seller name');
  required(buyer.name, 'BT-44 buyer name');
  return {
    syntax: 'ubl',
    kind: isCreditNoteRoot || isCreditNoteTypeCode(typeCode) ? 'credit-note' : 'invoice',
    customizationId: ubl.text(root, 'cbc:CustomizationID'),
    number: required(ubl.text(root, 'cbc:ID'), 'BT-1 invoice number'),
    issueDate: required(dateTerm(ubl.text(root, 'cbc:IssueDate'), 'BT-2 issue date'), 'BT-2 issue date'),
    typeCode,
    currency,
    taxCurrency,
    dueDate: dateTerm(dueDateText, 'BT-9 payment due date'),
    buyerReference: ubl.text(root, 'cbc:BuyerReference'),
    orderReference: ubl.text(root, 'cac:OrderReference/cbc:ID'),
    precedingInvoice: ubl.text(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID'),
    paymentTerms: paymentTerms.length > 0 ? paymentTerms.join(' ') : null,
    seller,
    buyer,
    totals: {
      lineNet: decimalTerm(ubl.text(totals, 'cbc:LineExtensionAmount'), 'BT-106 sum of line net amounts'),
      allowances: decimalTerm(ubl.text(totals, 'cbc:AllowanceTotalAmount'), 'BT-107 sum of allowances'),
      charges: decimalTerm(ubl.text(totals, 'cbc:ChargeTotalAmount'), 'BT-108 sum of charges'),
      taxExclusive: decimalTerm(ubl.text(totals, 'cbc:TaxExclusiveAmount'), 'BT-109 total without VAT'),
      ...taxTotals(root, currency, taxCurrency),
      taxInclusive: decimalTerm(ubl.text(totals, 'cbc:TaxInclusiveAmount'), 'BT-112 total with VAT'),
      paid: decimalTerm(ubl.text(totals, 'cbc:PrepaidAmount'), 'BT-113 paid amount'),
      rounding: decimalTerm(ubl.text(totals, 'cbc:PayableRoundingAmount'), 'BT-114 rounding amount'),
      due: required(decimalTerm(ubl.text(totals, 'cbc:PayableAmount'), 'BT-115 amount due for payment'), 'BT-115 amount due for payment'),
    },
    vatBreakdown: vatBreakdown(root, currency),
    payment: payment(root),
    lines,
  };
}
