import { kindOfLine, statementLines } from '../functions/domain/banking';
import { buildMatchIndex, DEFAULT_MATCH_THRESHOLD, matchCredit, rfReferenceOf, type CreditEntry, type CreditMatch, type CustomerHints, type MatchIndex, type OpenItem } from '../functions/domain/matching';
import { entryIdentities, readStatement } from '../functions/domain/statements';
import { writeCamt053 } from '../local/demo/camt053-writer';
import { ENTRY_MIX, openPortfolio, outcomesOf, statementFor, type GeneratedPayer, type MatchOutcomes } from './statement-portfolio';
import type { Row, Table } from './table';
import { roundRatios, timeRounds, type PassTiming, type RoundsOptions } from './timing';

/** The portfolio sizes, smaller first: the second shows whether matching grows with the invoices (it must not). */
const SIZES = [25_000, 100_000] as const;
const CUSTOMERS = 10_000;
const ENTRIES = 10_000;
// One pass per round: the large pass takes seconds, so repeating it within a round adds nothing but minutes.
const ROUNDS: Required<RoundsOptions> = { warmupMs: 2_000, roundMs: 0, rounds: 7 };
const SELLER_KEY = 'vat:DE000000000';

type PassName = 'parse' | 'index' | 'match' | 'pipeline';

export interface StatementMatchSize {
  readonly invoices: number;
  readonly customers: number;
  readonly entries: number;
  readonly bytes: number;
  readonly rounds: Readonly<Record<PassName, PassTiming>>;
  /** The whole pipeline's median, per round, over the parse's. */
  readonly ratio: ReturnType<typeof roundRatios>;
  readonly matchMicrosPerEntry: number;
  readonly outcomes: MatchOutcomes;
  readonly maxRssMb: number;
  readonly heapUsedMb: number;
}

export interface StatementMatchFigures {
  readonly threshold: number;
  readonly sizes: readonly StatementMatchSize[];
}

const mb = (bytes: number): number => bytes / 1_048_576;

/** The credit entries of a statement as booking reads them: lines with their identities, kept if they are credits. */
function creditsOf(bytes: Uint8Array): CreditEntry[] {
  const read = readStatement(bytes);
  if (!read.ok) throw new Error(`generated statement not read: ${read.error.message}`);
  return statementLines(read.file, entryIdentities(read.file)).flatMap((line) => {
    const kind = kindOfLine(line);
    return kind.kind === 'credit' ? [kind.entry] : [];
  });
}

const matchAll = (index: MatchIndex, credits: readonly CreditEntry[]): CreditMatch[] => credits.map((entry) => matchCredit(index, entry, { threshold: DEFAULT_MATCH_THRESHOLD }));

async function benchSize(invoices: number): Promise<StatementMatchSize> {
  const { payers: known, invoices: generated } = openPortfolio(invoices, CUSTOMERS);
  const payers = new Map<string, GeneratedPayer>(known.map((payer) => [payer.key, payer]));
  const openItems = generated.map(({ number, payer, issueDate, dueDate, amount }): OpenItem => {
    const key = { sellerKey: SELLER_KEY, number };
    return { key, customerId: payer.key, number, currency: 'EUR', openAmount: amount, dueDate, issueDate, rfReference: rfReferenceOf(key) };
  });
  // The payer IBANs are known, as after each customer's first payment: what the amount rule needs.
  const customers: CustomerHints[] = [...payers.values()].map(({ key, name, iban }) => ({ customerId: key, names: [name], ibans: [iban] }));
  const { draft, intended } = statementFor(openItems, (customerId) => payers.get(customerId)!, ENTRIES);
  const bytes = new Uint8Array(Buffer.from(writeCamt053(draft)));
  const credits = creditsOf(bytes);
  if (credits.length !== ENTRIES) throw new Error(`${credits.length} credits read back of ${ENTRIES}`);
  const prebuilt = buildMatchIndex(openItems, customers);
  const outcomes = outcomesOf(matchAll(prebuilt, credits), intended);

  // Every pass leaves a count in `sink`, so none is work whose result nothing reads.
  let sink = 0;
  const rounds = await timeRounds<PassName>(
    {
      parse: () => void (sink += readStatement(bytes).ok ? 1 : 0),
      index: () => void (sink += buildMatchIndex(openItems, customers).byRf.size),
      match: () => void (sink += matchAll(prebuilt, credits).length),
      pipeline: () => void (sink += matchAll(buildMatchIndex(openItems, customers), creditsOf(bytes)).length),
    },
    ROUNDS,
  );
  if (sink === 0) throw new Error('no pass ran');
  return {
    invoices,
    customers: payers.size,
    entries: credits.length,
    bytes: bytes.length,
    rounds,
    ratio: roundRatios(rounds.pipeline, rounds.parse),
    matchMicrosPerEntry: (rounds.match.seconds / credits.length) * 1e6,
    outcomes,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb: mb(process.memoryUsage().heapUsed),
  };
}

