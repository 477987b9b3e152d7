import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { realTimers } from './real-timers';

export interface DropFolderWatch {
  stop(): Promise<void>;
}

/**
 * Hands over each file put into a folder once it is fully written (its size unchanged between two
 * looks). It polls on wall time, not with a file-watching library: the local host fakes the timers
 * for its virtual clock, and a watcher's own timers would stand still with it.
 */
export function watchDropFolder(folder: string, take: (path: string, name: string) => Promise<void>, intervalMs = 250): DropFolderWatch {
  const lastSize = new Map<string, number>();
  const taking = new Set<string>();
  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    const names = (await readdir(folder).catch(() => [])).filter((name) => !name.startsWith('.'));
    for (const name of names) {
      if (taking.has(name)) continue;
      const path = join(folder, name);
      const size = await stat(path).then((info) => (info.isFile() ? info.size : -1)).catch(() => -1);
      if (size < 0) continue;
      if (lastSize.get(name) !== size) {
        lastSize.set(name, size);
        continue;
      }
      lastSize.delete(name);
      taking.add(name);
      await take(path, name).finally(() => taking.delete(name));
    }
  };
  const timer = realTimers.setInterval(() => {
    polling = polling.then(poll);
  }, intervalMs);
  return {
    stop: async () => {
      realTimers.clearInterval(timer);
      await polling;
    },
  };
}
