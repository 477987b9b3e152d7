import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { customerIdFor } from '../../functions/domain/credit';
import { changeAsPage, readAsPage, signIn } from '../support/console-host';
import { HOST_WAIT_MS, startHost } from '../support/host-process';
import { einvoicePath, statementPath } from '../support/shared';

const CLI = 'bin/creditctl.js';
/** A CLI run, killed if it outlives a generous bound, so a hung command fails its test instead of hanging the suite. */
const CLI_LIMIT = { encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' } as const;

describe('creditctl parse', () => {
  it('prints one JSON line per file in the order given and exits 1 when any file is refused', () => {
    const files = [einvoicePath('dev/ubl-peppol-base-example.xml'), einvoicePath('bad/empty.xml'), einvoicePath('dev/pdf-fx-basicwl-eu.pdf')];
    const run = spawnSync('node', [CLI, 'parse', ...files], CLI_LIMIT);

    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.source)).toEqual(files);
    expect(lines[0]).toMatchObject({ number: 'Snippet1', syntax: 'ubl', totals: { due: '1656.25' } });
    expect(lines[1]).toEqual({ source: files[1], error: { code: 'empty', message: 'empty file (0 bytes)' } });
    expect(lines[2]).toMatchObject({ syntax: 'cii', kind: 'invoice' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
  });

  it('refuses a file over --max-bytes without reading it', () => {
    const run = spawnSync('node', [CLI, 'parse', '--max-bytes', '100', einvoicePath('dev/ubl-peppol-base-example.xml')], CLI_LIMIT);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'too-large' } });
    expect(run.status).toBe(1);
  });

  it('exits 0 when every file is read', () => {
    expect(spawnSync('node', [CLI, 'parse', einvoicePath('dev/cii-cen-huf.xml')], CLI_LIMIT).status).toBe(0);
  });

  it('prints the same lines from the TypeScript sources, as it runs while dist/ is stale', () => {
    const files = [einvoicePath('dev/ubl-peppol-base-example.xml'), einvoicePath('dev/pdf-fx-basicwl-eu.pdf')];
    const parse = (fromSource: '' | '1') =>
      spawnSync('node', [CLI, 'parse', ...files], { ...CLI_LIMIT, env: { ...process.env, CREDITCTL_FROM_SOURCE: fromSource } });
    const compiled = parse('');
    const sources = parse('1');
    expect(compiled.stdout).toMatch(/"number":"Snippet1"/);
    expect(sources.stdout).toBe(compiled.stdout);
    expect([sources.status, sources.stderr]).toEqual([0, '']);
  });
});

