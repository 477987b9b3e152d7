import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Clock } from '../domain/clock';
import type { EmailMessage } from '../domain/reminders';
import { MailerThrottledError, MailerUnavailableError } from './errors';
import type { SendClaims } from './ledger';

/** What became of an e-mail: sent now, sent by an earlier attempt, or unknown (an earlier attempt's answer was lost). */
export type SendOutcome =
  | { readonly status: 'sent' | 'already-sent'; readonly messageId: string }
  | { readonly status: 'unconfirmed' };

export interface Mailer {
  /** Sends at most once per idempotency key, however often it is called. */
  send(message: EmailMessage, idempotencyKey: string): Promise<SendOutcome>;
}

const THROTTLED = new Set(['TooManyRequestsException', 'LimitExceededException', 'SendingPausedException', 'ThrottlingException']);

/** An error with an HTTP answer from SES: SES decided, so nothing was sent. A network error has none: SES may have sent. */
const answeredBySes = (err: unknown): boolean => ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0) >= 400;

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly claims: SendClaims,
    private readonly clock: Clock,
    private readonly fromAddress: string,
    private readonly configurationSetName?: string,
  ) {}

  async send(message: EmailMessage, idempotencyKey: string): Promise<SendOutcome> {
    const claim = await this.claims.claim(idempotencyKey, this.clock.now().toISOString());
    if (claim !== 'claimed') {
      // A claim without a message id: the earlier attempt may have reached SES. Sending again could
      // send twice; the step goes on and the timeline says 'unconfirmed' for a person to check.
      return claim.messageId ? { status: 'already-sent', messageId: claim.messageId } : { status: 'unconfirmed' };
    }
    let messageId: string;
    try {
      const sent = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.fromAddress,
          Destination: { ToAddresses: [message.to] },
          ConfigurationSetName: this.configurationSetName,
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
            },
          },
        }),
      );
      messageId = sent.MessageId ?? 'unknown';
    } catch (err) {
      if (!answeredBySes(err)) throw new MailerUnavailableError('no answer from SES: the e-mail may or may not have been sent', { cause: err });
      await this.claims.release(idempotencyKey);
      const name = (err as { name?: string }).name ?? '';
      if (THROTTLED.has(name)) throw new MailerThrottledError(`SES throttled the e-mail (${name})`, { cause: err });
      throw new MailerUnavailableError(`SES refused the e-mail (${name})`, { cause: err });
    }
    await this.claims.confirm(idempotencyKey, messageId);
    return { status: 'sent', messageId };
  }
}
