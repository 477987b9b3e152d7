import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import {
  BucketAlreadyOwnedByYou,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  S3ServiceException,
  type CopyObjectCommandInput,
  type CopyObjectCommandOutput,
  type CreateBucketCommandInput,
  type CreateBucketCommandOutput,
  type DeleteObjectCommandInput,
  type DeleteObjectCommandOutput,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  type HeadObjectCommandInput,
  type HeadObjectCommandOutput,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
  type S3Client,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import type { ResponseMetadata, SdkStreamMixinInjector } from '@smithy/types';
import type { Clock } from '../../functions/domain/clock';
import { s3EventKey } from '../../functions/ingest-invoice/input';
import { answerInProcess, responseMetadata, unsupportedFields } from './in-process';
import { ObjectFiles, type StoredObject } from './s3-files';
import { compareUtf8, listPage, type ListPosition } from './s3-listing';

export interface S3TwinOptions {
  /** Gives each object its LastModified and each event its eventTime: a virtual clock gives virtual times. */
  readonly clock: Clock;
  /** Folder that keeps the buckets across restarts (and a kill at any moment). @default memory only */
  readonly directory?: string;
}

/** One record of an S3 event notification, as S3 sends it (the fields S3 knows without an account). */
export interface S3TwinEventRecord {
  readonly eventVersion: '2.1';
  readonly eventSource: 'aws:s3';
  readonly eventTime: string;
  readonly eventName: 'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectRemoved:Delete';
  readonly s3: {
    readonly s3SchemaVersion: '1.0';
    readonly bucket: { readonly name: string; readonly arn: string };
    /** `key` is URL-encoded with '+' for a space, as S3 writes it; `size` and `eTag` only for a created object. */
    readonly object: { readonly key: string; readonly size?: number; readonly eTag?: string; readonly sequencer: string };
  };
}

/** An event notification: one record per write, as S3 sends each to a queue. */
export interface S3TwinEvent {
  Records: S3TwinEventRecord[];
}

type Bucket = Map<string, StoredObject>;

/** The limits S3 sets (Amazon S3 User Guide, "Naming objects" and "Working with object metadata"). */
const MAX_KEY_BYTES = 1024;
const MAX_USER_METADATA_BYTES = 2048;
const MAX_KEYS_PER_PAGE = 1000;
/** The content type the SDK sends for a PutObject body without one. */
const SDK_CONTENT_TYPE = 'application/octet-stream';
/** The content type S3 gives an object written without one, as a CopyObject that replaces metadata is. */
const S3_CONTENT_TYPE = 'binary/octet-stream';
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MIDDLEWARE = 's3TwinMiddleware';

const etagOf = (body: Buffer): string => `"${createHash('md5').update(body).digest('hex')}"`;
const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
// S3 keeps whole seconds: Last-Modified is an HTTP date, and listings show .000Z.
const wholeSeconds = (instant: Date): Date => new Date(Math.floor(instant.getTime() / 1000) * 1000);

async function bytesOf(body: PutObjectCommandInput['Body']): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  // A copy: the caller may reuse its buffer once the PutObject is answered.
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer());
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The SDK URL-encodes keys and listing parameters: one holding half a surrogate pair fails there, before any request. */
const wellFormed = (field: string, value: string): string => {
  if (/\p{Surrogate}/u.test(value)) throw new URIError(`URI malformed: ${field} holds half a surrogate pair`);
  return value;
};

const isBucketName = (name: string): boolean => BUCKET_NAME.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);

/** A continuation token is opaque to the caller; here it is the position the next page starts from. */
const tokenOf = (position: ListPosition): string => Buffer.from(JSON.stringify([position.after, position.afterPrefix])).toString('base64');
const positionOf = (token: string): ListPosition | null => {
  try {
    const [after, afterPrefix] = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown[];
    return typeof after === 'string' && typeof afterPrefix === 'boolean' ? { after, afterPrefix } : null;
  } catch {
    return null;
  }
};

