import { AGING_BUCKETS } from '../collections';
import { toCents, type Decimal } from '../money';
import type { CurrencyReport, Figures } from '.';

/** How {@link formatReport} writes a report: a text table for people, JSON or CSV for programs. */
export type ReportFormat = 'table' | 'json' | 'csv';

export interface FormatReportOptions {
  /** Names to show for customer keys; a key without one is shown as itself. @default no names */
  readonly customerNames?: ReadonlyMap<string, string>;
}

type Scope = 'total' | 'segment' | 'customer';

/** One line of a report, whatever the format: whose figures, and the figures. */
interface Line {
  readonly currency: string;
  readonly asOf: string;
  readonly scope: Scope;
  /** Empty for the total; the segment, or the customer key. */
  readonly key: string;
  /** The customer's name from the options; empty when not a customer or not named. */
  readonly customerName: string;
  readonly figures: Figures;
}

/** The total, then each segment, then each customer, in the report's (sorted) order. */
function linesOf(report: CurrencyReport, names: ReadonlyMap<string, string>): Line[] {
  const line = (scope: Scope, key: string, figures: Figures): Line => ({
    currency: report.currency,
    asOf: report.asOf,
    scope,
    key,
    customerName: scope === 'customer' ? (names.get(key) ?? '') : '',
    figures,
  });
  return [
    line('total', '', report.total),
    ...Object.entries(report.bySegment).map(([segment, figures]) => line('segment', segment, figures)),
    ...Object.entries(report.byCustomer).map(([customer, figures]) => line('customer', customer, figures)),
  ];
}

// RFC 4180: a field with a comma, a double quote or a line break is quoted, its quotes doubled.
const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

const CSV_HEADER = ['currency', 'as_of', 'scope', 'name', 'open', 'claims_open', ...AGING_BUCKETS, 'dso_standard', 'dso_countback', 'cei_percent', 'customer_name'];

/**
 * A name from an invoice as a spreadsheet will read it: one that starts like a formula (=, +, -, @,
 * a tab or a carriage return) gets a leading apostrophe, so opening the file never runs it.
 */
const inertText = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const csvRow = ({ currency, asOf, scope, key, customerName, figures }: Line): string[] => [
  currency,
  asOf,
  scope,
  inertText(key),
  figures.open,
  figures.claimsOpen,
  ...AGING_BUCKETS.map((bucket) => figures.aging[bucket]),
  figures.dsoStandard ?? '',
  figures.dsoCountback ?? '',
  figures.cei ?? '',
  inertText(customerName),
];

/** RFC 4180 CSV with LF line ends (every line, the last too): exact amounts as computed, null figures as empty fields. */
const toCsv = (lines: readonly Line[]): string => [CSV_HEADER, ...lines.map(csvRow)].map((row) => `${row.map(csvField).join(',')}\n`).join('');

/** The table's target width; the name column gives way first, down to its minimum. */
const TABLE_COLUMNS = 120;
const NAME_WIDTH = { min: 14, max: 32 } as const;
// One space between right-aligned figures is enough to read them apart; cents and thousands
// separators on six amount columns leave little room in 120 columns otherwise.
const FIGURE_GAP = ' ';
const NAME_GAP = '  ';
const NULL_FIGURE = '–';
const INDENT = '  ';

