import { formatReport, receivableOf, report, type Receivable } from '../functions/domain/analytics';
import { addDays, isoDate, type IsoDate } from '../functions/domain/calendar';
import { sumDecimals, type Decimal } from '../functions/domain/money';
import { seededRandom } from '../local/seeded-random';
import type { Table } from './table';
import { roundRatios, timeRounds, type PassTiming } from './timing';

const SEGMENTS = ['enterprise', 'mid-market', 'small-business', 'public-sector'] as const;
export const REPORT_AS_OF = isoDate('2026-03-31');

// Built as text from whole cents: the generated amounts are exact decimals, as an invoice writes them.
const centsText = (cents: number): Decimal => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` as Decimal;

/** A generated invoice's facts: payments, and a dispute upheld. */
export type GeneratedFact =
  | { readonly type: 'payment'; readonly date: IsoDate; readonly amount: Decimal }
  | { readonly type: 'dispute'; readonly date: IsoDate }
  | { readonly type: 'dispute-resolved'; readonly date: IsoDate; readonly outcome: 'upheld' };

/** A generated invoice: what a receivable is made of before the receivables ledger folds its facts. */
export interface GeneratedInvoice {
  readonly invoice: Parameters<typeof receivableOf>[0];
  readonly facts: readonly GeneratedFact[];
}

/** 0 to 3 payments of parts of the amount, the last often settling the rest, around the due date (some after the as-of day). */
function paymentsOf(random: () => number, amountCents: number, dueDate: IsoDate): GeneratedFact[] {
  const count = Math.floor(random() * 4);
  const payments: { type: 'payment'; date: IsoDate; amount: Decimal }[] = [];
  let rest = amountCents;
  for (let i = 0; i < count && rest > 0; i++) {
    const cents = i === count - 1 && random() < 0.7 ? rest : Math.max(1, Math.floor(rest * random() * 0.6));
    rest -= cents;
    payments.push({ type: 'payment', date: addDays(dueDate, -10 + Math.floor(random() * 70)), amount: centsText(cents) });
  }
  return payments.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * A seeded ledger as of 2026-03-31: invoices issued over the two years before it, due 14 to 60
 * days after issue, 0 to 3 payments each, about 2 % credited; customers in four segments, about
 * 3 % of them billing in USD, the rest in EUR.
 */
export function generatedInvoices(invoices: number, customers: number, seed = 20_260_331): GeneratedInvoice[] {
  const random = seededRandom(seed);
  const customerOf = Array.from({ length: customers }, (_, i) => ({
    key: `K-${String(i).padStart(5, '0')}`,
    segment: SEGMENTS[i % SEGMENTS.length]!,
    currency: random() < 0.03 ? 'USD' : 'EUR',
  }));
  return Array.from({ length: invoices }, (_, i): GeneratedInvoice => {
    const customer = customerOf[Math.floor(random() * customers)]!;
    const issueDate = addDays(REPORT_AS_OF, -Math.floor(random() * 730));
    const dueDate = addDays(issueDate, 14 + Math.floor(random() * 47));
    const amountCents = 1_000 + Math.floor(random() * 2_000_000);
    const payments = paymentsOf(random, amountCents, dueDate);
    const creditedOn = random() < 0.02 ? addDays(dueDate, Math.floor(random() * 40)) : null;
    return {
      invoice: {
        number: `R-${String(i).padStart(6, '0')}`,
        customer: customer.key,
        segment: customer.segment,
        currency: customer.currency,
        issueDate,
        dueDate,
        amount: centsText(amountCents),
      },
      facts: creditedOn
        ? [...payments, { type: 'dispute', date: creditedOn }, { type: 'dispute-resolved', date: creditedOn, outcome: 'upheld' }]
        : payments,
    };
  });
}

/** The generated invoices as receivables. */
export const receivablesLedger = (invoices: number, customers: number): Receivable[] =>
  generatedInvoices(invoices, customers).map(({ invoice, facts }) => receivableOf(invoice, facts));

/** The least any report does: every amount and every payment read once and summed with the same money functions. */
function plainPass(receivables: readonly Receivable[]): Decimal {
  const amounts: Decimal[] = [];
  const paid: Decimal[] = [];
  for (const receivable of receivables) {
    amounts.push(receivable.amount);
    for (const movement of receivable.movements) paid.push(movement.change);
  }
  return sumDecimals([sumDecimals(amounts), sumDecimals(paid)]);
}

export interface ReportFigures {
  readonly invoices: number;
  readonly customers: number;
  readonly payments: number;
  readonly currencies: readonly string[];
  readonly plainSeconds: number;
  readonly reportSeconds: number;
  readonly csvSeconds: number;
  /** report() over the plain pass, per round. */
  readonly ratio: { median: number; min: number; max: number };
  readonly csvBytes: number;
  /** After the rounds, with the ledger and one report held. */
  readonly heapUsedMb: number;
  readonly rssMb: number;
  /** The process's high-water mark (getrusage maxrss): this bench's only when it runs alone. */
  readonly maxRssMb: number;
  readonly rounds: Readonly<Record<'plain' | 'report' | 'csv', PassTiming>>;
}

const MB = 1024 * 1024;

/** report() and formatReport(…, 'csv') on a generated ledger, timed in rounds with a plain pass over it. */
export async function benchReport(invoices = 100_000, customers = 10_000): Promise<ReportFigures> {
  const ledger = receivablesLedger(invoices, customers);
  const result = report(ledger, REPORT_AS_OF);
  const csvBytes = Buffer.byteLength(formatReport(result, 'csv'));
  // Each pass takes a second or so: one per round is enough, and five rounds keep the bench near a minute.
  const rounds = await timeRounds(
    {
      plain: () => void plainPass(ledger),
      report: () => void report(ledger, REPORT_AS_OF),
      csv: () => void formatReport(result, 'csv'),
    },
    { warmupMs: 0, roundMs: 0, rounds: 5 },
  );
  const memory = process.memoryUsage();
  return {
    invoices,
    customers: new Set(ledger.map((r) => r.customer)).size,
    payments: ledger.reduce((sum, r) => sum + r.movements.length, 0),
    currencies: result.map((r) => r.currency),
    plainSeconds: rounds.plain.seconds,
    reportSeconds: rounds.report.seconds,
    csvSeconds: rounds.csv.seconds,
    ratio: roundRatios(rounds.report, rounds.plain),
    csvBytes,
    heapUsedMb: memory.heapUsed / MB,
    rssMb: memory.rss / MB,
    // resourceUsage().maxRSS is getrusage ru_maxrss, which Node documents in kilobytes.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rounds,
  };
}

const seconds = (value: number) => (value < 0.1 ? `${(value * 1000).toFixed(1)} ms` : `${value.toFixed(2)} s`);

export function reportTable(figures: ReportFigures): Table {
  const { ratio } = figures;
  return {
    title:
      `Receivables report: ${figures.invoices.toLocaleString('en-US')} generated invoices, ${figures.payments.toLocaleString('en-US')} payments, ` +
      `${figures.customers.toLocaleString('en-US')} customers in ${SEGMENTS.length} segments, ${figures.currencies.join(' and ')}, as of ${REPORT_AS_OF}`,
    rows: [
      { pass: 'plain pass (sum amounts and movements)', 'median time': seconds(figures.plainSeconds), 'x plain': '1.00' },
      {
        pass: 'report()',
        'median time': seconds(figures.reportSeconds),
        'x plain': `${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)}-${ratio.max.toFixed(2)})`,
      },
      { pass: `formatReport csv (${(figures.csvBytes / 1e6).toFixed(1)} MB)`, 'median time': seconds(figures.csvSeconds), 'x plain': (figures.csvSeconds / figures.plainSeconds).toFixed(2) },
    ],
    notes: [
      `interleaved rounds, median of ${figures.rounds.report.rounds.length}; x plain for report(): median (range) of the per-round ratios`,
      `after the rounds: heap used ${figures.heapUsedMb.toFixed(0)} MB (ledger, one report and garbage not yet collected), ` +
        `RSS ${figures.rssMb.toFixed(0)} MB, peak RSS ${figures.maxRssMb.toFixed(0)} MB (the whole run's, so this bench's alone only with npm run bench -- report)`,
    ],
  };
}