/**
 * Matching a day's camt.053 of 10,000 credits against 25,000 and 100,000 open invoices of 10,000
 * customers, all in memory: a plain read of the file against the read, lines, index and every
 * credit matched, with the index and the matching also timed alone.
 */
export async function benchStatementMatch(): Promise<StatementMatchFigures> {
  const sizes: StatementMatchSize[] = [];
  for (const invoices of SIZES) sizes.push(await benchSize(invoices));
  return { threshold: DEFAULT_MATCH_THRESHOLD, sizes };
}

const seconds = (timing: PassTiming): string => `${(timing.seconds * 1_000).toFixed(0)} ms`;
const range = ({ median, min, max }: ReturnType<typeof roundRatios>): string => `${median.toFixed(2)} (${min.toFixed(2)}-${max.toFixed(2)})`;
const percent = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)} %`;

function rowsOf(size: StatementMatchSize): Row[] {
  const { rounds } = size;
  const invoices = size.invoices.toLocaleString('en-US');
  const perEntry = (timing: PassTiming) => `${((timing.seconds / size.entries) * 1e6).toFixed(1)} µs`;
  return [
    { invoices, pass: 'plain readStatement', 'median time': seconds(rounds.parse), 'x plain': '1.00', 'per entry': perEntry(rounds.parse) },
    { invoices, pass: 'read + lines + index + match', 'median time': seconds(rounds.pipeline), 'x plain': range(size.ratio), 'per entry': perEntry(rounds.pipeline) },
    { invoices, pass: '  buildMatchIndex alone', 'median time': seconds(rounds.index), 'x plain': range(roundRatios(rounds.index, rounds.parse)), 'per entry': '' },
    { invoices, pass: '  matchCredit x entries alone', 'median time': seconds(rounds.match), 'x plain': range(roundRatios(rounds.match, rounds.parse)), 'per entry': perEntry(rounds.match) },
  ];
}

function outcomeNotes(size: StatementMatchSize): string[] {
  const { outcomes } = size;
  const rules = Object.entries(outcomes.byRule).map(([rule, count]) => `${rule} ${count} (${percent(count, outcomes.credits)})`);
  const waiting = Object.entries(outcomes.unmatched).map(([reason, count]) => `${reason} ${count}`);
  const intents = ENTRY_MIX.map(([intent]) => {
    const tally = outcomes.byIntent[intent];
    return `${intent} ${tally.booked}/${tally.entries} booked, ${tally.asIntended} to the invoice meant`;
  });
  const booked = Object.values(outcomes.byRule).reduce((sum, count) => sum + count, 0);
  return [
    `${size.invoices.toLocaleString('en-US')} invoices: booked ${booked} of ${outcomes.credits} (${percent(booked, outcomes.credits)}): ${rules.join(', ')}; waiting: ${waiting.join(', ')}`,
    `  by what the entry was written for: ${intents.join('; ')}`,
    `  peak RSS so far ${size.maxRssMb.toFixed(0)} MB, heap after ${size.heapUsedMb.toFixed(0)} MB`,
  ];
}

export function statementMatchTable(figures: StatementMatchFigures): Table {
  const [first] = figures.sizes;
  // Against the read of the same rounds too: the sizes run one after the other, and the machine's speed moves between them.
  const perEntry = figures.sizes.map(
    (size) => `${size.matchMicrosPerEntry.toFixed(1)} µs (${roundRatios(size.rounds.match, size.rounds.parse).median.toFixed(2)}x the read) at ${size.invoices.toLocaleString('en-US')}`,
  );
  return {
    title: `Statement matching: a camt.053 of ${(first?.entries ?? 0).toLocaleString('en-US')} credits (${mb(first?.bytes ?? 0).toFixed(1)} MB) against open invoices of ${(first?.customers ?? 0).toLocaleString('en-US')} customers, in memory`,
    rows: figures.sizes.flatMap(rowsOf),
    notes: [
      `interleaved rounds, median of ${first?.rounds.parse.rounds.length ?? 0}; x plain: median (min-max) of the per-round ratio to the plain read of the same file; threshold ${figures.threshold}`,
      `matching per credit: ${perEntry.join(', ')} (indexed: it should not grow with the invoices)`,
      ...figures.sizes.flatMap(outcomeNotes),
    ],
  };
}