describe('creditctl statement parse', () => {
  it('prints one JSON line per statement file in the order given and exits 1 when any file is refused', async () => {
    const dir = await mkdtemp(`${tmpdir()}/credit-control-statements-`);
    try {
      const refused = `${dir}/camt052.xml`;
      await writeFile(refused, '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"><BkToCstmrAcctRpt/></Document>');
      const files = [statementPath('mt940-rabobank-nl.txt'), refused];
      const run = spawnSync('node', [CLI, 'statement', 'parse', ...files], CLI_LIMIT);

      const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.map((line) => line.source)).toEqual(files);
      expect(lines[0]).toMatchObject({ format: 'mt940', statements: [{ id: '940S130403', closingBalance: { amount: '1190.35' } }, { id: '940S130404' }] });
      expect(lines[1]).toEqual({ source: refused, error: { code: 'unsupported-message', message: expect.stringMatching(/camt\.052 account report/) } });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('creditctl start', () => {
  it('ingests a file dropped into the drop folder and stops cleanly on Ctrl-C, within 5 s with a console request open', async () => {
    const dataDir = await mkdtemp(`${tmpdir()}/credit-control-start-`);
    const host = startHost(['--data-dir', dataDir, '--no-demo', '--port', '0']);
    try {
      const [, consoleUrl] = await host.waitFor(/console +(http:\/\/127\.0\.0\.1:\d+\/)/);
      await host.waitFor(/Ctrl-C stops/);
      await copyFile(einvoicePath('dev/ubl-peppol-base-example.xml'), `${dataDir}/drop/acme.xml`);
      await copyFile(einvoicePath('bad/ubl-order.xml'), `${dataDir}/drop/order.xml`);
      await host.waitFor(/added +acme\.xml: invoice Snippet1/);
      await host.waitFor(/quarantined +order\.xml: not an e-invoice: root element <Order>/);
      // A bank statement in the same folder is told from an invoice by its content, and booked.
      await copyFile(statementPath('mt940-ing-nl.txt'), `${dataDir}/drop/ing.txt`);
      await host.waitFor(/statement +ing\.txt: \d+ lines? \(\d+ new\)/);
      expect(await readdir(`${dataDir}/drop`)).toEqual([]);

      // A console tab's keep-alive connection, and an upload that never finishes, must not hold the stop up.
      await fetch(`${consoleUrl}api/clock`);
      const stalled = connect(Number(new URL(consoleUrl!).port), '127.0.0.1');
      stalled.on('error', () => undefined);
      stalled.write('POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
      const stopping = Date.now();
      expect(await host.stop()).toBe(0);
      // The bound for stopping, whatever the console is doing.
      expect(Date.now() - stopping).toBeLessThan(5_000);
      expect(host.output()).toMatch(/stopped\.\n$/);
      stalled.destroy();
    } finally {
      await host.kill();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('creditctl start with the demo portfolio', () => {
  it('ingests the demo invoices, books the bank statements, and runs their collections on the virtual clock', async () => {
    const dataDir = await mkdtemp(`${tmpdir()}/credit-control-demo-`);
    const host = startHost(['--data-dir', dataDir, '--speed', '8', '--port', '0']);
    // Intake and clock run side by side: every file is in, and a reminder has gone out, in whichever order.
    const [, consoleUrl] = await host.waitFor(/console +(http:\/\/127\.0\.0\.1:\d+\/)/);
    await host.waitFor(/ email +LIS-2026-\d+ +reminder-1/);
    await host.waitFor(/(^added +LIS-2026-\d+\.(ubl|cii)\.xml.*\n(.*\n)*){24}/m);
    expect(host.output().match(/^added +LIS-2026-\d+\.(ubl|cii)\.xml/gm)).toHaveLength(24);

    // The console's API shows the same system, to a signed-in user: invoices with their aging, the e-mails, the clock's controls.
    const admin = await signIn(consoleUrl!);
    const get = async (path: string) => (await readAsPage(consoleUrl!, path, admin)).json();
    const { rows, total, aging } = (await get('api/invoices')) as { rows: { number: string }[]; total: number; aging: Record<string, Record<string, string>> };
    expect(rows).toHaveLength(24);
    expect(total).toBe(24);
    expect(Object.keys(aging)).toEqual(['EUR']);
    expect(((await get('api/emails')) as { subject: string }[]).some((email) => /LIS-2026-\d+/.test(email.subject))).toBe(true);
    // The bank's weekly statement lands in the drop folder and is booked: what matching cannot place waits for a person.
    await host.waitFor(/^statement +bank-statement-\S+\.camt053\.xml: \d+ lines? \(\d+ new\): \d+ paid, \d+ returned, [1-9]\d* for a person to assign/m);
    const queue = (await get('api/bank/queue')) as { lineId: string; suggestions: { customerId: string; allocations: unknown[] }[] }[];
    const [waiting] = queue;
    const [suggestion] = waiting!.suggestions;
    // A person takes matching's first suggestion from the console: the line is booked as theirs.
    const assigned = await changeAsPage(consoleUrl!, `api/bank/lines/${encodeURIComponent(waiting!.lineId)}/assign`, { customerId: suggestion!.customerId, allocations: suggestion!.allocations }, admin);
    expect(await assigned.json()).toMatchObject({ decision: { kind: 'payment', rule: 'assigned', by: 'admin@local' } });
    expect(((await get('api/bank/queue')) as unknown[]).length).toBe(queue.length - 1);
    // A change without a session is refused, and with one but without the page's origin and token too; with them, it is taken.
    expect((await fetch(`${consoleUrl}api/clock`, { method: 'POST', body: JSON.stringify({ daysPerSecond: 0 }) })).status).toBe(401);
    expect((await fetch(`${consoleUrl}api/clock`, { method: 'POST', headers: { cookie: admin.cookie }, body: JSON.stringify({ daysPerSecond: 0 }) })).status).toBe(403);
    const paused = await changeAsPage(consoleUrl!, 'api/clock', { daysPerSecond: 0 }, admin);
    expect(await paused.json()).toMatchObject({ daysPerSecond: 0 });
    const refused = await changeAsPage(consoleUrl!, 'api/events', { type: 'payment', amount: '1,00' }, admin);
    expect(refused.status).toBe(400);
    expect((await fetch(consoleUrl!)).headers.get('content-type')).toMatch(/text\/html/);
    expect(await host.stop()).toBe(0);
    await rm(dataDir, { recursive: true, force: true });
    // Four waits of their own deadline (HOST_WAIT_MS each) and a stop: the last resort must come after them, so a wait that fails says what it saw.
  }, 4 * HOST_WAIT_MS + 90_000);
});

describe('creditctl customers, settings and report on a local data folder', () => {
  it('imports customers row by row, publishes settings, and reports', async () => {
    const dataDir = await mkdtemp(`${tmpdir()}/credit-control-cli-`);
    try {
      const csv = `${dataDir}/customers.csv`;
      await writeFile(
        csv,
        '\uFEFFreference,name,vat_id,email,credit_limit,credit_limit_currency,tags,party,jurisdiction\n' +
          'K-1,"Acme, Ltd",GB123,ap@acme.example,5000.00,GBP,strategic,Business,gb\n' +
          'K-2,No Identity,,x@y.example,,,,,\n' +
          'K-3,Too Many,DE1,a@b.example,1,EUR,,,,extra\n' +
          'K-4,Bad Limit,DE2,c@d.example,"1,000",EUR,,,\n' +
          'K-5,Private,DE3,e@f.example,,,,consumer,Germany\n',
      );
      const run = (...args: string[]) => spawnSync('node', [CLI, ...args, '--data-dir', dataDir], CLI_LIMIT);

      const imported = run('customers', 'import', csv);
      expect(imported.stdout.split('\n')).toEqual([
        '1 accepted (1 created, 0 updated), 4 rejected',
        '  row 3: no identity: give vat_id, legal_registration_id, buyer_id or electronic_address (a name alone could merge two customers)',
        '  row 4: not a well-formed CSV row: Invalid Record Length: columns length is 9, got 10 on line 4',
        "  row 5: credit_limit '1,000' is not an amount of 0 or more (digits, one '.' for decimals)",
        "  row 6: jurisdiction 'Germany' is none of the interest rules' jurisdictions (EU, DE, FR, GB)",
        '',
      ]);
      expect(imported.status).toBe(1);
      expect(run('customers', 'import', csv).stdout).toMatch(/^1 accepted \(0 created, 1 updated\), 4 rejected/);

      const settings = `${dataDir}/settings.json`;
      await writeFile(settings, JSON.stringify({ segments: [{ segment: 'all', policy: 'missing' }], policies: {} }));
      const refused = run('settings', 'publish', settings);
      expect(refused.stderr).toBe("creditctl: settings segment 'all' names policy 'missing', which is not in policies\n");
      expect(refused.status).toBe(1);
      await writeFile(settings, JSON.stringify({ segments: [{ segment: 'all', policy: 'standard' }], policies: { standard: {} } }));
      expect(run('settings', 'publish', settings).stdout).toMatch(/^published settings version 1 .*\n  segment all +-> standard v0\n$/);
      expect(JSON.parse(run('settings', 'show').stdout)).toMatchObject({ version: 1, segments: [{ segment: 'all' }] });

      const report = run('report', '--format', 'csv', '--as-of', '2026-06-30');
      expect(report.status).toBe(0);
      // No receivables yet: the header alone, so a spreadsheet still knows the columns.
      expect(report.stdout).toBe('currency,as_of,scope,name,open,claims_open,current,1-30,31-60,61-90,over-90,dso_standard,dso_countback,cei_percent,customer_name\n');
      expect(run('report').stdout).toBe('no receivables in the ledger\n');

      // A customer with a profile and nothing on the account yet; one the ledger does not know is refused.
      const account = run('account', customerIdFor('vat:GB123'));
      expect(account.status).toBe(0);
      expect(account.stdout).toMatch(/^Acme, Ltd \(C-[0-9a-f]{12}\): statement of account as of \d{4}-\d{2}-\d{2}\n[\s\S]*Open items, oldest due first\n  none\n\nMovements of principal and claims\n  none\n\nCredits\n  none\n$/);
      expect(JSON.parse(run('account', customerIdFor('vat:GB123'), '--format', 'json').stdout)).toMatchObject({ name: 'Acme, Ltd', currencies: [], openItems: [], movements: [], credits: [] });
      const unknown = run('account', 'C-nobody');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toBe('creditctl: no customer C-nobody in the ledger\n');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
