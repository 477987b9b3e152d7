import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { S3DocumentStore } from '../../../../functions/adapters/document-store';
import { fixedClock, systemClock, type Clock } from '../../../../functions/domain/clock';
import { storageEventsOf } from '../../../../functions/ingest-invoice/input';
import { LOCAL_AWS } from '../../../../local/emulators';
import { S3Twin, type S3TwinEvent } from '../../../../local/twin/s3';
import { bodyOfWrite, KEYS, md5Hex } from '../../../support/s3-twin-writer';

const BUCKET = 'documents';
const made: string[] = [];
const twins: S3Twin[] = [];
afterEach(async () => {
  await Promise.all(twins.splice(0).map((twin) => twin.close()));
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
const folder = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'credit-control-s3-twin-'));
  made.push(dir);
  return dir;
};

/** A twin with the documents bucket, and a client answered by it: no credentials, no endpoint, as nothing leaves the process. */
async function twinWithBucket(options: { clock?: Clock; directory?: string } = {}) {
  const twin = new S3Twin({ clock: options.clock ?? systemClock, directory: options.directory });
  twins.push(twin);
  const s3 = new S3Client({ region: LOCAL_AWS.region });
  twin.attachTo(s3);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  return { twin, s3 };
}

const reopened = (directory: string): S3Client => {
  const twin = new S3Twin({ clock: systemClock, directory });
  twins.push(twin);
  const s3 = new S3Client({ region: LOCAL_AWS.region });
  twin.attachTo(s3);
  return s3;
};

const textOf = async (s3: S3Client, key: string): Promise<string> =>
  (await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body?.transformToString()) ?? '';

const failureOf = async (sending: Promise<unknown>): Promise<S3ServiceException> => {
  try {
    await sending;
  } catch (err) {
    if (err instanceof S3ServiceException) return err;
    throw err;
  }
  throw new Error('the command succeeded');
};

