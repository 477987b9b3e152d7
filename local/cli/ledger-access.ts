import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ledgerStores, type LedgerStores } from '../../functions/adapters/ledger';
import type { IsoDate } from '../../functions/domain/calendar';
import { systemClock, today, type Clock } from '../../functions/domain/clock';
import { emulatorDataDir, lockDataDir, runningHost } from '../data-dir';
import { createLedgerTable, LOCAL_AWS } from '../emulators';
import { startLocalAws } from '../local-aws';
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
 * running host's ledger endpoint when `npm start` is up, otherwise opening the folder's ledger
 * in this process (locked for the while, as a host would).
 */
export async function withLedger<T>(target: LedgerTarget, work: (session: LedgerSession) => Promise<T>): Promise<T> {
  if (target.table) {
    return work({ ledger: ledgerStores(new DynamoDBClient({}), target.table), today: today(systemClock), clock: systemClock, where: `DynamoDB table ${target.table}` });
  }
  const dataDir = resolve(target.dataDir);
  const virtualNow = await virtualNowOf(dataDir);
  // A host's virtual clock moves on while the command runs; the saved position is where it was last.
  const clock: Clock = virtualNow ? { now: () => virtualNow } : systemClock;
  const session = (client: DynamoDBClient) => ({
    ledger: ledgerStores(client, LOCAL_TABLE),
    today: today(clock),
    clock,
    where: `local ledger in ${target.dataDir}`,
  });
  await mkdir(dataDir, { recursive: true });
  const host = await runningHost(dataDir);
  if (host) return work(session(new DynamoDBClient({ ...LOCAL_AWS, endpoint: host.dynamodbEndpoint })));
  const release = await lockDataDir(dataDir);
  const aws = await startLocalAws({ dataDir: emulatorDataDir(dataDir), clock });
  try {
    await createLedgerTable(aws.clients.dynamodb, LOCAL_TABLE);
    return await work(session(aws.clients.dynamodb));
  } finally {
    await aws.stop();
    await release();
  }
}
