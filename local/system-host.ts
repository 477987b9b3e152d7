import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { addDays, type IsoDate } from '../functions/domain/calendar';
import type { Clock } from '../functions/domain/clock';
import type { TimelineEntry } from '../functions/domain/collections';
import type { InvoiceKey } from '../functions/domain/intake';
import type { IngestResult } from '../functions/ingest-invoice/ingest';
import { VirtualClock } from './asl/virtual-clock';
import { startCollectionsHost, type CollectionsHost } from './collections-host';
import { invoiceSummaries, snapshotOf, type PortfolioSnapshot } from '../functions/console-api/portfolio-view';
import { segmentOf } from '../functions/domain/credit';
import { demoPortfolio } from './demo/portfolio';
import { LOCAL_BUCKET, LOCAL_TABLE, startIntakeHost, type IntakeHost } from './intake-host';
import { demoStatement, demoTransfers as demoTransfersOf, type DemoTransfer } from './demo/bank';
import type { Workflow } from '../functions/adapters/workflow';
import type { StatementIngestResult } from '../functions/ingest-statement/ingest';
import { atMost, realTimers } from './real-timers';
import { FileExecutionStore } from './asl/execution-store';

const DAY_MS = 86_400_000;
const TICK_MS = 200;
/** How long stopping waits for the clock's driver to reach a quiet moment. */
const STOP_WAIT_MS = 2_000;
const DEMO_SELLER_KEY = 'vat:DE300000017';
/** Where the local host's credit-hold alerts go; the console shows them with the other e-mails. */
export const LOCAL_CREDIT_MANAGER = 'credit.manager@credit-control.local';

export interface SystemHostOptions {
  readonly dataDir: string;
  readonly reset: boolean;
  /** Virtual days per real second; 0 starts paused. */
  readonly daysPerSecond: number;
  /** Drop a demo portfolio in on the first run. */
  readonly demo: boolean;
  /** The virtual clock's first day on a first run (a restart goes on where it stopped); today by default. */
  readonly startOn?: IsoDate;
  readonly maxInvoiceBytes?: number;
  readonly onIngest: (result: IngestResult, dropped: string) => void;
  /** Each bank statement booked or refused. */
  readonly onStatement?: (result: StatementIngestResult, dropped: string) => void;
  readonly onError: (error: Error, dropped: string) => void;
  /** Each new line of an invoice's collections timeline, as it is recorded. */
  readonly onTimeline: (invoice: string, entry: TimelineEntry) => void;
}

export interface SystemHost {
  readonly intake: IntakeHost;
  readonly collections: CollectionsHost;
  readonly clock: Clock;
  readonly demoInvoices: number;
  /** Runs that were open when the host last stopped, and went on from where they stood. */
  readonly resumedRuns: number;
  /** Virtual days per real second; 0 pauses. */
  setSpeed(daysPerSecond: number): void;
  speed(): number;
  /** The portfolio's picture at the start of each virtual day so far: aging and DSO over time. */
  history(): readonly PortfolioSnapshot[];
  /** Advances the virtual clock by whole days at once (paused or not). */
  advanceDays(days: number): Promise<void>;
  stop(): Promise<void>;
}

interface SavedState {
  readonly now: string;
  readonly history?: readonly PortfolioSnapshot[];
  readonly demoEvents: readonly { readonly invoice: string; readonly date: IsoDate; readonly event: Record<string, unknown> }[];
  /** The demo customers' bank transfers still to appear on a weekly statement. */
  readonly demoTransfers?: readonly DemoTransfer[];
  readonly statementsWritten?: number;
}

const midnightAfter = (instant: Date): Date => new Date((Math.floor(instant.getTime() / DAY_MS) + 1) * DAY_MS);

/**
 * The whole system on one machine: the intake (drop folder, emulators, ingest handler) and the
 * collections (daily sweep, the state machine and its handlers) on one virtual clock that runs
 * at a chosen number of days per second. The first run loads a demo portfolio. Everything is
 * kept in the data folder, so that a restart, after Ctrl-C or a kill at any moment, goes on where
 * the host stood: the clock's position and the demo's future events, each execution's position
 * and history (resumed on start), the e-mails sent, and the files still in the inbox (delivered
 * again on start; ingest is idempotent).
 */
