import { readFile, rm, writeFile } from 'node:fs/promises';

/** Where the emulators of a data folder keep their stores. */
export const emulatorDataDir = (dataDir: string): string => `${dataDir}/emulators`;

/** What a running host tells other commands on the same data folder. */
export interface HostAnnouncement {
  readonly pid: number;
  readonly dynamodbEndpoint: string;
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const runningHolder = async (dataDir: string): Promise<number | null> => {
  const holder = Number(await readFile(`${dataDir}/host.pid`, 'utf8').catch(() => ''));
  return holder && holder !== process.pid && isRunning(holder) ? holder : null;
};

/** One process per data folder: the DynamoDB emulator's LevelDB store takes one process only. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const holder = await runningHolder(dataDir);
  if (holder) throw new Error(`another credit-control host (pid ${holder}) is using ${dataDir}: stop it first, or pass another --data-dir`);
  await writeFile(`${dataDir}/host.pid`, String(process.pid));
  return async () => {
    await rm(`${dataDir}/host.pid`, { force: true });
    await rm(`${dataDir}/host.json`, { force: true });
  };
}

export const announceHost = (dataDir: string, endpoints: Omit<HostAnnouncement, 'pid'>): Promise<void> =>
  writeFile(`${dataDir}/host.json`, JSON.stringify({ pid: process.pid, ...endpoints } satisfies HostAnnouncement));

/** The running host of a data folder, if one is up. */
export async function runningHost(dataDir: string): Promise<HostAnnouncement | null> {
  const holder = await runningHolder(dataDir);
  if (!holder) return null;
  const announced = JSON.parse(await readFile(`${dataDir}/host.json`, 'utf8').catch(() => 'null')) as HostAnnouncement | null;
  return announced?.pid === holder ? announced : null;
}
