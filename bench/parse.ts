import { readdirSync, readFileSync } from 'node:fs';
import { embeddedInvoiceXml, isPdf, readInvoice } from '../functions/domain/einvoice';
import { bareSaxParse } from './sax-baseline';
import { median } from './table';

interface CorpusFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The XML the reader parses: the file itself, or a PDF's embedded invoice. */
  readonly xml: Uint8Array;
}

async function loadCorpus(folder: string): Promise<CorpusFile[]> {
  const names = readdirSync(folder).filter((name) => /\.(xml|pdf)$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = new Uint8Array(readFileSync(`${folder}/${name}`));
      const xml = isPdf(bytes) ? (await embeddedInvoiceXml(bytes))[0]!.bytes : bytes;
      return { name, bytes, xml };
    }),
  );
}

/** Seconds per pass over the files, the median of rounds that each run for at least `roundMs`. */
async function secondsPerPass(files: readonly CorpusFile[], pass: (file: CorpusFile) => Promise<void> | void, roundMs = 400, rounds = 5) {
  for (const file of files) await pass(file);
  const timings: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let passes = 0;
    const started = performance.now();
    while (performance.now() - started < roundMs) {
      for (const file of files) await pass(file);
      passes++;
    }
    timings.push((performance.now() - started) / 1000 / passes);
  }
  return median(timings);
}

export interface ParseFigures {
  readonly rows: Record<string, string | number>[];
  readonly xmlRatio: number;
}

/** Throughput of readInvoice over the corpus against a bare sax parse of the same XML, measured in the same run. */
export async function benchParse(folder: string): Promise<ParseFigures> {
  const corpus = await loadCorpus(folder);
  const groups = [
    { label: 'UBL + CII XML', files: corpus.filter((file) => file.bytes === file.xml) },
    { label: 'Factur-X/ZUGFeRD PDF', files: corpus.filter((file) => file.bytes !== file.xml) },
  ];
  const rows: Record<string, string | number>[] = [];
  let xmlRatio = Number.NaN;
  for (const { label, files } of groups) {
    const megabytes = files.reduce((sum, file) => sum + file.bytes.length, 0) / 1e6;
    const bare = await secondsPerPass(files, (file) => bareSaxParse(file.xml));
    const read = await secondsPerPass(files, async (file) => {
      const result = await readInvoice(file.bytes);
      if (!result.ok) throw new Error(`${file.name}: ${result.error.message}`);
    });
    const ratio = read / bare;
    if (label.startsWith('UBL')) xmlRatio = ratio;
    rows.push({
      corpus: `${label} (${files.length} files, ${megabytes.toFixed(2)} MB)`,
      'bare sax files/s': files.length / bare,
      'readInvoice files/s': files.length / read,
      'readInvoice MB/s': megabytes / read,
      'ratio (read / bare)': ratio,
    });
  }
  return { rows, xmlRatio };
}
