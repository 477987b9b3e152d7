import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadRequestException, MessageRejected, SendEmailCommand, SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../functions/domain/clock';
import { LOCAL_AWS } from '../../../../local/emulators';
import { SesTwin } from '../../../../local/twin/ses';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const attached = (ses: SesTwin): SESv2Client => {
  const client = new SESv2Client({ region: LOCAL_AWS.region });
  ses.attachTo(client);
  return client;
};

const reminder = (overrides: Partial<SendEmailCommandInput> = {}): SendEmailCommandInput => ({
  FromEmailAddress: 'collections@credit-control.local',
  Destination: { ToAddresses: ['ap@buyer.example'] },
  Content: {
    Simple: {
      Subject: { Data: 'Zahlungserinnerung INV-1', Charset: 'UTF-8' },
      Body: { Text: { Data: 'Bitte zahlen Sie 1.000,43 €.', Charset: 'UTF-8' }, Html: { Data: '<p>Bitte zahlen Sie 1.000,43 €.</p>', Charset: 'UTF-8' } },
    },
  },
  ...overrides,
});

const failureOf = async (sending: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number } }> => {
  try {
    await sending;
  } catch (err) {
    return err as Error & { $metadata: { httpStatusCode?: number } };
  }
  throw new Error('the e-mail was sent');
};

describe('SesTwin', () => {
  it('keeps each e-mail sent in the emulator shape, under the message id it answers', async () => {
    const ses = new SesTwin({ clock: fixedClock('2026-11-24T06:00:00Z') });
    const answer = await attached(ses).send(new SendEmailCommand(reminder({ ReplyToAddresses: ['credit@seller.example'] })));
    expect(answer.$metadata.httpStatusCode).toBe(200);
    expect(ses.sentEmails()).toEqual([
      {
        messageId: answer.MessageId,
        from: 'collections@credit-control.local',
        replyTo: ['credit@seller.example'],
        destination: { to: ['ap@buyer.example'], cc: [], bcc: [] },
        subject: 'Zahlungserinnerung INV-1',
        body: { html: '<p>Bitte zahlen Sie 1.000,43 €.</p>', text: 'Bitte zahlen Sie 1.000,43 €.' },
        at: Date.parse('2026-11-24T06:00:00Z') / 1000,
      },
    ]);
  });

  it('refuses as SES does: no sender, no recipient, more than 50 recipients, an illegal address, no body', async () => {
    const client = attached(new SesTwin());
    const fiftyOne = Array.from({ length: 51 }, (_, n) => `r${n}@buyer.example`);
    await expect(client.send(new SendEmailCommand(reminder({ FromEmailAddress: undefined })))).rejects.toBeInstanceOf(BadRequestException);
    await expect(client.send(new SendEmailCommand(reminder({ Destination: { ToAddresses: [] } })))).rejects.toBeInstanceOf(BadRequestException);
    const tooMany = await failureOf(client.send(new SendEmailCommand(reminder({ Destination: { ToAddresses: fiftyOne.slice(0, 30), BccAddresses: fiftyOne.slice(30) } }))));
    expect([tooMany instanceof MessageRejected, tooMany.message, tooMany.$metadata.httpStatusCode]).toEqual([true, 'Recipient count exceeds 50.', 400]);
    await client.send(new SendEmailCommand(reminder({ Destination: { ToAddresses: fiftyOne.slice(0, 50) } })));
    const illegal = await failureOf(client.send(new SendEmailCommand(reminder({ Destination: { ToAddresses: ['ap@buyer'] } }))));
    expect([illegal.name, illegal.message]).toEqual(['BadRequestException', 'Illegal address: ap@buyer']);
    await client.send(new SendEmailCommand(reminder({ FromEmailAddress: 'Credit Control <collections@credit-control.local>' })));
    await expect(client.send(new SendEmailCommand(reminder({ Content: { Simple: { Subject: { Data: 's' }, Body: {} } } })))).rejects.toBeInstanceOf(BadRequestException);
  });

  it('refuses what it does not implement instead of ignoring it', async () => {
    const client = attached(new SesTwin());
    const raw = await failureOf(client.send(new SendEmailCommand(reminder({ Content: { Raw: { Data: new TextEncoder().encode('From: a@b.example') } } }))));
    expect([raw.name, raw.$metadata.httpStatusCode]).toEqual(['NotImplemented', 501]);
    const tags = await failureOf(client.send(new SendEmailCommand(reminder({ EmailTags: [{ Name: 'step', Value: 'reminder-1' }] }))));
    expect(tags.message).toBe('The SES twin does not implement EmailTags of SendEmail.');
  });

  it('keeps the e-mails in its file across a new twin, one line appended per e-mail before it answers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'credit-control-ses-twin-'));
    made.push(dir);
    const file = join(dir, 'ses', 'emails.ndjson');
    const first = new SesTwin({ file });
    await attached(first).send(new SendEmailCommand(reminder()));
    await attached(first).send(new SendEmailCommand(reminder({ Destination: { ToAddresses: ['other@buyer.example'] } })));
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);

    const again = new SesTwin({ file });
    expect(again.sentEmails()).toEqual(first.sentEmails());
    await attached(again).send(new SendEmailCommand(reminder()));
    expect(new SesTwin({ file }).sentEmails()).toHaveLength(3);
  });
});
