import { parseDecimal, sumDecimals, type Decimal } from '../../functions/domain/money';

/**
 * Small generated e-invoices for reader tests: a minimal but complete UBL 2.1 Invoice / CreditNote
 * and a UN/CEFACT CII D16B CrossIndustryInvoice. Every option is raw XML text, so a test can put a
 * comment, a CDATA section, an entity reference or a wrong value exactly where it wants one.
 */

export const UBL_INVOICE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
export const UBL_CREDIT_NOTE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
export const CAC_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
export const CBC_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
export const RSM_NS = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';
export const RAM_NS = 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100';
export const UDT_NS = 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100';

export const UTF8_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** One BG-25 invoice line, its values as raw XML text. */
export interface LineSpec {
  readonly id: string;
  readonly quantity: string;
  readonly netAmount: string;
  readonly name: string;
}

/** `count` lines numbered from 1, each 1 × 10.00 unless `netAmount` says otherwise. */
export const generatedLines = (count: number, netAmount: (index: number) => string = () => '10.00'): LineSpec[] =>
  Array.from({ length: count }, (_, i) => ({ id: String(i + 1), quantity: '1', netAmount: netAmount(i), name: `Item ${i + 1}` }));

/** BG-22 totals as raw text; what is not given follows from the lines (VAT 0). */
export interface TotalsSpec {
  readonly lineNet?: string;
  readonly taxExclusive?: string;
  readonly tax?: string;
  readonly taxInclusive?: string;
  readonly due?: string;
}

const totalsFor = (lines: readonly LineSpec[], given: TotalsSpec = {}): Required<TotalsSpec> => {
  const amounts = lines.map((line) => parseDecimal(line.netAmount));
  // A line amount that is not a decimal is what some tests are about: the totals then stay simple.
  const lineNet = amounts.every((a): a is Decimal => a !== undefined) ? sumDecimals(amounts) : '0';
  return {
    lineNet: given.lineNet ?? lineNet,
    taxExclusive: given.taxExclusive ?? given.lineNet ?? lineNet,
    tax: given.tax ?? '0.00',
    taxInclusive: given.taxInclusive ?? given.lineNet ?? lineNet,
    due: given.due ?? given.taxInclusive ?? given.lineNet ?? lineNet,
  };
};

export interface UblSpec {
  /** `Invoice` or `CreditNote`. @default 'Invoice' */
  readonly root?: 'Invoice' | 'CreditNote';
  /** @default UTF8_DECLARATION */
  readonly declaration?: string;
  /** Between the declaration and the root element (a DOCTYPE, a comment). @default '' */
  readonly prolog?: string;
  /** BT-1; null leaves the element out. @default 'INV-1' */
  readonly number?: string | null;
  /** BT-2. @default '2026-03-05' */
  readonly issueDate?: string;
  /** BT-9 as cbc:DueDate; null leaves it out. @default '2026-04-04' */
  readonly dueDate?: string | null;
  /** BT-3. @default '380' for an Invoice, '381' for a CreditNote */
  readonly typeCode?: string;
  /** BT-20, the content of cac:PaymentTerms/cbc:Note; null leaves it out. @default 'Net 30 days' */
  readonly paymentTerms?: string | null;
  /** BT-5. @default 'EUR' */
  readonly currency?: string;
  /** BT-27. @default 'Seller AB' */
  readonly sellerName?: string;
  /** BT-44. @default 'Buyer GmbH' */
  readonly buyerName?: string;
  /** Raw XML put right after the issue date (comments, look-alike elements). @default '' */
  readonly header?: string;
  /** @default generatedLines(2) */
  readonly lines?: readonly LineSpec[];
  readonly totals?: TotalsSpec;
}

const ublParty = (name: string) =>
  `<cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>${name}</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party>`;

