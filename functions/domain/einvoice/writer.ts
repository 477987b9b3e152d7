import type { IsoDate } from '../calendar';
import { multiplyDecimals, percentOf, sumDecimals, toCents, type Decimal } from '../money';

/** What it takes to write an invoice: the writer computes every total, exactly, from the lines. */
export interface InvoiceDraft {
  readonly number: string;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly currency: string;
  readonly paymentTerms: string;
  readonly seller: DraftParty & { readonly vatId: string; readonly iban: string };
  readonly buyer: DraftParty & { readonly vatId: string | null };
  readonly lines: readonly DraftLine[];
}

export interface DraftParty {
  readonly name: string;
  readonly email: string;
  readonly street: string;
  readonly city: string;
  readonly postCode: string;
  /** ISO 3166-1 alpha-2 */
  readonly countryCode: string;
}

export interface DraftLine {
  readonly name: string;
  readonly quantity: Decimal;
  /** UN/ECE Recommendation 20 code, e.g. 'C62' (one), 'HUR' (hour). */
  readonly unitCode: string;
  readonly unitPrice: Decimal;
  /** Standard-rated VAT in percent. */
  readonly vatRate: Decimal;
}

interface Computed {
  readonly lines: readonly (DraftLine & { readonly id: string; readonly net: Decimal })[];
  readonly vat: readonly { readonly rate: Decimal; readonly taxable: Decimal; readonly tax: Decimal }[];
  readonly lineNet: Decimal;
  readonly tax: Decimal;
  readonly gross: Decimal;
}

/** Line nets rounded to cents, VAT per rate on the rate's taxable sum (EN 16931 BR-CO-17), totals as sums. */
const compute = (draft: InvoiceDraft): Computed => {
  const lines = draft.lines.map((line, i) => ({ ...line, id: String(i + 1), net: toCents(multiplyDecimals(line.quantity, line.unitPrice)) }));
  const rates = [...new Set(lines.map((line) => line.vatRate))];
  const vat = rates.map((rate) => {
    const taxable = sumDecimals(lines.filter((line) => line.vatRate === rate).map((line) => line.net));
    return { rate, taxable: toCents(taxable), tax: toCents(percentOf(taxable, rate)) };
  });
  const lineNet = toCents(sumDecimals(lines.map((line) => line.net)));
  const tax = toCents(sumDecimals(vat.map((group) => group.tax)));
  return { lines, vat, lineNet, tax, gross: toCents(sumDecimals([lineNet, tax])) };
};

/** BT-115 of the invoice the draft becomes: what the buyer owes. */
export const amountDueOf = (draft: InvoiceDraft): Decimal => compute(draft).gross;

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Template literal tag that escapes every interpolated value for XML. */
const xml = (strings: TemplateStringsArray, ...values: (string | number)[]): string =>
  strings.reduce((out, part, i) => out + part + (i < values.length ? escapeXml(String(values[i])) : ''), '');

const ublParty = (party: InvoiceDraft['seller'] | InvoiceDraft['buyer']): string => xml`<cac:Party>
      <cbc:EndpointID schemeID="EM">${party.email}</cbc:EndpointID>
      <cac:PostalAddress><cbc:StreetName>${party.street}</cbc:StreetName><cbc:CityName>${party.city}</cbc:CityName><cbc:PostalZone>${party.postCode}</cbc:PostalZone><cac:Country><cbc:IdentificationCode>${party.countryCode}</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
` + (party.vatId ? xml`      <cac:PartyTaxScheme><cbc:CompanyID>${party.vatId}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
` : '') + xml`      <cac:PartyLegalEntity><cbc:RegistrationName>${party.name}</cbc:RegistrationName></cac:PartyLegalEntity>
      <cac:Contact><cbc:ElectronicMail>${party.email}</cbc:ElectronicMail></cac:Contact>
    </cac:Party>`;

