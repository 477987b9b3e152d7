import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bigInvoice } from './big-invoice';
import { benchCollections } from './collections';
import { benchParse } from './parse';
import { printTable } from './table';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

interface ChildFigures {
  readonly mode: string;
  readonly seconds: number;
  readonly bytes: number;
  readonly maxRssMb: number;
  readonly outcome: string;
}

const inChild = (mode: string, path: string): ChildFigures =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', here('./read-big-child.ts'), mode, path], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ChildFigures;

// `npm run bench -- --collections 1000,10000` picks the portfolio sizes; 1,000 by default keeps the run to minutes.
const sizesArgument = process.argv.indexOf('--collections');
const collectionSizes = (sizesArgument > 0 ? (process.argv[sizesArgument + 1] ?? '') : '1000')
  .split(',')
  .map(Number)
  .filter((size) => Number.isSafeInteger(size) && size > 0);

const parse = await benchParse(here('../../shared/einvoices/dev'));
printTable('Parse throughput over ../shared/einvoices/dev (median of 5 rounds; baseline: bare sax parse of the same XML)', parse.rows);

const big = await bigInvoice(here('./.generated/big-invoice-200k-lines.xml'));
const bigRuns = ['bare', 'read', 'default'].map((mode) => inChild(mode, big));
const bare = bigRuns[0]!;
printTable(
  'The 200,000-line UBL invoice, each run in its own process',
  bigRuns.map((run) => ({
    run: { bare: 'bare sax parse', read: 'readInvoice, limit 256 MiB', default: 'readInvoice, default limit 128 MiB' }[run.mode] ?? run.mode,
    MB: run.bytes / 1e6,
    seconds: run.seconds,
    'MB/s': run.outcome.startsWith('refused') ? '-' : run.bytes / 1e6 / run.seconds,
    'ratio to bare': run.outcome.startsWith('refused') ? '-' : run.seconds / bare.seconds,
    'peak RSS MB': run.maxRssMb,
    outcome: run.outcome,
  })),
);

const collections = [];
for (const size of collectionSizes) collections.push(await benchCollections(size));
printTable(
  'Collections: generated portfolios over 180 days through the state machine, handlers and emulators (ratio: against the pure policy engine on the same portfolio)',
  collections,
);

mkdirSync(here('./results'), { recursive: true });
writeFileSync(here('./results/latest.json'), `${JSON.stringify({ at: new Date().toISOString(), parse, big: bigRuns, collections }, null, 2)}\n`);
process.stdout.write(`\nXML ratio readInvoice / bare sax: ${parse.xmlRatio.toFixed(2)}x (goal <= 1.5x). Figures in bench/results/latest.json\n`);
