import { relative } from 'node:path';
import type { Writable } from 'node:stream';
import { systemClock } from '../../functions/domain/clock';
import type { IngestResult } from '../../functions/ingest-invoice/ingest';
import { LOCAL_BUCKET, LOCAL_TABLE, startIntakeHost } from '../intake-host';

export interface StartOptions {
  readonly dataDir: string;
  readonly reset: boolean;
  readonly maxBytes?: number;
}

/** One line per ingested file: what became of it, in words, without the parties' names. */
export const describeResult = (result: IngestResult, dropped: string): string => {
  switch (result.outcome) {
    case 'added':
    case 'duplicate':
    case 'same-invoice': {
      const { invoice } = result.invoice;
      const due = invoice.dueDate ? `, due ${invoice.dueDate}` : ', no due date';
      return `${result.outcome.padEnd(12)} ${dropped}: ${invoice.kind} ${invoice.number} of ${result.invoice.key.sellerKey}, ${invoice.currency} ${invoice.totals.due}${due} -> ${result.invoice.archiveKey}`;
    }
    case 'quarantined':
      return `${'quarantined'.padEnd(12)} ${dropped}: ${result.reason.message} -> quarantine/${result.reason.fileId}/`;
    case 'missing':
    case 'ignored':
      return `${result.outcome.padEnd(12)} ${dropped}`;
  }
};

/** `creditctl start` / `npm start`: the intake on this machine until Ctrl-C. */
export async function startCommand(options: StartOptions, out: Writable): Promise<void> {
  const host = await startIntakeHost({
    dataDir: options.dataDir,
    reset: options.reset,
    clock: systemClock,
    ...(options.maxBytes ? { maxInvoiceBytes: options.maxBytes } : {}),
    onResult: (result, dropped) => out.write(`${describeResult(result, dropped)}\n`),
    onError: (error, dropped) => out.write(`${'failed'.padEnd(12)} ${dropped}: ${error.message} (left in the inbox)\n`),
  });
  const shown = (path: string) => relative(process.cwd(), path) || '.';
  out.write(
    [
      'credit-control is running on this machine (local emulators, no AWS account).',
      `  drop folder   ${shown(host.dropDir)}/   <- put e-invoices here (UBL, CII, Factur-X/ZUGFeRD PDF)`,
      `  data folder   ${shown(options.dataDir)}/   (kept across restarts; --reset starts clean)`,
      `  DynamoDB      ${host.emulators.dynamodbEndpoint}   table ${LOCAL_TABLE}`,
      `  S3            ${host.emulators.s3Endpoint}   bucket ${LOCAL_BUCKET} (archive/, quarantine/)`,
      `  try:          cp ../shared/einvoices/dev/*.xml ${shown(host.dropDir)}/`,
      'Ctrl-C stops.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  out.write('stopping...\n');
  await host.stop();
  out.write('stopped.\n');
}
