import { addDays, isoDate, type IsoDate } from '../functions/domain/calendar';
import type { InvoiceKey } from '../functions/domain/intake';
import { formatRf, type CreditMatch, type MatchRule, type OpenItem } from '../functions/domain/matching';
import type { Decimal } from '../functions/domain/money';
import type { EntryDraft, StatementDraft } from '../local/demo/camt053-writer';
import { seededRandom } from '../local/seeded-random';

/** A generated customer: the payer name and IBAN its payments come from. */
export interface GeneratedPayer {
  readonly key: string;
  readonly name: string;
  readonly iban: string;
}

/** A generated open invoice, before it is an {@link OpenItem} (in memory) or a ledger record (in the emulator). */
export interface GeneratedOpenInvoice {
  readonly number: string;
  readonly payer: GeneratedPayer;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly amount: Decimal;
}

/** What a generated statement entry was written to be found by; `none` is meant to stay unmatched. */
export type EntryIntent = 'rf-reference' | 'invoice-number' | 'end-to-end-id' | 'amount-and-iban' | 'none';

/** The mix of a statement: the share of entries written for each intent, in this order. */
export const ENTRY_MIX: readonly (readonly [EntryIntent, number])[] = [
  ['rf-reference', 0.4],
  ['invoice-number', 0.25],
  ['end-to-end-id', 0.1],
  ['amount-and-iban', 0.15],
  ['none', 0.1],
];

export const STATEMENT_AS_OF = isoDate('2026-03-19');
const SELLER_IBAN = 'DE89370400440532013000';
const NAME_WORDS = ['Nordwind', 'Alpen', 'Rhein', 'Havel', 'Sonnen', 'Eichen', 'Kraft', 'Linden', 'Berg', 'Hafen'] as const;
const FORMS = ['GmbH', 'AG', 'KG', 'e.K.', 'B.V.', 'S.A.'] as const;

