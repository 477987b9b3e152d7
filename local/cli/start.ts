import { relative } from 'node:path';
import type { Writable } from 'node:stream';
import type { IsoDate } from '../../functions/domain/calendar';
import type { TimelineEntry } from '../../functions/domain/collections';
import type { StatementIngestResult } from '../../functions/ingest-statement/ingest';
import type { IngestResult } from '../../functions/ingest-invoice/ingest';
import { LOCAL_BUCKET, LOCAL_TABLE } from '../intake-host';
import { startConsoleServer } from '../console/server';
import { startSystemHost } from '../system-host';
import { withProgress, type Progress } from './progress';

export interface StartOptions {
  readonly dataDir: string;
  readonly reset: boolean;
  readonly speed: number;
  readonly demo: boolean;
  readonly port: number;
  readonly startOn?: IsoDate;
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

/** One line per bank statement: how many lines it brought and what became of them. */
export const describeStatement = (result: StatementIngestResult, dropped: string): string => {
  if (result.outcome === 'booked') {
    const { lines, newLines, payments, returns, unmatched } = result.summary;
    return `${'statement'.padEnd(12)} ${dropped}: ${lines} line${lines === 1 ? '' : 's'} (${newLines} new): ${payments} paid, ${returns} returned, ${unmatched} for a person to assign -> ${result.archiveKey}`;
  }
  if (result.outcome === 'quarantined') return `${'quarantined'.padEnd(12)} ${dropped}: ${result.reason.message} -> quarantine/${result.reason.fileId}/`;
  return `${result.outcome.padEnd(12)} ${dropped}`;
};

/** One line per collections step or state change, as the workflow records it. */
const describeTimeline = (invoice: string, entry: TimelineEntry): string => {
  const what = 'step' in entry ? entry.step : entry.reason;
  const detail = entry.detail ?? {};
  const claims = detail.claimsOpen ? `, claims ${detail.claimsOpen}` : '';
  const asked = detail.openAmount ? ` (open ${detail.openAmount}${claims})` : '';
  return `  ${entry.date}  ${entry.action.padEnd(15)} ${invoice}  ${what}${asked}`;
};

/** `creditctl start` / `npm start`: the whole system on this machine until Ctrl-C. */
export async function startCommand(options: StartOptions, out: Writable, input: NodeJS.ReadStream = process.stdin): Promise<void> {
  // Listening from the first moment: Ctrl-C while the host boots stops it cleanly once it is up, instead of killing it mid-write.
  const stopRequested = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  let booting: Progress | undefined;
  // Files left in the drop folder are ingested while the host boots: their lines erase the progress line first.
  const say = (line: string) => {
    booting?.clear();
    out.write(`${line}\n`);
  };
  const { host, web } = await withProgress('starting the emulators, the workflows and the console', async (progress) => {
    booting = progress;
    const host = await startSystemHost({
      dataDir: options.dataDir,
      reset: options.reset,
      daysPerSecond: options.speed,
      demo: options.demo,
      ...(options.startOn ? { startOn: options.startOn } : {}),
      ...(options.maxBytes ? { maxInvoiceBytes: options.maxBytes } : {}),
      onIngest: (result, dropped) => say(describeResult(result, dropped)),
      onStatement: (result, dropped) => say(describeStatement(result, dropped)),
      onError: (error, dropped) => say(`${'failed'.padEnd(12)} ${dropped}: ${error.message} (left in the inbox)`),
      onTimeline: (invoice, entry) => say(describeTimeline(invoice, entry)),
    });
    return { host, web: await startConsoleServer(host, options.port) };
  });
  const shown = (path: string) => relative(process.cwd(), path) || '.';
  const interactive = input.isTTY === true;
  out.write(
    [
      'credit-control is running on this machine (DynamoDB, S3 and SES in process, no AWS account).',
      `  console       ${web.url}`,
      `  drop folder   ${shown(host.intake.dropDir)}/   <- put e-invoices here (UBL, CII, Factur-X/ZUGFeRD PDF)`,
      `  data folder   ${shown(options.dataDir)}/   (kept across restarts; --reset starts clean)`,
      `  DynamoDB      ${host.intake.aws.dynamodbEndpoint ?? 'in process'}   table ${LOCAL_TABLE}`,
      `  S3            in process   bucket ${LOCAL_BUCKET} (archive/, quarantine/, agency/)`,
      `  SES           in process   the e-mails sent, in the console`,
      `  clock         virtual, from ${host.clock.now().toISOString().slice(0, 10)}, ${options.speed} day(s) per second`,
      `  credit        npx creditctl report${options.dataDir === '.data' ? '' : ` --data-dir ${shown(options.dataDir)}`}   aging, DSO and CEI; customers and credit holds in the console`,
      ...(host.resumedRuns > 0 ? [`  resumed       ${host.resumedRuns} collections run(s) where they stood when the host last stopped`] : []),
      ...(host.demoInvoices > 0 ? [`  demo          ${host.demoInvoices} invoices of made-up customers dropped in; their payments, disputes and promises follow`] : []),
      interactive ? '  keys          space pause/resume, + faster, - slower, n next day, Ctrl-C stop' : 'Ctrl-C stops.',
      '',
    ].join('\n'),
  );
  let lastSpeed = options.speed > 0 ? options.speed : 1;
  const onKey = (key: string) => {
    if (key === '\u0003') process.kill(process.pid, 'SIGINT');
    else if (key === ' ') {
      if (host.speed() > 0) {
        lastSpeed = host.speed();
        host.setSpeed(0);
      } else host.setSpeed(lastSpeed);
      out.write(host.speed() > 0 ? `(running, ${host.speed()} day(s)/s)\n` : '(paused)\n');
    } else if (key === '+' || key === '-') {
      host.setSpeed(Math.max(0.25, key === '+' ? host.speed() * 2 || 1 : host.speed() / 2));
      out.write(`(${host.speed()} day(s)/s)\n`);
    } else if (key === 'n') void host.advanceDays(1);
  };
  if (interactive) {
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onKey);
  }
  await stopRequested;
  if (interactive) {
    input.off('data', onKey);
    input.setRawMode(false);
    input.pause();
  }
  out.write('stopping...\n');
  // Side by side: each has its own grace period, and together they stay within a few seconds.
  await Promise.all([web.close(), host.stop()]);
  out.write('stopped.\n');
}
