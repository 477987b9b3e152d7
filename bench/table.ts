/** A table row: column name to cell, in column order. Numbers print with at most two decimals. */
export type Row = Readonly<Record<string, string | number>>;

/** What one bench prints: a titled table and the lines that say how to read it. */
export interface Table {
  readonly title: string;
  readonly rows: readonly Row[];
  readonly notes?: readonly string[];
}

const cell = (value: string | number | undefined): string =>
  typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : (value ?? '');

/** The table as aligned text: the first column left-aligned, the figures right-aligned. */
export function formatTable({ title, rows, notes = [] }: Table): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (cells: readonly string[]) =>
    cells.map((text, i) => (i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    title,
    line(columns),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(columns.map((column) => cell(row[column])))),
    ...notes.map((note) => `  ${note}`),
  ].join('\n');
}

/** Prints a table to stdout, a blank line before it: the benchmark's report for people. */
export function printTable(table: Table): void {
  process.stdout.write(`\n${formatTable(table)}\n`);
}
