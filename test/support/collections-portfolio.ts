import { addDays, isoDate } from '../../functions/domain/calendar';
import type { Decimal } from '../../functions/domain/money';
import { STANDARD_POLICY, type PortfolioEvent } from '../../functions/domain/policy';
import type { Scenario, ScenarioInvoice } from '../../local/simulate/scenario';
import { seededRandom } from '../../local/seeded-random';

export interface PortfolioOptions {
  /** Invoice i is customer `C-(i mod customers)`'s. @default 997 */
  readonly customers?: number;
  /** @default 16931 */
  readonly seed?: number;
}

/**
 * A generated scenario: invoices due over the first 60 days, with payments, disputes and
 * promises over 180 days, the same on every machine and run (the bench's portfolios, tests').
 * @example portfolio(60, { customers: 7 }).invoices.length // 60
 */
export function portfolio(size: number, { customers = 997, seed = 16931 }: PortfolioOptions = {}): Scenario {
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
      customer: `C-${i % customers}`,
      currency: 'EUR',
      email: `ap${i % customers}@customer.example`,
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
