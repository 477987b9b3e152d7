import type { LedgerStores, SentDelivery } from '../adapters/ledger';
import { undeliverableBy, withUndeliverable, type DeliveryEvent } from '../domain/deliveries';
import type { DeliveryNotice } from './input';

export interface RecordDeliveryDeps {
  readonly ledger: Pick<LedgerStores, 'deliveries' | 'customers' | 'contactTasks'>;
}

/** What became of one SES event: recorded now or before, whether it was of a reminder of ours, and how many addresses it made undeliverable. */
export interface RecordDeliveryResult {
  readonly recorded: 'recorded' | 'duplicate';
  /** False for a message no reminder send recorded (an agency notice, a credit manager's alert): its event is kept, and nothing else. */
  readonly matched: boolean;
  readonly undeliverable: number;
}

/**
 * A permanent bounce or a complaint makes the recipients' addresses undeliverable on the
 * customer's profile (with when and why; an address marked before keeps its first mark) and opens
 * a task for a collector to find another contact, once per customer and address.
 */
export async function markUndeliverable(delivery: SentDelivery, messageId: string, event: DeliveryEvent, deps: RecordDeliveryDeps): Promise<number> {
  const marks = undeliverableBy(event, messageId);
  for (const mark of marks) {
    await deps.ledger.customers.update(delivery.customerId, (profile) => ({ ...profile, undeliverable: withUndeliverable(profile.undeliverable, mark) }));
    await deps.ledger.contactTasks.open({
      customerId: delivery.customerId,
      address: mark.address,
      why: mark.why,
      detail: mark.detail,
      since: mark.since,
      invoiceKey: delivery.invoiceKey,
      stepId: delivery.stepId,
    });
  }
  return marks.length;
}

/**
 * Records an SES event of a message in the ledger once (SNS delivers at least once: the same event
 * again records nothing, and completes whatever an earlier attempt left undone), and moves the
 * reminder's delivery on.
 */
export async function recordDelivery({ messageId, event }: DeliveryNotice, deps: RecordDeliveryDeps): Promise<RecordDeliveryResult> {
  const { recorded, delivery } = await deps.ledger.deliveries.recordEvent(messageId, event);
  if (!delivery) return { recorded, matched: false, undeliverable: 0 };
  return { recorded, matched: true, undeliverable: await markUndeliverable(delivery, messageId, event, deps) };
}