/** A UBL 2.1 Invoice (or CreditNote) as XML text. */
export function ublInvoice(spec: UblSpec = {}): string {
  const root = spec.root ?? 'Invoice';
  const isCreditNote = root === 'CreditNote';
  const lines = spec.lines ?? generatedLines(2);
  const totals = totalsFor(lines, spec.totals);
  const lineElement = isCreditNote ? 'CreditNoteLine' : 'InvoiceLine';
  const quantityElement = isCreditNote ? 'CreditedQuantity' : 'InvoicedQuantity';
  const optional = (value: string | null | undefined, fallback: string, element: (text: string) => string) =>
    value === null ? '' : element(value ?? fallback);
  return [
    spec.declaration ?? UTF8_DECLARATION,
    spec.prolog ?? '',
    `<${root} xmlns="${isCreditNote ? UBL_CREDIT_NOTE_NS : UBL_INVOICE_NS}" xmlns:cac="${CAC_NS}" xmlns:cbc="${CBC_NS}">`,
    '<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>',
    optional(spec.number, 'INV-1', (n) => `<cbc:ID>${n}</cbc:ID>`),
    `<cbc:IssueDate>${spec.issueDate ?? '2026-03-05'}</cbc:IssueDate>`,
    spec.header ?? '',
    optional(spec.dueDate, '2026-04-04', (d) => `<cbc:DueDate>${d}</cbc:DueDate>`),
    `<cbc:${root}TypeCode>${spec.typeCode ?? (isCreditNote ? '381' : '380')}</cbc:${root}TypeCode>`,
    `<cbc:DocumentCurrencyCode>${spec.currency ?? 'EUR'}</cbc:DocumentCurrencyCode>`,
    `<cac:AccountingSupplierParty>${ublParty(spec.sellerName ?? 'Seller AB')}</cac:AccountingSupplierParty>`,
    `<cac:AccountingCustomerParty>${ublParty(spec.buyerName ?? 'Buyer GmbH')}</cac:AccountingCustomerParty>`,
    optional(spec.paymentTerms, 'Net 30 days', (t) => `<cac:PaymentTerms><cbc:Note>${t}</cbc:Note></cac:PaymentTerms>`),
    `<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">${totals.tax}</cbc:TaxAmount></cac:TaxTotal>`,
    '<cac:LegalMonetaryTotal>',
    `<cbc:LineExtensionAmount currencyID="EUR">${totals.lineNet}</cbc:LineExtensionAmount>`,
    `<cbc:TaxExclusiveAmount currencyID="EUR">${totals.taxExclusive}</cbc:TaxExclusiveAmount>`,
    `<cbc:TaxInclusiveAmount currencyID="EUR">${totals.taxInclusive}</cbc:TaxInclusiveAmount>`,
    `<cbc:PayableAmount currencyID="EUR">${totals.due}</cbc:PayableAmount>`,
    '</cac:LegalMonetaryTotal>',
    ...lines.map(
      (line) =>
        `<cac:${lineElement}><cbc:ID>${line.id}</cbc:ID>` +
        `<cbc:${quantityElement} unitCode="C62">${line.quantity}</cbc:${quantityElement}>` +
        `<cbc:LineExtensionAmount currencyID="EUR">${line.netAmount}</cbc:LineExtensionAmount>` +
        `<cac:Item><cbc:Name>${line.name}</cbc:Name></cac:Item>` +
        `<cac:Price><cbc:PriceAmount currencyID="EUR">${line.netAmount}</cbc:PriceAmount></cac:Price></cac:${lineElement}>`,
    ),
    `</${root}>`,
  ].join('\n');
}

export interface CiiSpec {
  /** @default UTF8_DECLARATION */
  readonly declaration?: string;
  /** BT-1. @default 'CII-1' */
  readonly number?: string;
  /** BT-3. @default '380' */
  readonly typeCode?: string;
  /** BT-2 in format 102. @default '20260305' */
  readonly issueDate?: string;
  /** BT-9 in format 102; null leaves it out. @default '20260404' */
  readonly dueDate?: string | null;
  /** BT-20. @default 'Net 30 days' */
  readonly paymentTerms?: string;
  /** BT-5. @default 'EUR' */
  readonly currency?: string;
  /** BT-27. @default 'Verkäufer GmbH' */
  readonly sellerName?: string;
  /** @default generatedLines(2) */
  readonly lines?: readonly LineSpec[];
  readonly totals?: TotalsSpec;
}