/**
 * S3 in this process: buckets and objects in memory (and, given a folder, on disk), answering the
 * S3 commands the project sends (CreateBucket, PutObject, GetObject, HeadObject, CopyObject,
 * DeleteObject, ListObjectsV2) with S3's outputs and the SDK's exception classes, at the SDK
 * client: handlers, adapters and clients stay as in AWS. Each write emits the event notification
 * S3 would send, synchronously and in the order of the writes. A field or command it does not
 * implement is refused with `NotImplemented`, never ignored.
 *
 * @example
 * const s3 = new S3Twin({ clock: systemClock });
 * s3.attachTo(client); // every command of `client` is answered here
 * s3.on('event', (event) => deliver(event.Records));
 */
export class S3Twin {
  private readonly clock: Clock;
  private readonly buckets: Map<string, Bucket>;
  /** Each bucket's keys in listing order, kept until a key is added or removed. */
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly files: ObjectFiles | null;
  private readonly events = new EventEmitter();
  /** Disk writes, one at a time in the order they were asked for: memory and events follow the same order. */
  private writes: Promise<unknown> = Promise.resolve();
  private sequence = 0;
  private requests = 0;
  private closed = false;

  constructor(options: S3TwinOptions) {
    this.clock = options.clock;
    this.files = options.directory ? new ObjectFiles(options.directory) : null;
    this.buckets = this.files ? this.files.load() : new Map();
  }

  /** Answers every command of the client here: nothing goes over the network, nothing is signed. */
  attachTo(client: S3Client): void {
    const mixin = client.config.sdkStreamMixin;
    answerInProcess<ServiceInputTypes, ServiceOutputTypes>(client.middlewareStack, MIDDLEWARE, (command, input) => this.answer(command, input, mixin));
  }

  /** Hears every object created or removed, in the order of the writes, before the write is answered. */
  on(event: 'event', listener: (event: S3TwinEvent) => void): this {
    this.events.on(event, listener);
    return this;
  }

  /** Waits for the writes under way; every command after this is refused (503). */
  async close(): Promise<void> {
    this.closed = true;
    await this.writes;
    this.events.removeAllListeners();
  }

  private answer(command: string, input: ServiceInputTypes, mixin: SdkStreamMixinInjector): Promise<ServiceOutputTypes> {
    if (this.closed) return Promise.reject(this.error(503, 'ServiceUnavailable', 'The S3 twin is closed.'));
    switch (command) {
      case 'CreateBucketCommand':
        return this.createBucket(input as CreateBucketCommandInput);
      case 'PutObjectCommand':
        return this.putObject(input as PutObjectCommandInput);
      case 'GetObjectCommand':
        return this.getObject(input as GetObjectCommandInput, mixin);
      case 'HeadObjectCommand':
        return this.headObject(input as HeadObjectCommandInput);
      case 'CopyObjectCommand':
        return this.copyObject(input as CopyObjectCommandInput);
      case 'DeleteObjectCommand':
        return this.deleteObject(input as DeleteObjectCommandInput);
      case 'ListObjectsV2Command':
        return this.listObjectsV2(input as ListObjectsV2CommandInput);
      default:
        return Promise.reject(this.error(501, 'NotImplemented', `The S3 twin does not implement ${command.replace(/Command$/, '')}.`));
    }
  }

  private async createBucket(input: CreateBucketCommandInput): Promise<CreateBucketCommandOutput> {
    // The SDK adds the client's region as the location constraint; a bucket's region is not modelled.
    this.refuseUnsupported('CreateBucket', input, ['Bucket', 'CreateBucketConfiguration']);
    const name = input.Bucket ?? '';
    if (!isBucketName(name)) throw Object.assign(this.error(400, 'InvalidBucketName', 'The specified bucket is not valid.'), { BucketName: name });
    return this.write(async () => {
      if (this.buckets.has(name)) {
        throw Object.assign(
          new BucketAlreadyOwnedByYou({ message: 'Your previous request to create the named bucket succeeded and you already own it.', $metadata: this.metadata(409) }),
          { Code: 'BucketAlreadyOwnedByYou', BucketName: name },
        );
      }
      await this.files?.createBucket(name);
      this.buckets.set(name, new Map());
      return { Location: `/${name}`, $metadata: this.metadata(200) };
    });
  }

