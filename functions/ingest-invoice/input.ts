import { z } from 'zod';

/** One object-created notification, as S3 sends it through SQS (only the fields the intake uses). */
const S3Record = z.object({
  eventName: z.string(),
  eventTime: z.string(),
  s3: z.object({
    object: z.object({ key: z.string(), size: z.number().optional(), sequencer: z.string().optional() }),
  }),
});

const S3Notification = z.union([
  z.object({ Records: z.array(S3Record) }),
  // S3 sends one test event when a notification is configured: nothing to ingest.
  z.object({ Event: z.literal('s3:TestEvent') }),
]);

/** A file that landed in the documents bucket. */
export interface StorageEvent {
  /** The object key, decoded. */
  readonly key: string;
  /** When it landed, UTC. */
  readonly eventTime: string;
  /** Orders events of one key; the same on every redelivery of one event. */
  readonly sequencer: string | null;
}

/**
 * An object key as S3 writes it in a notification: URL-encoded, with '+' for a space.
 * @example s3EventKey('inbox/März 2026.xml') // 'inbox/M%C3%A4rz+2026.xml'
 */
export const s3EventKey = (key: string): string => encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
const decodeKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

/** The storage events an SQS message body carries; throws a ZodError naming the field when it is not an S3 notification. */
export const storageEventsOf = (body: string): StorageEvent[] => {
  const notification = S3Notification.parse(JSON.parse(body));
  if (!('Records' in notification)) return [];
  return notification.Records.filter((record) => record.eventName.startsWith('ObjectCreated')).map((record) => ({
    key: decodeKey(record.s3.object.key),
    eventTime: record.eventTime,
    sequencer: record.s3.object.sequencer ?? null,
  }));
};

/** The notification S3 would send for a key: for the local host and tests, which deliver events themselves. */
export const notificationFor = (key: string, eventTime: string, sequencer: string): string =>
  JSON.stringify({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        eventTime,
        s3: { object: { key: s3EventKey(key), sequencer } },
      },
    ],
  });
