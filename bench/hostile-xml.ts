import { readInvoice } from '../functions/domain/einvoice';
import { generatedLines, ublInvoice, utf8 } from '../test/support/einvoice-builders';
import type { Row, Table } from './table';
import { roundRatios, timeRounds, type RoundsOptions } from './timing';

interface Document {
  readonly label: string;
  readonly bytes: Uint8Array;
  /** Whether readInvoice must read it (true) or refuse it (false): checked once before timing. */
  readonly reads: boolean;
}

const attributes = (count: number, name: (i: number) => string, value = '') =>
  Array.from({ length: count }, (_, i) => ` ${name(i)}="${value}"`).join('');

/** Notes of `perNote` attributes (or declarations) each, enough of them to fill about `bytes`. */
function notesFilling(bytes: number, perNote: string): string {
  const note = `<cbc:Note${perNote}>x</cbc:Note>\n`;
  return note.repeat(Math.ceil(bytes / note.length));
}

const SIZE = 2_300_000; // the issue's 200,000-attribute file
const linesFor = (bytes: number) => generatedLines(Math.round(bytes / 330));

const DOCUMENTS: readonly Document[] = [
  { label: 'normal invoice, lines (baseline)', bytes: utf8(ublInvoice({ lines: linesFor(SIZE) })), reads: true },
  { label: 'normal invoice, lines, twice the size', bytes: utf8(ublInvoice({ lines: linesFor(2 * SIZE) })), reads: true },
  { label: '256 attributes on every note (the bound)', bytes: utf8(ublInvoice({ header: notesFilling(SIZE, attributes(256, (i) => `a${i}`)) })), reads: true },
  { label: '256 attributes on every note, twice the size', bytes: utf8(ublInvoice({ header: notesFilling(2 * SIZE, attributes(256, (i) => `a${i}`)) })), reads: true },
  { label: '64 namespace declarations on every note (the bound)', bytes: utf8(ublInvoice({ header: notesFilling(SIZE, attributes(64, (i) => `xmlns:p${i}`, 'urn:x')) })), reads: true },
  { label: '200,000 attributes on one element (refused)', bytes: utf8(ublInvoice({ header: `<cbc:Note${attributes(200_000, (i) => `a${i}`)}>x</cbc:Note>` })), reads: false },
  { label: '1,000,000 attributes on one element (refused)', bytes: utf8(ublInvoice({ header: `<cbc:Note${attributes(1_000_000, (i) => `a${i}`)}>x</cbc:Note>` })), reads: false },
  { label: '100,000 namespace declarations on one element (refused)', bytes: utf8(ublInvoice({ header: `<cbc:Note${attributes(100_000, (i) => `xmlns:p${i}`, 'urn:x')}>x</cbc:Note>` })), reads: false },
];

const ROUNDS: Required<RoundsOptions> = { warmupMs: 1_000, roundMs: 400, rounds: 5 };

export interface HostileXmlFigures {
  readonly rounds: Required<RoundsOptions>;
  readonly rows: readonly { readonly label: string; readonly bytes: number; readonly seconds: number; readonly nsPerByte: number; readonly ratio: { median: number; min: number; max: number }; readonly outcome: string }[];
}

/** readInvoice on each document, all timed in the same interleaved rounds; ns per byte against the normal invoice's. */
export async function benchHostileXml(): Promise<HostileXmlFigures> {
  const outcomes = new Map<string, string>();
  for (const doc of DOCUMENTS) {
    const result = await readInvoice(doc.bytes);
    // A document that reads when it should be refused (or the reverse) would time the wrong path.
    if (result.ok !== doc.reads) throw new Error(`${doc.label}: ${result.ok ? 'read' : `refused (${result.error.message})`}, expected the opposite`);
    outcomes.set(doc.label, result.ok ? 'read' : `refused: ${result.error.message}`);
  }
  const passes = Object.fromEntries(DOCUMENTS.map((doc) => [doc.label, async () => void (await readInvoice(doc.bytes))]));
  const timings = await timeRounds(passes, ROUNDS);
  const baseline = DOCUMENTS[0]!;
  const perByte = (doc: Document) => ({ rounds: timings[doc.label]!.rounds.map((s) => s / doc.bytes.length), seconds: timings[doc.label]!.seconds / doc.bytes.length });
  return {
    rounds: ROUNDS,
    rows: DOCUMENTS.map((doc) => ({
      label: doc.label,
      bytes: doc.bytes.length,
      seconds: timings[doc.label]!.seconds,
      nsPerByte: (timings[doc.label]!.seconds / doc.bytes.length) * 1e9,
      ratio: roundRatios(perByte(doc), perByte(baseline)),
      outcome: outcomes.get(doc.label) ?? '',
    })),
  };
}

/** One row per document: time, ns per byte, and its ratio to the normal invoice's. */
export function hostileXmlTable(figures: HostileXmlFigures): Table {
  const rows = figures.rows.map(
    (r): Row => ({
      document: r.label,
      MB: r.bytes / 1e6,
      ms: r.seconds * 1000,
      'ns/byte': r.nsPerByte,
      'x normal ns/byte': `${r.ratio.median.toFixed(2)} (${r.ratio.min.toFixed(2)}-${r.ratio.max.toFixed(2)})`,
      outcome: r.outcome.length > 70 ? `${r.outcome.slice(0, 67)}...` : r.outcome,
    }),
  );
  return {
    title: `Hostile XML: readInvoice time per byte, median of ${figures.rounds.rounds} interleaved rounds, bytes in memory`,
    rows,
    notes: [
      'x normal ns/byte: per-round ratio of ns per byte against the normal invoice of the same size, range in brackets.',
      'Linear: the same ns/byte at twice the size. Documents at the bounds read at a cost per byte like a normal invoice;',
      'past them the refusal comes while the offending tag is read (issue 10: 200,000 attributes took 39 s, 1,000,000 did not finish in 15 min).',
    ],
  };
}
