import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../functions/adapters/ledger-schema';
import { deliveryQueues } from './delivery-queues';
import { nagArnOf, ServiceFunction } from './service-function';

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
  /** The ledger where each reminder's delivery is kept, and the customers whose addresses bounce. */
  readonly ledger: ITable;
  /** Deliveries of one SES event before it moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
}

const RECORD_DELIVERY_TIMEOUT = Duration.seconds(30);

/**
 * Outgoing e-mail: the sender's SES identity, and a configuration set that keeps reputation
 * metrics and publishes deliveries, bounces and complaints to an encrypted topic. A queue
 * subscribed to it feeds the record-delivery function, which keeps each reminder's delivery in
 * the ledger and marks an address that bounced permanently or complained undeliverable on the
 * customer's profile, so no reminder is sent into a bounce twice. SES's suppression list keeps
 * such addresses too, for every other sender of the account's.
 */
export class Notifications extends Construct implements EmailSender {
  public readonly senderAddress: string;
  /** The verified sender. */
  public readonly identity: EmailIdentity;
  /** Reputation metrics and event publishing for every e-mail sent. */
  public readonly configurationSet: ConfigurationSet;
  /**
   * SES's delivery, bounce and complaint events (they name recipients: encrypted, TLS only). Its
   * name is from when it had bounces and complaints alone: renaming it would replace the topic.
   */
  public readonly bouncesAndComplaints: Topic;
  /** The topic's events, as the record-delivery function consumes them. */
  public readonly deliveryEvents: Queue;
  /** Events whose recording failed `maxReceiveCount` times. */
  public readonly deliveryEventsDeadLetters: Queue;
  /** Records each SES event in the ledger. */
  public readonly recordDelivery: ServiceFunction;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress ?? DEFAULT_SENDER_ADDRESS;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    // A key of our own: SES can publish to a topic encrypted with the AWS managed SNS key only if
    // its key policy names SES, and that policy cannot be changed.
    const key = new Key(this, 'EventsKey', {
      description: 'Encrypts the SES delivery, bounce and complaint events of credit-control',
      enableKeyRotation: true,
    });
    key.grant(
      new ServicePrincipal('ses.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      'kms:GenerateDataKey*',
      'kms:Decrypt',
    );
    this.bouncesAndComplaints = new Topic(this, 'BouncesAndComplaints', { masterKey: key, enforceSSL: true });
    // CDK adds the topic policy that lets this configuration set, and only it, publish. Deliveries
    // too: without them a reminder SES took would read `sent` for ever, delivered or not.
    this.configurationSet.addEventDestination('BouncesAndComplaintsTopic', {
      destination: EventDestination.snsTopic(this.bouncesAndComplaints),
      events: [EmailSendingEvent.DELIVERY, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    // SNS delivers at least once, so through a queue with a dead-letter queue: an event the ledger
    // could not take is retried, then kept for a person.
    ({ queue: this.deliveryEvents, deadLetterQueue: this.deliveryEventsDeadLetters } = deliveryQueues(this, {
      what: 'SES delivery events',
      functionTimeout: RECORD_DELIVERY_TIMEOUT,
      maxReceiveCount: props.maxReceiveCount ?? 5,
    }));
    this.bouncesAndComplaints.addSubscription(new SqsSubscription(this.deliveryEvents));
    this.recordDelivery = new ServiceFunction(this, 'RecordDelivery', {
      entry: 'functions/record-delivery/handler.ts',
      description: "Records SES's delivery, bounce and complaint events of reminders in the ledger",
      timeout: RECORD_DELIVERY_TIMEOUT,
      environment: { [ENV.ledgerTable]: props.ledger.tableName },
    });
    this.recordDelivery.addEventSource(new SqsEventSource(this.deliveryEvents, { batchSize: 10, reportBatchItemFailures: true }));
    // Deliveries and their events, customer profiles and contact tasks.
    props.ledger.grantReadWriteData(this.recordDelivery);
    const ledgerArn = nagArnOf(props.ledger);
    if (ledgerArn) {
      this.recordDelivery.acknowledgeWildcards("The ledger's own indexes: the table grant extends to them, and no other table.", `Resource::${ledgerArn}/index/*`);
    }

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
