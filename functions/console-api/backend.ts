import type { APIGatewayProxyResult } from 'aws-lambda';
import type { CreditUse } from '../accounts/account';
import type { DocumentStore } from '../adapters/document-store';
import type { ExecutionReader } from '../adapters/executions';
import type { LedgerStores } from '../adapters/ledger';
import type { Clock } from '../domain/clock';
import type { InvoiceKey } from '../domain/intake';
import type { CollectionsEvent } from '../domain/policy';
import type { AssignOutcome, LineAssignment } from '../ingest-statement/assign';
import type { PortfolioSnapshot } from './portfolio-view';
import type { Role } from './roles';

/**
 * What the console's routes read and change, wherever they run: `npm start` implements it over
 * its emulators and virtual clock (local/console/backend.ts), the console's Lambda over the
 * deployed table, bucket and state machine (deps.ts). Every change names who makes it.
 */
export interface ConsoleBackend {
  readonly ledger: LedgerStores;
  readonly clock: Clock;
  /** The documents bucket: archived originals to download, quarantined files to put back where they came in. */
  readonly documents: Pick<DocumentStore, 'fetch' | 'copy'>;
  /** The collections runs' executions and their history, as the Step Functions console shows them. */
  readonly executions: ExecutionReader;
  /** Records an event as the operations API's `POST /events` does, and answers as it does. */
  recordEvent(invoice: InvoiceKey, event: CollectionsEvent, requestId: string, by: string): Promise<Pick<APIGatewayProxyResult, 'statusCode' | 'body'>>;
  /** A person's assignment of a queued bank line, as `assignLine` books it. */
  assignLine(lineId: string, assignment: LineAssignment, by: string): Promise<AssignOutcome>;
  /** A person's allocation or refund of a customer's credit, as `useCredit` records it; the problem when refused. */
  useCredit(customerId: string, use: CreditUse, requestId: string, by: string): Promise<{ readonly problem: string } | null>;
  /** Who may sign in, and in which role: the user pool's groups in AWS, the dev users locally. */
  readonly users: UserDirectory;
}

/** A person who may sign in to the console, and their role: null while in none of its groups. */
export interface DirectoryUser {
  readonly name: string;
  readonly role: Role | null;
  /** False for a user an admin has disabled: they cannot sign in. */
  readonly enabled: boolean;
}

/**
 * The console's users and their roles: the user pool's users and groups in AWS, the dev users
 * locally. Its changes are an admin's, recorded by the caller.
 */
export interface UserDirectory {
  list(): Promise<DirectoryUser[]>;
  /** Puts a user in one role, out of any other: the role they had before; undefined for no such user. */
  setRole(name: string, role: Role): Promise<{ readonly was: Role | null } | undefined>;
}

/** What only the one-machine host has: a virtual clock to drive, the portfolio's history day by day, the SES emulator's mailbox. */
export interface LocalControls {
  /** Virtual days per real second; 0 is paused. */
  speed(): number;
  setSpeed(daysPerSecond: number): void;
  /** Advances the virtual clock by whole days at once. */
  advanceDays(days: number): Promise<void>;
  history(): readonly PortfolioSnapshot[];
  /** Every e-mail the SES emulator took, as it stores them. */
  sentEmails(): Promise<readonly unknown[]>;
}

/** The backend of `npm start`: the console's, and the local controls. */
export interface LocalConsoleBackend extends ConsoleBackend {
  readonly local: LocalControls;
}