// Built as text from whole cents: the generated amounts are exact decimals, as an invoice writes them.
const centsText = (cents: number): Decimal => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` as Decimal;

/** ISO 13616 check digits for a German BBAN (digits only): 98 minus the remainder of BBAN + 'DE00' (D = 13, E = 14). */
export function germanIban(bban: string): string {
  let remainder = 0;
  for (const char of `${bban}131400`) remainder = (remainder * 10 + Number(char)) % 97;
  return `DE${String(98 - remainder).padStart(2, '0')}${bban}`;
}

/** The number as the system issues it: 'INV-2026-004217'. */
const invoiceNumber = (i: number): string => `INV-2026-${String(i).padStart(6, '0')}`;

/**
 * A seeded portfolio of open invoices, each fully open, of `customers` customers (some with none
 * open when the invoices are few), each with its own IBAN (an 8-digit bank code and a 10-digit
 * account, so the reader's IBAN check passes); issued over the 120 days before the statement and
 * due 14 to 60 days after issue.
 */
export function openPortfolio(invoices: number, customers: number, seed = 20_260_319): { payers: GeneratedPayer[]; invoices: GeneratedOpenInvoice[] } {
  const random = seededRandom(seed);
  const payers = Array.from({ length: customers }, (_, i): GeneratedPayer => ({
    key: `K-${String(i).padStart(5, '0')}`,
    name: `${NAME_WORDS[i % NAME_WORDS.length]} Handel ${i} ${FORMS[i % FORMS.length]}`,
    iban: germanIban(`${String(37_040_044 + (i % 7)).padStart(8, '0')}${String(1_000_000_000 + i * 7_919).padStart(10, '0')}`),
  }));
  const open = Array.from({ length: invoices }, (_, i): GeneratedOpenInvoice => {
    const issueDate = addDays(STATEMENT_AS_OF, -Math.floor(random() * 120));
    return {
      number: invoiceNumber(i),
      payer: payers[Math.floor(random() * customers)]!,
      issueDate,
      dueDate: addDays(issueDate, 14 + Math.floor(random() * 47)),
      amount: centsText(1_000 + Math.floor(random() * 2_000_000)),
    };
  });
  return { payers, invoices: open };
}

/** One entry's intent and the invoice it was written to pay (none for `none`). */
export interface IntendedEntry {
  readonly intent: EntryIntent;
  readonly key?: InvoiceKey;
}

/** The ways payers write an invoice number into their remittance text: prefixes, separators, case, the number without its prefix. */
const NUMBER_TEXTS: readonly ((number: string) => string)[] = [
  (number) => `Invoice ${number}`,
  (number) => `Rechnung ${number.replaceAll('-', ' ')}, danke`,
  (number) => `inv/${number.slice(4).replaceAll('-', '/')}`,
  (number) => `Zahlung ${number.slice(4)}`,
  (number) => `Factuur nr. ${number.replaceAll('-', '.')}`,
  (number) => `Payment for invoice no: ${number.replace('-', '')}`,
];
const EMPTY_TEXTS = ['Payment', 'Sammelzahlung', 'Ueberweisung', undefined] as const;

const intentAt = (draw: number): EntryIntent => {
  let cumulative = 0;
  for (const [intent, share] of ENTRY_MIX) if (draw < (cumulative += share)) return intent;
  return 'none';
};

function entryFor(intent: EntryIntent, item: OpenItem, payer: GeneratedPayer, i: number, random: () => number): EntryDraft {
  const base = {
    amount: item.openAmount,
    creditDebit: 'CRDT' as const,
    bookingDate: STATEMENT_AS_OF,
    bankReference: `ACSV-${String(i).padStart(6, '0')}`,
    counterparty: { name: payer.name, iban: payer.iban },
  };
  const pick = <T>(choices: readonly T[]): T => choices[Math.floor(random() * choices.length)]!;
  switch (intent) {
    case 'rf-reference':
      // Most banks carry the RF structured; a quarter of payers type it, in groups of four, into the free text.
      return random() < 0.75 ? { ...base, creditorReference: item.rfReference } : { ...base, unstructuredRemittance: `Ref ${formatRf(item.rfReference)}` };
    case 'invoice-number':
      return { ...base, unstructuredRemittance: pick(NUMBER_TEXTS)(item.number) };
    case 'end-to-end-id':
      return { ...base, endToEndId: random() < 0.5 ? item.number : item.rfReference, unstructuredRemittance: 'Payment' };
    case 'amount-and-iban': {
      // A treasury paying for the customer: only its IBAN, known from earlier payments, says who.
      const text = pick(EMPTY_TEXTS);
      return { ...base, counterparty: { name: `${payer.name} Treasury`, iban: payer.iban }, ...(text ? { unstructuredRemittance: text } : {}) };
    }
    case 'none':
      return {
        ...base,
        amount: centsText(100 + Math.floor(random() * 50_000)),
        counterparty: { name: `Unknown Payer ${i}`, iban: germanIban(`50010517${String(5_000_000_000 + i).padStart(10, '0')}`) },
        unstructuredRemittance: 'Payment',
      };
  }
}

/**
 * A camt.053 draft of `count` credits for the open items, in the {@link ENTRY_MIX}, each paying
 * its invoice in full and no invoice paid twice; with what each entry was written to find.
 */
export function statementFor(
  openItems: readonly OpenItem[],
  payerOf: (customerId: string) => GeneratedPayer,
  count: number,
  seed = 11_649,
): { draft: StatementDraft; intended: IntendedEntry[] } {
  const random = seededRandom(seed);
  // A partial Fisher-Yates shuffle: `count` distinct invoices, whatever the portfolio's size.
  const order = openItems.map((_, i) => i);
  const entries: EntryDraft[] = [];
  const intended: IntendedEntry[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
    const item = openItems[order[i]!]!;
    const intent = intentAt(random());
    entries.push(entryFor(intent, item, payerOf(item.customerId), i, random));
    intended.push(intent === 'none' ? { intent } : { intent, key: item.key });
  }
  const draft: StatementDraft = {
    messageId: `BENCH-${count}`,
    statementId: `BENCH-STMT-${count}`,
    createdAt: `${STATEMENT_AS_OF}T18:00:00+01:00`,
    iban: SELLER_IBAN,
    currency: 'EUR',
    openingBalance: '0.00' as Decimal,
    fromDate: addDays(STATEMENT_AS_OF, -3),
    toDate: STATEMENT_AS_OF,
    entries,
  };
  return { draft, intended };
}

/** How a statement's credits were decided: booked per rule, waiting per reason, and booked to the invoice meant. */
export interface MatchOutcomes {
  readonly credits: number;
  readonly byRule: Readonly<Partial<Record<MatchRule, number>>>;
  readonly unmatched: Readonly<Record<string, number>>;
  /** Per intent: entries, booked at all, booked to exactly the invoice it was written for. */
  readonly byIntent: Readonly<Record<EntryIntent, { entries: number; booked: number; asIntended: number }>>;
}

const sameKey = (a: InvoiceKey, b: InvoiceKey | undefined): boolean => b !== undefined && a.sellerKey === b.sellerKey && a.number === b.number;

/** Tallies the decisions against what each entry was written to find. */
export function outcomesOf(matches: readonly CreditMatch[], intended: readonly IntendedEntry[]): MatchOutcomes {
  const byRule: Partial<Record<MatchRule, number>> = {};
  const unmatched: Record<string, number> = {};
  const byIntent = Object.fromEntries(ENTRY_MIX.map(([intent]) => [intent, { entries: 0, booked: 0, asIntended: 0 }])) as Record<
    EntryIntent,
    { entries: number; booked: number; asIntended: number }
  >;
  matches.forEach((match, i) => {
    const { intent, key } = intended[i]!;
    const tally = byIntent[intent];
    tally.entries++;
    if (match.kind === 'unmatched') {
      unmatched[match.reason] = (unmatched[match.reason] ?? 0) + 1;
      return;
    }
    byRule[match.rule] = (byRule[match.rule] ?? 0) + 1;
    tally.booked++;
    if (match.allocations.length === 1 && sameKey(match.allocations[0]!.key, key)) tally.asIntended++;
  });
  return { credits: matches.length, byRule, unmatched, byIntent };
}
