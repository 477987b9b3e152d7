import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  BadRequestException,
  MessageRejected,
  SESv2ServiceException,
  type SendEmailCommandInput,
  type SendEmailCommandOutput,
  type SESv2Client,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-sesv2';
import { systemClock, type Clock } from '../../functions/domain/clock';
import type { SentEmail } from '../emulators';
import { appendJsonLine, readJsonLines } from '../ndjson';
import { answerInProcess, responseMetadata, unsupportedFields } from './in-process';

export interface SesTwinOptions {
  /** JSON-lines file that keeps the e-mails across restarts, one appended per e-mail before SES answers. @default memory only */
  readonly file?: string;
  /** Gives each e-mail its `at`. @default systemClock: `at` is real time, as the SES emulator gave it */
  readonly clock?: Clock;
  /**
   * Whether the e-mails are kept in memory for `sentEmails()`, or only counted: a simulation of
   * 10,000 invoices sends 40,000, which kept were a third of its heap. @default true
   */
  readonly keepEmails?: boolean;
}

/** An e-mail as the SES twin keeps it: the SES emulator's shape, so e-mails files it wrote and their readers keep working. */
export interface StoredEmail extends SentEmail {
  readonly replyTo: string[];
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
}

/** SES refuses a message to more recipients, To, Cc and Bcc together (SES API reference, SendEmail). */
const MAX_RECIPIENTS = 50;
const MIDDLEWARE = 'sesTwinMiddleware';
// SES takes UserName@[SubDomain.]Domain.TopLevelDomain, ASCII only (it has no SMTPUTF8), with an optional display name.
const ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*$/;
const NAMED_ADDRESS = /^[^<>]*<([^<>]+)>$/;

const isAddress = (text: string): boolean => ADDRESS.test(NAMED_ADDRESS.exec(text.trim())?.[1] ?? text.trim());

/**
 * SES v2 in this process: SendEmail with Simple content (subject, text and HTML bodies, To, Cc,
 * Bcc, reply-to addresses, a configuration set), answered at the SDK client with a message id, or
 * refused as SES refuses (BadRequestException, MessageRejected). Each e-mail is kept in the
 * emulator's shape and, given a file, appended to it before SES answers. Raw and templated
 * content, attachments and other fields are refused with `NotImplemented`, never ignored.
 *
 * @example
 * const ses = new SesTwin({ file: `${dataDir}/ses/emails.ndjson` });
 * ses.attachTo(client);
 * ses.sentEmails(); // what the console and tests read
 */
export class SesTwin {
  private readonly file: string | null;
  private readonly clock: Clock;
  private readonly emails: StoredEmail[];
  private readonly keepEmails: boolean;
  private sent = 0;

  constructor(options: SesTwinOptions = {}) {
    this.file = options.file ?? null;
    this.clock = options.clock ?? systemClock;
    this.keepEmails = options.keepEmails ?? true;
    if (this.file) mkdirSync(dirname(this.file), { recursive: true });
    this.emails = this.file ? readJsonLines<StoredEmail>(this.file) : [];
  }

  /** Answers every command of the client here: nothing goes over the network, nothing is signed. */
  attachTo(client: SESv2Client): void {
    answerInProcess<ServiceInputTypes, ServiceOutputTypes>(client.middlewareStack, MIDDLEWARE, async (command, input) => {
      if (command !== 'SendEmailCommand') throw this.notImplemented(`The SES twin does not implement ${command.replace(/Command$/, '')}.`);
      return this.sendEmail(input as SendEmailCommandInput);
    });
  }

  /** The e-mails sent, oldest first, those of earlier runs kept in the file included; none when they are only counted. */
  sentEmails(): StoredEmail[] {
    return [...this.emails];
  }

  /** How many e-mails this twin sent. */
  sentCount(): number {
    return this.sent;
  }

  private sendEmail(input: SendEmailCommandInput): SendEmailCommandOutput {
    this.refuseUnsupported('SendEmail', input, ['FromEmailAddress', 'Destination', 'ReplyToAddresses', 'Content', 'ConfigurationSetName']);
    const simple = input.Content?.Simple;
    if (!simple) {
      if (input.Content?.Raw || input.Content?.Template) throw this.notImplemented('The SES twin sends Simple content only, not Raw or Template.');
      throw this.badRequest('Content must hold Simple, Raw or Template content.');
    }
    this.refuseUnsupported('SendEmail Content.Simple', simple, ['Subject', 'Body']);
    const from = input.FromEmailAddress;
    if (!from) throw this.badRequest('FromEmailAddress is required for Simple content.');
    const to = input.Destination?.ToAddresses ?? [];
    const cc = input.Destination?.CcAddresses ?? [];
    const bcc = input.Destination?.BccAddresses ?? [];
    const replyTo = input.ReplyToAddresses ?? [];
    const recipients = to.length + cc.length + bcc.length;
    if (recipients === 0) throw this.badRequest('Destination needs at least one To, Cc or Bcc address.');
    if (recipients > MAX_RECIPIENTS) throw new MessageRejected({ message: `Recipient count exceeds ${MAX_RECIPIENTS}.`, $metadata: this.metadata(400) });
    const illegal = [from, ...to, ...cc, ...bcc, ...replyTo].find((address) => !isAddress(address));
    if (illegal !== undefined) throw this.badRequest(`Illegal address: ${illegal}`);
    if (simple.Subject?.Data === undefined) throw this.badRequest('Simple content needs a Subject.');
    const { Text: text, Html: html } = simple.Body ?? {};
    if (text?.Data === undefined && html?.Data === undefined) throw this.badRequest('Simple content needs a Body with Text, Html or both.');

    const now = this.clock.now();
    const email: StoredEmail = {
      // SES's own form: the sending time in hex, a UUID, a counter.
      messageId: `${now.getTime().toString(16).padStart(16, '0')}-${randomUUID()}-000000`,
      from,
      replyTo: [...replyTo],
      destination: { to: [...to], cc: [...cc], bcc: [...bcc] },
      subject: simple.Subject.Data,
      body: { ...(html?.Data !== undefined ? { html: html.Data } : {}), ...(text?.Data !== undefined ? { text: text.Data } : {}) },
      at: Math.floor(now.getTime() / 1000),
    };
    if (this.file) appendJsonLine(this.file, email);
    if (this.keepEmails) this.emails.push(email);
    this.sent++;
    return { MessageId: email.messageId, $metadata: this.metadata(200) };
  }

  private refuseUnsupported(operation: string, input: object, supported: readonly string[]): void {
    const unsupported = unsupportedFields(input, supported);
    if (unsupported.length) throw this.notImplemented(`The SES twin does not implement ${unsupported.join(', ')} of ${operation}.`);
  }

  private badRequest(message: string): BadRequestException {
    return new BadRequestException({ message, $metadata: this.metadata(400) });
  }

  private notImplemented(message: string): SESv2ServiceException {
    return new SESv2ServiceException({ name: 'NotImplemented', $fault: 'server', message, $metadata: this.metadata(501) });
  }

  private metadata(status: number) {
    return responseMetadata(status, randomUUID());
  }
}
