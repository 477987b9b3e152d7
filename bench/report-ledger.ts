import { BatchWriteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ledgerStores } from '../functions/adapters/ledger';
import { CUSTOMER_SK, customerPk, IN_INVOICE, INVOICE_SK, invoicePk, itemKey, type ItemKey } from '../functions/adapters/ledger/keys';
import { report } from '../functions/domain/analytics';
import { portfolioOf, mergeProfile } from '../functions/domain/credit';
import type { LedgerInvoice } from '../functions/domain/intake';
import { STANDARD_POLICY } from '../functions/domain/policy';
import { clientsFor, createLedgerTable, startEmulators } from '../local/emulators';
import { ledgerInvoiceForScenario } from '../local/simulate/ledger-invoice';
import { generatedInvoices, REPORT_AS_OF, type GeneratedInvoice } from './report';
import type { Table } from './table';
import { roundRatios, timeRounds, type PassTiming } from './timing';

const TABLE = 'bench-ledger';

/** An item as the stores write it, for a batch write: the stores put one item at a time, too slow to load 100,000. */
export const toItem = (key: ItemKey, value: object): Record<string, AttributeValue> => marshall({ ...value, ...key }, { removeUndefinedValues: true, convertEmptyValues: false });

/** A generated receivable as ingest and the operations API would have left it: the invoice item, its events, its customer. */
async function itemsOf({ invoice: receivable, facts }: GeneratedInvoice): Promise<{ record: LedgerInvoice; items: Record<string, AttributeValue>[] }> {
  const record = await ledgerInvoiceForScenario(
    {
      number: receivable.number,
      customer: receivable.customer,
      kind: 'invoice',
      issueDate: receivable.issueDate,
      dueDate: receivable.dueDate,
      amountDue: receivable.amount,
      entryDate: receivable.issueDate,
      currency: receivable.currency,
      email: `ap@${receivable.customer.toLowerCase()}.example`,
      timezone: 'UTC',
      language: null,
      file: null,
    },
    STANDARD_POLICY,
  );
  const pk = invoicePk(record.key);
  const event = (id: string, fact: object) => toItem(itemKey(pk, `${IN_INVOICE.event}${id}`), { ...fact, id, recordedAt: `${REPORT_AS_OF}T00:00:00.000Z`, itemType: 'event' });
  const items = [
    toItem(itemKey(pk, INVOICE_SK), { ...record, itemType: 'invoice' }),
    ...facts.map((fact, i) => event(`f${i}`, fact)),
  ];
  return { record, items };
}

/** Writes the items in batches of 25, eight batches at a time. */
export async function writeAll(db: DynamoDBClient, items: readonly Record<string, AttributeValue>[], table = TABLE): Promise<void> {
  const batches: Record<string, AttributeValue>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(batches.slice(i, i + 8).map((batch) => db.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch.map((Item) => ({ PutRequest: { Item } })) } }))));
  }
}

/** The least a report from the ledger does: every item read once by a scan and unmarshalled. */
export async function plainScan(db: DynamoDBClient, table = TABLE): Promise<number> {
  let count = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) if (unmarshall(item)) count++;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

export interface LedgerReportFigures {
  readonly invoices: number;
  readonly customers: number;
  readonly items: number;
  readonly loadSeconds: number;
  readonly scanSeconds: number;
  readonly reportSeconds: number;
  readonly ratio: { median: number; min: number; max: number };
  readonly maxRssMb: number;
  readonly rounds: Readonly<Record<'scan' | 'report', PassTiming>>;
}

/**
 * What `creditctl report` does on a ledger: the snapshot scan of customers, invoices and events
 * from the DynamoDB emulator, the receivables built from them, and the report, against a plain
 * scan of the same table.
 */
export async function benchReportFromLedger(invoices = 100_000, customers = 10_000): Promise<LedgerReportFigures> {
  const emulators = await startEmulators();
  try {
    const { dynamodb } = clientsFor(emulators);
    await createLedgerTable(dynamodb, TABLE);
    const receivables = generatedInvoices(invoices, customers);
    const loadStarted = performance.now();
    const segments = new Map(receivables.map(({ invoice }) => [invoice.customer, invoice.segment]));
    let items = 0;
    const customerIds = new Map<string, string>();
    for (let i = 0; i < receivables.length; i += 2_000) {
      const built = await Promise.all(receivables.slice(i, i + 2_000).map(itemsOf));
      for (const { record } of built) customerIds.set(record.invoice.buyer.identifier!, record.customerId);
      const chunk = built.flatMap((entry) => entry.items);
      await writeAll(dynamodb, chunk);
      items += chunk.length;
    }
    const profiles = [...customerIds].map(([key, id]) =>
      toItem(itemKey(customerPk(id), CUSTOMER_SK), { ...mergeProfile(undefined, id, { identities: [`id:${key}`], name: key }, '2026-03-31T00:00:00.000Z'), segment: segments.get(key), revision: 1, itemType: 'customer' }),
    );
    await writeAll(dynamodb, profiles);
    items += profiles.length;
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const ledger = ledgerStores(dynamodb, TABLE);
    const rounds = await timeRounds(
      {
        scan: async () => void (await plainScan(dynamodb)),
        report: async () => {
          const snapshot = await ledger.snapshot.read();
          void report(portfolioOf(snapshot.invoices, snapshot.customers), REPORT_AS_OF);
        },
      },
      { warmupMs: 0, roundMs: 0, rounds: 3 },
    );
    return {
      invoices,
      customers: profiles.length,
      items,
      loadSeconds,
      scanSeconds: rounds.scan.seconds,
      reportSeconds: rounds.report.seconds,
      ratio: roundRatios(rounds.report, rounds.scan),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      rounds,
    };
  } finally {
    await emulators.stop();
  }
}

export function ledgerReportTable(figures: LedgerReportFigures): Table {
  const { ratio } = figures;
  return {
    title: `creditctl report from the ledger: ${figures.invoices.toLocaleString('en-US')} invoices of ${figures.customers.toLocaleString('en-US')} customers, ${figures.items.toLocaleString('en-US')} items in the DynamoDB emulator (loaded in ${figures.loadSeconds.toFixed(0)} s)`,
    rows: [
      { pass: 'plain scan of every item', 'median time': `${figures.scanSeconds.toFixed(2)} s`, 'x plain': '1.00' },
      { pass: 'snapshot + receivables + report()', 'median time': `${figures.reportSeconds.toFixed(2)} s`, 'x plain': `${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)}-${ratio.max.toFixed(2)})` },
    ],
    notes: [`interleaved rounds, median of ${figures.rounds.report.rounds.length}; peak RSS ${figures.maxRssMb.toFixed(0)} MB (the whole run's: this bench's alone with npm run bench -- report-ledger)`],
  };
}
