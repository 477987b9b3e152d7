import { PutObjectCommand } from '@aws-sdk/client-s3';
import { addDays, type IsoDate } from '../../functions/domain/calendar';
import type { TimelineEntry } from '../../functions/domain/collections';

import type { InvoiceHeader, InvoiceKey, LedgerInvoice } from '../../functions/domain/intake';
import type { CollectionsPolicy } from '../../functions/domain/policy';
import { VirtualClock } from '../../local/asl/virtual-clock';
import { startCollectionsHost, type CollectionsHost } from '../../local/collections-host';
import { clientsFor, createBucket, createLedgerTable, startEmulators, type Emulators, type LocalClients, type SentEmail } from '../../local/emulators';
import type { ScenarioInvoice } from '../../local/simulate/scenario';
import { storeInvoice } from './stored-invoice';

export const midnight = (date: IsoDate): Date => new Date(`${date}T00:00:00.000Z`);

/**
 * The collections half of the system on this machine, as the workflow tests drive it: the
 * emulators, the ledger table and documents bucket, the real state machine definition run by the
 * local Step Functions host with the real handlers, all on a virtual clock.
 */
export interface CollectionsWorld {
  readonly emulators: Emulators;
  readonly clients: LocalClients;
  readonly clock: VirtualClock;
  readonly collections: CollectionsHost;
  /** An invoice in the ledger as ingest leaves it, with its original archived (the agency's handover package carries it). */
  /** `reshape` changes what a scenario line cannot say of the canonical invoice (the buyer's address). */
  addInvoice(overrides: Partial<ScenarioInvoice>, reshape?: (invoice: InvoiceHeader) => InvoiceHeader): Promise<LedgerInvoice>;
  /**
   * Day by day from `from` to `until`, both included: the clock runs to the day's midnight (every
   * run due before then moves and parks again), the daily sweep starts what is due, then `onDay`
   * does the day's business (events recorded, a review). Then the clock runs to the end of `until`.
   */
  runDays(from: IsoDate, until: IsoDate, onDay?: (day: IsoDate) => Promise<void>): Promise<void>;
  /** The invoice's collections timeline as the ledger holds it. */
  timeline(key: InvoiceKey): Promise<readonly TimelineEntry[]>;
  /** E-mails the SES emulator accepted whose subject names the invoice number (its store is one per process: other tests' mail is there too). */
  emailsAbout(number: string): Promise<SentEmail[]>;
  stop(): Promise<void>;
}

/** Starts a world whose clock stands at midnight of `start`; `policy` given, every run is started with it (as a scenario's), else each customer's segment policy applies. */
export async function startCollectionsWorld(start: IsoDate, policy?: CollectionsPolicy): Promise<CollectionsWorld> {
  const emulators = await startEmulators();
  try {
    const clients = clientsFor(emulators);
    await createLedgerTable(clients.dynamodb, 'ledger');
    await createBucket(clients.s3, 'documents');
    const clock = new VirtualClock(midnight(start));
    const collections = await startCollectionsHost({ clients, tableName: 'ledger', bucket: 'documents', clock, ...(policy ? { policy } : {}) });
    return {
      emulators,
      clients,
      clock,
      collections,
      addInvoice: async (overrides, reshape) => {
        const record = await storeInvoice(collections.ledger, overrides, reshape);
        await clients.s3.send(new PutObjectCommand({ Bucket: 'documents', Key: record.archiveKey, Body: JSON.stringify(record.invoice) }));
        return record;
      },
      runDays: async (from, until, onDay) => {
        for (let day = from; day <= until; day = addDays(day, 1)) {
          await clock.runUntil(midnight(day));
          await collections.sweep();
          await onDay?.(day);
        }
        await clock.runUntil(midnight(addDays(until, 1)));
      },
      timeline: async (key) => (await collections.ledger.cases.get(key))?.timeline ?? [],
      emailsAbout: async (number) => (await emulators.sentEmails()).filter((email) => email.subject.includes(number)),
      stop: async () => {
        collections.stepFunctions.stopAll();
        await emulators.stop();
      },
    };
  } catch (err) {
    await emulators.stop();
    throw err;
  }
}

/** A timeline line as a reader compares it: date, action, step or reason, and the policy version a step ran under when asked. */
export const lineOf = (entry: TimelineEntry, fields: readonly ('policy' | 'openAmount')[] = []): string =>
  [entry.date, entry.action, 'step' in entry ? entry.step : entry.reason, ...fields.flatMap((field) => (entry.detail?.[field] ? [entry.detail[field]] : []))].join(' ');
