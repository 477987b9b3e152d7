import { ledgerFromEnv, logger, workflowFromEnv } from '../adapters/env';
import { systemClock } from '../domain/clock';
import type { BookingDeps } from '../ingest-statement/book';
import { bookingSettingsFromEnv } from '../ingest-statement/deps';

/** Booking a line a person assigns needs what booking a statement's lines does; using credit, a part of it. */
export type BankLinesDeps = BookingDeps;

/** The function's dependencies, built once at cold start; a missing or wrong variable fails it, by name. */
export function bankLinesDepsFromEnv(env: NodeJS.ProcessEnv = process.env): BankLinesDeps {
  return { ledger: ledgerFromEnv(env), workflow: workflowFromEnv(env), clock: systemClock, logger, ...bookingSettingsFromEnv(env) };
}
