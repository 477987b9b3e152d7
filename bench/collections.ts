import { addDays, isoDate } from '../functions/domain/calendar';
import type { Decimal } from '../functions/domain/money';
import { STANDARD_POLICY, portfolioTimeline, type PortfolioEvent } from '../functions/domain/policy';
import { collectionsInvoiceOfScenario, type Scenario, type ScenarioInvoice } from '../local/simulate/scenario';
import { simulate } from '../local/simulate/simulate';
import { seededRandom } from '../local/seeded-random';

/** A portfolio of invoices due over the first 60 days, with payments, disputes and promises over 180 days. */
export function portfolio(size: number, seed = 16931): Scenario {
  const random = seededRandom(seed);
  const start = isoDate('2026-03-02');
  const invoices: ScenarioInvoice[] = [];
  const events: PortfolioEvent[] = [];
  for (let i = 0; i < size; i++) {
    const number = `B-${String(i).padStart(6, '0')}`;
    const dueDate = addDays(start, 3 + Math.floor(random() * 60));
    const cents = 5_000 + Math.floor(random() * 500_000);
    const amountDue = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` as Decimal;
    invoices.push({
      number,
      kind: 'invoice',
      issueDate: addDays(dueDate, -30),
      dueDate,
      amountDue,
      entryDate: start,
      customer: `C-${i % 997}`,
      currency: 'EUR',
      email: `ap${i % 997}@customer.example`,
      timezone: 'UTC',
      language: i % 3 === 0 ? 'de' : null,
      file: null,
    });
    const roll = random();
    // About half pay at some point, a tenth dispute, a tenth promise, the rest escalate fully.
    if (roll < 0.5) events.push({ invoice: number, type: 'payment', date: addDays(dueDate, Math.floor(random() * 60)), amount: amountDue });
    else if (roll < 0.6) {
      const disputed = addDays(dueDate, 5 + Math.floor(random() * 20));
      events.push({ invoice: number, type: 'dispute', date: disputed });
      events.push({ invoice: number, type: 'dispute-resolved', date: addDays(disputed, 10), outcome: random() < 0.5 ? 'rejected' : 'upheld' });
    } else if (roll < 0.7) {
      const promised = addDays(dueDate, 10 + Math.floor(random() * 20));
      events.push({ invoice: number, type: 'promise', date: promised, promisedDate: addDays(promised, 7) });
      if (random() < 0.5) events.push({ invoice: number, type: 'payment', date: addDays(promised, 7), amount: amountDue });
    }
  }
  events.sort((a, b) => a.date.localeCompare(b.date));
  return { start, until: addDays(start, 179), policy: STANDARD_POLICY, invoices, events: events.filter((event) => event.date <= addDays(start, 179)), claims: false };
}

/** Published prices (eu-central-1, 2026): Step Functions Standard, Lambda arm64, SES, DynamoDB on demand. */
const PRICE = {
  perTransition: 0.025 / 1000,
  perInvocation: 0.2 / 1_000_000,
  perGbSecond: 0.0000133334,
  perEmail: 0.1 / 1000,
  perWrite: 1.25 / 1_000_000,
  perRead: 0.25 / 1_000_000,
};
/** Assumed per Lambda invocation: 100 ms at 1 GB, two reads and two writes. */
const ASSUMED = { gbSeconds: 0.1, reads: 2, writes: 2 };

export async function benchCollections(size: number) {
  const scenario = portfolio(size);
  const engineStarted = performance.now();
  const expected = portfolioTimeline(scenario.invoices.map((invoice) => collectionsInvoiceOfScenario(invoice, scenario.policy)), scenario.events, scenario.policy, scenario.start, scenario.until);
  const engineSeconds = (performance.now() - engineStarted) / 1000;

  const started = performance.now();
  const result = await simulate(scenario);
  const seconds = (performance.now() - started) / 1000;

  const transitions = result.executions.reduce((sum, e) => sum + e.transitions, 0);
  const invocations = result.executions.reduce((sum, e) => sum + e.invocations, 0);
  const steps = result.lines.filter((line) => 'step' in line).length;
  const cost =
    transitions * PRICE.perTransition +
    invocations * (PRICE.perInvocation + ASSUMED.gbSeconds * PRICE.perGbSecond + ASSUMED.reads * PRICE.perRead + ASSUMED.writes * PRICE.perWrite) +
    result.emailsSent * PRICE.perEmail;
  const full = result.executions.filter((e) => e.status !== 'SUCCEEDED' && e.status !== 'FAILED');
  return {
    invoices: size,
    'timeline lines (engine = workflow?)': `${result.lines.length} (${expected.length === result.lines.length ? 'same' : `engine ${expected.length}`})`,
    'wall s': seconds,
    'pure engine s': engineSeconds,
    'ratio': seconds / engineSeconds,
    'transitions / invoice': transitions / size,
    'transitions / step': transitions / Math.max(1, steps),
    'Lambda calls / invoice': invocations / size,
    'e-mails': result.emailsSent,
    'AWS $ / invoice': (cost / size).toFixed(5),
    'still running': full.length,
  };
}
