import { z } from 'zod';
import type { DeliveryEvent } from '../domain/deliveries';

/** SNS's envelope around a message, as an SQS subscription without raw delivery receives it. */
const SnsNotification = z.object({ Type: z.literal('Notification'), MessageId: z.string().min(1), Message: z.string() });

const Mail = z.object({ messageId: z.string().min(1) });

/** The three SES event types the configuration set publishes (SES v2 event publishing; only the fields used here). */
const SesEvent = z.discriminatedUnion('eventType', [
  z.object({ eventType: z.literal('Delivery'), mail: Mail, delivery: z.object({ timestamp: z.string().min(1) }) }),
  z.object({
    eventType: z.literal('Bounce'),
    mail: Mail,
    bounce: z.object({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bounceSubType: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string().min(1), diagnosticCode: z.string().optional() })),
      timestamp: z.string().min(1),
      feedbackId: z.string().min(1),
    }),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    mail: Mail,
    complaint: z.object({
      complainedRecipients: z.array(z.object({ emailAddress: z.string().min(1) })),
      timestamp: z.string().min(1),
      feedbackId: z.string().min(1),
      complaintFeedbackType: z.string().optional(),
    }),
  }),
]);
const PUBLISHED = new Set(['Delivery', 'Bounce', 'Complaint']);

/** What an event says of a message: the detail is for a person, one line. */
const MAX_DETAIL_LENGTH = 300;

/** One SES event of a message, as the ledger records it. */
export interface DeliveryNotice {
  readonly messageId: string;
  readonly event: DeliveryEvent;
}

function eventOf(published: z.infer<typeof SesEvent>): DeliveryEvent {
  switch (published.eventType) {
    case 'Delivery':
      return { kind: 'delivered', id: `delivery:${published.delivery.timestamp}`, at: published.delivery.timestamp };
    case 'Bounce': {
      const { bounce } = published;
      const diagnostics = bounce.bouncedRecipients.flatMap((recipient) => (recipient.diagnosticCode ? [recipient.diagnosticCode] : []));
      return {
        kind: 'bounced',
        id: `bounce:${bounce.feedbackId}`,
        at: bounce.timestamp,
        bounceType: bounce.bounceType === 'Permanent' ? 'permanent' : bounce.bounceType === 'Transient' ? 'transient' : 'undetermined',
        recipients: bounce.bouncedRecipients.map((recipient) => recipient.emailAddress),
        detail: [bounce.bounceSubType, ...diagnostics].join(': ').slice(0, MAX_DETAIL_LENGTH),
      };
    }
    case 'Complaint': {
      const { complaint } = published;
      return {
        kind: 'complained',
        id: `complaint:${complaint.feedbackId}`,
        at: complaint.timestamp,
        recipients: complaint.complainedRecipients.map((recipient) => recipient.emailAddress),
        detail: `complaint${complaint.complaintFeedbackType ? ` (${complaint.complaintFeedbackType})` : ''}`.slice(0, MAX_DETAIL_LENGTH),
      };
    }
  }
}

/**
 * The SES event an SQS message body carries (SNS's notification of it), or null for an event type
 * this ledger does not track; throws a ZodError naming the field when the body is neither.
 */
export function deliveryNoticeOf(body: string): DeliveryNotice | null {
  const notification = SnsNotification.parse(JSON.parse(body));
  const message: unknown = JSON.parse(notification.Message);
  const type = z.object({ eventType: z.string() }).parse(message).eventType;
  if (!PUBLISHED.has(type)) return null;
  const published = SesEvent.parse(message);
  return { messageId: published.mail.messageId, event: eventOf(published) };
}
