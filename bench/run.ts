// npm run bench [-- parse big hostile-xml hostile-pdf collections report report-ledger cli-start statements statement-match statement-ingest twins dynamodb] [--collections 100,1000]
// Runs the named benches (all by default), prints a table for each, and writes every figure to
// bench/results/latest.json. A bench is a module with a function returning its figures and one
// turning them into a table; adding one is an entry in BENCHES.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { benchBigRead, bigReadTable } from './big-read';
import { benchCliStart, cliStartTable } from './cli-start';
import { benchCollections } from './collections';
import { benchDynamoDb, dynamoDbTable } from './dynamodb';
import { benchHostilePdf, hostilePdfTable } from './hostile-pdf';
import { benchHostileXml, hostileXmlTable } from './hostile-xml';
import { benchParse, parseTable } from './parse';
import { benchReport, reportTable } from './report';
import { benchReportFromLedger, ledgerReportTable } from './report-ledger';
import { benchStatementIngest, statementIngestTable } from './statement-ingest';
import { benchStatementMatch, statementMatchTable } from './statement-match';
import { benchStatements, statementsTable } from './statements';
import { printTable, type Table } from './table';
import { benchTwins, twinsTable } from './twins';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

interface Bench {
  /** Runs the bench; the figures go to the JSON as they are, the table to stdout. */
  run(): Promise<{ figures: unknown; table: Table }>;
}

const args = process.argv.slice(2);
const sizesAt = args.indexOf('--collections');
// 100 invoices keep the whole run near a minute and a half on this 2-core machine (1,000 take 2.5 to 4 minutes alone).
const collectionSizes = (sizesAt >= 0 ? (args[sizesAt + 1] ?? '') : '100')
  .split(',')
  .map(Number)
  .filter((size) => Number.isSafeInteger(size) && size > 0);

const BENCHES: Record<string, Bench> = {
  parse: {
    async run() {
      // A mixed corpus: the shared dev files (UBL, CII D16B, Factur-X) and the public ZUGFeRD 1.0 samples.
      const figures = await benchParse([here('../../shared/einvoices/dev'), here('../test/fixtures/zugferd1')]);
      return { figures, table: parseTable(figures) };
    },
  },
  big: {
    async run() {
      const figures = await benchBigRead(here('./.generated/big-invoice-200k-lines.xml'));
      return { figures, table: bigReadTable(figures) };
    },
  },
  'hostile-xml': {
    async run() {
      const figures = await benchHostileXml();
      return { figures, table: hostileXmlTable(figures) };
    },
  },
  'hostile-pdf': {
    async run() {
      const figures = await benchHostilePdf();
      return { figures, table: hostilePdfTable(figures) };
    },
  },
  collections: {
    async run() {
      const rows = [];
      for (const size of collectionSizes) rows.push(await benchCollections(size));
      return {
        figures: rows,
        table: {
          title: 'Collections: generated portfolios over 180 days through the state machine, handlers and emulators',
          rows,
          notes: ['ratio: wall time against the pure policy engine on the same portfolio; sizes with --collections 100,1000'],
        },
      };
    },
  },
  report: {
    async run() {
      const figures = await benchReport();
      return { figures, table: reportTable(figures) };
    },
  },
  'report-ledger': {
    async run() {
      const figures = await benchReportFromLedger();
      return { figures, table: ledgerReportTable(figures) };
    },
  },
  statements: {
    async run() {
      const figures = await benchStatements();
      return { figures, table: statementsTable(figures) };
    },
  },
  'statement-match': {
    async run() {
      const figures = await benchStatementMatch();
      return { figures, table: statementMatchTable(figures) };
    },
  },
  'statement-ingest': {
    async run() {
      const figures = await benchStatementIngest();
      return { figures, table: statementIngestTable(figures) };
    },
  },
  twins: {
    async run() {
      const figures = await benchTwins();
      return { figures, table: twinsTable(figures) };
    },
  },
  dynamodb: {
    async run() {
      const figures = await benchDynamoDb();
      return { figures, table: dynamoDbTable(figures) };
    },
  },
  'cli-start': {
    async run() {
      const figures = await benchCliStart(here('../../shared/einvoices/dev/ubl-cen-sek-no-due-date.xml'));
      return { figures, table: cliStartTable(figures) };
    },
  },
};

const named = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--collections');
const unknown = named.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}\n`);
  process.exitCode = 2;
} else {
  const started = performance.now();
  const results: Record<string, unknown> = {};
  for (const name of named.length > 0 ? named : Object.keys(BENCHES)) {
    const { figures, table } = await BENCHES[name]!.run();
    printTable(table);
    results[name] = figures;
  }
  const seconds = (performance.now() - started) / 1000;
  await mkdir(here('./results'), { recursive: true });
  const json = { at: new Date().toISOString(), node: process.version, seconds, ...results };
  await writeFile(here('./results/latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nDone in ${seconds.toFixed(0)} s on Node ${process.version}; figures in bench/results/latest.json\n`);
}
