import type { IsoDate } from '../calendar';
import { subtractAsWritten, type Decimal } from '../money';
import type { CanonicalInvoice, InvoiceLine, Party, PaymentInstructions, PostalAddress, VatBreakdown } from './types';
import { dateTerm, decimalTerm, isCreditNoteTypeCode, required } from './terms';
import { InvoiceReadError } from './types';
import { XmlPaths, textOf, type RepeatedElements, type XmlElement } from './xml';

export const CII_NS = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';

/**
 * Where a CII generation keeps each term. UN/CEFACT CII D16B (XRechnung CII, Factur-X, ZUGFeRD 2)
 * and ZUGFeRD 1.0 (CrossIndustryDocument, 2014) carry the same terms in the same party, tax and
 * payment structures, under other namespaces and other names for the containers.
 */
interface CiiDialect {
  readonly root: { readonly ns: string; readonly name: string };
  readonly ram: string;
  readonly paths: XmlPaths;
  readonly context: string;
  readonly document: string;
  readonly transaction: string;
  readonly agreement: string;
  readonly settlement: string;
  readonly summation: string;
  readonly lineQuantity: string;
  readonly lineNet: string;
  readonly vatRate: string;
  /**
   * ZUGFeRD 1.0 BASIC may leave out DuePayableAmount: BT-115 is then what EN 16931 defines it as,
   * BT-112 less BT-113; and its EXTENDED profile has line items that carry only a note, which are
   * no invoice line (no quantity, no amount). D16B requires both, so neither applies to it.
   */
  readonly zugferd1: boolean;
}

