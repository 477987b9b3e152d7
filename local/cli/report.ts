import type { Writable } from 'node:stream';
import { formatReport, type ReportFormat } from '../../functions/domain/analytics';
import type { IsoDate } from '../../functions/domain/calendar';
import { creditReport } from '../../functions/console-api/customer-view';
import { withLedger, type LedgerTarget } from './ledger-access';
import { withProgress } from './progress';

export interface ReportOptions extends LedgerTarget {
  readonly asOf?: IsoDate;
  readonly format: ReportFormat;
}

/** `creditctl report`: aging, DSO and CEI per customer, per segment and in total, as of a day. */
export async function reportCommand(options: ReportOptions, out: Writable): Promise<void> {
  const text = await withProgress('report', () =>
    withLedger(options, async ({ ledger, today }) => {
      const { reports, customers } = await creditReport(ledger, options.asOf ?? today);
      return formatReport(reports, options.format, { customerNames: new Map(customers.map((customer) => [customer.id, customer.name])) });
    }),
  );
  out.write(text);
}