describe('S3Twin', () => {
  it('stores a body given as a string, bytes, a Node stream, a web stream or a Blob, and gives it back as the SDK does', async () => {
    const { s3 } = await twinWithBucket();
    const text = 'Rechnung Nr. 4711 – Grüße';
    const bodies = {
      string: text,
      bytes: new TextEncoder().encode(text),
      node: Readable.from([Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))]),
      web: new Blob([text]).stream(),
      blob: new Blob([text]),
    };
    for (const [kind, body] of Object.entries(bodies)) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: kind, Body: body }));

    for (const kind of Object.keys(bodies)) expect(await textOf(s3, kind)).toBe(text);
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'node' }));
    expect(object.ContentLength).toBe(Buffer.byteLength(text));
    expect(object.ContentType).toBe('application/octet-stream');
    const chunks: Uint8Array[] = [];
    for await (const chunk of object.Body!.transformToWebStream()) chunks.push(chunk as Uint8Array);
    expect(Buffer.concat(chunks).toString()).toBe(text);
  });

  it('serves the document store as S3 does: read, too large, missing, exists, copy of an encoded key, JSON, delete', async () => {
    const { s3 } = await twinWithBucket();
    const documents = new S3DocumentStore(s3, BUCKET);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'inbox/März 2026+1.xml', Body: '<Invoice/>' }));

    expect(await documents.fetch('inbox/März 2026+1.xml', 100)).toEqual({
      kind: 'read',
      bytes: new Uint8Array(Buffer.from('<Invoice/>')),
      etag: `"${md5Hex(Buffer.from('<Invoice/>'))}"`,
    });
    expect(await documents.fetch('inbox/März 2026+1.xml', 5)).toMatchObject({ kind: 'too-large', size: 10 });
    expect(await documents.fetch('inbox/none.xml', 100)).toEqual({ kind: 'missing' });
    await documents.copy('inbox/März 2026+1.xml', 'archive/März 2026+1.xml');
    expect(await textOf(s3, 'archive/März 2026+1.xml')).toBe('<Invoice/>');
    await documents.putJson('quarantine/x/reason.json', { code: 'not-an-einvoice' });
    const reason = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'quarantine/x/reason.json' }));
    expect(reason.ContentType).toBe('application/json');
    await documents.delete('inbox/März 2026+1.xml');
    await documents.delete('inbox/März 2026+1.xml');
    expect(await documents.exists('inbox/März 2026+1.xml')).toBe(false);
    expect(await documents.exists('archive/März 2026+1.xml')).toBe(true);
  });

  it('emits one ObjectCreated record per write and one ObjectRemoved per delete, keys URL-encoded as S3 sends them, in write order', async () => {
    const { twin, s3 } = await twinWithBucket({ clock: fixedClock('2026-11-23T09:30:00.250Z') });
    const events: S3TwinEvent[] = [];
    twin.on('event', (event) => events.push(event));

    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'inbox/a b+ü.xml', Body: 'abc' }));
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'archive/a.xml', CopySource: `${BUCKET}/inbox/a%20b%2B%C3%BC.xml` }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'inbox/a b+ü.xml' }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'inbox/a b+ü.xml' }));

    expect(events.map((event) => event.Records.length)).toEqual([1, 1, 1]);
    const [put, copy, removed] = events.map((event) => event.Records[0]!);
    expect(put).toMatchObject({
      eventName: 'ObjectCreated:Put',
      eventTime: '2026-11-23T09:30:00.250Z',
      s3: { bucket: { name: BUCKET }, object: { key: 'inbox/a+b%2B%C3%BC.xml', size: 3, eTag: md5Hex(Buffer.from('abc')) } },
    });
    expect(copy).toMatchObject({ eventName: 'ObjectCreated:Copy', s3: { object: { key: 'archive/a.xml', size: 3 } } });
    expect(removed).toMatchObject({ eventName: 'ObjectRemoved:Delete', s3: { object: { key: 'inbox/a+b%2B%C3%BC.xml' } } });
    expect(removed!.s3.object.size).toBeUndefined();
    // The intake's own reading of a notification gives the key back.
    expect(storageEventsOf(JSON.stringify(events[0])).map((event) => event.key)).toEqual(['inbox/a b+ü.xml']);
    const sequencers = [put, copy, removed].map((record) => record!.s3.object.sequencer);
    expect([...sequencers].sort()).toEqual(sequencers);
  });

  it('emits events in the order the writes are applied, and the last write to a key is the one read', async () => {
    const { twin, s3 } = await twinWithBucket();
    const written: string[] = [];
    twin.on('event', (event) => written.push(`${event.Records[0]!.s3.object.key}=${event.Records[0]!.s3.object.size}`));
    const writes = Array.from({ length: 30 }, (_, n) =>
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `k${n % 3}`, Body: Readable.from([Buffer.alloc(n + 1)]) })),
    );
    await Promise.all(writes);
    expect(written).toHaveLength(30);
    for (const key of ['k0', 'k1', 'k2']) {
      const last = written.filter((entry) => entry.startsWith(`${key}=`)).at(-1)!;
      const { ContentLength } = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(`${key}=${ContentLength}`).toBe(last);
    }
  });

  it('takes LastModified from its clock, in whole seconds as S3 keeps it', async () => {
    const { s3 } = await twinWithBucket({ clock: fixedClock('2031-01-02T03:04:05.678Z') });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'x' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(listed.Contents?.[0]?.LastModified).toEqual(new Date('2031-01-02T03:04:05Z'));
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'k' }))).LastModified).toEqual(new Date('2031-01-02T03:04:05Z'));
  });

  it('answers whatever the client checksum settings are', async () => {
    const { twin } = await twinWithBucket();
    for (const setting of ['WHEN_SUPPORTED', 'WHEN_REQUIRED'] as const) {
      const s3 = new S3Client({ region: LOCAL_AWS.region, requestChecksumCalculation: setting, responseChecksumValidation: setting });
      twin.attachTo(s3);
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: setting, Body: Readable.from([Buffer.from(setting)]), ChecksumAlgorithm: 'CRC32' }));
      expect(await textOf(s3, setting)).toBe(setting);
    }
  });

  it('refuses as S3 does: missing key and bucket, an existing bucket, a long key, large metadata, a copy onto itself', async () => {
    const { s3 } = await twinWithBucket();
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'none' }))).rejects.toBeInstanceOf(NoSuchKey);
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'none' }))).rejects.toBeInstanceOf(NotFound);
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'nobucket', Key: 'none' }))).rejects.toBeInstanceOf(NotFound);
    await expect(s3.send(new PutObjectCommand({ Bucket: 'nobucket', Key: 'k', Body: 'x' }))).rejects.toBeInstanceOf(NoSuchBucket);
    const existing = await failureOf(s3.send(new CreateBucketCommand({ Bucket: BUCKET })));
    expect([existing.name, existing.$metadata.httpStatusCode]).toEqual(['BucketAlreadyOwnedByYou', 409]);
    expect((await failureOf(s3.send(new CreateBucketCommand({ Bucket: 'Not_A_Bucket' })))).name).toBe('InvalidBucketName');

    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'é'.repeat(512), Body: 'x' }));
    const long = await failureOf(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${'é'.repeat(512)}x`, Body: 'x' })));
    expect([long.name, long.$fault, long.$metadata.httpStatusCode]).toEqual(['KeyTooLongError', 'client', 400]);
    const metadata = { big: 'x'.repeat(2046) };
    expect((await failureOf(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'm', Body: 'x', Metadata: metadata })))).name).toBe('MetadataTooLarge');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'm', Body: 'x', Metadata: { big: 'x'.repeat(2045) } }));
    expect((await failureOf(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'm', CopySource: `${BUCKET}/m` })))).name).toBe('InvalidRequest');
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'm', CopySource: `${BUCKET}/m`, MetadataDirective: 'REPLACE', ContentType: 'text/plain' }));
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'm' }));
    expect([replaced.ContentType, replaced.Metadata]).toEqual(['text/plain', {}]);
  });

  it('refuses what it does not implement instead of ignoring it', async () => {
    const { s3 } = await twinWithBucket();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'abc' }));
    const range = await failureOf(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k', Range: 'bytes=0-1' })));
    expect([range.name, range.$metadata.httpStatusCode, range.message]).toEqual(['NotImplemented', 501, 'The S3 twin does not implement Range of GetObject.']);
    expect((await failureOf(s3.send(new ListBucketsCommand({})))).message).toBe('The S3 twin does not implement ListBuckets.');
  });

  it('refuses every command once closed, so a client attached to it never reaches past it', async () => {
    const { twin, s3 } = await twinWithBucket();
    await twin.close();
    const closed = await failureOf(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' })));
    expect([closed.name, closed.$fault, closed.$metadata.httpStatusCode]).toEqual(['ServiceUnavailable', 'server', 503]);
  });

  it('lists in UTF-8 order and pages with continuation tokens, as S3 does', async () => {
    const { s3 } = await twinWithBucket();
    const keys = ['b', 'a/2', 'a/1', '\u{1F600}', '\uFF01', 'a'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    const pages: (string[] | undefined)[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 2, ContinuationToken }));
      pages.push(page.Contents?.map((object) => object.Key!));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(pages).toEqual([['a', 'a/1'], ['a/2', 'b'], ['\uFF01', '\u{1F600}']]);
    const rolled = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }));
    expect([rolled.Contents?.map((object) => object.Key), rolled.CommonPrefixes, rolled.KeyCount]).toEqual([['a', 'b', '\uFF01', '\u{1F600}'], [{ Prefix: 'a/' }], 5]);
  });
});

describe('S3Twin on disk', () => {
  it('keeps buckets and objects across a new twin on the same folder: bodies, types, metadata, ETags, times, deletions', async () => {
    const directory = await folder();
    const { s3, twin } = await twinWithBucket({ directory, clock: fixedClock('2026-11-23T10:00:00Z') });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'inbox/a.xml', Body: 'first', ContentType: 'text/xml', Metadata: { Source: 'drop' } }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'inbox/a.xml', Body: 'second', ContentType: 'text/xml', Metadata: { Source: 'drop' } }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'gone', Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'gone' }));
    const before = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'inbox/a.xml' }));
    await twin.close();

    const again = reopened(directory);
    const after = await again.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'inbox/a.xml' }));
    expect(await after.Body?.transformToString()).toBe('second');
    expect([after.ContentType, after.Metadata, after.ETag, after.LastModified]).toEqual([before.ContentType, { source: 'drop' }, before.ETag, before.LastModified]);
    expect((await again.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents?.map((object) => object.Key)).toEqual(['inbox/a.xml']);
    expect((await failureOf(again.send(new CreateBucketCommand({ Bucket: BUCKET })))).name).toBe('BucketAlreadyOwnedByYou');
    // One metadata file and one body per object: replaced and deleted versions leave nothing behind.
    expect(await readdir(join(directory, BUCKET))).toHaveLength(2);
  });

  it('does not have an object whose metadata file is missing, and removes what an interrupted write left', async () => {
    const directory = await folder();
    const { s3, twin } = await twinWithBucket({ directory });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'kept', Body: 'kept' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cut', Body: 'cut' }));
    await twin.close();
    // A kill between the body and the metadata file: find the metadata file that names the key, and take it away.
    const metadataFiles = (await readdir(join(directory, BUCKET))).filter((file) => file.endsWith('.json'));
    const keyIn = async (file: string): Promise<string> => (JSON.parse(await readFile(join(directory, BUCKET, file), 'utf8')) as { key: string }).key;
    const keys = await Promise.all(metadataFiles.map(keyIn));
    await rm(join(directory, BUCKET, metadataFiles[keys.indexOf('cut')]!));
    await writeFile(join(directory, BUCKET, `${'0'.repeat(64)}.0000000000000000.body`), 'a body no metadata names');
    await writeFile(join(directory, BUCKET, `${'0'.repeat(64)}.0000000000000000.tmp`), '{"key":');

    const again = reopened(directory);
    expect((await again.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents?.map((object) => object.Key)).toEqual(['kept']);
    await expect(again.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cut' }))).rejects.toBeInstanceOf(NoSuchKey);
    expect(await readdir(join(directory, BUCKET))).toHaveLength(2);
  });

  it('survives a kill -9 at any moment: every write answered is there, and every object is one whole write', async () => {
    const directory = await folder();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/s3-twin-writer.ts', directory], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      // Generous: on a loaded machine the writer takes seconds to start.
      const deadline = Date.now() + 60_000;
      while ((output.match(/^answered /gm) ?? []).length < 60) {
        if (child.exitCode !== null) throw new Error(`the writer exited: ${output}`);
        if (Date.now() > deadline) throw new Error(`the writer answered fewer than 60 writes in 60 s: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const answered = new Map<string, number>();
    for (const [, n, key] of output.matchAll(/^answered (\d+) (\S+)$/gm)) answered.set(key!, Number(n));

    const again = reopened(directory);
    for (const key of KEYS) {
      const object = await again.send(new GetObjectCommand({ Bucket: 'bucket', Key: key }));
      const body = Buffer.from(await object.Body!.transformToByteArray());
      const write = Number(/^write (\d+)\n/.exec(body.toString('latin1'))?.[1]);
      // The last answered write to the key, or one after it that reached the disk before the kill.
      expect(write).toBeGreaterThanOrEqual(answered.get(key)!);
      expect(body.equals(bodyOfWrite(write))).toBe(true);
      expect(object.ETag).toBe(`"${md5Hex(body)}"`);
    }
    // What the killed writer left half done is gone: one metadata file and one body per object.
    expect(await readdir(join(directory, 'bucket'))).toHaveLength(KEYS.length * 2);
  });
});
