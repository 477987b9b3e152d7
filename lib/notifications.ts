import { Stack } from 'aws-cdk-lib';
import { Grant, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The From address used when the stack is given none: SES verifies it on deployment, so set a real one. */
export const DEFAULT_SENDER_ADDRESS = 'collections@example.com';

/** The IAM action of SES v2 SendEmail, the one call functions/adapters/mailer.ts makes. */
const SEND_EMAIL = 'ses:SendEmail';

/**
 * What a function needs to send e-mail as the system: the From address, the configuration set
 * that tracks what happens to each message, and the permission to send with both.
 */
export interface EmailSender {
  /** The From address of every e-mail, an identity verified in SES. */
  readonly senderAddress: string;
  /** The configuration set every e-mail is sent with. */
  readonly configurationSetName: string;
  /** Allows `grantee` to send as `senderAddress` through the configuration set, and nothing else in SES. */
  grantSendEmail(grantee: IGrantable): Grant;
}

export interface NotificationsProps {
  /** The From address of reminders and agency notices. @default DEFAULT_SENDER_ADDRESS ('collections@example.com') */
  readonly senderAddress?: string;
}

/**
 * Outgoing e-mail: the sender's SES identity, and a configuration set that keeps reputation
 * metrics and publishes bounces and complaints to an encrypted topic, where they are handled.
 * Addresses that bounce or complain land on SES's suppression list, so a reminder is never sent
 * to them again without a person looking.
 */
export class Notifications extends Construct implements EmailSender {
  public readonly senderAddress: string;
  /** The verified sender. */
  public readonly identity: EmailIdentity;
  /** Reputation metrics and event publishing for every e-mail sent. */
  public readonly configurationSet: ConfigurationSet;
  /** SES's bounce and complaint events (they name recipients: encrypted, TLS only). */
  public readonly bouncesAndComplaints: Topic;

  constructor(scope: Construct, id: string, props: NotificationsProps = {}) {
    super(scope, id);
    this.senderAddress = props.senderAddress ?? DEFAULT_SENDER_ADDRESS;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    // A key of our own: SES can publish to a topic encrypted with the AWS managed SNS key only if
    // its key policy names SES, and that policy cannot be changed.
    const key = new Key(this, 'EventsKey', {
      description: 'Encrypts the SES bounce and complaint events of credit-control',
      enableKeyRotation: true,
    });
    key.grant(
      new ServicePrincipal('ses.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      'kms:GenerateDataKey*',
      'kms:Decrypt',
    );
    this.bouncesAndComplaints = new Topic(this, 'BouncesAndComplaints', { masterKey: key, enforceSSL: true });
    // CDK adds the topic policy that lets this configuration set, and only it, publish.
    this.configurationSet.addEventDestination('BouncesAndComplaintsTopic', {
      destination: EventDestination.snsTopic(this.bouncesAndComplaints),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.identity = new EmailIdentity(this, 'Sender', {
      identity: Identity.email(this.senderAddress),
      // The identity's default set: events are published even for a send that names no set.
      configurationSet: this.configurationSet,
    });
  }

  public get configurationSetName(): string {
    return this.configurationSet.configurationSetName;
  }

  public grantSendEmail(grantee: IGrantable): Grant {
    // SES authorizes a send against the identity and, when one is named, the configuration set.
    // Only SendEmail (the mailer's one call), not the SendRawEmail that identity.grantSendEmail adds;
    // ConfigurationSet has no grant method of its own, hence Grant.addToPrincipal with its ARN.
    const configurationSetArn = Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSetName });
    return this.identity
      .grant(grantee, SEND_EMAIL)
      .combine(Grant.addToPrincipal({ grantee, actions: [SEND_EMAIL], resourceArns: [configurationSetArn] }));
  }
}
