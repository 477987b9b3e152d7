import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DocumentStoreUnavailableError } from './errors';

/** A stored object read whole, or only its size when it is over the caller's limit. */
export type FetchedDocument =
  | { readonly kind: 'read'; readonly bytes: Uint8Array; readonly etag: string }
  | { readonly kind: 'too-large'; readonly size: number; readonly etag: string }
  | { readonly kind: 'missing' };

/** The documents bucket, named for what callers want of it: originals in, archive and quarantine out. */
export interface DocumentStore {
  fetch(key: string, maxBytes: number): Promise<FetchedDocument>;
  exists(key: string): Promise<boolean>;
  copy(fromKey: string, toKey: string): Promise<void>;
  putJson(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export class S3DocumentStore implements DocumentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async fetch(key: string, maxBytes: number): Promise<FetchedDocument> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const etag = object.ETag ?? '';
      const size = object.ContentLength ?? 0;
      if (size > maxBytes) {
        // Leave the body unread: a file over the limit is refused without being loaded.
        object.Body?.transformToWebStream().cancel().catch(() => undefined);
        return { kind: 'too-large', size, etag };
      }
      const bytes = await object.Body?.transformToByteArray();
      return { kind: 'read', bytes: bytes ?? new Uint8Array(0), etag };
    } catch (err) {
      if (err instanceof NoSuchKey) return { kind: 'missing' };
      throw new DocumentStoreUnavailableError(this.bucket, 'GetObject', { cause: err });
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (err instanceof NotFound || (err as { name?: string }).name === 'NotFound') return false;
      throw new DocumentStoreUnavailableError(this.bucket, 'HeadObject', { cause: err });
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    await this.attempt('CopyObject', () =>
      this.s3.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key: toKey, CopySource: `${this.bucket}/${encodeURIComponent(fromKey).replace(/%2F/g, '/')}` }),
      ),
    );
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.attempt('PutObject', () =>
      this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: `${JSON.stringify(value, null, 2)}\n`, ContentType: 'application/json' }),
      ),
    );
  }

  async delete(key: string): Promise<void> {
    await this.attempt('DeleteObject', () => this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  private async attempt(operation: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (err) {
      throw new DocumentStoreUnavailableError(this.bucket, operation, { cause: err });
    }
  }
}
