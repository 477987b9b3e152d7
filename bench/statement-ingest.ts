import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { S3DocumentStore } from '../functions/adapters/document-store';
import { ledgerStores } from '../functions/adapters/ledger';
import { BANK, CUSTOMER_SK, customerInvoiceSk, customerPk, IN_CUSTOMER, INVOICE_SK, invoicePk, itemKey } from '../functions/adapters/ledger/keys';
import type { Workflow } from '../functions/adapters/workflow';
import { fixedClock } from '../functions/domain/clock';
import { balanceOf, mergeProfile } from '../functions/domain/credit';
import { DEFAULT_MATCH_THRESHOLD, rfReferenceOf, type OpenItem } from '../functions/domain/matching';
import { STANDARD_POLICY } from '../functions/domain/policy';
import { readStatement } from '../functions/domain/statements';
import { ingestStatement, type StatementIngestDeps } from '../functions/ingest-statement/ingest';
import type { BookingSummary } from '../functions/ingest-statement/book';
import { writeCamt053 } from '../local/demo/camt053-writer';
import { clientsFor, createBucket, createLedgerTable, startEmulators } from '../local/emulators';
import { ledgerInvoiceForScenario } from '../local/simulate/ledger-invoice';
import { plainScan, toItem, writeAll } from './report-ledger';
import { openPortfolio, STATEMENT_AS_OF, statementFor, type GeneratedPayer } from './statement-portfolio';
import type { Table } from './table';
import { median, roundRatios, secondsPerPass, type PassTiming } from './timing';

/** The plain read takes milliseconds: it repeats for this long in a round, so a timer tick is not its figure. */
const PARSE_MS = 500;
const NOW = `${STATEMENT_AS_OF}T19:00:00Z`;

type PassName = 'scan' | 'parse' | 'ingest';

export interface StatementIngestFigures {
  readonly invoices: number;
  readonly customers: number;
  readonly entries: number;
  readonly bytes: number;
  readonly items: number;
  /** Median over the rounds of loading a fresh table (not timed in the passes). */
  readonly loadSeconds: number;
  readonly rounds: Readonly<Record<PassName, PassTiming>>;
  readonly linesPerSecond: number;
  readonly toParse: ReturnType<typeof roundRatios>;
  readonly toScan: ReturnType<typeof roundRatios>;
  readonly summary: BookingSummary;
  readonly maxRssMb: number;
}

/**
 * The generated invoices as ingest would have left them (invoice item, its link and balance beside
 * the customer, the customer's profile) and the payers as earlier payments would have (name and
 * IBAN): what booking reads. With the open items the statement is written for.
 */
async function ledgerOf(invoices: number, customers: number): Promise<{ items: Record<string, AttributeValue>[]; openItems: OpenItem[]; payerOf: Map<string, GeneratedPayer> }> {
  const items: Record<string, AttributeValue>[] = [];
  const openItems: OpenItem[] = [];
  const payerOf = new Map<string, GeneratedPayer>();
  for (const generated of openPortfolio(invoices, customers).invoices) {
    const { payer } = generated;
    const record = await ledgerInvoiceForScenario(
      {
        number: generated.number,
        customer: payer.key,
        kind: 'invoice',
        issueDate: generated.issueDate,
        dueDate: generated.dueDate,
        amountDue: generated.amount,
        entryDate: generated.issueDate,
        currency: 'EUR',
        email: `ap@${payer.key.toLowerCase()}.example`,
        timezone: 'UTC',
        language: null,
        file: null,
      },
      STANDARD_POLICY,
    );
    items.push(
      toItem(itemKey(invoicePk(record.key), INVOICE_SK), { ...record, itemType: 'invoice' }),
      toItem(itemKey(customerPk(record.customerId), customerInvoiceSk(IN_CUSTOMER.invoice, record.key)), { key: record.key, ...balanceOf(record, []), itemType: 'customer-invoice' }),
    );
    openItems.push({
      key: record.key,
      customerId: record.customerId,
      number: record.invoice.number,
      currency: record.invoice.currency,
      openAmount: generated.amount,
      dueDate: generated.dueDate,
      issueDate: generated.issueDate,
      rfReference: rfReferenceOf(record.key),
    });
    payerOf.set(record.customerId, payer);
  }
  for (const [customerId, payer] of payerOf) {
    items.push(
      toItem(itemKey(customerPk(customerId), CUSTOMER_SK), { ...mergeProfile(undefined, customerId, { identities: [`id:${payer.key}`], name: payer.name }, NOW), revision: 1, itemType: 'customer' }),
      toItem(itemKey(BANK.payers, `${customerId}#iban:${payer.iban}`), { customerId, name: payer.name, iban: payer.iban, itemType: 'payer' }),
    );
  }
  return { items, openItems, payerOf };
}

const workflow: Workflow = { start: async () => 'started', signal: async () => 'not-waiting' };
const silent = { info: () => undefined, warn: () => undefined };

/**
 * `ingestStatement` end to end against the S3 and DynamoDB emulators: a camt.053 of 1,000
 * credits dropped into `statements/` and booked against 5,000 open invoices of 1,000 customers,
 * against a plain read of the same file and a plain scan of the same table, in the same rounds.
 * Each round loads a fresh table and bucket first (untimed): a line is booked once, so a second
 * ingest of the same file into the same table would book nothing.
 */
