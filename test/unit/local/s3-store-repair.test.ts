import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { clientsFor, createBucket, startEmulators } from '../../../local/emulators';
import { repairInterruptedWrites } from '../../../local/s3-store-repair';

const made: string[] = [];
const folder = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'credit-control-s3-repair-'));
  made.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('repairInterruptedWrites', () => {
  it('takes back an object whose metadata is missing or cut short, and a cut MD5, keeping whole objects', async () => {
    const store = await folder();
    const inbox = join(store, 'bucket', 'inbox');
    await mkdir(inbox, { recursive: true });
    await writeFile(join(inbox, 'whole.xml._S3rver_object'), '<Invoice/>');
    await writeFile(join(inbox, 'whole.xml._S3rver_metadata.json'), '{"content-type":"text/xml"}');
    await writeFile(join(inbox, 'whole.xml._S3rver_object.md5'), '0123456789abcdef0123456789abcdef');
    await writeFile(join(inbox, 'cut.xml._S3rver_object'), '<Invoice/>');
    await writeFile(join(inbox, 'cut.xml._S3rver_metadata.json'), '{"content-ty');
    await writeFile(join(inbox, 'bare.xml._S3rver_object'), '<Inv');
    await writeFile(join(inbox, 'md5.xml._S3rver_object'), '<Invoice/>');
    await writeFile(join(inbox, 'md5.xml._S3rver_metadata.json'), '{}');
    await writeFile(join(inbox, 'md5.xml._S3rver_object.md5'), '01234');

    const removed = await repairInterruptedWrites(store);

    expect(removed.map((file) => file.slice(inbox.length + 1)).sort()).toEqual(['bare.xml._S3rver_object', 'cut.xml._S3rver_object']);
    expect((await readdir(inbox)).sort()).toEqual([
      'md5.xml._S3rver_metadata.json',
      'md5.xml._S3rver_object',
      'whole.xml._S3rver_metadata.json',
      'whole.xml._S3rver_object',
      'whole.xml._S3rver_object.md5',
    ]);
  });

  it('lets the emulator start and answer after a write was cut short, where it answered 500 before', async () => {
    const dataDir = await folder();
    const first = await startEmulators({ dataDir });
    const { s3 } = clientsFor(first);
    await createBucket(s3, 'documents');
    await s3.send(new PutObjectCommand({ Bucket: 'documents', Key: 'inbox/a.xml', Body: '<a/>' }));
    await s3.send(new PutObjectCommand({ Bucket: 'documents', Key: 'inbox/b.xml', Body: '<b/>' }));
    await first.stop();
    // As a kill -9 in the middle of writing b's metadata leaves it.
    await writeFile(join(dataDir, 's3', 'documents', 'inbox', 'b.xml._S3rver_metadata.json'), '{"content-ty');

    const second = await startEmulators({ dataDir });
    try {
      const again = clientsFor(second).s3;
      const listed = await again.send(new ListObjectsV2Command({ Bucket: 'documents', Prefix: 'inbox/' }));
      expect(listed.Contents?.map((object) => object.Key)).toEqual(['inbox/a.xml']);
      const a = await again.send(new GetObjectCommand({ Bucket: 'documents', Key: 'inbox/a.xml' }));
      expect(await a.Body?.transformToString()).toBe('<a/>');
    } finally {
      await second.stop();
    }
  });
});
