import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3DocumentStore } from '../../functions/adapters/document-store';
import { ledgerStores, type LedgerStores } from '../../functions/adapters/ledger';
import { SesMailer } from '../../functions/adapters/mailer';
import { METRIC, METRICS_NAMESPACE, SERVICE_DIMENSION } from '../../functions/adapters/metric-names';
import type * as Telemetry from '../../functions/adapters/telemetry';
import { isoDate } from '../../functions/domain/calendar';
import { fixedClock } from '../../functions/domain/clock';
import { STANDARD_POLICY } from '../../functions/domain/policy';
import type * as FlagForLegal from '../../functions/flag-for-legal/handler';
import type * as IngestInvoice from '../../functions/ingest-invoice/handler';
import { clientsFor, createBucket, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';
import { ledgerInvoiceForScenario } from '../../local/simulate/ledger-invoice';
import { ublInvoice } from '../support/einvoice-builders';
import { deliveryOf, lambdaContext } from '../support/lambda';
import { scenarioInvoice } from '../support/scenario-invoice';

const SERVICE = 'metrics-under-test';
const BUCKET = 'metrics-documents';
const clock = fixedClock('2026-06-03T06:00:00Z');

let emulators: Emulators;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let ledger: LedgerStores;
let tables = 0;
let telemetry: typeof Telemetry;
let flagForLegal: typeof FlagForLegal;
let ingestInvoice: typeof IngestInvoice;

beforeAll(async () => {
  emulators = await startEmulators();
  ({ dynamodb, s3 } = clientsFor(emulators));
  await createBucket(s3, BUCKET);
  // As in Lambda: the handlers build their metrics at import, under the stack's service name, and write them.
  Object.assign(process.env, {
    LEDGER_TABLE: 'unused',
    DOCUMENTS_BUCKET: 'unused',
    STATE_MACHINE_ARN: 'unused',
    AWS_REGION: 'eu-central-1',
    POWERTOOLS_SERVICE_NAME: SERVICE,
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  [telemetry, flagForLegal, ingestInvoice] = await Promise.all([
    import('../../functions/adapters/telemetry'),
    import('../../functions/flag-for-legal/handler'),
    import('../../functions/ingest-invoice/handler'),
  ]);
});
afterAll(async () => emulators?.stop());
beforeEach(async () => {
  const table = `metrics-${++tables}`;
  await createLedgerTable(dynamodb, table);
  ledger = ledgerStores(dynamodb, table);
});
afterEach(() => vi.restoreAllMocks());

interface Emf {
  readonly _aws: { readonly CloudWatchMetrics: { readonly Namespace: string; readonly Dimensions: string[][]; readonly Metrics: { Name: string; Unit: string }[] }[] };
  readonly [key: string]: unknown;
}

/** The EMF lines `run` writes to stdout, where Lambda hands them to CloudWatch. */
async function emfWrittenBy(run: () => Promise<unknown>): Promise<Emf[]> {
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout) as (chunk: string | Uint8Array) => boolean;
  // Captured, not faked: every other line goes to stdout as before.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const line = String(chunk);
    if (!line.includes('"_aws"')) return write(chunk);
    written.push(line);
    return true;
  });
  await run();
  vi.restoreAllMocks();
  return written.flatMap((chunk) => chunk.split('\n').filter((line) => line.trim() !== '')).map((line) => JSON.parse(line) as Emf);
}

/** What one EMF line counts, by metric name, after checking it is ours and names no more than the service. */
function countsOf(emf: Emf): Record<string, unknown> {
  const [directive] = emf._aws.CloudWatchMetrics;
  expect(emf._aws.CloudWatchMetrics).toHaveLength(1);
  expect(directive).toMatchObject({ Namespace: METRICS_NAMESPACE, Dimensions: [[SERVICE_DIMENSION]] });
  expect(emf[SERVICE_DIMENSION]).toBe(SERVICE);
  expect(directive!.Metrics.every((metric) => metric.Unit === 'Count')).toBe(true);
  return Object.fromEntries(directive!.Metrics.map((metric) => [metric.Name, emf[metric.Name]]));
}

describe('step handlers', () => {
  it('count a step done the first time as 1, and the same step retried as 0, with the service as the only dimension', async () => {
    const record = await ledgerInvoiceForScenario(scenarioInvoice(), STANDARD_POLICY);
    await ledger.invoices.add(record);
    const handler = flagForLegal.makeHandler({ ledger, clock });
    const input = { invoiceKey: record.key, step: { id: 'legal', kind: 'legal-flag', rank: '2-006' }, on: isoDate('2026-06-03') };

    const emf = await emfWrittenBy(async () => {
      await handler(input, lambdaContext('flag-for-legal'));
      await handler(input, lambdaContext('flag-for-legal'));
    });

    expect(emf.map(countsOf)).toEqual([{ [METRIC.stepsRun]: 1 }, { [METRIC.stepsRun]: 0 }]);
  });
});

describe('ingest-invoice handler', () => {
  it("counts a batch's files read into the ledger and quarantined", async () => {
    const invoiceKey = `inbox/metrics-${tables}/invoice.xml`;
    const garbledKey = `inbox/metrics-${tables}/order.txt`;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: invoiceKey, Body: ublInvoice() }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: garbledKey, Body: 'not an e-invoice' }));
    const handler = ingestInvoice.makeHandler({
      documents: new S3DocumentStore(s3, BUCKET),
      ledger,
      clock,
      maxInvoiceBytes: 1_000_000,
      creditManager: null,
      logger: { info: () => undefined, warn: () => undefined },
      workflow: { start: async () => 'started', signal: async () => 'not-waiting' },
    });

    const emf = await emfWrittenBy(() => handler(deliveryOf({ key: invoiceKey, sequencer: '01' }, { key: garbledKey, sequencer: '02' }), lambdaContext('ingest-invoice')));

    expect(emf.map(countsOf)).toEqual([{ [METRIC.filesIngested]: 1, [METRIC.filesQuarantined]: 1 }]);
  });
});

describe('countingSends', () => {
  it('counts an e-mail SES accepted as 1, and the same e-mail asked for again as 0', async () => {
    const mailer = telemetry.countingSends(new SesMailer(clientsFor(emulators).ses, ledger.sendClaims, clock, 'collections@seller.example'));
    const message = { to: 'counted@buyer.example', subject: 'Reminder', text: 'Please pay.', html: '<p>Please pay.</p>', language: 'en', template: 'en/reminder-1' } as const;

    const emf = await emfWrittenBy(async () => {
      await mailer.send(message, 'INV-9#reminder-1');
      await mailer.send(message, 'INV-9#reminder-1');
      telemetry.metrics.publishStoredMetrics();
    });

    expect(emf.map(countsOf)).toEqual([{ [METRIC.emailsSent]: [1, 0] }]);
  });
});
