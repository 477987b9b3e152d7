import { readdir, readFile } from 'node:fs/promises';
import { DEFAULT_MAX_INVOICE_BYTES, embeddedInvoiceXml, isPdf, readInvoice } from '../functions/domain/einvoice';
import { bareSaxParse } from './sax-baseline';
import type { Row, Table } from './table';
import { roundRatios, timeRounds, type PassTiming, type RoundsOptions } from './timing';

interface CorpusFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The XML the reader parses: the file itself, or the invoice a PDF embeds. */
  readonly xml: Uint8Array;
}

/** Every XML and PDF file of the folders, read into memory once so disk time is never timed. */
async function loadCorpus(folders: readonly string[]): Promise<{ xml: CorpusFile[]; pdf: CorpusFile[] }> {
  const paths = (await Promise.all(folders.map(async (folder) => (await readdir(folder)).filter((name) => /\.(xml|pdf)$/i.test(name)).sort().map((name) => `${folder}/${name}`)))).flat();
  const files = await Promise.all(
    paths.map(async (name) => {
      const bytes = await readFile(name);
      // The reader takes the first embedded candidate that reads; every PDF of the corpus has exactly one.
      const xml = isPdf(bytes) ? (await embeddedInvoiceXml(bytes, DEFAULT_MAX_INVOICE_BYTES))[0]?.read() : bytes;
      if (!xml) throw new Error(`${name}: no embedded invoice to time`);
      return { name, bytes, xml };
    }),
  );
  return { xml: files.filter((file) => file.xml === file.bytes), pdf: files.filter((file) => file.xml !== file.bytes) };
}

const megabytes = (files: readonly CorpusFile[], of: 'bytes' | 'xml') => files.reduce((sum, file) => sum + file[of].length, 0) / 1e6;

const readAll = (files: readonly CorpusFile[], of: 'bytes' | 'xml' = 'bytes') => async () => {
  for (const file of files) {
    const result = await readInvoice(file[of]);
    // A refusal would time an early exit, not a read: the corpus must read cleanly for the figure to mean anything.
    if (!result.ok) throw new Error(`${file.name} is refused (${result.error.code}): ${result.error.message}`);
  }
};

const bareAll = (files: readonly CorpusFile[]) => () => {
  for (const file of files) bareSaxParse(file.xml);
};

const extractAll = (files: readonly CorpusFile[]) => async () => {
  for (const file of files) (await embeddedInvoiceXml(file.bytes, DEFAULT_MAX_INVOICE_BYTES))[0]?.read();
};

/** One group's figures: per pass over the group, and the ratio of readInvoice to the bare parse. */
export interface GroupFigures {
  readonly files: number;
  readonly fileMegabytes: number;
  readonly xmlMegabytes: number;
  readonly bareSeconds: number;
  readonly readSeconds: number;
  readonly ratio: Ratio;
  /** PDFs only: the two halves of readInvoice's work, each timed alone in the same rounds. */
  readonly pdfHalves?: {
    /** pdf-lib opening the file and the invoice attachment inflated. */
    readonly extractSeconds: number;
    /** readInvoice given the embedded XML itself. */
    readonly embeddedReadSeconds: number;
    /** readInvoice on the embedded XML against the bare parse of the same bytes. */
    readonly embeddedRatio: Ratio;
  };
}

export interface Ratio {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface ParseFigures {
  readonly folders: readonly string[];
  readonly rounds: Required<RoundsOptions>;
  readonly xml: GroupFigures;
  readonly pdf: GroupFigures;
}

/** The goal for XML: readInvoice at most this many times the bare parse of the same bytes. */
export const XML_RATIO_GOAL = 1.5;

const ROUNDS: Required<RoundsOptions> = { warmupMs: 1_000, roundMs: 500, rounds: 7 };

/**
 * Throughput of readInvoice over every file of the corpus folders, the bytes already in memory,
 * against a bare sax parse of the same XML timed in the same rounds (for a PDF: of its embedded XML).
 */
export async function benchParse(folders: readonly string[]): Promise<ParseFigures> {
  const corpus = await loadCorpus(folders);
  const group = (files: readonly CorpusFile[], bare: PassTiming, read: PassTiming): GroupFigures => ({
    files: files.length,
    fileMegabytes: megabytes(files, 'bytes'),
    xmlMegabytes: megabytes(files, 'xml'),
    bareSeconds: bare.seconds,
    readSeconds: read.seconds,
    ratio: roundRatios(read, bare),
  });

  const xml = await timeRounds({ bare: bareAll(corpus.xml), read: readAll(corpus.xml) }, ROUNDS);
  const pdf = await timeRounds(
    { bare: bareAll(corpus.pdf), read: readAll(corpus.pdf), extract: extractAll(corpus.pdf), embeddedRead: readAll(corpus.pdf, 'xml') },
    ROUNDS,
  );
  return {
    folders,
    rounds: ROUNDS,
    xml: group(corpus.xml, xml.bare, xml.read),
    pdf: {
      ...group(corpus.pdf, pdf.bare, pdf.read),
      pdfHalves: { extractSeconds: pdf.extract.seconds, embeddedReadSeconds: pdf.embeddedRead.seconds, embeddedRatio: roundRatios(pdf.embeddedRead, pdf.bare) },
    },
  };
}

const ms = (seconds: number) => (seconds * 1000).toFixed(2);
const ratioCell = ({ median, min, max }: Ratio) => `${median.toFixed(2)}x (${min.toFixed(2)}-${max.toFixed(2)})`;

/** The parse figures as a table for people. */
export function parseTable(figures: ParseFigures): Table {
  const row = (label: string, g: GroupFigures): Row => ({
    corpus: label,
    files: g.files,
    MB: g.fileMegabytes.toFixed(2),
    'XML MB': g.xmlMegabytes.toFixed(2),
    'bare sax ms': ms(g.bareSeconds),
    'readInvoice ms': ms(g.readSeconds),
    'files/s': g.files / g.readSeconds,
    'MB/s': g.fileMegabytes / g.readSeconds,
    'bare MB/s': g.xmlMegabytes / g.bareSeconds,
    'read / bare': ratioCell(g.ratio),
  });
  const { xml, pdf } = figures;
  const notes = [
    'ms: one pass over the group. bare: sax strict + xmlns + position, TextDecoder in 1 MiB chunks, no handlers, on the same XML',
    '(for a PDF, its embedded XML). files/s and MB/s: readInvoice on the files as given; bare MB/s: the bare parse on the XML.',
    `read / bare: median of the per-round ratios, range in brackets. XML goal <= ${XML_RATIO_GOAL}x: ${xml.ratio.median <= XML_RATIO_GOAL ? 'met' : 'NOT met'}.`,
  ];
  if (pdf.pdfHalves) {
    const { extractSeconds, embeddedReadSeconds, embeddedRatio } = pdf.pdfHalves;
    notes.push(
      `PDF, each half timed alone: extraction (pdf-lib, the invoice attachment inflated) ${ms(extractSeconds)} ms (${((extractSeconds / pdf.readSeconds) * 100).toFixed(0)}% of readInvoice), ` +
        `readInvoice on the embedded XML ${ms(embeddedReadSeconds)} ms = ${ratioCell(embeddedRatio)} its bare parse.`,
    );
  }
  return {
    title: `Parse throughput, every file of ${figures.folders.join(' and ')}, bytes in memory (median of ${figures.rounds.rounds} interleaved rounds of >= ${figures.rounds.roundMs} ms each)`,
    rows: [row('UBL + CII XML', xml), row('Factur-X/ZUGFeRD PDF', pdf)],
    notes,
  };
}
