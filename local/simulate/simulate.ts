import { readFile } from 'node:fs/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { addDays, type IsoDate } from '../../functions/domain/calendar';
import { executionNameOf, type TimelineEntry } from '../../functions/domain/collections';
import { planReminderOf } from '../../functions/domain/policy';
import { VirtualClock } from '../asl/virtual-clock';
import { startCollectionsHost } from '../collections-host';
import { createBucket, createLedgerTable } from '../emulators';
import { startLocalAws } from '../local-aws';
import { ledgerInvoiceForScenario } from './ledger-invoice';
import { mergeParts, orderOf, type OrderedLine, type SimulationLine, type SimulationPart, type SimulationResult } from './result';
import type { Scenario } from './scenario';

const TABLE = 'credit-control-ledger';
const BUCKET = 'credit-control-documents';

const midnight = (date: IsoDate): Date => new Date(`${date}T00:00:00.000Z`);

/**
 * Runs a scenario through the real system on this machine: its invoices in the ledger as ingest
 * would have put them, the daily sweep starting runs of the collections state machine, its
 * events recorded through the operations handler on their dates, all on a virtual clock. The
 * output is what the ledger's collections timelines say happened.
 */
export async function simulate(scenario: Scenario): Promise<SimulationResult> {
  return mergeParts([await simulatePart(scenario, scenario.invoices.keys())]);
}

/**
 * {@link simulate} on some of a scenario's invoices (by their index in it) and their events, for
 * a process of `simulate --workers`. Everything else is as the whole scenario's run: the clock
 * starts on the scenario's first day, an invoice's lines are ordered by its index in the whole
 * scenario and an event keeps its index as its request id, so {@link mergeParts} of the parts
 * gives the lines one run gives, as long as no invoice's run reads another part's invoices.
 */
export async function simulatePart(scenario: Scenario, part: Iterable<number>): Promise<SimulationPart> {
  const indices = [...part];
  const from = scenario.invoices.reduce<IsoDate>((earliest, invoice) => (invoice.entryDate < earliest ? invoice.entryDate : earliest), scenario.start);
  const clock = new VirtualClock(midnight(from));
  const aws = await startLocalAws({ clock, keepEmails: false });
  const clients = aws.clients;
  try {
    await createLedgerTable(clients.dynamodb, TABLE);
    await createBucket(clients.s3, BUCKET);
    const records = await Promise.all(indices.map((index) => ledgerInvoiceForScenario(scenario.invoices[index]!, scenario.policy)));

    const collections = await startCollectionsHost({
      clients,
      tableName: TABLE,
      bucket: BUCKET,
      clock,
      policy: scenario.policy,
      executionHistories: false,
      ...(scenario.claims ? {} : { interestRules: null }),
    });
    for (const [at, record] of records.entries()) {
      await collections.ledger.invoices.add(record);
      const file = scenario.invoices[indices[at]!]?.file;
      const original = file ? await readFile(file) : Buffer.from(JSON.stringify(record.invoice));
      await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: record.archiveKey, Body: original }));
    }
    const keyOf = new Map(records.map((record) => [record.key.number, record.key]));

    for (let day = from; day <= scenario.until; day = addDays(day, 1)) {
      await clock.runUntil(midnight(day));
      await collections.sweep();
      for (const [index, event] of scenario.events.entries()) {
        if (event.date !== day) continue;
        const { invoice, ...fact } = event;
        const key = keyOf.get(invoice);
        if (key) await collections.recordEvent(key, fact, `${day}-${String(index).padStart(6, '0')}`);
      }
    }
    await clock.runUntil(midnight(addDays(scenario.until, 1)));
    collections.stepFunctions.stopAll();

    const lines: OrderedLine[] = [];
    for (const [at, record] of records.entries()) {
      const found = await collections.ledger.cases.get(record.key);
      for (const entry of found?.timeline ?? []) {
        // A plan's reminders are courtesy e-mails, not steps of the policy: the timeline the spec defines has none.
        if (entry.date > scenario.until || ('step' in entry && planReminderOf(entry.step) !== null)) continue;
        lines.push({ line: lineOf(entry, record.key.number, executionNameOf(record.key)), order: orderOf(entry, indices[at]!) });
      }
    }
    return {
      lines,
      executions: collections.stepFunctions.list().map(({ name, status, transitions, invocations }) => ({ name, status, transitions, invocations })),
      emailsSent: aws.emailsSent(),
    };
  } finally {
    await aws.stop();
  }
}

const lineOf = (entry: TimelineEntry, invoice: string, execution: string): SimulationLine => {
  const { date, action, rank: _rank, recordedAt: _recordedAt, detail, ...rest } = entry;
  return { date, invoice, action, ...(rest as Record<string, string>), execution, ...(detail ?? {}) };
};
