// A process that writes objects to an S3 twin on disk until it is killed, printing each write S3 answered.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { systemClock } from '../../functions/domain/clock';
import { LOCAL_AWS } from '../../local/emulators';
import { S3Twin } from '../../local/twin/s3';

/** The body of the n-th write: its number, then filler up to a size that varies, so a kill lands mid-write often. */
export const bodyOfWrite = (n: number): Buffer => {
  const head = Buffer.from(`write ${n}\n`);
  return Buffer.concat([head, Buffer.alloc(((n * 7919) % 97) * 4096, n % 251)]);
};
export const KEYS = ['inbox/a.xml', 'inbox/b.xml', 'archive/c.xml'];
export const md5Hex = (body: Buffer): string => createHash('md5').update(body).digest('hex');

async function main(directory: string): Promise<void> {
  const twin = new S3Twin({ clock: systemClock, directory });
  const client = new S3Client({ region: LOCAL_AWS.region });
  twin.attachTo(client);
  await client.send(new CreateBucketCommand({ Bucket: 'bucket' }));
  for (let n = 0; ; n++) {
    const key = KEYS[n % KEYS.length]!;
    await client.send(new PutObjectCommand({ Bucket: 'bucket', Key: key, Body: bodyOfWrite(n) }));
    process.stdout.write(`answered ${n} ${key}\n`);
  }
}

// Run as a program (the test spawns it with the folder); imported, it only lends its helpers.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main(process.argv[2] ?? '');