  private async putObject(input: PutObjectCommandInput): Promise<PutObjectCommandOutput> {
    // The checksum the client asks for protects the bytes in transit; in process there is no transit.
    this.refuseUnsupported('PutObject', input, ['Bucket', 'Key', 'Body', 'ContentType', 'ContentLength', 'Metadata', 'ChecksumAlgorithm']);
    const bucketName = input.Bucket ?? '';
    const key = this.checkedKey(input.Key);
    this.bucket(bucketName);
    const metadata = this.userMetadata(input.Metadata);
    const body = await bytesOf(input.Body);
    if (input.ContentLength !== undefined && input.ContentLength !== body.length) {
      throw this.error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
    }
    return this.write(async () => {
      const object: StoredObject = { body, etag: etagOf(body), contentType: input.ContentType ?? SDK_CONTENT_TYPE, metadata, lastModified: this.lastModified() };
      await this.store(bucketName, key, object, 'ObjectCreated:Put');
      return { ETag: object.etag, $metadata: this.metadata(200) };
    });
  }

  private async getObject(input: GetObjectCommandInput, mixin: SdkStreamMixinInjector): Promise<GetObjectCommandOutput> {
    // ChecksumMode asks for stored checksums to be returned and checked; the twin stores none, as S3 for an object put without one.
    this.refuseUnsupported('GetObject', input, ['Bucket', 'Key', 'ChecksumMode']);
    const key = this.checkedKey(input.Key);
    const object = this.bucket(input.Bucket ?? '').get(key);
    if (!object) throw this.noSuchKey(key);
    const stream = Readable.from(object.body.length ? [object.body] : [], { objectMode: false });
    return { ...this.headersOf(object), Body: mixin(stream) as GetObjectCommandOutput['Body'], $metadata: this.metadata(200) };
  }

  private async headObject(input: HeadObjectCommandInput): Promise<HeadObjectCommandOutput> {
    this.refuseUnsupported('HeadObject', input, ['Bucket', 'Key', 'ChecksumMode']);
    const key = this.checkedKey(input.Key);
    const object = this.buckets.get(input.Bucket ?? '')?.get(key);
    // A HEAD answer has no body, so the SDK cannot tell a missing bucket from a missing key: both are NotFound.
    if (!object) throw new NotFound({ message: 'UnknownError', $metadata: this.metadata(404) });
    return { ...this.headersOf(object), $metadata: this.metadata(200) };
  }

