import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

// s3rver's file-system store keeps an object as `<name>._S3rver_object`, then writes
// `<name>._S3rver_metadata.json`, and its MD5 as `<name>._S3rver_object.md5` when first read.
const OBJECT_SUFFIX = '._S3rver_object';
const METADATA_SUFFIX = '._S3rver_metadata.json';
const MD5_SUFFIX = '._S3rver_object.md5';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : Promise.resolve([join(folder, entry.name)]))));
  return nested.flat();
}

/**
 * Takes back the object writes a killed host left half done in s3rver's store, so the next start
 * reads a consistent bucket: an object whose metadata is missing or cut short never got its
 * PutObject answered (the metadata is written last), so it is removed as S3 would never have
 * stored it; whoever wrote it (the drop folder, ingest's archive copy) writes it again. A cut
 * MD5 is removed and s3rver computes it again. Without this, the emulator answers every read of
 * such an object with a 500, and the host cannot start. Returns the object files removed.
 */
export async function repairInterruptedWrites(storeDir: string): Promise<string[]> {
  const files = new Set(await filesUnder(storeDir));
  const removed: string[] = [];
  for (const file of files) {
    if (file.endsWith(MD5_SUFFIX)) {
      // Gone already when its object was taken back above.
      const md5 = await readFile(file, 'utf8').catch(() => null);
      if (md5 !== null && !/^[0-9a-f]{32}$/.test(md5)) await rm(file, { force: true });
      continue;
    }
    if (!file.endsWith(OBJECT_SUFFIX)) continue;
    const base = file.slice(0, -OBJECT_SUFFIX.length);
    const metadata = `${base}${METADATA_SUFFIX}`;
    if (files.has(metadata) && parses(await readFile(metadata, 'utf8'))) continue;
    await Promise.all([file, metadata, `${base}${MD5_SUFFIX}`].map((path) => rm(path, { force: true })));
    removed.push(file);
  }
  return removed;
}
