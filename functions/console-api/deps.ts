import { CognitoIdentityProvider } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { useCredit } from '../accounts/account';
import { documentsFromEnv, executionsFromEnv, ledgerFromEnv, logger, workflowFromEnv } from '../adapters/env';
import type { ExecutionReader } from '../adapters/executions';
import type { LedgerStores } from '../adapters/ledger';
import type { Workflow } from '../adapters/workflow';
import { systemClock, type Clock } from '../domain/clock';
import { assignLine } from '../ingest-statement/assign';
import type { BookingDeps } from '../ingest-statement/book';
import { bookingSettingsFromEnv } from '../ingest-statement/deps';
import { answerEvent } from '../record-event/answer';
import { ENV } from '../adapters/ledger-schema';
import { sdkClient } from '../adapters/sdk-clients';
import type { ConsoleBackend, UserDirectory } from './backend';
import { CognitoUserDirectory } from './cognito-users';

/** What the console's backend is made of where it runs as a Lambda. */
export interface ConsoleParts {
  readonly ledger: LedgerStores;
  readonly workflow: Workflow;
  readonly documents: ConsoleBackend['documents'];
  readonly executions: ExecutionReader;
  readonly clock: Clock;
  /** How a bank line a person assigns is booked: the statement function's settings. */
  readonly booking: Pick<BookingDeps, 'matchThreshold' | 'autoAllocate'>;
  /** Who may sign in, and in which role: the user pool's groups. */
  readonly users: UserDirectory;
}

/**
 * The console's backend over the deployed stores: events recorded and answered as the operations
 * API's `POST /events` does, bank lines and credit booked as its bank-lines function does.
 */
export function consoleBackendOf(parts: ConsoleParts): ConsoleBackend {
  const { ledger, workflow, clock } = parts;
  const booking: BookingDeps = { ledger, workflow, clock, logger, ...parts.booking };
  return {
    ledger,
    clock,
    documents: parts.documents,
    executions: parts.executions,
    recordEvent: (invoice, event, requestId, by) => answerEvent(invoice, event, requestId, { ledger, workflow, clock }, by),
    assignLine: (lineId, assignment, by) => assignLine(lineId, assignment, by, booking),
    useCredit: (customerId, use, requestId, by) => useCredit(customerId, use, requestId, by, booking),
    users: parts.users,
  };
}

/**
 * The console's backend in AWS, built once at cold start from the function's environment: the
 * ledger table, the documents bucket, the collections state machine (its executions read, its
 * runs woken and started) and the booking settings. A missing or wrong variable fails the cold
 * start, by name.
 */
export const consoleBackendFromEnv = (env: NodeJS.ProcessEnv = process.env): ConsoleBackend =>
  consoleBackendOf({
    ledger: ledgerFromEnv(env),
    workflow: workflowFromEnv(env),
    documents: documentsFromEnv(env),
    executions: executionsFromEnv(env),
    clock: systemClock,
    booking: bookingSettingsFromEnv(env),
    users: new CognitoUserDirectory(sdkClient(CognitoIdentityProvider, {}), z.string().min(1, `${ENV.userPoolId} must be set`).parse(env[ENV.userPoolId])),
  });
