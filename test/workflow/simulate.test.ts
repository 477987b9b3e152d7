import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isoDate } from '../../functions/domain/calendar';
import { inCurrencyDigits, type Decimal } from '../../functions/domain/money';
import { portfolioTimeline, STANDARD_POLICY, type PortfolioEvent } from '../../functions/domain/policy';
import { standingOn } from '../../functions/domain/receivables';
import { sharedDir } from '../support/shared';

const run = promisify(execFile);
// Each simulation is a process of its own with emulators and a virtual half-year: seconds, more on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });
const scenarios = `${sharedDir}scenarios`;

interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const simulate = async (path: string): Promise<Outcome> => {
  try {
    const { stdout, stderr } = await run('node', ['bin/creditctl.js', 'simulate', path], { maxBuffer: 1 << 24, timeout: 170_000, killSignal: 'SIGKILL' });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

/** What check-simulate compares: date, invoice, action and step or reason. */
const keyOf = (line: string): string => {
  const parsed = JSON.parse(line) as Record<string, string>;
  return [parsed.date, parsed.invoice, parsed.action, parsed.step ?? parsed.reason].join(' ');
};
const keys = (ndjson: string): string[] => ndjson.split('\n').filter((line) => line.trim()).map(keyOf);

/**
 * Scenarios of rules not built yet, by the issue that builds them: backlog catch-up and instalment
 * plans are issue 12 ("Collections that hold up"). They are run, and expected to differ, so that
 * the day they pass this list must shrink.
 */
describe('creditctl simulate on ../shared/scenarios', async () => {
  const names = (await readdir(scenarios)).filter((name) => name.endsWith('.json') && !name.startsWith('bad-'));
  const reproduce = async (name: string) => {
    const outcome = await simulate(join(scenarios, name));
    const expected = await readFile(join(scenarios, name.replace(/\.json$/, '.expected.ndjson')), 'utf8');
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(keys(outcome.stdout)).toEqual(keys(expected));
  };

  it.each(names)('reproduces %s exactly', reproduce);
});

describe('creditctl simulate on scenarios it must refuse', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credit-control-bad-scenarios-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const invoice = { number: 'INV-1', customer: 'C-1', issueDate: '2026-02-01', dueDate: '2026-03-05', currency: 'EUR', amountDue: '100.00' };
  const scenario = (overrides: object) => JSON.stringify({ start: '2026-03-02', until: '2026-05-31', invoices: [invoice], events: [], ...overrides });
  const bad: [string, string, RegExp][] = [
    ['invalid JSON', '{ "start": "2026-03-02", ', /is not valid JSON/],
    ['an unknown invoice', scenario({ events: [{ date: '2026-03-10', type: 'payment', invoice: 'INV-9', amount: '1.00' }] }), /unknown invoice "INV-9"/],
    ['an unknown event type', scenario({ events: [{ date: '2026-03-10', type: 'refund', invoice: 'INV-1' }] }), /events\[0\]\.type: unknown event type/],
    ['an impossible date', scenario({ events: [{ date: '2026-02-30', type: 'dispute', invoice: 'INV-1' }] }), /events\[0\]\.date: "2026-02-30" is not a calendar date/],
    [
      'steps out of order',
      scenario({ policy: { steps: [{ id: 'b', kind: 'email', offsetDays: 10 }, { id: 'a', kind: 'email', offsetDays: 3 }] } }),
      /policy steps out of order: 'a' \(offset 3\) comes after 'b' \(offset 10\)/,
    ],
    ['an amount with a comma', scenario({ invoices: [{ ...invoice, amountDue: '100,00' }] }), /invoices\[0\]\.amountDue: "100,00" is not a decimal amount/],
  ];

  it.each(bad)('refuses %s with one line on stderr and no timeline', async (name, content, message) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    await writeFile(path, content);
    const outcome = await simulate(path);
    expect(outcome.status).not.toBe(0);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });
});

describe('creditctl simulate, exactly once', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credit-control-scenarios-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('lets a payment on a step day close the run before the step runs', async () => {
    const path = join(dir, 'payment-on-step-day.json');
    await writeFile(
      path,
      JSON.stringify({
        start: '2026-03-02',
        until: '2026-05-31',
        invoices: [{ number: 'INV-2', customer: 'C-2', issueDate: '2026-02-01', dueDate: '2026-03-05', currency: 'EUR', amountDue: '350.00', email: 'ap@c-2.example' }],
        events: [{ date: '2026-03-09', type: 'payment', invoice: 'INV-2', amount: '350.00' }],
      }),
    );
    const outcome = await simulate(path);
    expect(keys(outcome.stdout)).toEqual(['2026-03-02 INV-2 email pre-due', '2026-03-09 INV-2 closed paid']);
  });
});

describe('creditctl simulate with a dispute upheld in part', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credit-control-disputes-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('agrees with the policy engine, and asks for what the receivables ledger leaves open', async () => {
    const events: PortfolioEvent[] = [
      { date: isoDate('2026-03-10'), type: 'dispute', invoice: 'INV-3', reason: 'quantity', note: 'two of twelve crates missing' },
      { date: isoDate('2026-03-20'), type: 'dispute-resolved', invoice: 'INV-3', outcome: 'upheld-in-part', amount: '200.00' as Decimal },
    ];
    const invoice = { number: 'INV-3', issueDate: isoDate('2026-02-01'), dueDate: isoDate('2026-03-05'), amountDue: '1200.00' as Decimal };
    const path = join(dir, 'dispute-upheld-in-part.json');
    await writeFile(
      path,
      JSON.stringify({ start: '2026-03-02', until: '2026-04-30', invoices: [{ ...invoice, customer: 'C-3', currency: 'EUR', email: 'ap@c-3.example' }], events }),
    );
    const outcome = await simulate(path);
    expect(outcome.status, outcome.stderr).toBe(0);
    const engine = portfolioTimeline([{ ...invoice, kind: 'invoice', entryDate: isoDate('2026-03-02') }], events, STANDARD_POLICY, isoDate('2026-03-02'), isoDate('2026-04-30'));
    expect(keys(outcome.stdout)).toEqual(engine.map((line) => [line.date, line.invoice, line.action, 'step' in line ? line.step : line.reason].join(' ')));
    expect(keys(outcome.stdout)).toContain('2026-03-20 INV-3 resumed dispute-upheld-in-part');
    const reminder = outcome.stdout.split('\n').filter((line) => line.includes('"reminder-2"')).map((line) => JSON.parse(line) as Record<string, string>)[0];
    expect(reminder?.openAmount).toBe(inCurrencyDigits(standingOn(invoice.amountDue, events, isoDate(reminder!.date!)).open, 'EUR'));
    expect(reminder?.openAmount).toBe('1000.00');
  });
});
