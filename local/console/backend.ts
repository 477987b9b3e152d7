import { S3DocumentStore } from '../../functions/adapters/document-store';
import type { LocalConsoleBackend } from '../../functions/console-api/backend';
import { LOCAL_BUCKET } from '../intake-host';
import type { SystemHost } from '../system-host';
import type { LocalUserDirectory } from './users';

/** The console's backend on this machine: the emulators' ledger and bucket, the local Step Functions host, the dev users, and the virtual clock's controls. */
export function localConsoleBackend(system: SystemHost, users: LocalUserDirectory): LocalConsoleBackend {
  const { collections, intake } = system;
  return {
    ledger: collections.ledger,
    clock: system.clock,
    documents: new S3DocumentStore(intake.clients.s3, LOCAL_BUCKET),
    executions: { execution: async (name) => collections.stepFunctions.execution(name) ?? null },
    recordEvent: (invoice, event, requestId, by) => collections.recordEvent(invoice, event, requestId, by),
    assignLine: (lineId, assignment, by) => collections.assignLine(lineId, assignment, by),
    useCredit: (customerId, use, requestId, by) => collections.useCredit(customerId, use, requestId, by),
    users,
    local: {
      speed: () => system.speed(),
      setSpeed: (daysPerSecond) => system.setSpeed(daysPerSecond),
      advanceDays: (days) => system.advanceDays(days),
      history: () => system.history(),
      sentEmails: () => intake.aws.sentEmails(),
    },
  };
}
