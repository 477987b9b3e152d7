import { invoicePk, type LedgerStores } from '../adapters/ledger';
import type { Mailer } from '../adapters/mailer';
import type { IsoDate } from '../domain/calendar';
import {
  balanceOf,
  creditHoldEmail,
  creditHoldFor,
  exposureCurrencyOf,
  exposureOfBalances,
  policyLabel,
  languageForCountry,
  segmentRuleFor,
  updateFromBuyer,
  type CreditHoldAlert,
  type CustomerProfile,
  type PublishedSettings,
} from '../domain/credit';
import type { CanonicalInvoice } from '../domain/einvoice';
import { invoiceKeyOf, type LedgerInvoice } from '../domain/intake';
import { addDecimals, toCents, type Decimal } from '../domain/money';
import type { CollectionsPolicy } from '../domain/policy';

export type CustomerLedger = Pick<LedgerStores, 'customers' | 'receivables' | 'cases' | 'creditHolds' | 'riskChanges' | 'settings'>;

/** Where credit-hold alerts go besides the ledger; none when no credit manager address is set. */
export interface CreditManagerNotice {
  readonly mailer: Mailer;
  readonly address: string;
}

/** The customer an invoice belongs to, as it stands with the invoice counted. */
export interface InvoiceCustomer {
  readonly profile: CustomerProfile;
  /** The collections policy of the customer's segment, and its version's label. */
  readonly policy: CollectionsPolicy;
  readonly policyVersion: string;
  /**
   * The earliest first step of any published policy, from the due date: the run starts by then, so
   * that a move to a firmer segment before it is not too late for the firmer policy's first step.
   */
  readonly earliestFirstStepDays: number;
  /** The language and time zone its collections speak and count days in. */
  readonly language: string | null;
  readonly timeZone: string;
}

/**
 * Merges the invoice's buyer into its customer profile, counts the invoice into its exposure
 * (once, however often the file is delivered) and files the customer under the segment the
 * settings' rules give it now.
 */
export async function customerOfInvoice(invoice: CanonicalInvoice, day: IsoDate, at: string, ledger: CustomerLedger): Promise<InvoiceCustomer> {
  const settings: PublishedSettings = await ledger.settings.current();
  const amount = invoice.totals.due ?? ('0' as Decimal);
  // A new customer starts in the segment its rules give it, with this invoice as its exposure.
  let profile = await ledger.customers.upsert(updateFromBuyer(invoice.buyer, invoice.issueDate), at, (merged, isNew) =>
    isNew ? { ...merged, segment: segmentRuleFor(settings.segments, { customer: merged, exposure: amount, today: day }).segment } : merged,
  );
  const balances = await ledger.receivables.balances(profile.id);
  // The currency the daily review counts in too, so the two never file the customer differently.
  const currency = exposureCurrencyOf(profile, [...balances, { currency: invoice.currency }]);
  const key = invoiceKeyOf(invoice);
  const counted = balances.some((balance) => balance.key.sellerKey === key.sellerKey && balance.key.number === key.number);
  const before = exposureOfBalances(balances, currency);
  const exposure = counted || currency !== invoice.currency || invoice.kind !== 'invoice' ? before : toCents(addDecimals(before, amount));
  const rule = segmentRuleFor(settings.segments, { customer: profile, exposure, today: day });
  if (rule.segment !== profile.segment) {
    const from = profile.segment;
    profile = (await ledger.customers.update(profile.id, (current) => ({ ...current, segment: rule.segment }))) ?? profile;
    await ledger.riskChanges.record({
      customerId: profile.id,
      on: day,
      source: `invoice ${invoice.number}`,
      score: profile.risk?.score ?? 0,
      grade: profile.risk?.grade ?? 'low',
      segment: rule.segment,
      changes: [`segment ${from} → ${rule.segment} (invoice ${invoice.number})`],
    });
  }
  const version = settings.policies[rule.policy]!;
  return {
    profile,
    policy: version.policy,
    policyVersion: policyLabel(version),
    earliestFirstStepDays: Math.min(...Object.values(settings.policies).map((published) => published.policy.steps[0]?.offsetDays ?? 0)),
    language: profile.language ?? languageForCountry(profile.countryCode),
    timeZone: profile.timeZone,
  };
}

/**
 * Links the invoice to its customer and, when it takes the customer past its credit limit,
 * records a credit-hold alert and tells the credit manager, each once per invoice.
 */
export async function checkCredit(
  customer: InvoiceCustomer,
  record: LedgerInvoice,
  at: { readonly day: IsoDate; readonly instant: string },
  ledger: CustomerLedger,
  notice: CreditManagerNotice | null,
): Promise<CreditHoldAlert | null> {
  await ledger.receivables.link(customer.profile.id, record.key);
  // From the facts recorded so far: one recorded meanwhile keeps its own figures, from more facts.
  const balance = balanceOf(record, (await ledger.cases.get(record.key))?.events ?? []);
  if (balance) await ledger.receivables.keep(customer.profile.id, record.key, balance);
  // Read after linking: of two invoices of one customer ingested at once, the later read sees both.
  const invoice = { key: record.key, amount: record.invoice.totals.due ?? ('0' as Decimal), currency: record.invoice.currency };
  const exposure = exposureOfBalances(await ledger.receivables.balances(customer.profile.id), customer.profile.creditLimit?.currency ?? invoice.currency);
  const alert = creditHoldFor(customer.profile, invoice, exposure, at);
  if (!alert) return null;
  await ledger.creditHolds.record(alert);
  if (notice) await notice.mailer.send(creditHoldEmail(alert, notice.address), `credit-hold#${customer.profile.id}#${invoicePk(invoice.key)}`);
  return alert;
}