  private async copyObject(input: CopyObjectCommandInput): Promise<CopyObjectCommandOutput> {
    this.refuseUnsupported('CopyObject', input, ['Bucket', 'Key', 'CopySource', 'MetadataDirective', 'ContentType', 'Metadata', 'ChecksumAlgorithm']);
    const bucketName = input.Bucket ?? '';
    const key = this.checkedKey(input.Key);
    const source = this.copySource(input.CopySource ?? '');
    const replace = input.MetadataDirective === 'REPLACE';
    const metadata = replace ? this.userMetadata(input.Metadata) : null;
    this.bucket(bucketName);
    return this.write(async () => {
      const from = this.bucket(source.bucket).get(source.key);
      if (!from) throw this.noSuchKey(source.key);
      if (source.bucket === bucketName && source.key === key && !replace) {
        throw this.error(
          400,
          'InvalidRequest',
          "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        );
      }
      const object: StoredObject = {
        body: from.body,
        etag: from.etag,
        contentType: metadata ? (input.ContentType ?? S3_CONTENT_TYPE) : from.contentType,
        metadata: metadata ?? from.metadata,
        lastModified: this.lastModified(),
      };
      await this.store(bucketName, key, object, 'ObjectCreated:Copy');
      return { CopyObjectResult: { ETag: object.etag, LastModified: object.lastModified }, $metadata: this.metadata(200) };
    });
  }

  private async deleteObject(input: DeleteObjectCommandInput): Promise<DeleteObjectCommandOutput> {
    this.refuseUnsupported('DeleteObject', input, ['Bucket', 'Key']);
    const bucketName = input.Bucket ?? '';
    const key = this.checkedKey(input.Key);
    this.bucket(bucketName);
    return this.write(async () => {
      const bucket = this.bucket(bucketName);
      // Deleting what is not there succeeds, as in S3, and changes nothing: no event.
      if (bucket.has(key)) {
        await this.files?.delete(bucketName, key);
        bucket.delete(key);
        this.sortedKeys.delete(bucketName);
        this.emit('ObjectRemoved:Delete', bucketName, key, null);
      }
      return { $metadata: this.metadata(204) };
    });
  }

  private async listObjectsV2(input: ListObjectsV2CommandInput): Promise<ListObjectsV2CommandOutput> {
    this.refuseUnsupported('ListObjectsV2', input, ['Bucket', 'Prefix', 'Delimiter', 'MaxKeys', 'ContinuationToken', 'StartAfter']);
    const bucketName = input.Bucket ?? '';
    const bucket = this.bucket(bucketName);
    const maxKeys = input.MaxKeys ?? MAX_KEYS_PER_PAGE;
    if (!Number.isInteger(maxKeys) || maxKeys < 0) throw this.error(400, 'InvalidArgument', 'Argument maxKeys must be an integer between 0 and 2147483647');
    const continued = input.ContinuationToken === undefined ? null : positionOf(input.ContinuationToken);
    if (input.ContinuationToken !== undefined && !continued) throw this.error(400, 'InvalidArgument', 'The continuation token provided is incorrect');
    const prefix = wellFormed('Prefix', input.Prefix ?? '');
    const delimiter = wellFormed('Delimiter', input.Delimiter ?? '');
    wellFormed('StartAfter', input.StartAfter ?? '');
    const page = listPage(this.keysOf(bucketName, bucket), {
      prefix,
      delimiter,
      maxKeys: Math.min(maxKeys, MAX_KEYS_PER_PAGE),
      // StartAfter counts on the first page only; a continuation token says where the next one starts.
      from: continued ?? { after: input.StartAfter ?? '', afterPrefix: false },
    });
    return {
      IsTruncated: page.next !== null,
      ...(page.keys.length ? { Contents: page.keys.map((key) => this.summaryOf(key, bucket)) } : {}),
      Name: bucketName,
      Prefix: prefix,
      ...(delimiter ? { Delimiter: delimiter } : {}),
      MaxKeys: maxKeys,
      ...(page.commonPrefixes.length ? { CommonPrefixes: page.commonPrefixes.map((common) => ({ Prefix: common })) } : {}),
      KeyCount: page.keys.length + page.commonPrefixes.length,
      ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
      ...(page.next ? { NextContinuationToken: tokenOf(page.next) } : {}),
      ...(input.StartAfter !== undefined ? { StartAfter: input.StartAfter } : {}),
      $metadata: this.metadata(200),
    };
  }

  private summaryOf(key: string, bucket: Bucket) {
    const object = bucket.get(key) as StoredObject;
    return { Key: key, LastModified: object.lastModified, ETag: object.etag, Size: object.body.length, StorageClass: 'STANDARD' as const };
  }

  private headersOf(object: StoredObject) {
    return {
      AcceptRanges: 'bytes',
      LastModified: object.lastModified,
      ContentLength: object.body.length,
      ETag: object.etag,
      ContentType: object.contentType,
      Metadata: { ...object.metadata },
    };
  }

  /** Runs a write after those before it: with a folder, each reaches the disk before memory and events change. */
  private write<T>(work: () => Promise<T>): Promise<T> {
    const done = this.writes.then(work);
    this.writes = done.catch(() => undefined);
    return done;
  }

  private async store(bucketName: string, key: string, object: StoredObject, eventName: 'ObjectCreated:Put' | 'ObjectCreated:Copy'): Promise<void> {
    const bucket = this.bucket(bucketName);
    try {
      await this.files?.write(bucketName, key, object);
    } catch (err) {
      throw this.error(500, 'InternalError', `We encountered an internal error. Please try again. (The S3 twin could not write ${key}: ${(err as Error).message})`);
    }
    if (!bucket.has(key)) this.sortedKeys.delete(bucketName);
    bucket.set(key, object);
    this.emit(eventName, bucketName, key, object);
  }

  private emit(eventName: S3TwinEventRecord['eventName'], bucket: string, key: string, object: StoredObject | null): void {
    const now = this.clock.now();
    // Orders the events of one key, as S3's sequencer does: the time, then the order within this process.
    const sequencer = `${now.getTime().toString(16).padStart(12, '0')}${(++this.sequence).toString(16).padStart(8, '0')}`.toUpperCase();
    const record: S3TwinEventRecord = {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventTime: now.toISOString(),
      eventName,
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: object ? { key: s3EventKey(key), size: object.body.length, eTag: object.etag.slice(1, -1), sequencer } : { key: s3EventKey(key), sequencer },
      },
    };
    this.events.emit('event', { Records: [record] } satisfies S3TwinEvent);
  }

