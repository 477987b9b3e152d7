import { describe, expect, it } from 'vitest';
import { readInvoice } from '../../../../functions/domain/einvoice';
import { ciiInvoice, utf8, zugferd1Invoice } from '../../../support/einvoice-builders';

describe('ZUGFeRD 1.0 beside CII D16B', () => {
  it('reads a bare ZUGFeRD 1.0 CrossIndustryDocument into the canonical invoice, its profile as BT-24', async () => {
    const result = await readInvoice(utf8(zugferd1Invoice()));
    expect(result).toMatchObject({
      ok: true,
      invoice: {
        syntax: 'cii',
        customizationId: 'urn:ferd:CrossIndustryDocument:invoice:1p0:comfort',
        number: '471102',
        issueDate: '2013-03-05',
        typeCode: '380',
        currency: 'EUR',
        dueDate: '2013-04-04',
        buyerReference: 'AB-312',
        seller: { name: 'Lieferant GmbH', vatId: 'DE123456789', address: { city: 'München', countryCode: 'DE' } },
        buyer: { name: 'Kunden AG Mitte', address: { countryCode: 'DE' } },
        totals: { lineNet: '198.00', taxExclusive: '198.00', tax: '37.62', taxInclusive: '235.62', paid: '0.00', due: '235.62' },
        // ZUGFeRD 1.0 gives the rate as ApplicablePercent, D16B as RateApplicablePercent.
        vatBreakdown: [{ categoryCode: 'S', rate: '19.00', taxableAmount: '198.00', taxAmount: '37.62' }],
        payment: { meansCode: '31', iban: 'DE08700901001234567890', bic: 'GENODEF1M04', remittanceInformation: '471102' },
        lines: [{ id: '1', quantity: '20.0000', unitCode: 'C62', netAmount: '198.00', name: 'Trennblätter A4' }],
      },
    });
  });

  it('reads BASIC and EXTENDED alike, keeping the guideline id that names the profile', async () => {
    for (const profile of ['basic', 'extended']) {
      const xml = zugferd1Invoice().replace('invoice:1p0:comfort', `invoice:1p0:${profile}`);
      expect(await readInvoice(utf8(xml))).toMatchObject({ ok: true, invoice: { customizationId: `urn:ferd:CrossIndustryDocument:invoice:1p0:${profile}` } });
    }
  });

  it('still refuses what is neither generation, naming both', async () => {
    const other = zugferd1Invoice().replaceAll('urn:ferd:CrossIndustryDocument:invoice:1p0', 'urn:example:not-zugferd');
    expect(await readInvoice(utf8(other))).toMatchObject({
      ok: false,
      error: { code: 'not-an-einvoice', message: expect.stringContaining('nor ZUGFeRD 1.0 CrossIndustryDocument') },
    });
  });

  it('refuses an XML declaration naming an encoding that does not exist, in either generation', async () => {
    const declaration = '<?xml version="1.0" encoding="UTF-8-W/O-BOM"?>';
    for (const xml of [zugferd1Invoice({ declaration }), ciiInvoice({ declaration })]) {
      expect(await readInvoice(utf8(xml))).toMatchObject({ ok: false, error: { code: 'unsupported-encoding' } });
    }
  });

  it('works BT-115 out as BT-112 less BT-113 where ZUGFeRD 1.0 BASIC leaves it out, written as the totals are', async () => {
    const withoutDue = zugferd1Invoice()
      .replace(/<ram:DuePayableAmount[^>]*>[^<]*<\/ram:DuePayableAmount>/, '')
      .replace('<ram:TotalPrepaidAmount currencyID="EUR">0.00</ram:TotalPrepaidAmount>', '<ram:TotalPrepaidAmount currencyID="EUR">35.62</ram:TotalPrepaidAmount>');
    expect(await readInvoice(utf8(withoutDue))).toMatchObject({ ok: true, invoice: { totals: { taxInclusive: '235.62', paid: '35.62', due: '200.00' } } });
  });
});
