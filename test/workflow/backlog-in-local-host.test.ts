import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isoDate } from '../../functions/domain/calendar';
import type { InvoiceKey } from '../../functions/domain/intake';
import type { SentEmail } from '../../local/emulators';
import { realTimers } from '../../local/real-timers';
import { startSystemHost, type SystemHost } from '../../local/system-host';
import { lineOf } from '../support/collections-world';
import { HOST_WAIT_MS } from '../support/host-process';
import { einvoicePath } from '../support/shared';

// The host and its emulators start in seconds, tens of them on a loaded machine; the 65 virtual days take seconds.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 2 * HOST_WAIT_MS + 60_000 });

/** The Peppol BIS example: EUR 1656.25 due 2017-12-01, the buyer's e-mail given. */
const PEPPOL = einvoicePath('dev/ubl-peppol-base-example.xml');
/** 70 days after its due date, a Friday: every standard step but legal (+90, 2018-03-01) is behind. */
const ARRIVAL = isoDate('2018-02-09');

let dataDir = '';
let host: SystemHost | undefined;
const problems: string[] = [];
let lines: string[] = [];
let executions: string[] = [];
let emails: SentEmail[] = [];
let customerFlaggedOn: string | null = null;

/**
 * `npm start`'s host in this process, clock paused, started on the arrival day: at 09:00 a file
 * lands in the drop folder, and the host goes through intake (S3 emulator event, the ingest
 * handler), the daily sweep and review, and the collections state machine, for 65 virtual days.
 */
beforeAll(async () => {
  dataDir = await mkdtemp(`${tmpdir()}/credit-control-backlog-`);
  let ingested: (key: InvoiceKey) => void = () => undefined;
  const added = new Promise<InvoiceKey>((resolve, reject) => {
    // Waited for by condition, with a generous bound of real time: the drop folder is polled on wall time.
    const timer = realTimers.setTimeout(() => reject(new Error(`the dropped invoice was not ingested within ${HOST_WAIT_MS / 1000} s; problems: ${problems.join('; ') || 'none'}`)), HOST_WAIT_MS);
    ingested = (key) => {
      realTimers.clearTimeout(timer);
      resolve(key);
    };
  });
  host = await startSystemHost({
    dataDir,
    reset: true,
    daysPerSecond: 0,
    demo: false,
    startOn: ARRIVAL,
    onIngest: (result, dropped) => (result.outcome === 'added' ? ingested(result.invoice.key) : problems.push(`${dropped}: ${result.outcome}`)),
    onError: (error, dropped) => problems.push(`${dropped}: ${error.message}`),
    onTimeline: () => undefined,
  });
  await host.advanceDays(9 / 24);
  await copyFile(PEPPOL, `${host.intake.dropDir}/backlog.xml`);
  const key = await added;
  await host.advanceDays(65);
  const found = await host.collections.ledger.cases.get(key);
  lines = (found?.timeline ?? []).map((entry) => lineOf(entry, ['policy', 'openAmount']));
  executions = host.collections.stepFunctions.list().map((execution) => execution.status);
  emails = (await host.intake.aws.sentEmails()).filter((email) => email.subject.includes(key.number));
  customerFlaggedOn = (found && (await host.collections.ledger.customers.get(found.record.customerId))?.legalFlaggedOn) ?? null;
});

afterAll(async () => {
  await host?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('an invoice 70 days past due dropped into the running local host', () => {
  it('starts with its catch-up final notice, never the escalations already due, which keep their distances to the arrival day', () => {
    // Standard policy (a new customer): on 02-09 the first step on or after the day is legal (+90), an escalation, so
    // the run catches up with final-notice (+30); agency keeps its +15 to the arrival day (02-24, a Saturday: 02-26)
    // and legal its +60 (04-10). Its date is the last test's.
    expect(lines[0]).toMatch(/^2018-02-\d\d email final-notice standard v0 1656\.25$/);
    expect(lines.slice(1)).toEqual(['2018-02-26 agency-handover agency standard v0 1656.25', '2018-04-10 legal-flag legal standard v0']);
    expect(executions).toEqual(['SUCCEEDED']);
    expect(customerFlaggedOn).toBe('2018-04-10');
    expect(problems).toEqual([]);
  });

  it('sends the final notice through SES, naming the agency handover date of the caught-up schedule', () => {
    expect(emails.map((email) => email.subject)).toEqual(['Final notice: invoice Snippet1', 'New collection case: invoice Snippet1']);
    expect(emails[0]?.destination.to).toEqual(['lj@buyer.se']);
    expect(emails[0]?.body.text).toContain('is 70 days overdue with €1,656.25 open.');
    // The final notice claims interest and the EUR 40 under the EU rule (the buyer is in Sweden): principal and claims apart, both asked for.
    const claims = /Open: principal €1,656\.25, claims €(\d+\.\d\d)\./.exec(emails[0]?.body.text ?? '')?.[1];
    expect(claims).toBeDefined();
    expect(emails[0]?.body.text).toContain(`Amount: €${new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2 }).format(1656.25 + Number(claims))}\n`);
    expect(emails[0]?.body.text).toContain('debt collection agency on 26 February 2018');
  });

  /**
   * The spec dates the catch-up step on the ingest date (shared/spec/collections-policy.md, "Late
   * entry"), as it does the agency and legal dates above: ingest starts the run of an invoice whose
   * start date has come, rather than leaving it to the next midnight's sweep (issue 12).
   */
  it('sends it on the day the invoice arrives', () => {
    expect(lines[0]).toBe('2018-02-09 email final-notice standard v0 1656.25');
  });
});