export async function startSystemHost(options: SystemHostOptions): Promise<SystemHost> {
  const dataDir = resolve(options.dataDir);
  if (options.reset) await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const statePath = `${dataDir}/host-state.json`;
  const saved = JSON.parse(await readFile(statePath, 'utf8').catch(() => 'null')) as SavedState | null;
  const start = saved ? new Date(saved.now) : options.startOn ? new Date(`${options.startOn}T00:00:00.000Z`) : new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
  const clock = new VirtualClock(start, { onStall: (error) => options.onError(error, 'clock') });

  const keys = new Map<string, InvoiceKey>();
  // The intake starts first (the collections host needs its emulators), and may deliver a file
  // before the runs are there: what it asks of them waits until they are.
  let runsReady: (workflow: Workflow) => void = () => undefined;
  const runs = new Promise<Workflow>((resolve) => (runsReady = resolve));
  const intake = await startIntakeHost({
    workflow: { start: async (name, input) => (await runs).start(name, input), signal: async (token, output) => (await runs).signal(token, output) },
    onStatement: (result, dropped) => options.onStatement?.(result, dropped),
    dataDir,
    reset: false,
    clock,
    creditManagerAddress: LOCAL_CREDIT_MANAGER,
    ...(options.maxInvoiceBytes ? { maxInvoiceBytes: options.maxInvoiceBytes } : {}),
    busy: (work) => clock.busy(work),
    onResult: (result, dropped) => {
      if (result.outcome === 'added') keys.set(result.invoice.key.number, result.invoice.key);
      options.onIngest(result, dropped);
    },
    onError: options.onError,
  });
  const collections = await startCollectionsHost({
    clients: intake.clients,
    tableName: LOCAL_TABLE,
    bucket: LOCAL_BUCKET,
    clock,
    executions: new FileExecutionStore(`${dataDir}/executions`),
  });
  // Every run open when the host last stopped (or was killed) goes on from where it stood, before the sweep or a
  // redelivered file (ingest starts the run of an invoice due) could start it anew.
  const { resumed: resumedRuns } = collections.stepFunctions.resume();
  runsReady(collections.workflow);
  for (const key of await collections.ledger.snapshot.invoiceKeys()) keys.set(key.number, key);

  let demoEvents = saved?.demoEvents ?? [];
  let demoTransfers: readonly DemoTransfer[] = saved?.demoTransfers ?? [];
  let statementsWritten = saved?.statementsWritten ?? 0;
  let demoInvoices = 0;
  if (!saved && options.demo) {
    const today = start.toISOString().slice(0, 10) as IsoDate;
    const demo = demoPortfolio(today);
    const { segments } = await collections.ledger.settings.current();
    // As `creditctl customers import` would: tags and limits file the customer under its segment.
    for (const customer of demo.customers) {
      await collections.ledger.customers.upsert(customer, clock.now().toISOString(), (profile) => ({ ...profile, segment: segmentOf(profile, [], segments, today).segment }));
    }
    await mkdir(intake.dropDir, { recursive: true });
    for (const invoice of demo.invoices) await writeFile(`${intake.dropDir}/${invoice.fileName}`, invoice.content);
    demoInvoices = demo.invoices.length;
    // Events dated before today too: a customer's past payments are what its payment behaviour is
    // made of. Payments from today on come the way money does: by transfer, on the bank's weekly statement.
    const payerOf = new Map(demo.invoices.map((invoice) => [invoice.draft.number, invoice.draft.buyer.name]));
    const byBank = demo.events.flatMap((event) =>
      event.type === 'payment' && event.date >= today
        ? [{ invoice: { sellerKey: DEMO_SELLER_KEY, number: event.invoice }, date: event.date, amount: event.amount, payer: payerOf.get(event.invoice) ?? 'unknown' }]
        : [],
    );
    demoTransfers = demoTransfersOf(byBank);
    demoEvents = demo.events
      .filter((event) => !(event.type === 'payment' && event.date >= today))
      .map(({ invoice, ...event }) => ({ invoice, date: event.date, event }));
  }
  const history: PortfolioSnapshot[] = [...(saved?.history ?? [])];
  // Written whole and renamed, so a kill mid-write leaves the previous state, never half of one;
  // one save at a time, so a stop's save and the clock's never share the temporary file.
  let saving: Promise<void> = Promise.resolve();
  const save = () => {
    const write = async () => {
      await writeFile(`${statePath}.tmp`, JSON.stringify({ now: clock.now().toISOString(), demoEvents, demoTransfers, statementsWritten, history } satisfies SavedState));
      await rename(`${statePath}.tmp`, statePath);
    };
    saving = saving.then(write, write);
    return saving;
  };
  await save();

  // What was printed before a restart is not printed again.
  const seen = new Set<string>();
  const report = async (print: boolean) => {
    for (const [number, key] of keys) {
      const found = await collections.ledger.cases.get(key);
      for (const entry of found?.timeline ?? []) {
        const id = `${number}#${entry.date}#${entry.rank}#${entry.action}`;
        if (seen.has(id)) continue;
        seen.add(id);
        if (print) options.onTimeline(number, entry);
      }
    }
  };
  await report(saved === null);

  /**
   * The start of a virtual day: the credit review, the sweep (as their schedules run them), then
   * the demo customers' events up to the day; one whose invoice is not ingested yet waits a day.
   */
  const beginDay = async (day: IsoDate) => {
    await collections.reviewCredit();
    await collections.sweep();
    const waiting: SavedState['demoEvents'][number][] = [];
    for (const pending of demoEvents) {
      const key = keys.get(pending.invoice) ?? { sellerKey: DEMO_SELLER_KEY, number: pending.invoice };
      const answer = pending.date > day ? undefined : await collections.recordEvent(key, pending.event as never, `demo-${pending.invoice}-${pending.date}-${String(pending.event.type)}`).catch(() => undefined);
      if (pending.date > day || answer?.statusCode === 404) waiting.push(pending);
    }
    demoEvents = waiting;
    // Mondays, the bank's statement of the week before lands in the drop folder, as a bank connection would put it there.
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 1 && demoTransfers.length > 0) {
      const statement = demoStatement(day, demoTransfers, statementsWritten + 1);
      if (statement) {
        statementsWritten++;
        await writeFile(`${intake.dropDir}/bank-statement-${day}.camt053.xml`, statement);
      }
      demoTransfers = demoTransfers.filter((transfer) => transfer.date >= addDays(day, -7));
    }
    history.push(...snapshotOf(await invoiceSummaries(collections.ledger, day), day));
  };

  let stopping = false;
  /** Moves virtual time to the instant, starting each day it enters; stops early, at a quiet moment, when the host stops. */
  const advanceTo = async (target: Date) => {
    while (clock.now() < target && !stopping) {
      const midnight = midnightAfter(clock.now());
      const stopAt = midnight <= target ? midnight : target;
      await clock.runUntil(stopAt, () => stopping);
      if (stopping) break;
      if (stopAt.getTime() === midnight.getTime()) {
        await beginDay(midnight.toISOString().slice(0, 10) as IsoDate);
        await save();
      }
    }
    await report(true);
    await save();
  };

  let daysPerSecond = options.daysPerSecond;
  let driving: Promise<void> = Promise.resolve();
  const drive = (work: () => Promise<void>) => {
    driving = driving.then(work).catch((err: unknown) => options.onError(err instanceof Error ? err : new Error(String(err)), 'clock'));
    return driving;
  };
  let ticking = false;
  const ticker = realTimers.setInterval(() => {
    if (daysPerSecond <= 0 || ticking || stopping) return;
    ticking = true;
    void drive(() => advanceTo(new Date(clock.now().getTime() + (daysPerSecond * DAY_MS * TICK_MS) / 1000))).finally(() => (ticking = false));
  }, TICK_MS);
  // A first run begins its first day; a restart is already inside the day it stopped in.
  if (!saved) await drive(() => beginDay(start.toISOString().slice(0, 10) as IsoDate).then(save));

  return {
    intake,
    collections,
    clock,
    demoInvoices,
    resumedRuns,
    setSpeed: (speed) => (daysPerSecond = Math.max(0, speed)),
    speed: () => daysPerSecond,
    history: () => history,
    advanceDays: (days) => drive(() => advanceTo(new Date(clock.now().getTime() + days * DAY_MS))),
    stop: async () => {
      stopping = true;
      realTimers.clearInterval(ticker);
      // Every run keeps its place in the data folder; the clock's driver returns at its next quiet moment.
      collections.stepFunctions.suspendAll();
      await atMost(driving, STOP_WAIT_MS);
      await save();
      await intake.stop();
    },
  };
}
