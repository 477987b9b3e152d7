import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerStores, type LedgerStores } from '../../functions/adapters/ledger';
import { SesMailer } from '../../functions/adapters/mailer';
import { isoDate } from '../../functions/domain/calendar';
import { fixedClock } from '../../functions/domain/clock';
import { identitiesOf } from '../../functions/domain/credit';
import type { LedgerInvoice } from '../../functions/domain/intake';
import type * as HandlerModule from '../../functions/record-delivery/handler';
import { sendReminder } from '../../functions/send-reminder/reminder';
import { clientsFor, createLedgerTable, startEmulators, type Emulators } from '../../local/emulators';
import { sqsRecordOf } from '../../local/sqs';
import { lambdaContext } from '../support/lambda';
import { storeInvoice } from '../support/stored-invoice';

let emulators: Emulators;
let dynamodb: DynamoDBClient;
let ledger: LedgerStores;
let tables = 0;
let makeHandler: typeof HandlerModule.makeHandler;

beforeAll(async () => {
  // The handler module builds its cloud clients at import, as at a cold start.
  Object.assign(process.env, { LEDGER_TABLE: 'unused', AWS_REGION: 'eu-central-1', POWERTOOLS_LOG_LEVEL: 'SILENT' });
  emulators = await startEmulators();
  ({ dynamodb } = clientsFor(emulators));
  ({ makeHandler } = await import('../../functions/record-delivery/handler'));
});
afterAll(async () => emulators?.stop());
beforeEach(async () => {
  const table = `deliveries-${++tables}`;
  await createLedgerTable(dynamodb, table);
  ledger = ledgerStores(dynamodb, table);
});

const SENDER = 'collections@seller.example';

/** An invoice of EUR 1200.00 due 2026-03-05 to `email`, its customer's profile made as ingest makes it. */
async function invoiceTo(number: string, email: string): Promise<LedgerInvoice> {
  const record = await storeInvoice(ledger, { number, customer: number, email });
  const customer = await ledger.customers.upsert({ identities: identitiesOf(record.invoice.buyer), name: record.invoice.buyer.name ?? number }, '2026-03-02T00:00:00.000Z');
  expect(customer.id).toBe(record.customerId);
  return record;
}

/** The reminder step's task on a day, as the state machine gives it to SendReminder. */
const remind = (record: LedgerInvoice, stepId: string, on: string) =>
  sendReminder(
    { invoiceKey: record.key, step: { id: stepId, kind: 'email', rank: '2-001' }, on: isoDate(on) },
    { ledger, mailer: new SesMailer(clientsFor(emulators).ses, ledger.sendClaims, fixedClock(`${on}T06:00:00Z`), SENDER), clock: fixedClock(`${on}T06:00:00Z`), interestRules: null },
  );

