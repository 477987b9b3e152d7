import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseIsoDate, type IsoDate } from '../../functions/domain/calendar';
import { readInvoice } from '../../functions/domain/einvoice';
import { parseDecimal, type Decimal } from '../../functions/domain/money';
import { dueDateOf } from '../../functions/domain/receivables';
import {
  CollectionsEventSchema,
  describeInvalid,
  policyFrom,
  type CollectionsInvoice,
  type CollectionsPolicy,
  type PortfolioEvent,
} from '../../functions/domain/policy';

/** A scenario that cannot be run: one line naming the problem. */
export class InvalidScenarioError extends Error {
  override readonly name = 'InvalidScenarioError';
}

/** An invoice of a scenario, with the contact and locale details the reminders use. */
export interface ScenarioInvoice extends Omit<CollectionsInvoice, 'dueDate'> {
  /** BT-9 as the scenario or its file says; null for the policy's default terms. */
  readonly dueDate: IsoDate | null;
  readonly customer: string;
  readonly currency: string;
  readonly email: string | null;
  readonly timezone: string;
  readonly language: string | null;
  /** The original file, for an invoice given by file. */
  readonly file: string | null;
}

/** What the policy engine sees of a scenario invoice: its due date under the scenario's policy. */
export const collectionsInvoiceOfScenario = (invoice: ScenarioInvoice, policy: CollectionsPolicy): CollectionsInvoice => ({
  ...invoice,
  dueDate: dueDateOf(invoice, policy.defaultTermsDays),
});

export interface Scenario {
  readonly start: IsoDate;
  readonly until: IsoDate;
  readonly policy: CollectionsPolicy;
  readonly invoices: readonly ScenarioInvoice[];
  readonly events: readonly PortfolioEvent[];
  /**
   * Whether claiming steps book late-payment claims. Off by default: the spec's timeline is the
   * principal's, and a claim booked under § 367 BGB would take a payment the timeline counts as
   * settling the invoice.
   */
  readonly claims: boolean;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (message: string): never => {
  throw new InvalidScenarioError(message);
};

const dateAt = (value: unknown, where: string): IsoDate =>
  (typeof value === 'string' ? parseIsoDate(value) : undefined) ?? fail(`${where}: ${JSON.stringify(value)} is not a calendar date (YYYY-MM-DD)`);

const optionalDate = (value: unknown, where: string): IsoDate | null => (value === undefined || value === null ? null : dateAt(value, where));

const amountAt = (value: unknown, where: string): Decimal =>
  (typeof value === 'string' ? parseDecimal(value) : undefined) ??
  fail(`${where}: ${JSON.stringify(value)} is not a decimal amount string (e.g. "1200.00")`);

const textAt = (value: unknown, where: string): string =>
  typeof value === 'string' && value.trim() !== '' ? value : fail(`${where}: missing or not text`);

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], where: string): T =>
  allowed.includes(value as T) ? (value as T) : fail(`${where}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);

async function invoiceOf(entry: unknown, index: number, start: IsoDate, baseDir: string): Promise<ScenarioInvoice> {
  const where = `invoices[${index}]`;
  if (!isObject(entry)) return fail(`${where}: must be an object`);
  let fromFile: Partial<ScenarioInvoice> = {};
  if (entry.file !== undefined) {
    const file = resolve(baseDir, textAt(entry.file, `${where}.file`));
    const bytes = await readFile(file).catch(() => fail(`${where}.file: cannot read ${file}`));
    const read = await readInvoice(bytes);
    if (!read.ok) return fail(`${where}.file: ${read.error.message}`);
    const { invoice } = read;
    fromFile = {
      number: invoice.number,
      kind: invoice.kind,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      amountDue: invoice.totals.due ?? ('0' as Decimal),
      currency: invoice.currency,
      customer: invoice.buyer.vatId ?? invoice.buyer.identifier ?? invoice.buyer.name ?? 'unknown',
      email: invoice.buyer.email,
      file,
    };
  }
  const has = (key: string) => Object.prototype.hasOwnProperty.call(entry, key);
  const number = has('number') ? textAt(entry.number, `${where}.number`) : (fromFile.number ?? fail(`${where}: needs a number or a file`));
  return {
    number,
    kind: has('kind') ? oneOf(entry.kind, ['invoice', 'credit-note'] as const, `${where}.kind`) : (fromFile.kind ?? 'invoice'),
    issueDate: has('issueDate') ? dateAt(entry.issueDate, `${where}.issueDate`) : (fromFile.issueDate ?? fail(`${where}: needs an issueDate`)),
    dueDate: has('dueDate') ? optionalDate(entry.dueDate, `${where}.dueDate`) : (fromFile.dueDate ?? null),
    amountDue: has('amountDue') ? amountAt(entry.amountDue, `${where}.amountDue`) : (fromFile.amountDue ?? fail(`${where}: needs an amountDue`)),
    entryDate: has('ingestDate') ? dateAt(entry.ingestDate, `${where}.ingestDate`) : start,
    customer: has('customer') ? textAt(entry.customer, `${where}.customer`) : (fromFile.customer ?? number),
    currency: has('currency') ? textAt(entry.currency, `${where}.currency`) : (fromFile.currency ?? 'EUR'),
    email: has('email') ? textAt(entry.email, `${where}.email`) : (fromFile.email ?? null),
    timezone: has('timezone') ? textAt(entry.timezone, `${where}.timezone`) : 'UTC',
    language: has('language') ? textAt(entry.language, `${where}.language`) : null,
    file: fromFile.file ?? null,
  };
}

function eventOf(entry: unknown, index: number, numbers: ReadonlySet<string>): PortfolioEvent {
  const where = `events[${index}]`;
  if (!isObject(entry)) return fail(`${where}: must be an object`);
  const invoice = textAt(entry.invoice, `${where}.invoice`);
  const parsed = CollectionsEventSchema.safeParse(entry);
  if (!parsed.success) return fail(describeInvalid(parsed.error, where));
  if (!numbers.has(invoice)) fail(`${where}: unknown invoice ${JSON.stringify(invoice)} (not among the scenario's invoices)`);
  return { ...parsed.data, invoice };
}

/** Reads and checks a scenario file; every problem is an {@link InvalidScenarioError} with one line naming it. */
export async function loadScenario(path: string): Promise<Scenario> {
  const text = await readFile(path, 'utf8').catch(() => fail(`cannot read scenario ${path}`));
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    return fail(`scenario ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(document)) return fail('scenario must be a JSON object');
  const start = dateAt(document.start, 'start');
  const until = dateAt(document.until, 'until');
  if (until < start) fail(`until ${until} is before start ${start}`);
  let policy: CollectionsPolicy;
  try {
    policy = policyFrom(document.policy);
  } catch (err) {
    return fail((err as Error).message);
  }
  if (!Array.isArray(document.invoices)) return fail('invoices must be a list');
  const baseDir = dirname(resolve(path));
  const invoices = await Promise.all(document.invoices.map((entry, i) => invoiceOf(entry, i, start, baseDir)));
  const numbers = new Set<string>();
  for (const invoice of invoices) {
    if (numbers.has(invoice.number)) fail(`invoice number ${invoice.number} appears twice`);
    numbers.add(invoice.number);
  }
  const events = document.events === undefined ? [] : document.events;
  if (!Array.isArray(events)) return fail('events must be a list');
  if (document.claims !== undefined && typeof document.claims !== 'boolean') fail(`claims must be true or false, got ${JSON.stringify(document.claims)}`);
  return { start, until, policy, invoices, events: events.map((entry, i) => eventOf(entry, i, numbers)), claims: document.claims === true };
}