// Readable amounts in the table only: cents, thousands grouped ('1234567.5' -> '1,234,567.50'). CSV and JSON stay exact.
const tableAmount = (amount: Decimal): string => {
  const [whole, cents] = toCents(amount).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`;
};

// A line break or tab in a name would break the row apart: in the table, any run of them is one space.
const oneLine = (text: string): string => text.replace(/[\s\p{Cc}]+/gu, ' ');

/** Cut to the width in characters (code points, so no surrogate pair is split), an ellipsis marking the cut. */
const cutTo = (text: string, width: number): string => {
  const characters = Array.from(text);
  return characters.length <= width ? text : `${characters.slice(0, width - 1).join('').trimEnd()}…`;
};

const widthOf = (text: string): number => Array.from(text).length;

/** A row of the table: a label and its figures, or a section heading with none. */
interface TableRow {
  readonly label: string;
  readonly cells: readonly string[];
}

const TABLE_HEADER: TableRow = { label: '', cells: ['open', 'claims', ...AGING_BUCKETS, 'DSO std', 'DSO cb', 'CEI %'] };

const figuresRow = (label: string, figures: Figures): TableRow => ({
  label,
  cells: [
    tableAmount(figures.open),
    tableAmount(figures.claimsOpen),
    ...AGING_BUCKETS.map((bucket) => tableAmount(figures.aging[bucket])),
    figures.dsoStandard ?? NULL_FIGURE,
    figures.dsoCountback ?? NULL_FIGURE,
    figures.cei ?? NULL_FIGURE,
  ],
});

/** The header, the total, then segments and customers under a heading each, indented: no label repeats its kind. */
const tableRowsOf = (lines: readonly Line[]): TableRow[] => [
  TABLE_HEADER,
  ...lines.flatMap((line, i): TableRow[] => {
    const row = figuresRow(line.scope === 'total' ? 'Total' : INDENT + oneLine(line.customerName || line.key), line.figures);
    const startsSection = line.scope !== 'total' && line.scope !== lines[i - 1]?.scope;
    return startsSection ? [{ label: line.scope === 'segment' ? 'Segments' : 'Customers', cells: [] }, row] : [row];
  }),
];

/** One currency as a fixed-width block: a heading, then the rows; names left, figures right. */
function currencyTable(report: CurrencyReport, lines: readonly Line[]): string {
  const rows = tableRowsOf(lines);
  const figureWidths = TABLE_HEADER.cells.map((_, i) => Math.max(...rows.map((row) => (row.cells[i] ?? '').length)));
  const figuresWidth = figureWidths.reduce((sum, width) => sum + width, 0) + FIGURE_GAP.length * (figureWidths.length - 1);
  const room = TABLE_COLUMNS - figuresWidth - NAME_GAP.length;
  const longestLabel = Math.max(...rows.map((row) => widthOf(row.label)));
  const labelWidth = Math.min(longestLabel, Math.max(NAME_WIDTH.min, Math.min(NAME_WIDTH.max, room)));
  const format = ({ label, cells }: TableRow) => {
    const name = cutTo(label, labelWidth);
    const figures = cells.map((cell, i) => cell.padStart(figureWidths[i]!)).join(FIGURE_GAP);
    return `${name}${' '.repeat(labelWidth - widthOf(name))}${NAME_GAP}${figures}`.trimEnd();
  };
  return [`${report.currency} as of ${report.asOf}`, ...rows.map(format)].join('\n');
}

const toTable = (reports: readonly CurrencyReport[], names: ReadonlyMap<string, string>): string =>
  reports.length === 0 ? 'no receivables in the ledger\n' : `${reports.map((report) => currencyTable(report, linesOf(report, names))).join('\n\n')}\n`;

/**
 * A report as text: `table` for people (a block per currency, amounts in cents, `–` for a figure
 * that has no value), `json` (the report as it is, 2-space indent) or `csv` (RFC 4180, LF line
 * ends, one row per total, segment and customer, empty fields for figures without a value).
 * Every format ends with a newline; customer names show in the table and the CSV, JSON keeps the keys.
 * @example formatReport(report(receivables, isoDate('2026-03-31')), 'csv', { customerNames })
 */
export function formatReport(reports: readonly CurrencyReport[], format: ReportFormat, options: FormatReportOptions = {}): string {
  const names = options.customerNames ?? new Map<string, string>();
  switch (format) {
    case 'json':
      return `${JSON.stringify(reports, null, 2)}\n`;
    case 'csv':
      return toCsv(reports.flatMap((report) => linesOf(report, names)));
    case 'table':
      return toTable(reports, names);
  }
}
