import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ledgerStores } from '../../functions/adapters/ledger';
import { PREFIX } from '../../functions/adapters/ledger-schema';
import type { ExecutionRecord } from '../../local/asl/execution-store';
import { emulatorDataDir } from '../../local/data-dir';
import { systemClock } from '../../functions/domain/clock';
import { startLocalAws } from '../../local/local-aws';
import { LOCAL_BUCKET, LOCAL_TABLE } from '../../local/intake-host';
import { readJsonLines } from '../../local/ndjson';
import { readAsPage, signIn } from '../support/console-host';
import { HOST_WAIT_MS, startHost } from '../support/host-process';

// Each case is two hosts starting and a month of the demo: minutes on a loaded machine.
vi.setConfig({ testTimeout: 900_000 });

const START = '2026-11-23';
const DEMO_INVOICES = 24;
/** Lines the host prints: its banner, then one per file ingested and per collections step. */
const LINE = /\n/g;

interface Sent {
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
}

/** The e-mails the local SES of a data folder has accepted, as it keeps them. */
const sentEmails = (dataDir: string): Sent[] => readJsonLines<Sent>(`${emulatorDataDir(dataDir)}/ses/emails.ndjson`);

/** What the data folder holds once the host is stopped: read through its local AWS services, as the host reads it. */
async function inspect(dataDir: string) {
  const aws = await startLocalAws({ dataDir: emulatorDataDir(dataDir), clock: systemClock });
  try {
    const clients = aws.clients;
    const ledger = ledgerStores(clients.dynamodb, LOCAL_TABLE);
    const keys = await ledger.snapshot.invoiceKeys();
    const inbox = await clients.s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: PREFIX.inbox }));
    const emails = sentEmails(dataDir);
    const folder = `${dataDir}/executions`;
    const executions = await Promise.all(
      (await readdir(folder)).filter((file) => file.endsWith('.json')).map(async (file) => JSON.parse(await readFile(`${folder}/${file}`, 'utf8')) as ExecutionRecord),
    );
    const now = (JSON.parse(await readFile(`${dataDir}/host-state.json`, 'utf8')) as { now: string }).now;
    return { invoices: keys.length, inbox: inbox.KeyCount ?? 0, drop: await readdir(`${dataDir}/drop`), emails, executions, now };
  } finally {
    await aws.stop();
  }
}

describe('npm start, stopped at any moment', () => {
  it('loses no file, run or e-mail and doubles none when killed at a random point and started again', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 45 }), fc.boolean(), async (killAfterLines, hard) => {
        const dataDir = await mkdtemp(`${tmpdir()}/credit-control-restart-`);
        try {
          const args = ['--data-dir', dataDir, '--speed', '4', '--port', '0', '--start', START];
          const first = startHost(args);
          // The kill point: after the host printed so many lines (its banner, files ingested, steps taken).
          await first.waitFor(new RegExp(`^(?:.*\\n){${killAfterLines}}`));
          if (hard) await first.kill();
          // Ctrl-C is handled from the CLI's first line of code; one that comes before it ends node as a kill would.
          else {
            const code = await first.stop();
            expect(killAfterLines === 0 ? [0, null] : [0], `exit code ${code}; the host printed:\n${first.output()}`).toContain(code);
          }

          const sentBefore = sentEmails(dataDir);
          const second = startHost(args);
          const [, consoleUrl] = await second.waitFor(/console +(http:\/\/127\.0\.0\.1:\d+\/)/);
          await second.waitFor(/Ctrl-C stops/);
          // The e-mails sent before the stop are still there, as the console shows them.
          const shown = (await (await readAsPage(consoleUrl!, 'api/emails', await signIn(consoleUrl!))).json()) as Sent[];
          expect(shown.length).toBeGreaterThanOrEqual(sentBefore.length);
          // Collections go on after the restart: a step dated a month after the start is taken.
          await second.waitFor(/^ {2}2026-12-(2[3-9]|3[01]) {2}(email|call-task|agency-handover)/m, HOST_WAIT_MS * 2);
          const printedAfter = second.output().match(LINE)?.length ?? 0;
          const code = await second.stop();
          expect(code, `the host printed:\n${second.output()}`).toBe(0);

          const after = await inspect(dataDir);
          expect(after.invoices).toBe(DEMO_INVOICES);
          expect(after.inbox).toBe(0);
          expect(after.drop).toEqual([]);
          const sent = after.emails.map((email) => `${email.destination.to.join(',')} ${email.subject}`);
          expect(sent.length - new Set(sent).size).toBe(0);
          expect(after.executions.filter((execution) => execution.status === 'FAILED' || execution.status === 'ABORTED')).toEqual([]);
          // No run is left behind the clock: an open one waits for a later instant, or was stopped
          // inside a state it enters again on the next start.
          const behind = after.executions.filter((execution) => {
            const until = execution.position?.parked?.until;
            return execution.status === 'RUNNING' && (!execution.position || (until !== null && until !== undefined && until < after.now));
          });
          expect(behind).toEqual([]);
          expect(printedAfter).toBeGreaterThan(10);
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      }),
      { numRuns: process.env.CREDIT_CONTROL_STRESS ? 2 : 3 },
    );
  });
});
