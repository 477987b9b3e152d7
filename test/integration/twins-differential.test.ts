import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import fc from 'fast-check';
import type { S3rverEvent } from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../functions/domain/clock';
import { storageEventsOf } from '../../functions/ingest-invoice/input';
import { clientsFor, LOCAL_AWS, startEmulators, type Emulators, type LocalClients } from '../../local/emulators';
import { S3Twin, type S3TwinEvent } from '../../local/twin/s3';
import { compareUtf8 } from '../../local/twin/s3-listing';
import { SesTwin } from '../../local/twin/ses';

// The same requests go to the emulators over HTTP (with local/emulators.ts's client settings) and
// to clients attached to the twins; their answers must agree, except where an emulator departs
// from AWS's documentation: those cases are left out below, each with its reason.
let emulators: Emulators;
let overHttp: LocalClients;
beforeAll(async () => {
  emulators = await startEmulators();
  overHttp = clientsFor(emulators);
});
afterAll(async () => emulators?.stop());

// s3rver stores a key as a path: a segment that is empty, '.' or '..' names another file, so keys here have none.
const arbSegment = fc
  .string({ unit: fc.constantFrom('a', 'b', 'B', '0', '-', '_', '.', ' ', '+', '%', '~', '!', '(', '&', '=', ',', ':', '@', '$', "'", 'é', '中', '\u{1F600}'), minLength: 1, maxLength: 4 })
  .filter((segment) => segment !== '.' && segment !== '..');
const arbKey = fc.array(arbSegment, { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/'));
// Metadata crosses HTTP as headers: ASCII here (S3 answers other values RFC 2047-encoded, which neither side decodes).
const arbMetadata = fc.option(
  fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,8}$/), fc.stringMatching(/^[A-Za-z0-9 ._-]{0,12}$/), { maxKeys: 3 }),
  { nil: undefined },
);
const arbContentType = fc.option(fc.constantFrom('text/xml', 'application/json', 'application/pdf; charset=binary'), { nil: undefined });
const arbBody = fc.record({
  content: fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.string({ unit: 'grapheme', maxLength: 200 })),
  streamed: fc.boolean(),
});
const arbStep = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key: fc.nat(), body: arbBody, contentType: arbContentType, metadata: arbMetadata }),
  fc.record({ kind: fc.constantFrom('get' as const, 'head' as const, 'delete' as const), key: fc.nat() }),
  fc.record({ kind: fc.constant('copy' as const), from: fc.nat(), to: fc.nat(), replace: fc.boolean(), contentType: arbContentType, metadata: arbMetadata }),
  fc.record({
    kind: fc.constant('list' as const),
    prefixOf: fc.option(fc.record({ key: fc.nat(), length: fc.nat() }), { nil: undefined }),
    delimiter: fc.option(fc.constantFrom('/', 'a'), { nil: undefined }),
    maxKeys: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    startAfter: fc.option(fc.nat(), { nil: undefined }),
  }),
);
type Step = typeof arbStep extends fc.Arbitrary<infer T> ? T : never;

/** What a client was answered, in the terms compared: values, or the error's name and status. */
const outcomeOf = async <T,>(sending: Promise<T>, shape: (output: T) => Promise<unknown>): Promise<unknown> => {
  try {
    return await shape(await sending);
  } catch (err) {
    const { name, $metadata } = err as { name: string; $metadata?: { httpStatusCode?: number } };
    return { error: name, status: $metadata?.httpStatusCode };
  }
};

// LastModified is left out of the values: the twin's clock and s3rver's are not the same clock.
const headOf = (object: { ContentType?: string; ContentLength?: number; ETag?: string; Metadata?: Record<string, string>; AcceptRanges?: string; LastModified?: Date }) => ({
  ContentType: object.ContentType,
  ContentLength: object.ContentLength,
  ETag: object.ETag,
  Metadata: object.Metadata,
  AcceptRanges: object.AcceptRanges,
  hasLastModified: object.LastModified instanceof Date,
});