const date102 = (text: string) => `<udt:DateTimeString format="102">${text}</udt:DateTimeString>`;

/** A UN/CEFACT CII D16B CrossIndustryInvoice (Factur-X / ZUGFeRD / XRechnung CII) as XML text. */
export function ciiInvoice(spec: CiiSpec = {}): string {
  const lines = spec.lines ?? generatedLines(2);
  const totals = totalsFor(lines, spec.totals);
  const dueDate = spec.dueDate === null ? '' : `<ram:DueDateDateTime>${date102(spec.dueDate ?? '20260404')}</ram:DueDateDateTime>`;
  return [
    spec.declaration ?? UTF8_DECLARATION,
    `<rsm:CrossIndustryInvoice xmlns:rsm="${RSM_NS}" xmlns:ram="${RAM_NS}" xmlns:udt="${UDT_NS}">`,
    '<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>',
    '<rsm:ExchangedDocument>',
    `<ram:ID>${spec.number ?? 'CII-1'}</ram:ID>`,
    `<ram:TypeCode>${spec.typeCode ?? '380'}</ram:TypeCode>`,
    `<ram:IssueDateTime>${date102(spec.issueDate ?? '20260305')}</ram:IssueDateTime>`,
    '</rsm:ExchangedDocument>',
    '<rsm:SupplyChainTradeTransaction>',
    ...lines.map(
      (line) =>
        '<ram:IncludedSupplyChainTradeLineItem>' +
        `<ram:AssociatedDocumentLineDocument><ram:LineID>${line.id}</ram:LineID></ram:AssociatedDocumentLineDocument>` +
        `<ram:SpecifiedTradeProduct><ram:Name>${line.name}</ram:Name></ram:SpecifiedTradeProduct>` +
        `<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">${line.quantity}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>` +
        '<ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation>' +
        `<ram:LineTotalAmount>${line.netAmount}</ram:LineTotalAmount>` +
        '</ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>' +
        '</ram:IncludedSupplyChainTradeLineItem>',
    ),
    '<ram:ApplicableHeaderTradeAgreement>',
    `<ram:SellerTradeParty><ram:Name>${spec.sellerName ?? 'Verkäufer GmbH'}</ram:Name><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>`,
    '<ram:BuyerTradeParty><ram:Name>Acheteur SARL</ram:Name></ram:BuyerTradeParty>',
    '</ram:ApplicableHeaderTradeAgreement>',
    '<ram:ApplicableHeaderTradeDelivery/>',
    '<ram:ApplicableHeaderTradeSettlement>',
    `<ram:InvoiceCurrencyCode>${spec.currency ?? 'EUR'}</ram:InvoiceCurrencyCode>`,
    `<ram:SpecifiedTradePaymentTerms><ram:Description>${spec.paymentTerms ?? 'Net 30 days'}</ram:Description>${dueDate}</ram:SpecifiedTradePaymentTerms>`,
    '<ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
    `<ram:LineTotalAmount>${totals.lineNet}</ram:LineTotalAmount>`,
    `<ram:TaxBasisTotalAmount>${totals.taxExclusive}</ram:TaxBasisTotalAmount>`,
    `<ram:TaxTotalAmount currencyID="EUR">${totals.tax}</ram:TaxTotalAmount>`,
    `<ram:GrandTotalAmount>${totals.taxInclusive}</ram:GrandTotalAmount>`,
    `<ram:DuePayableAmount>${totals.due}</ram:DuePayableAmount>`,
    '</ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
    '</ram:ApplicableHeaderTradeSettlement>',
    '</rsm:SupplyChainTradeTransaction>',
    '</rsm:CrossIndustryInvoice>',
  ].join('\n');
}

