import { useCredit } from '../accounts/account';
import { documentsFromEnv, executionsFromEnv, ledgerFromEnv, logger, workflowFromEnv } from '../adapters/env';
import { systemClock } from '../domain/clock';
import { assignLine } from '../ingest-statement/assign';
import { bookingSettingsFromEnv } from '../ingest-statement/deps';
import { answerEvent } from '../record-event/answer';
import type { ConsoleBackend } from './backend';

/**
 * The console's backend in AWS, built once at cold start from the function's environment: the
 * ledger table, the documents bucket, the collections state machine (its executions read, its
 * runs woken and started as the operations API's functions do), and the statement function's
 * booking settings. A missing or wrong variable fails the cold start, by name.
 */
export function consoleBackendFromEnv(env: NodeJS.ProcessEnv = process.env): ConsoleBackend {
  const ledger = ledgerFromEnv(env);
  const workflow = workflowFromEnv(env);
  const booking = { ledger, workflow, clock: systemClock, logger, ...bookingSettingsFromEnv(env) };
  return {
    ledger,
    clock: systemClock,
    documents: documentsFromEnv(env),
    executions: executionsFromEnv(env),
    recordEvent: (invoice, event, requestId, by) => answerEvent(invoice, event, requestId, { ledger, workflow, clock: systemClock }, by),
    assignLine: (lineId, assignment, by) => assignLine(lineId, assignment, by, booking),
    useCredit: (customerId, use, requestId, by) => useCredit(customerId, use, requestId, by, booking),
  };
}