  private keysOf(bucketName: string, bucket: Bucket): string[] {
    let keys = this.sortedKeys.get(bucketName);
    if (!keys) {
      keys = [...bucket.keys()].sort(compareUtf8);
      this.sortedKeys.set(bucketName, keys);
    }
    return keys;
  }

  private bucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) {
      throw Object.assign(new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: this.metadata(404) }), { Code: 'NoSuchBucket', BucketName: name });
    }
    return bucket;
  }

  private checkedKey(key: string | undefined): string {
    // The SDK puts the key in the path: an empty one would make the request a bucket request.
    if (!key) throw this.error(400, 'InvalidArgument', 'The S3 twin takes no empty object key: the SDK would send a request on the bucket instead.');
    wellFormed('Key', key);
    const size = utf8Bytes(key);
    if (size > MAX_KEY_BYTES) throw Object.assign(this.error(400, 'KeyTooLongError', 'Your key is too long'), { Size: size, MaxSizeAllowed: MAX_KEY_BYTES });
    return key;
  }

  private userMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
    // Metadata travels as x-amz-meta-* headers: names arrive in lower case, values without surrounding spaces.
    const entries = Object.entries(metadata ?? {}).map(([name, value]) => [name.toLowerCase(), value.replace(/^[ \t]+|[ \t]+$/g, '')] as const);
    const size = entries.reduce((sum, [name, value]) => sum + utf8Bytes(name) + utf8Bytes(value), 0);
    if (size > MAX_USER_METADATA_BYTES) {
      throw Object.assign(this.error(400, 'MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.'), {
        Size: size,
        MaxSizeAllowed: MAX_USER_METADATA_BYTES,
      });
    }
    return Object.fromEntries(entries);
  }

  /** The bucket and key of a CopySource: `bucket/key`, the key URL-encoded, an optional leading slash. */
  private copySource(copySource: string): { bucket: string; key: string } {
    if (copySource.includes('?')) throw this.error(501, 'NotImplemented', 'The S3 twin keeps no object versions: CopySource takes no versionId.');
    const path = copySource.startsWith('/') ? copySource.slice(1) : copySource;
    const slash = path.indexOf('/');
    try {
      if (slash > 0 && slash < path.length - 1) return { bucket: decodeURIComponent(path.slice(0, slash)), key: decodeURIComponent(path.slice(slash + 1)) };
    } catch {
      // Falls through to the refusal: a malformed escape is no key.
    }
    throw this.error(400, 'InvalidArgument', `Invalid copy source object key: ${copySource}`);
  }

  private refuseUnsupported(operation: string, input: object, supported: readonly string[]): void {
    const unsupported = unsupportedFields(input, supported);
    if (unsupported.length) throw this.error(501, 'NotImplemented', `The S3 twin does not implement ${unsupported.join(', ')} of ${operation}.`);
  }

  private noSuchKey(key: string): NoSuchKey {
    return Object.assign(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: this.metadata(404) }), { Code: 'NoSuchKey', Key: key });
  }

  private error(status: number, name: string, message: string): S3ServiceException {
    return Object.assign(new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', message, $metadata: this.metadata(status) }), { Code: name });
  }

  private lastModified(): Date {
    return wholeSeconds(this.clock.now());
  }

  private metadata(status: number): ResponseMetadata {
    // Sixteen hex digits, as S3's request ids; counted, since nothing needs them unguessable.
    return responseMetadata(status, (++this.requests).toString(16).toUpperCase().padStart(16, '0'));
  }
}