const bodyOf = (content: Uint8Array | string, streamed: boolean) => (streamed ? Readable.from([Buffer.from(content)]) : content);
// s3rver reads CopySource with decodeURI, which leaves %23 %24 %26 %2B %2C %3A %3B %3D %3F %40 encoded: such keys are not copied here.
const copySourceOf = (bucket: string, key: string): string => `${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
const s3rverReadsCopySource = (key: string): boolean => decodeURI(encodeURIComponent(key).replace(/%2F/g, '/')) === key;

/**
 * s3rver copies with MetadataDirective REPLACE without writing the copy's MD5, so onto another key
 * that exists it answers (and keeps) the overwritten object's ETag: such copies are not sent.
 */
const s3rverKeepsStaleEtag = async (bucket: string, keys: readonly string[], step: Extract<Step, { kind: 'copy' }>): Promise<boolean> => {
  const [from, to] = [keys[step.from % keys.length]!, keys[step.to % keys.length]!];
  if (!step.replace || from === to) return false;
  return overHttp.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: to })).then(
    () => true,
    () => false,
  );
};

/** Every page of a listing from the twin, each checked against S3's paging rules, flattened. */
async function pagesOf(s3: S3Client, input: ListObjectsV2Command['input']) {
  const contents: { Key?: string; ETag?: string; Size?: number; StorageClass?: string }[] = [];
  const prefixes: string[] = [];
  let ContinuationToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const answer: ListObjectsV2CommandOutput = await s3.send(new ListObjectsV2Command({ ...input, ContinuationToken }));
    const items = (answer.Contents?.length ?? 0) + (answer.CommonPrefixes?.length ?? 0);
    expect(answer.KeyCount).toBe(items);
    expect(items).toBeLessThanOrEqual(input.MaxKeys ?? 1000);
    expect(answer.IsTruncated).toBe(answer.NextContinuationToken !== undefined);
    contents.push(...(answer.Contents ?? []));
    prefixes.push(...(answer.CommonPrefixes ?? []).map((common) => common.Prefix ?? ''));
    ContinuationToken = answer.NextContinuationToken;
    if (!ContinuationToken) break;
  }
  const keys = contents.map((object) => object.Key ?? '');
  // S3 lists in UTF-8 binary order.
  expect(keys).toEqual([...keys].sort(compareUtf8));
  return { contents: contents.map(({ Key, ETag, Size, StorageClass }) => ({ Key, ETag, Size, StorageClass })), prefixes: prefixes.sort(compareUtf8) };
}

/**
 * s3rver's listing, as one page: it cannot page (its continuation token needs DES, which Node's
 * OpenSSL 3 lacks). It lists in its file-system walk order, so its keys are put in S3's UTF-8
 * order. Given a delimiter, it skips the folders beneath a common prefix before seeing their keys
 * and loses those prefixes, so it is asked without one and its keys are rolled up here as S3
 * documents it: a key holding the delimiter after the prefix counts as the common prefix up to
 * and including the first delimiter.
 */
async function wholeListingOf(s3: S3Client, input: ListObjectsV2Command['input']) {
  const answer = await s3.send(new ListObjectsV2Command({ ...input, MaxKeys: undefined, Delimiter: undefined }));
  const objects = (answer.Contents ?? []).map(({ Key, ETag, Size, StorageClass }) => ({ Key, ETag, Size, StorageClass })).sort((a, b) => compareUtf8(a.Key ?? '', b.Key ?? ''));
  const prefixLength = input.Prefix?.length ?? 0;
  const cutOf = (key: string) => (input.Delimiter ? key.indexOf(input.Delimiter, prefixLength) : -1);
  const prefixes = new Set(objects.flatMap(({ Key = '' }) => (cutOf(Key) >= 0 ? [Key.slice(0, cutOf(Key) + (input.Delimiter ?? '').length)] : [])));
  return { contents: objects.filter(({ Key = '' }) => cutOf(Key) < 0), prefixes: [...prefixes].sort(compareUtf8) };
}

async function answersTo(s3: S3Client, bucket: string, keys: readonly string[], step: Step, listing: typeof pagesOf): Promise<unknown> {
  const keyAt = (index: number) => keys[index % keys.length]!;
  switch (step.kind) {
    case 'put':
      return outcomeOf(
        s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: keyAt(step.key),
            Body: bodyOf(step.body.content, step.body.streamed),
            // A stream's length is the caller's to give (the SDK warns otherwise).
            ContentLength: step.body.streamed ? Buffer.byteLength(step.body.content) : undefined,
            ContentType: step.contentType,
            Metadata: step.metadata,
          }),
        ),
        async ({ ETag }) => ({ ETag }),
      );
    case 'get':
      return outcomeOf(s3.send(new GetObjectCommand({ Bucket: bucket, Key: keyAt(step.key) })), async (object) => ({
        ...headOf(object),
        body: Buffer.from((await object.Body?.transformToByteArray()) ?? []).toString('base64'),
      }));
    case 'head':
      return outcomeOf(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: keyAt(step.key) })), async (object) => headOf(object));
    case 'delete':
      return outcomeOf(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyAt(step.key) })), async ({ $metadata }) => ({ status: $metadata.httpStatusCode }));
    case 'copy':
      return outcomeOf(
        s3.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: keyAt(step.to),
            CopySource: copySourceOf(bucket, keyAt(step.from)),
            ...(step.replace ? { MetadataDirective: 'REPLACE', ContentType: step.contentType, Metadata: step.metadata } : {}),
          }),
        ),
        async ({ CopyObjectResult }) => ({ ETag: CopyObjectResult?.ETag, hasLastModified: CopyObjectResult?.LastModified instanceof Date }),
      );
    case 'list': {
      const prefix = step.prefixOf ? keyAt(step.prefixOf.key).slice(0, step.prefixOf.length % (keyAt(step.prefixOf.key).length + 1)) : undefined;
      const input = { Bucket: bucket, Prefix: prefix, Delimiter: step.delimiter, MaxKeys: step.maxKeys, StartAfter: step.startAfter === undefined ? undefined : keyAt(step.startAfter) };
      return outcomeOf(listing(s3, input), async (listed) => listed);
    }
  }
}

/** An event as both sides can be compared: the key decoded (the twin URL-encodes it as S3 does; s3rver does not). */
const twinEventOf = (event: S3TwinEvent) => {
  const record = event.Records[0]!;
  const key = record.eventName.startsWith('ObjectCreated')
    ? storageEventsOf(JSON.stringify(event))[0]!.key
    : decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
  return { eventName: record.eventName, key, size: record.s3.object.size };
};
const s3rverEventOf = (event: S3rverEvent) => {
  const record = event.Records[0]!;
  return { eventName: record.eventName, key: record.s3.object.key, size: record.s3.object.size };
};

describe('S3Twin against s3rver', () => {
  it('answers every request sequence as s3rver does: bodies, types, metadata, ETags, errors, listings, events', async () => {
    const twin = new S3Twin({ clock: systemClock });
    // Default checksum settings, unlike the s3rver client: in process they must not matter.
    const inProcess = new S3Client({ region: LOCAL_AWS.region });
    twin.attachTo(inProcess);
    const twinEvents: ReturnType<typeof twinEventOf>[] = [];
    const s3rverEvents: ReturnType<typeof s3rverEventOf>[] = [];
    twin.on('event', (event) => twinEvents.push(twinEventOf(event)));
    emulators.s3rver.on('event', (event: S3rverEvent) => s3rverEvents.push(s3rverEventOf(event)));
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(arbKey, { minLength: 1, maxLength: 6 }), fc.array(arbStep, { minLength: 1, maxLength: 20 }), async (keys, steps) => {
          const bucket = `run-${++run}`;
          await overHttp.s3.send(new CreateBucketCommand({ Bucket: bucket }));
          await inProcess.send(new CreateBucketCommand({ Bucket: bucket }));
          twinEvents.length = 0;
          s3rverEvents.length = 0;
          for (const step of steps) {
            if (step.kind === 'copy' && (!s3rverReadsCopySource(keys[step.from % keys.length]!) || (await s3rverKeepsStaleEtag(bucket, keys, step)))) continue;
            const expected = await answersTo(overHttp.s3, bucket, keys, step, wholeListingOf);
            const actual = await answersTo(inProcess, bucket, keys, step, pagesOf);
            expect({ step, answer: actual }).toEqual({ step, answer: expected });
          }
          expect(twinEvents).toEqual(s3rverEvents);
        }),
        { numRuns: 40 },
      );
    } finally {
      await twin.close();
    }
  });

  it('refuses a second CreateBucket as S3 does, where s3rver answers BucketAlreadyExists', async () => {
    // S3 answers BucketAlreadyOwnedByYou to the owner of the bucket outside us-east-1 (S3 API reference, CreateBucket).
    const twin = new S3Twin({ clock: systemClock });
    const inProcess = new S3Client({ region: LOCAL_AWS.region });
    twin.attachTo(inProcess);
    await inProcess.send(new CreateBucketCommand({ Bucket: 'twice' }));
    await overHttp.s3.send(new CreateBucketCommand({ Bucket: 'twice' }));
    const names = await Promise.all(
      [inProcess, overHttp.s3].map((s3) => outcomeOf(s3.send(new CreateBucketCommand({ Bucket: 'twice' })), async () => 'created')),
    );
    expect(names).toEqual([
      { error: 'BucketAlreadyOwnedByYou', status: 409 },
      { error: 'BucketAlreadyExists', status: 409 },
    ]);
    await twin.close();
  });
});

const arbAddress = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,6}[a-z0-9]$/), fc.constantFrom('buyer.example', 'mail.seller.example')).map(([user, domain]) => `${user}@${domain}`);
const arbEmail: fc.Arbitrary<SendEmailCommandInput> = fc.record({
  FromEmailAddress: fc.constantFrom('collections@credit-control.local', 'Credit Control <collections@credit-control.local>'),
  Destination: fc.record({
    ToAddresses: fc.array(arbAddress, { minLength: 1, maxLength: 3 }),
    CcAddresses: fc.array(arbAddress, { maxLength: 2 }),
    BccAddresses: fc.array(arbAddress, { maxLength: 2 }),
  }),
  ReplyToAddresses: fc.array(arbAddress, { maxLength: 2 }),
  Content: fc.record({
    Simple: fc.record({
      Subject: fc.record({ Data: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), Charset: fc.constant('UTF-8') }),
      Body: fc.oneof(
        fc.record({ Text: fc.record({ Data: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), Charset: fc.constant('UTF-8') }) }),
        fc.record({
          Text: fc.record({ Data: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), Charset: fc.constant('UTF-8') }),
          Html: fc.record({ Data: fc.string({ minLength: 1, maxLength: 300 }).map((text) => `<p>${text}</p>`), Charset: fc.constant('UTF-8') }),
        }),
      ),
    }),
  }),
});

// The fields a reader of the e-mails sees; the message id and the time are each side's own.
const readable = ({ from, replyTo, destination, subject, body }: { from: string; replyTo?: string[]; destination: object; subject: string; body: object }) => ({
  from,
  replyTo,
  destination,
  subject,
  body,
});

describe('SesTwin against aws-ses-v2-local', () => {
  it('keeps the e-mails as the SES emulator stores them, and answers each with a message id', async () => {
    const ses = new SesTwin();
    const inProcess = new SESv2Client({ region: LOCAL_AWS.region });
    ses.attachTo(inProcess);
    await fc.assert(
      fc.asyncProperty(arbEmail, async (email) => {
        const before = (await emulators.sentEmails()).length;
        const overHttpAnswer = await overHttp.ses.send(new SendEmailCommand(email));
        const inProcessAnswer = await inProcess.send(new SendEmailCommand(email));
        expect([typeof overHttpAnswer.MessageId, inProcessAnswer.$metadata.httpStatusCode]).toEqual(['string', overHttpAnswer.$metadata.httpStatusCode]);
        const stored = (await emulators.sentEmails()).slice(before);
        expect(stored).toHaveLength(1);
        expect(readable(ses.sentEmails().at(-1)!)).toEqual(readable(stored[0]!));
        expect(ses.sentEmails().at(-1)!.messageId).toBe(inProcessAnswer.MessageId);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses Simple content without a sender with a 400, as the emulator does', async () => {
    const ses = new SesTwin();
    const inProcess = new SESv2Client({ region: LOCAL_AWS.region });
    ses.attachTo(inProcess);
    const email: SendEmailCommandInput = { Destination: { ToAddresses: ['ap@buyer.example'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } };
    // The emulator's refusals carry no error type, so the SDK names them its own way: the status is compared, the name is SES's on the twin.
    const statuses = await Promise.all(
      [overHttp.ses, inProcess].map((client) => outcomeOf(client.send(new SendEmailCommand(email)), async () => 'sent')),
    );
    expect(statuses.map((outcome) => (outcome as { status: number }).status)).toEqual([400, 400]);
    expect(statuses[1]).toEqual({ error: 'BadRequestException', status: 400 });
  });
});
