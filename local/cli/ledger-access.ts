import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ledgerStores, type LedgerStores } from '../../functions/adapters/ledger';
import { sdkClient } from '../../functions/adapters/sdk-clients';
import type { IsoDate } from '../../functions/domain/calendar';
import { systemClock, today, type Clock } from '../../functions/domain/clock';
import { emulatorDataDir, lockDataDir, runningHost } from '../data-dir';
import { createLedgerTable, LOCAL_AWS, startEmulators } from '../emulators';
import { LOCAL_TABLE } from '../intake-host';

/** Which ledger a command works on: a table in AWS (default credentials), or a local data folder. */
export interface LedgerTarget {
  readonly table?: string;
  readonly dataDir: string;
}

export interface LedgerSession {
  readonly ledger: LedgerStores;
  /** Today where the ledger lives: the local host's virtual day, or the real one in AWS. */
  readonly today: IsoDate;
  readonly clock: Clock;
  /** Where the ledger is, for the user. */
  readonly where: string;
}

/** The virtual clock's position a local host left in its data folder; null before any run. */
const virtualNowOf = async (dataDir: string): Promise<Date | null> => {
  const saved = JSON.parse(await readFile(`${dataDir}/host-state.json`, 'utf8').catch(() => 'null')) as { now?: string } | null;
  return saved?.now ? new Date(saved.now) : null;
};

/**
 * Runs work on a ledger: the AWS table named, or the local one of a data folder, through the
 * running host's emulator when `npm start` is up, otherwise through an emulator of our own on
 * the folder (locked for the while, as a host would).
 */
export async function withLedger<T>(target: LedgerTarget, work: (session: LedgerSession) => Promise<T>): Promise<T> {
  if (target.table) {
    return work({ ledger: ledgerStores(sdkClient(DynamoDBClient, {}), target.table), today: today(systemClock), clock: systemClock, where: `DynamoDB table ${target.table}` });
  }
  const dataDir = resolve(target.dataDir);
  const virtualNow = await virtualNowOf(dataDir);
  // A host's virtual clock moves on while the command runs; the saved position is where it was last.
  const clock: Clock = virtualNow ? { now: () => virtualNow } : systemClock;
  const session = (endpoint: string) => ({
    ledger: ledgerStores(sdkClient(DynamoDBClient, { ...LOCAL_AWS, endpoint }), LOCAL_TABLE),
    today: today(clock),
    clock,
    where: `local ledger in ${target.dataDir}`,
  });
  await mkdir(dataDir, { recursive: true });
  const host = await runningHost(dataDir);
  if (host) return work(session(host.dynamodbEndpoint));
  const release = await lockDataDir(dataDir);
  const emulators = await startEmulators({ dataDir: emulatorDataDir(dataDir) });
  try {
    await createLedgerTable(sdkClient(DynamoDBClient, { ...LOCAL_AWS, endpoint: emulators.dynamodbEndpoint }), LOCAL_TABLE);
    return await work(session(emulators.dynamodbEndpoint));
  } finally {
    await emulators.stop();
    await release();
  }
}