export async function benchStatementIngest(invoices = 5_000, customers = 1_000, entries = 1_000, rounds = 3): Promise<StatementIngestFigures> {
  const { items, openItems, payerOf } = await ledgerOf(invoices, customers);
  const { draft } = statementFor(openItems, (customerId) => payerOf.get(customerId)!, entries);
  const xml = writeCamt053(draft);
  const bytes = new Uint8Array(Buffer.from(xml));
  const emulators = await startEmulators();
  try {
    const { dynamodb, s3 } = clientsFor(emulators);
    const times: Record<PassName, number[]> = { scan: [], parse: [], ingest: [] };
    const loads: number[] = [];
    let summary: BookingSummary | undefined;
    for (let round = 0; round < rounds; round++) {
      const name = `bench-ingest-${round}`;
      const loadStarted = performance.now();
      await createLedgerTable(dynamodb, name);
      await writeAll(dynamodb, items, name);
      loads.push((performance.now() - loadStarted) / 1000);
      await createBucket(s3, name);
      const key = 'statements/bench-camt053.xml';
      await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: xml }));
      const deps: StatementIngestDeps = {
        documents: new S3DocumentStore(s3, name),
        ledger: ledgerStores(dynamodb, name),
        workflow,
        clock: fixedClock(NOW),
        maxStatementBytes: 64 << 20,
        matchThreshold: DEFAULT_MATCH_THRESHOLD,
        autoAllocate: false,
        logger: silent,
      };
      const scan = async () => times.scan.push(await secondsPerPass(async () => void (await plainScan(dynamodb, name)), 0));
      const parse = async () => times.parse.push(await secondsPerPass(() => void readStatement(bytes), PARSE_MS));
      // The scan must see the table before booking writes to it; the read alternates around it.
      for (const pass of round % 2 ? [parse, scan] : [scan, parse]) await pass();
      const started = performance.now();
      const result = await ingestStatement({ key, eventTime: NOW, sequencer: String(round) }, deps);
      times.ingest.push((performance.now() - started) / 1000);
      if (result.outcome !== 'booked' || result.summary.newLines !== entries) throw new Error(`round ${round}: ${JSON.stringify(result)}`);
      summary = result.summary;
    }
    const timing = (seconds: readonly number[]): PassTiming => ({ seconds: median(seconds), rounds: seconds });
    const passes: Record<PassName, PassTiming> = { scan: timing(times.scan), parse: timing(times.parse), ingest: timing(times.ingest) };
    return {
      invoices,
      customers: payerOf.size,
      entries,
      bytes: bytes.length,
      items: items.length,
      loadSeconds: median(loads),
      rounds: passes,
      linesPerSecond: entries / passes.ingest.seconds,
      toParse: roundRatios(passes.ingest, passes.parse),
      toScan: roundRatios(passes.ingest, passes.scan),
      summary: summary!,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await emulators.stop();
  }
}

const range = ({ median: middle, min, max }: ReturnType<typeof roundRatios>): string => `${middle.toFixed(0)} (${min.toFixed(0)}-${max.toFixed(0)})`;
const ms = (timing: PassTiming): string => `${(timing.seconds * 1_000).toFixed(timing.seconds < 1 ? 1 : 0)} ms`;

export function statementIngestTable(figures: StatementIngestFigures): Table {
  const { rounds, summary } = figures;
  const scanToParse = roundRatios(rounds.scan, rounds.parse);
  return {
    title: `Statement ingest end to end: a camt.053 of ${figures.entries.toLocaleString('en-US')} credits (${(figures.bytes / 1e6).toFixed(2)} MB) from S3 booked against ${figures.invoices.toLocaleString('en-US')} open invoices of ${figures.customers.toLocaleString('en-US')} customers (${figures.items.toLocaleString('en-US')} items) in the DynamoDB emulator`,
    rows: [
      { pass: 'plain readStatement of the file', 'median time': ms(rounds.parse), 'x plain read': '1', 'x plain scan': '' },
      { pass: 'plain scan of the table', 'median time': ms(rounds.scan), 'x plain read': range(scanToParse), 'x plain scan': '1' },
      { pass: 'ingestStatement', 'median time': ms(rounds.ingest), 'x plain read': range(figures.toParse), 'x plain scan': `${figures.toScan.median.toFixed(1)} (${figures.toScan.min.toFixed(1)}-${figures.toScan.max.toFixed(1)})` },
    ],
    notes: [
      `${figures.linesPerSecond.toFixed(0)} lines/s; median of ${rounds.ingest.rounds.length} rounds, each on a freshly loaded table and bucket (load median ${figures.loadSeconds.toFixed(1)} s, untimed); x: median (min-max) of the per-round ratio`,
      `booked: ${summary.payments} payments, ${summary.unmatched} to the unmatched queue, ${summary.other} other, of ${summary.lines} lines; peak RSS ${figures.maxRssMb.toFixed(0)} MB (the whole run's)`,
    ],
  };
}
