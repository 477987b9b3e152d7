import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { itemKey } from '../functions/adapters/ledger/keys';
import { LedgerTable } from '../functions/adapters/ledger/table';
import { clientsFor, createLedgerTable, LOCAL_AWS, startEmulators } from '../local/emulators';
import { DynamoDbTwin } from '../local/twin/dynamodb';
import type { Table } from './table';
import { roundRatios, timeRounds, type PassTiming } from './timing';

const TABLE = 'bench-ledger';
/** Operations in one pass: a quarter each of put, get, ADD counter and prefix query. */
const OPERATIONS_PER_PASS = 400;

export interface DynamoDbFigures {
  readonly operationsPerPass: number;
  readonly twinOpsPerSecond: number;
  readonly dynaliteOpsPerSecond: number;
  /** How many times faster the twin answers the mix than dynalite does, per round. */
  readonly speedup: { median: number; min: number; max: number };
  /** The share of the attached pass spent in the twin itself; the rest is the SDK client's own machinery. */
  readonly twinShare: number;
  readonly rounds: { readonly twin: PassTiming; readonly dynalite: PassTiming };
}

/** Events an invoice partition gets in a pass: a prefix query reads up to this many, as a case read does. */
const EVENTS_PER_INVOICE = 10;

/**
 * The ledger's common calls, as its stores make them through the document client: a conditional
 * put of an event, a consistent get, an `ADD` counter with UPDATED_NEW, and a query of the
 * invoice partition's events so far.
 */
function ledgerMix(table: LedgerTable, pass: () => number): () => Promise<void> {
  return async () => {
    const run = pass();
    for (let i = 0; i < OPERATIONS_PER_PASS / 4; i++) {
      const pk = `INVOICE#bench#${run}-${Math.floor(i / EVENTS_PER_INVOICE)}`;
      const event = itemKey(pk, `EVENT#${String(i % EVENTS_PER_INVOICE).padStart(4, '0')}`);
      await table.put('PutItem event', event, 'event', { id: `e${i}`, type: 'payment', amount: '1200.10', recordedAt: '2026-03-01T00:00:00.000Z' });
      await table.get('GetItem event', event);
      await table.increment('UpdateItem event sequence', itemKey(pk, 'EVENT-SEQUENCE'), 'last');
      await table.query('Query events', pk, 'EVENT#');
    }
  };
}

/** The mix on a client attached to the twin against the same mix on dynalite over HTTP, in interleaved rounds. */
export async function benchDynamoDb(): Promise<DynamoDbFigures> {
  const emulators = await startEmulators();
  const twin = new DynamoDbTwin();
  try {
    const { dynamodb } = clientsFor(emulators);
    const attached = new DynamoDBClient({ ...LOCAL_AWS });
    twin.attachTo(attached);
    await Promise.all([createLedgerTable(dynamodb, TABLE), createLedgerTable(attached, TABLE)]);
    let passes = 0;
    const next = () => ++passes;
    // The time inside the twin, against the whole of the attached pass: what the SDK's own steps cost besides.
    let twinMs = 0;
    let attachedMs = 0;
    const execute = twin.execute.bind(twin);
    twin.execute = (operation, input) => {
      const started = performance.now();
      try {
        return execute(operation, input);
      } finally {
        twinMs += performance.now() - started;
      }
    };
    const mix = ledgerMix(new LedgerTable(attached, TABLE), next);
    const timedMix = async () => {
      const started = performance.now();
      await mix();
      attachedMs += performance.now() - started;
    };
    const rounds = await timeRounds({ twin: timedMix, dynalite: ledgerMix(new LedgerTable(dynamodb, TABLE), next) }, { rounds: 5 });
    return {
      operationsPerPass: OPERATIONS_PER_PASS,
      twinOpsPerSecond: OPERATIONS_PER_PASS / rounds.twin.seconds,
      dynaliteOpsPerSecond: OPERATIONS_PER_PASS / rounds.dynalite.seconds,
      speedup: roundRatios(rounds.dynalite, rounds.twin),
      twinShare: twinMs / attachedMs,
      rounds,
    };
  } finally {
    await twin.close();
    await emulators.stop();
  }
}

export function dynamoDbTable(figures: DynamoDbFigures): Table {
  const { speedup } = figures;
  return {
    title: `DynamoDB: the ledger's mix (put, get, ADD counter, prefix query) through the document client, ${figures.operationsPerPass} calls a pass`,
    rows: [
      { engine: 'dynalite over HTTP', 'calls/s': Math.round(figures.dynaliteOpsPerSecond), 'x dynalite': '1.00' },
      { engine: 'twin, attached in process', 'calls/s': Math.round(figures.twinOpsPerSecond), 'x dynalite': `${speedup.median.toFixed(1)} (${speedup.min.toFixed(1)}-${speedup.max.toFixed(1)})` },
    ],
    notes: [
      `interleaved rounds, median of ${figures.rounds.twin.rounds.length}; the same calls on both, each pass in fresh invoice partitions of ${EVENTS_PER_INVOICE} events`,
      `attached: ${(figures.twinShare * 100).toFixed(0)}% of the time in the twin, the rest in the SDK client's steps (endpoint, auth, retry, document marshalling) and the ledger's code`,
    ],
  };
}
