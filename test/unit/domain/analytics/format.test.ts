import { describe, expect, it } from 'vitest';
import { formatReport, receivableOf, report, type CurrencyReport, type Figures, type Receivable } from '../../../../functions/domain/analytics';
import { isoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';

type Bucketed = readonly [current: string, days1to30: string, days31to60: string, days61to90: string, over90: string];

const figures = (open: string, [current, days1to30, days31to60, days61to90, over90]: Bucketed, dso: string | null, countback: string | null, cei: string | null): Figures => ({
  open: open as Decimal,
  claimsOpen: (open === '1100' ? '42.5' : '0') as Decimal,
  aging: { current: current as Decimal, '1-30': days1to30 as Decimal, '31-60': days31to60 as Decimal, '61-90': days61to90 as Decimal, 'over-90': over90 as Decimal },
  dsoStandard: dso as Decimal | null,
  dsoCountback: countback as Decimal | null,
  cei: cei as Decimal | null,
});

// A tiny report made by hand: a segment name with a comma, a customer key with a quote, figures without a value.
const eur: CurrencyReport = {
  currency: 'EUR',
  asOf: isoDate('2026-03-31'),
  total: figures('1234567.5', ['500', '0', '1234067.5', '0', '0'], '157.5', null, '43.8'),
  bySegment: { 'key, strategic': figures('1234567.5', ['500', '0', '1234067.5', '0', '0'], '157.5', null, '43.8') },
  byCustomer: {
    C1: figures('1100', ['500', '0', '600', '0', '0'], '12.0', '8.5', null),
    'C"2': figures('1233467.5', ['0', '0', '1233467.5', '0', '0'], null, null, null),
  },
};
const customerNames = new Map([['C1', 'Acme "Tools", Inc.\nBerlin']]);

describe('formatReport as CSV', () => {
  const csv = formatReport([eur], 'csv', { customerNames });

  it('writes the header with the aging buckets, then total, segments and customers, each line ending in LF', () => {
    expect(csv.endsWith('\n')).toBe(true);
    expect(csv).not.toContain('\r');
    expect(csv.split('\n')[0]).toBe('currency,as_of,scope,name,open,claims_open,current,1-30,31-60,61-90,over-90,dso_standard,dso_countback,cei_percent,customer_name');
  });

  it('leaves figures without a value empty and writes amounts exactly as computed', () => {
    expect(csv.split('\n')[1]).toBe('EUR,2026-03-31,total,,1234567.5,0,500,0,1234067.5,0,0,157.5,,43.8,');
    expect(csv).toContain('\nEUR,2026-03-31,customer,"C""2",1233467.5,0,0,0,1233467.5,0,0,,,,\n');
  });

  it('quotes fields with a comma, a quote or a line break, doubling the quotes (RFC 4180)', () => {
    expect(csv.split('\n')[2]).toBe('EUR,2026-03-31,segment,"key, strategic",1234567.5,0,500,0,1234067.5,0,0,157.5,,43.8,');
    expect(csv).toContain('\nEUR,2026-03-31,customer,C1,1100,42.5,500,0,600,0,0,12.0,8.5,,"Acme ""Tools"", Inc.\nBerlin"\n');
  });

  it('leaves the customer name empty when none is given', () =>
    expect(formatReport([eur], 'csv')).toContain('\nEUR,2026-03-31,customer,C1,1100,42.5,500,0,600,0,0,12.0,8.5,,\n'));
});

describe('formatReport as JSON', () => {
  it('writes the report as it is, indented by two spaces, ending in a newline', () => {
    const json = formatReport([eur], 'json');
    expect(JSON.parse(json)).toEqual([eur]);
    expect(json.split('\n').slice(0, 3)).toEqual(['[', '  {', '    "currency": "EUR",']);
    expect(json.endsWith(']\n')).toBe(true);
  });
});

describe('formatReport as a table', () => {
  const lines = formatReport([eur], 'table', { customerNames }).split('\n');

  it('heads each currency with its as-of day, then aligns names left and figures right, – for no value', () =>
    expect(lines).toEqual([
      'EUR as of 2026-03-31',
      '                                     open claims current 1-30        31-60 61-90 over-90 DSO std DSO cb CEI %',
      'Total                        1,234,567.50   0.00  500.00 0.00 1,234,067.50  0.00    0.00   157.5      –  43.8',
      'Segments',
      '  key, strategic             1,234,567.50   0.00  500.00 0.00 1,234,067.50  0.00    0.00   157.5      –  43.8',
      'Customers',
      '  Acme "Tools", Inc. Berlin      1,100.00  42.50  500.00 0.00       600.00  0.00    0.00    12.0    8.5     –',
      '  C"2                        1,233,467.50   0.00    0.00 0.00 1,233,467.50  0.00    0.00       –      –     –',
      '',
    ]));

  it('cuts a long name with an ellipsis so the row stays within 120 columns', () => {
    const long = new Map([['C1', 'Müller Werkzeugmaschinen und Anlagenbau GmbH & Co. KG, Niederlassung Süd']]);
    const table = formatReport([eur], 'table', { customerNames: long }).split('\n');
    expect(table.find((line) => line.startsWith('  Müller'))).toBe(
      '  Müller Werkzeugmaschinen und…       1,100.00  42.50  500.00 0.00       600.00  0.00    0.00    12.0    8.5     –',
    );
    expect(Math.max(...table.map((line) => line.length))).toBeLessThanOrEqual(120);
  });

  it('writes one block per currency, a blank line between them', () => {
    const usd: CurrencyReport = { ...eur, currency: 'USD', bySegment: {}, byCustomer: {} };
    const table = formatReport([eur, usd], 'table').split('\n');
    expect(table.filter((line) => / as of /.test(line))).toEqual(['EUR as of 2026-03-31', 'USD as of 2026-03-31']);
    expect(table[table.indexOf('USD as of 2026-03-31') - 1]).toBe('');
  });
});

describe('report CSV from untrusted names', () => {
  it('keeps a spreadsheet from reading a customer name as a formula', () => {
    const receivable: Receivable = receivableOf({ number: 'X', customer: 'C-1', segment: 's', currency: 'EUR', issueDate: isoDate('2026-01-01'), dueDate: isoDate('2026-01-31'), amount: '10.00' as Decimal }, []);
    const csv = formatReport(report([receivable], isoDate('2026-02-01')), 'csv', { customerNames: new Map([['C-1', '=HYPERLINK("http://x.example","y")']]) });
    expect(csv.split('\n')[3]).toMatch(/,"'=HYPERLINK\(""http:\/\/x\.example"",""y""\)"$/);
  });
});