/** A Peppol BIS Billing 3.0 / EN 16931 UBL 2.1 invoice. */
export function writeUbl(draft: InvoiceDraft): string {
  const c = compute(draft);
  const cur = draft.currency;
  return xml`<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>${draft.number}</cbc:ID>
  <cbc:IssueDate>${draft.issueDate}</cbc:IssueDate>
  <cbc:DueDate>${draft.dueDate}</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>${cur}</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>${draft.number}</cbc:BuyerReference>
  <cac:AccountingSupplierParty>
    ` + ublParty(draft.seller) + `
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    ` + ublParty(draft.buyer) + xml`
  </cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cbc:PaymentID>${draft.number}</cbc:PaymentID><cac:PayeeFinancialAccount><cbc:ID>${draft.seller.iban}</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>${draft.paymentTerms}</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="${cur}">${c.tax}</cbc:TaxAmount>
` + c.vat.map((group) => xml`    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="${cur}">${group.taxable}</cbc:TaxableAmount><cbc:TaxAmount currencyID="${cur}">${group.tax}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${group.rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
`).join('') + xml`  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="${cur}">${c.lineNet}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="${cur}">${c.lineNet}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="${cur}">${c.gross}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="${cur}">${c.gross}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
` + c.lines.map((line) => xml`  <cac:InvoiceLine>
    <cbc:ID>${line.id}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="${line.unitCode}">${line.quantity}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="${cur}">${line.net}</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>${line.name}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${line.vatRate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="${cur}">${line.unitPrice}</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
`).join('') + '</Invoice>\n';
}

const yyyymmdd = (date: IsoDate): string => date.replace(/-/g, '');

const ciiParty = (role: 'Seller' | 'Buyer', party: InvoiceDraft['seller'] | InvoiceDraft['buyer']): string => xml`<ram:${role}TradeParty>
        <ram:Name>${party.name}</ram:Name>
        <ram:DefinedTradeContact><ram:EmailURIUniversalCommunication><ram:URIID>${party.email}</ram:URIID></ram:EmailURIUniversalCommunication></ram:DefinedTradeContact>
        <ram:PostalTradeAddress><ram:PostcodeCode>${party.postCode}</ram:PostcodeCode><ram:LineOne>${party.street}</ram:LineOne><ram:CityName>${party.city}</ram:CityName><ram:CountryID>${party.countryCode}</ram:CountryID></ram:PostalTradeAddress>
        <ram:URIUniversalCommunication><ram:URIID schemeID="EM">${party.email}</ram:URIID></ram:URIUniversalCommunication>
` + (party.vatId ? xml`        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${party.vatId}</ram:ID></ram:SpecifiedTaxRegistration>
` : '') + xml`      </ram:${role}TradeParty>`;

/** A UN/CEFACT CII D16B invoice (EN 16931 profile, as Factur-X / ZUGFeRD EN16931 and XRechnung CII carry it). */
export function writeCii(draft: InvoiceDraft): string {
  const c = compute(draft);
  const cur = draft.currency;
  return xml`<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>${draft.number}</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">${yyyymmdd(draft.issueDate)}</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
` + c.lines.map((line) => xml`    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>${line.id}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>${line.name}</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${line.unitPrice}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="${line.unitCode}">${line.quantity}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>${line.vatRate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${line.net}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
`).join('') + `    <ram:ApplicableHeaderTradeAgreement>
      ` + xml`<ram:BuyerReference>${draft.number}</ram:BuyerReference>
      ` + ciiParty('Seller', draft.seller) + `
      ` + ciiParty('Buyer', draft.buyer) + xml`
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:PaymentReference>${draft.number}</ram:PaymentReference>
      <ram:InvoiceCurrencyCode>${cur}</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${draft.seller.iban}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
` + c.vat.map((group) => xml`      <ram:ApplicableTradeTax><ram:CalculatedAmount>${group.tax}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>${group.taxable}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>${group.rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
`).join('') + xml`      <ram:SpecifiedTradePaymentTerms><ram:Description>${draft.paymentTerms}</ram:Description><ram:DueDateDateTime><udt:DateTimeString format="102">${yyyymmdd(draft.dueDate)}</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>${c.lineNet}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>${c.lineNet}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="${cur}">${c.tax}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>${c.gross}</ram:GrandTotalAmount>
        <ram:DuePayableAmount>${c.gross}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;
}