/** SES's event as the configuration set publishes it, in SNS's envelope, in the SQS message Lambda receives. */
const snsDelivery = (snsMessageId: string, sesEvent: object): SQSEvent => ({
  Records: [
    sqsRecordOf(
      JSON.stringify({
        Type: 'Notification',
        MessageId: snsMessageId,
        TopicArn: 'arn:aws:sns:eu-central-1:000000000000:BouncesAndComplaints',
        Message: JSON.stringify(sesEvent),
        Timestamp: '2026-03-09T06:00:06.000Z',
      }),
      `sqs-${snsMessageId}`,
    ),
  ],
});
const mail = (messageId: string, to: string) => ({ timestamp: '2026-03-09T06:00:00.000Z', source: SENDER, messageId, destination: [to] });
const permanentBounce = (messageId: string, to: string) => ({
  eventType: 'Bounce',
  mail: mail(messageId, to),
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [{ emailAddress: to, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    timestamp: '2026-03-09T06:00:05.000Z',
    feedbackId: `bounce-of-${messageId}`,
  },
});
const delivery = (messageId: string, to: string) => ({
  eventType: 'Delivery',
  mail: mail(messageId, to),
  delivery: { timestamp: '2026-03-09T06:00:03.000Z', processingTimeMillis: 3000, recipients: [to], smtpResponse: '250 ok' },
});

const sentTo = async (to: string) => (await emulators.sentEmails()).filter((email) => email.destination.to.includes(to));

describe('record-delivery', () => {
  it('records an SES event SNS delivers twice once, and the delivery moves on once', async () => {
    const record = await invoiceTo('INV-D1', 'ap@d1.example');
    const sent = await remind(record, 'reminder-1', '2026-03-09');
    const messageId = sent.detail.messageId!;
    expect(await ledger.deliveries.ofInvoice(record.key)).toEqual([expect.objectContaining({ stepId: 'reminder-1', state: 'sent', messageId, reason: null })]);

    const handler = makeHandler({ ledger });
    const event = snsDelivery('sns-1', delivery(messageId, 'ap@d1.example'));
    expect(await handler(event, lambdaContext('record-delivery'))).toEqual({ batchItemFailures: [] });
    expect(await handler(event, lambdaContext('record-delivery'))).toEqual({ batchItemFailures: [] });

    expect(await ledger.deliveries.eventsOf(messageId)).toEqual([{ kind: 'delivered', id: 'delivery:2026-03-09T06:00:03.000Z', at: '2026-03-09T06:00:03.000Z' }]);
    expect(await ledger.deliveries.byMessageId(messageId)).toMatchObject({ invoiceKey: record.key, stepId: 'reminder-1', state: 'delivered', updatedAt: '2026-03-09T06:00:03.000Z' });
    expect((await ledger.deliveries.list('delivered')).map((found) => found.invoiceKey.number)).toEqual(['INV-D1']);
    expect(await ledger.deliveries.list('sent')).toEqual([]);
  });

  it('sends no reminder to an address that bounced permanently: the step records no-address with the reason, and a collector gets a contact task', async () => {
    const record = await invoiceTo('INV-D2', 'gone@d2.example');
    const first = await remind(record, 'reminder-1', '2026-03-09');
    const handler = makeHandler({ ledger });
    // SNS delivers the bounce twice: one mark, one task.
    for (const attempt of ['sns-2', 'sns-2']) await handler(snsDelivery(attempt, permanentBounce(first.detail.messageId!, 'Gone@d2.example')), lambdaContext('record-delivery'));

    const profile = await ledger.customers.get(record.customerId);
    expect(profile?.undeliverable).toEqual([
      { address: 'gone@d2.example', since: '2026-03-09T06:00:05.000Z', why: 'bounced', detail: 'General: smtp; 550 5.1.1 user unknown', messageId: first.detail.messageId },
    ]);
    expect(await ledger.contactTasks.listOpen()).toEqual([
      {
        customerId: record.customerId,
        address: 'gone@d2.example',
        why: 'bounced',
        detail: 'General: smtp; 550 5.1.1 user unknown',
        since: '2026-03-09T06:00:05.000Z',
        invoiceKey: record.key,
        stepId: 'reminder-1',
      },
    ]);

    const second = await remind(record, 'reminder-2', '2026-03-19');
    const reason = 'gone@d2.example bounced permanently on 2026-03-09 (General: smtp; 550 5.1.1 user unknown): find another contact';
    expect(second).toMatchObject({ outcome: 'done', delivery: 'no-address', detail: { openAmount: '1200.00', delivery: 'no-address', deliveryReason: reason } });
    expect(await sentTo('gone@d2.example')).toHaveLength(1);
    expect(await ledger.deliveries.ofInvoice(record.key)).toEqual([
      expect.objectContaining({ stepId: 'reminder-1', state: 'bounced', messageId: first.detail.messageId }),
      expect.objectContaining({ stepId: 'reminder-2', state: 'no-address', messageId: null, reason }),
    ]);
    expect((await ledger.deliveries.list('no-address')).map((found) => found.stepId)).toEqual(['reminder-2']);
  });

  it('keeps an event of a message no reminder sent (an agency notice), and changes nothing else', async () => {
    const result = await makeHandler({ ledger })(snsDelivery('sns-3', permanentBounce('not-a-reminder', 'agency@agency.example')), lambdaContext('record-delivery'));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await ledger.deliveries.eventsOf('not-a-reminder')).toHaveLength(1);
    expect(await ledger.deliveries.list()).toEqual([]);
    expect(await ledger.contactTasks.listOpen()).toEqual([]);
  });

  it('takes an event that came before its send was recorded into the delivery when the send records', async () => {
    await makeHandler({ ledger })(snsDelivery('sns-5', delivery('m-5', 'ap@d5.example')), lambdaContext('record-delivery'));
    const send = {
      invoiceKey: { sellerKey: 'vat:DE000000000', number: 'INV-D5' },
      customerId: 'C-5',
      stepId: 'reminder-1',
      on: isoDate('2026-03-09'),
      messageId: 'm-5',
      reason: null,
      recordedAt: '2026-03-09T06:00:00.500Z',
    };
    expect(await ledger.deliveries.recordSend(send, 'sent')).toEqual([expect.objectContaining({ kind: 'delivered' })]);
    expect(await ledger.deliveries.byMessageId('m-5')).toMatchObject({ state: 'delivered', updatedAt: '2026-03-09T06:00:03.000Z' });
    // A retried step records nothing new.
    await ledger.deliveries.recordSend({ ...send, recordedAt: '2026-03-09T06:01:00.000Z' }, 'sent');
    expect(await ledger.deliveries.ofInvoice(send.invoiceKey)).toEqual([expect.objectContaining({ state: 'delivered', recordedAt: '2026-03-09T06:00:00.500Z' })]);
  });

  it('fails only the record that is not an SES event, for SQS to deliver again', async () => {
    const bad = sqsRecordOf('{"Type":"Notification","MessageId":"x","Message":"{\\"eventType\\":\\"Bounce\\"}"}', 'sqs-bad');
    const good = snsDelivery('sns-4', delivery('m-4', 'ap@d4.example')).Records[0]!;
    expect(await makeHandler({ ledger })({ Records: [bad, good] }, lambdaContext('record-delivery'))).toEqual({ batchItemFailures: [{ itemIdentifier: 'sqs-bad' }] });
    expect(await ledger.deliveries.eventsOf('m-4')).toHaveLength(1);
  });
});
