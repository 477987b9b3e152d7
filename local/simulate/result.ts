import type { IsoDate } from '../../functions/domain/calendar';
import type { TimelineEntry } from '../../functions/domain/collections';

// What a simulation gives, apart from how it runs: what `simulate --workers` needs without
// loading the emulators, the SDK and the handlers into a process that only merges its workers' parts.

/** One line of `creditctl simulate` (shared/spec/collections-policy.md). */
export type SimulationLine = { readonly date: IsoDate; readonly invoice: string; readonly action: string } & Record<string, string>;

export interface SimulationResult {
  readonly lines: readonly SimulationLine[];
  /** Per execution: its name, status and state transitions, what the Step Functions console shows. */
  readonly executions: readonly { readonly name: string; readonly status: string; readonly transitions: number; readonly invocations: number }[];
  /** E-mails this run sent, not the SES emulator's whole store. */
  readonly emailsSent: number;
}

/** A line with the key that places it among all the scenario's lines, whichever process made it. */
export interface OrderedLine {
  readonly order: string;
  readonly line: SimulationLine;
}

/** What one run makes of some of a scenario's invoices: its lines not yet in the scenario's order. */
export interface SimulationPart extends Omit<SimulationResult, 'lines'> {
  readonly lines: readonly OrderedLine[];
}

/**
 * Where a line goes among all the scenario's: by date, then state changes before steps (the
 * rank's first letter), the instant recorded, the invoice's index in the whole scenario, and the
 * rank. The same in whichever process the invoice ran.
 */
export const orderOf = (entry: Pick<TimelineEntry, 'date' | 'rank' | 'recordedAt'>, invoiceIndex: number): string =>
  `${entry.date}#${entry.rank.slice(0, 1)}#${entry.recordedAt}#${String(invoiceIndex).padStart(6, '0')}#${entry.rank}`;

/**
 * The result of the whole scenario from its parts' results, the lines by {@link orderOf}. The
 * sort is stable, and lines of equal order are one invoice's, from one part, in its timeline's
 * order: so the parts, in any number and any order, give what one run gives.
 */
export function mergeParts(parts: readonly SimulationPart[]): SimulationResult {
  const lines = parts.flatMap((part) => part.lines);
  lines.sort((a, b) => a.order.localeCompare(b.order));
  return {
    lines: lines.map(({ line }) => line),
    executions: parts.flatMap((part) => part.executions),
    emailsSent: parts.reduce((sum, part) => sum + part.emailsSent, 0),
  };
}