const D16B_RAM = 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100';
const D16B: CiiDialect = {
  root: { ns: CII_NS, name: 'CrossIndustryInvoice' },
  ram: D16B_RAM,
  paths: new XmlPaths({ rsm: CII_NS, ram: D16B_RAM, udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100' }),
  context: 'rsm:ExchangedDocumentContext',
  document: 'rsm:ExchangedDocument',
  transaction: 'rsm:SupplyChainTradeTransaction',
  agreement: 'ram:ApplicableHeaderTradeAgreement',
  settlement: 'ram:ApplicableHeaderTradeSettlement',
  summation: 'ram:SpecifiedTradeSettlementHeaderMonetarySummation',
  lineQuantity: 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity',
  lineNet: 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount',
  vatRate: 'ram:RateApplicablePercent',
  zugferd1: false,
};

/** ZUGFeRD 1.0 (BASIC, COMFORT, EXTENDED): `rsm:CrossIndustryDocument`, RAM version 12, UDT version 15. */
export const ZUGFERD1_NS = 'urn:ferd:CrossIndustryDocument:invoice:1p0';
const ZUGFERD1_RAM = 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12';
const ZUGFERD1: CiiDialect = {
  root: { ns: ZUGFERD1_NS, name: 'CrossIndustryDocument' },
  ram: ZUGFERD1_RAM,
  paths: new XmlPaths({ rsm: ZUGFERD1_NS, ram: ZUGFERD1_RAM, udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15' }),
  context: 'rsm:SpecifiedExchangedDocumentContext',
  document: 'rsm:HeaderExchangedDocument',
  transaction: 'rsm:SpecifiedSupplyChainTradeTransaction',
  agreement: 'ram:ApplicableSupplyChainTradeAgreement',
  settlement: 'ram:ApplicableSupplyChainTradeSettlement',
  summation: 'ram:SpecifiedTradeSettlementMonetarySummation',
  lineQuantity: 'ram:SpecifiedSupplyChainTradeDelivery/ram:BilledQuantity',
  lineNet: 'ram:SpecifiedSupplyChainTradeSettlement/ram:SpecifiedTradeSettlementMonetarySummation/ram:LineTotalAmount',
  vatRate: 'ram:ApplicablePercent',
  zugferd1: true,
};

const DIALECTS: readonly CiiDialect[] = [D16B, ZUGFERD1];

/** The CII generation of a root element, if it is one this reader maps. */
const dialectOf = (root: XmlElement): CiiDialect | undefined => DIALECTS.find((dialect) => root.ns === dialect.root.ns && root.name === dialect.root.name);

export const isCiiRoot = (root: XmlElement): boolean => dialectOf(root) !== undefined;

/** BG-25 lines are the transaction's IncludedSupplyChainTradeLineItem elements, in either generation. */
export const ciiLines = (sink: InvoiceLine[]): RepeatedElements => ({
  matches: (element, parent) =>
    element.name === 'IncludedSupplyChainTradeLineItem' &&
    DIALECTS.some((dialect) => element.ns === dialect.ram && parent.name === dialect.transaction.slice('rsm:'.length)),
  take: (element) => {
    const line = ciiLine(element, DIALECTS.find((dialect) => dialect.ram === element.ns)!);
    if (line) sink.push(line);
  },
});

const ciiLine = (line: XmlElement, { paths, lineQuantity, lineNet, zugferd1 }: CiiDialect): InvoiceLine | null => {
  const id = paths.text(line, 'ram:AssociatedDocumentLineDocument/ram:LineID');
  const quantity = paths.one(line, lineQuantity);
  if (zugferd1 && !quantity && !paths.one(line, lineNet)) return null;
  return {
    id,
    quantity: decimalTerm(textOf(quantity), `BT-129 quantity of line ${id}`),
    unitCode: quantity?.attrs.unitCode ?? null,
    netAmount: decimalTerm(paths.text(line, lineNet), `BT-131 net amount of line ${id}`),
    name: paths.text(line, 'ram:SpecifiedTradeProduct/ram:Name'),
  };
};

/** A udt:DateTimeString: format 102 (YYYYMMDD) is a calendar date; other formats (610 month, 616 week) are not one. */
const ciiDate = (paths: XmlPaths, container: XmlElement | undefined, term: string): IsoDate | null => {
  const value = paths.one(container, 'udt:DateTimeString');
  const text = textOf(value);
  if (text === null) return null;
  const format = value?.attrs.format ?? '102';
  if (format !== '102') return null;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) throw new InvoiceReadError('invalid-value', `${term} '${text}' is not a date in format 102 (YYYYMMDD)`);
  return dateTerm(`${match[1]}-${match[2]}-${match[3]}`, term);
};

const address = (cii: XmlPaths, party: XmlElement | undefined): PostalAddress | null => {
  const postal = cii.one(party, 'ram:PostalTradeAddress');
  if (!postal) return null;
  return {
    lines: ['ram:LineOne', 'ram:LineTwo', 'ram:LineThree']
      .map((path) => cii.text(postal, path))
      .filter((line): line is string => line !== null),
    city: cii.text(postal, 'ram:CityName'),
    postCode: cii.text(postal, 'ram:PostcodeCode'),
    countrySubdivision: cii.text(postal, 'ram:CountrySubDivisionName'),
    countryCode: cii.text(postal, 'ram:CountryID'),
  };
};

const party = (cii: XmlPaths, p: XmlElement | undefined): Party => {
  const registrations = cii.all(p, 'ram:SpecifiedTaxRegistration/ram:ID');
  const endpoint = cii.one(p, 'ram:URIUniversalCommunication/ram:URIID');
  return {
    name: cii.text(p, 'ram:Name'),
    tradingName: cii.text(p, 'ram:SpecifiedLegalOrganization/ram:TradingBusinessName'),
    identifier: cii.text(p, 'ram:ID') ?? cii.text(p, 'ram:GlobalID'),
    legalRegistrationId: cii.text(p, 'ram:SpecifiedLegalOrganization/ram:ID'),
    vatId: textOf(registrations.find((id) => id.attrs.schemeID === 'VA')),
    electronicAddress: textOf(endpoint),
    electronicAddressScheme: endpoint?.attrs.schemeID ?? null,
    contactName: cii.text(p, 'ram:DefinedTradeContact/ram:PersonName'),
    phone: cii.text(p, 'ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber'),
    email: cii.text(p, 'ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID'),
    address: address(cii, p),
  };
};

const vatBreakdown = ({ paths: cii, vatRate }: CiiDialect, settlement: XmlElement | undefined): VatBreakdown[] =>
  cii.all(settlement, 'ram:ApplicableTradeTax').map((tax) => ({
    categoryCode: cii.text(tax, 'ram:CategoryCode'),
    rate: decimalTerm(cii.text(tax, vatRate), 'BT-119 VAT rate'),
    taxableAmount: decimalTerm(cii.text(tax, 'ram:BasisAmount'), 'BT-116 VAT category taxable amount'),
    taxAmount: decimalTerm(cii.text(tax, 'ram:CalculatedAmount'), 'BT-117 VAT category tax amount'),
    exemptionReason: cii.text(tax, 'ram:ExemptionReason'),
  }));

const payment = (cii: XmlPaths, settlement: XmlElement | undefined): PaymentInstructions | null => {
  const means = cii.one(settlement, 'ram:SpecifiedTradeSettlementPaymentMeans');
  if (!means) return null;
  return {
    meansCode: cii.text(means, 'ram:TypeCode'),
    remittanceInformation: cii.text(settlement, 'ram:PaymentReference'),
    iban: cii.text(means, 'ram:PayeePartyCreditorFinancialAccount/ram:IBANID'),
    bic: cii.text(means, 'ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID'),
  };
};

/** BT-115 as the document gives it; for ZUGFeRD 1.0 without it, BT-112 less BT-113 (EN 16931's definition, no rounding in that generation). */
function dueOf({ paths, zugferd1 }: CiiDialect, summation: XmlElement | undefined): Decimal | null {
  const given = decimalTerm(paths.text(summation, 'ram:DuePayableAmount'), 'BT-115 amount due for payment');
  if (given !== null || !zugferd1) return given;
  const grandTotal = decimalTerm(paths.text(summation, 'ram:GrandTotalAmount'), 'BT-112 total with VAT');
  const prepaid = decimalTerm(paths.text(summation, 'ram:TotalPrepaidAmount'), 'BT-113 paid amount');
  return grandTotal === null ? null : prepaid === null ? grandTotal : subtractAsWritten(grandTotal, prepaid);
}

/**
 * Maps a UN/CEFACT CII invoice to the canonical invoice: D16B (XRechnung CII, Factur-X / ZUGFeRD 2)
 * or ZUGFeRD 1.0, whose profile (BASIC, COMFORT, EXTENDED) is its guideline id, kept as BT-24.
 */
export function mapCii(root: XmlElement, lines: readonly InvoiceLine[]): CanonicalInvoice {
  const dialect = dialectOf(root);
  if (!dialect) throw new InvoiceReadError('not-an-einvoice', `root element <${root.name}> is not a CII invoice`);
  const cii = dialect.paths;
  const document = cii.one(root, dialect.document);
  const transaction = cii.one(root, dialect.transaction);
  const agreement = cii.one(transaction, dialect.agreement);
  const settlement = cii.one(transaction, dialect.settlement);
  const summation = cii.one(settlement, dialect.summation);
  const terms = cii.all(settlement, 'ram:SpecifiedTradePaymentTerms');
  const typeCode = cii.text(document, 'ram:TypeCode');
  const currency = required(cii.text(settlement, 'ram:InvoiceCurrencyCode'), 'BT-5 invoice currency code');
  const taxCurrency = cii.text(settlement, 'ram:TaxCurrencyCode');
  const taxTotals = cii.all(summation, 'ram:TaxTotalAmount');
  // BT-110 is the TaxTotalAmount in the invoice currency; one in the tax currency is BT-111.
  const taxIn = (code: string | null) =>
    code === null ? undefined : taxTotals.find((total) => (total.attrs.currencyID ?? currency) === code);
  const dueDate = terms.map((term) => ciiDate(cii, cii.one(term, 'ram:DueDateDateTime'), 'BT-9 payment due date')).find(Boolean);
  const paymentTerms = terms.map((term) => cii.text(term, 'ram:Description')).filter((text): text is string => text !== null);
  const seller = party(cii, cii.one(agreement, 'ram:SellerTradeParty'));
  const buyer = party(cii, cii.one(agreement, 'ram:BuyerTradeParty'));
  required(seller.name, 'BT-27 seller name');
  required(buyer.name, 'BT-44 buyer name');
  return {
    syntax: 'cii',
    kind: isCreditNoteTypeCode(typeCode) ? 'credit-note' : 'invoice',
    customizationId: cii.text(root, `${dialect.context}/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID`),
    number: required(cii.text(document, 'ram:ID'), 'BT-1 invoice number'),
    issueDate: required(ciiDate(cii, cii.one(document, 'ram:IssueDateTime'), 'BT-2 issue date'), 'BT-2 issue date'),
    typeCode,
    currency,
    taxCurrency,
    dueDate: dueDate ?? null,
    buyerReference: cii.text(agreement, 'ram:BuyerReference'),
    // ZUGFeRD 1.0 names a referenced document by ram:ID, D16B by ram:IssuerAssignedID.
    orderReference: cii.text(agreement, 'ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID') ?? cii.text(agreement, 'ram:BuyerOrderReferencedDocument/ram:ID'),
    precedingInvoice: cii.text(settlement, 'ram:InvoiceReferencedDocument/ram:IssuerAssignedID') ?? cii.text(settlement, 'ram:InvoiceReferencedDocument/ram:ID'),
    paymentTerms: paymentTerms.length > 0 ? paymentTerms.join(' ') : null,
    seller,
    buyer,
    totals: {
      lineNet: decimalTerm(cii.text(summation, 'ram:LineTotalAmount'), 'BT-106 sum of line net amounts'),
      allowances: decimalTerm(cii.text(summation, 'ram:AllowanceTotalAmount'), 'BT-107 sum of allowances'),
      charges: decimalTerm(cii.text(summation, 'ram:ChargeTotalAmount'), 'BT-108 sum of charges'),
      taxExclusive: decimalTerm(cii.text(summation, 'ram:TaxBasisTotalAmount'), 'BT-109 total without VAT'),
      tax: decimalTerm(textOf(taxIn(currency)), 'BT-110 total VAT'),
      taxInAccountingCurrency:
        taxCurrency !== currency ? decimalTerm(textOf(taxIn(taxCurrency)), 'BT-111 total VAT in accounting currency') : null,
      taxInclusive: decimalTerm(cii.text(summation, 'ram:GrandTotalAmount'), 'BT-112 total with VAT'),
      paid: decimalTerm(cii.text(summation, 'ram:TotalPrepaidAmount'), 'BT-113 paid amount'),
      rounding: decimalTerm(cii.text(summation, 'ram:RoundingAmount'), 'BT-114 rounding amount'),
      due: required(dueOf(dialect, summation), 'BT-115 amount due for payment'),
    },
    vatBreakdown: vatBreakdown(dialect, settlement),
    payment: payment(cii, settlement),
    lines,
  };
}