/** The text as UTF-8 bytes. */
export const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

/**
 * A ZUGFeRD 1.0 COMFORT invoice (`rsm:CrossIndustryDocument`), after the shape of the standard's own
 * examples: EUR 198.00 net, 37.62 VAT at 19 %, 235.62 due on 2013-04-04, one line.
 */
export const zugferd1Invoice = ({ number = '471102', declaration = UTF8_DECLARATION }: { readonly number?: string; readonly declaration?: string } = {}): string =>
  `${declaration}
<rsm:CrossIndustryDocument xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
  <rsm:SpecifiedExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:ferd:CrossIndustryDocument:invoice:1p0:comfort</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:SpecifiedExchangedDocumentContext>
  <rsm:HeaderExchangedDocument>
    <ram:ID>${number}</ram:ID><ram:Name>RECHNUNG</ram:Name><ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20130305</udt:DateTimeString></ram:IssueDateTime>
  </rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ram:ApplicableSupplyChainTradeAgreement>
      <ram:BuyerReference>AB-312</ram:BuyerReference>
      <ram:SellerTradeParty>
        <ram:Name>Lieferant GmbH</ram:Name>
        <ram:PostalTradeAddress><ram:PostcodeCode>80333</ram:PostcodeCode><ram:LineOne>Lieferantenstraße 20</ram:LineOne><ram:CityName>München</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">201/113/40209</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:Name>Kunden AG Mitte</ram:Name>
        <ram:PostalTradeAddress><ram:PostcodeCode>69876</ram:PostcodeCode><ram:LineOne>Hans Muster</ram:LineOne><ram:CityName>Frankfurt</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
      </ram:BuyerTradeParty>
    </ram:ApplicableSupplyChainTradeAgreement>
    <ram:ApplicableSupplyChainTradeSettlement>
      <ram:PaymentReference>471102</ram:PaymentReference>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>31</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE08700901001234567890</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
        <ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>GENODEF1M04</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax><ram:CalculatedAmount currencyID="EUR">37.62</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount currencyID="EUR">198.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:ApplicablePercent>19.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms><ram:Description>Zahlbar innerhalb 30 Tagen netto bis 04.04.2013</ram:Description><ram:DueDateDateTime><udt:DateTimeString format="102">20130404</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:LineTotalAmount currencyID="EUR">198.00</ram:LineTotalAmount>
        <ram:ChargeTotalAmount currencyID="EUR">0.00</ram:ChargeTotalAmount>
        <ram:AllowanceTotalAmount currencyID="EUR">0.00</ram:AllowanceTotalAmount>
        <ram:TaxBasisTotalAmount currencyID="EUR">198.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">37.62</ram:TaxTotalAmount>
        <ram:GrandTotalAmount currencyID="EUR">235.62</ram:GrandTotalAmount>
        <ram:TotalPrepaidAmount currencyID="EUR">0.00</ram:TotalPrepaidAmount>
        <ram:DuePayableAmount currencyID="EUR">235.62</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementMonetarySummation>
    </ram:ApplicableSupplyChainTradeSettlement>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedSupplyChainTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount currencyID="EUR">9.90</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedSupplyChainTradeAgreement>
      <ram:SpecifiedSupplyChainTradeDelivery><ram:BilledQuantity unitCode="C62">20.0000</ram:BilledQuantity></ram:SpecifiedSupplyChainTradeDelivery>
      <ram:SpecifiedSupplyChainTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:ApplicablePercent>19.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementMonetarySummation><ram:LineTotalAmount currencyID="EUR">198.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementMonetarySummation>
      </ram:SpecifiedSupplyChainTradeSettlement>
      <ram:SpecifiedTradeProduct><ram:Name>Trennblätter A4</ram:Name></ram:SpecifiedTradeProduct>
    </ram:IncludedSupplyChainTradeLineItem>
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>`;
