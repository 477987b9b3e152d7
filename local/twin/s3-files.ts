import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** An object as S3 keeps it: its bytes and what S3 answers about it. */
export interface StoredObject {
  readonly body: Buffer;
  /** The quoted MD5 of the body in hex, as S3 gives it for a single-part upload. */
  readonly etag: string;
  readonly contentType: string;
  /** User metadata, keys in lower case. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly lastModified: Date;
}

/** What an object's metadata file holds: everything but the bytes, and the name of the file that has them. */
const ObjectRecord = z.object({
  key: z.string(),
  etag: z.string(),
  contentType: z.string(),
  metadata: z.record(z.string(), z.string()),
  lastModified: z.string(),
  size: z.number().int().nonnegative(),
  bodyFile: z.string().regex(/^[0-9a-f]{64}\.[0-9a-f]{16}\.body$/),
});
type ObjectRecord = z.infer<typeof ObjectRecord>;

const METADATA_FILE = /^[0-9a-f]{64}\.json$/;

const fileStem = (key: string): string => createHash('sha256').update(key).digest('hex');
const unique = (): string => randomBytes(8).toString('hex');

const recordIn = (path: string): ObjectRecord | null => {
  try {
    return ObjectRecord.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
};

/**
 * The S3 twin's objects on disk, one folder per bucket. An object is two files: its bytes, under a
 * name no earlier version had, then its metadata file (`<sha256 of the key>.json`), written to a
 * temporary file and renamed over the last one. The rename is the moment the write happens: a
 * process killed before it leaves the earlier version (or no object) and a body file no metadata
 * names, which the next start removes. An object whose metadata is missing was never answered for,
 * so it is not there. Nothing is synced to the device: this survives a killed process, not a power cut.
 */
export class ObjectFiles {
  /** The body file of each object, by bucket and key: the one to remove when the object is replaced or deleted. */
  private readonly bodyFiles = new Map<string, Map<string, string>>();

  constructor(private readonly directory: string) {}

  /** The buckets and objects on disk, after removing what an interrupted write left behind. */
  load(): Map<string, Map<string, StoredObject>> {
    const buckets = new Map<string, Map<string, StoredObject>>();
    let entries: string[];
    try {
      entries = readdirSync(this.directory);
    } catch {
      return buckets;
    }
    for (const bucket of entries) {
      const folder = join(this.directory, bucket);
      if (!statSync(folder).isDirectory()) continue;
      const objects = new Map<string, StoredObject>();
      const bodies = new Map<string, string>();
      const files = readdirSync(folder);
      const named = new Set<string>();
      for (const file of files.filter((name) => METADATA_FILE.test(name))) {
        const record = recordIn(join(folder, file));
        const body = record ? readBody(join(folder, record.bodyFile), record.size) : null;
        if (!record || !body || fileStem(record.key) !== file.slice(0, -'.json'.length)) {
          rmSync(join(folder, file), { force: true });
          continue;
        }
        named.add(record.bodyFile);
        bodies.set(record.key, record.bodyFile);
        objects.set(record.key, {
          body,
          etag: record.etag,
          contentType: record.contentType,
          metadata: record.metadata,
          lastModified: new Date(record.lastModified),
        });
      }
      for (const file of files) {
        if (!METADATA_FILE.test(file) && !named.has(file)) rmSync(join(folder, file), { force: true });
      }
      buckets.set(bucket, objects);
      this.bodyFiles.set(bucket, bodies);
    }
    return buckets;
  }

  /** Makes the bucket's folder: a bucket is there from then on, empty or not. */
  async createBucket(bucket: string): Promise<void> {
    await mkdir(join(this.directory, bucket), { recursive: true });
    if (!this.bodyFiles.has(bucket)) this.bodyFiles.set(bucket, new Map());
  }

  /** Writes an object, replacing any earlier version: once this returns, a new start finds it. */
  async write(bucket: string, key: string, object: StoredObject): Promise<void> {
    const folder = join(this.directory, bucket);
    const stem = fileStem(key);
    const bodyFile = `${stem}.${unique()}.body`;
    await writeFile(join(folder, bodyFile), object.body);
    const record: ObjectRecord = {
      key,
      etag: object.etag,
      contentType: object.contentType,
      metadata: { ...object.metadata },
      lastModified: object.lastModified.toISOString(),
      size: object.body.length,
      bodyFile,
    };
    const temporary = join(folder, `${stem}.${unique()}.tmp`);
    await writeFile(temporary, JSON.stringify(record));
    await rename(temporary, join(folder, `${stem}.json`));
    const bodies = this.bodiesOf(bucket);
    const earlier = bodies.get(key);
    bodies.set(key, bodyFile);
    if (earlier) await rm(join(folder, earlier), { force: true });
  }

  /** Removes an object: its metadata file first, so a kill between the two leaves a body the next start removes. */
  async delete(bucket: string, key: string): Promise<void> {
    const folder = join(this.directory, bucket);
    await rm(join(folder, `${fileStem(key)}.json`), { force: true });
    const bodies = this.bodiesOf(bucket);
    const earlier = bodies.get(key);
    bodies.delete(key);
    if (earlier) await rm(join(folder, earlier), { force: true });
  }

  private bodiesOf(bucket: string): Map<string, string> {
    let bodies = this.bodyFiles.get(bucket);
    if (!bodies) {
      bodies = new Map();
      this.bodyFiles.set(bucket, bodies);
    }
    return bodies;
  }
}

const readBody = (path: string, size: number): Buffer | null => {
  try {
    const body = readFileSync(path);
    return body.length === size ? body : null;
  } catch {
    return null;
  }
};
