import type { LedgerStores } from '../adapters/ledger';
import { openOn, report, type CurrencyReport } from '../domain/analytics';
import type { IsoDate } from '../domain/calendar';
import {
  byCustomer,
  CHOOSABLE_JURISDICTIONS,
  exposureCurrencyOf,
  exposureIn,
  historyOf,
  mergeProfile,
  policyLabel,
  portfolioOf,
  historiesOf,
  segmentOf,
  type Contact,
  type CreditLimit,
  type CustomerProfile,
  type ProfileUpdate,
} from '../domain/credit';
import { claimTermsOf, PARTY_KINDS, statutoryInterestRules } from '../domain/interest';
import { compareDecimals, toCents } from '../domain/money';
import { openClaimsOf, standingOfRecord } from '../domain/receivables';
import { instalmentPlanOfCase, segmentPolicyOf } from './plan-view';

/** The portfolio report as of a day, with the customers it names. */
export async function creditReport(ledger: LedgerStores, asOf: IsoDate): Promise<{ readonly reports: CurrencyReport[]; readonly customers: readonly CustomerProfile[] }> {
  const { customers, invoices } = await ledger.snapshot.read();
  return { reports: report(portfolioOf(invoices, customers), asOf), customers };
}

/** One row of the customer list: who, which segment and policy, how risky, how exposed, and its figures per currency. */
export async function customerSummaries(ledger: LedgerStores, day: IsoDate) {
  const [{ customers, invoices }, settings] = await Promise.all([ledger.snapshot.read(), ledger.settings.current()]);
  const portfolio = portfolioOf(invoices, customers);
  const reports = report(portfolio, day);
  const receivablesOf = byCustomer(portfolio);
  return customers
    .map((customer) => {
      const mine = receivablesOf.get(customer.id) ?? [];
      const currency = exposureCurrencyOf(customer, mine);
      const exposure = exposureIn(mine, currency, day);
      return {
        id: customer.id,
        name: customer.name,
        reference: customer.reference,
        segment: customer.segment,
        policy: policyLabel(segmentPolicyOf(settings, customer.segment)),
        risk: customer.risk ? { score: customer.risk.score, grade: customer.risk.grade, reasons: customer.risk.reasons.map((reason) => reason.text) } : null,
        creditLimit: customer.creditLimit,
        exposure: { amount: exposure, currency },
        overLimit: customer.creditLimit !== null && customer.creditLimit.currency === currency && compareDecimals(exposure, customer.creditLimit.amount) > 0,
        invoices: mine.length,
        figures: reports.flatMap((currencyReport) => {
          const figures = currencyReport.byCustomer[customer.id];
          return figures ? [{ currency: currencyReport.currency, ...figures }] : [];
        }),
      };
    })
    .sort((a, b) => (b.risk?.score ?? 0) - (a.risk?.score ?? 0) || a.name.localeCompare(b.name));
}

/** A customer's page: the profile and the terms its late payments are claimed on, its risk with reasons and history, credit holds, and its invoices with the claims open on them and their instalment plans. */
export async function customerDetail(ledger: LedgerStores, id: string, day: IsoDate) {
  const customer = await ledger.customers.get(id);
  if (!customer) return undefined;
  const [cases, riskChanges, creditHolds, settings, changes] = await Promise.all([
    ledger.cases.ofCustomer(id),
    ledger.riskChanges.ofCustomer(id),
    ledger.creditHolds.ofCustomer(id),
    ledger.settings.current(),
    ledger.audit.customerTrail(id),
  ]);
  const policy = segmentPolicyOf(settings, customer.segment);
  const invoices = cases.flatMap((found) => {
    const history = historyOf(found.record, found.events, customer.id, customer.segment);
    if (!history) return [];
    // The claims apart from the principal that `history` follows, as the receivables ledger has them today.
    const claimsOpen = openClaimsOf(standingOfRecord(found.record, found.events, day));
    return [{ history, claimsOpen, plan: instalmentPlanOfCase(found, policy.policy, day) }];
  });
  const histories = invoices.map(({ history }) => history);
  const currency = exposureCurrencyOf(customer, histories);
  const exposure = exposureIn(histories, currency, day);
  const { creditLimit } = customer;
  // From the profile alone: an invoice whose buyer names a country the profile lacks is claimed under that country's rule.
  const { jurisdiction } = claimTermsOf(customer, null, statutoryInterestRules);
  return {
    customer,
    claims: {
      jurisdiction,
      chosen: customer.jurisdiction !== null && jurisdiction === customer.jurisdiction,
      choices: { parties: PARTY_KINDS, jurisdictions: CHOOSABLE_JURISDICTIONS },
    },
    policy: policyLabel(policy),
    exposure: { amount: exposure, currency },
    overLimit: creditLimit !== null && creditLimit.currency === currency && compareDecimals(exposure, creditLimit.amount) > 0,
    figures: report(histories, day).map(({ currency: reportCurrency, total }) => ({ currency: reportCurrency, ...total })),
    invoices: invoices.map(({ history, claimsOpen, plan }) => ({ ...history, open: toCents(openOn(history, day)), claimsOpen: toCents(claimsOpen), plan })),
    riskChanges: riskChanges.reverse(),
    creditHolds,
    // What people changed of the profile, newest first: who, when, what.
    changes: changes.reverse(),
  };
}

/** A person's change of a customer's profile: who, when, and the id its audit entry is kept under. */
export interface ProfileChange {
  readonly by: string;
  readonly at: string;
  readonly id: string;
}

/** Rewrites a profile and keeps who changed what, in words, in the customer's trail; undefined for no such customer. */
async function changeProfile(ledger: LedgerStores, id: string, change: ProfileChange, rewrite: (profile: CustomerProfile) => CustomerProfile, describe: (before: CustomerProfile, after: CustomerProfile) => string) {
  let before: CustomerProfile | undefined;
  const after = await ledger.customers.update(id, (profile) => {
    before = profile;
    return rewrite(profile);
  });
  if (!after || !before) return undefined;
  await ledger.audit.appendToCustomer(id, { id: change.id, at: change.at, action: 'customer-changed', detail: describe(before, after), by: change.by });
  return after;
}

const termsText = (profile: CustomerProfile): string => `${profile.party}, ${profile.jurisdiction ?? 'the rule of its country'}`;
const limitText = (profile: CustomerProfile): string => (profile.creditLimit ? `${profile.creditLimit.currency} ${toCents(profile.creditLimit.amount)}` : 'none');

/** Sets whom a customer's late payments are claimed from and under which rule; undefined for no such customer. */
export const setClaimTerms = (ledger: LedgerStores, id: string, terms: Pick<ProfileUpdate, 'party' | 'jurisdiction'>, change: ProfileChange): Promise<CustomerProfile | undefined> =>
  changeProfile(
    ledger,
    id,
    change,
    (profile) => mergeProfile(profile, id, { identities: [], ...terms }, change.at),
    (before, after) => `late-payment terms ${termsText(after)} (were ${termsText(before)})`,
  );

/** Keeps another contact among a customer's (first, as the newest); undefined for no such customer. */
export const addContact = (ledger: LedgerStores, id: string, contact: Contact, change: ProfileChange, why: string): Promise<CustomerProfile | undefined> =>
  changeProfile(
    ledger,
    id,
    change,
    (profile) => mergeProfile(profile, id, { identities: [], contacts: [contact] }, change.at),
    () => `contact ${[contact.name, contact.email, contact.phone].filter(Boolean).join(', ')} added: ${why}`,
  );

/**
 * Sets a customer's credit limit (null: none), and files it under the segment its limit and
 * figures now put it in, as an import does: its runs follow from their next plan. Undefined for
 * no such customer.
 */
export async function setCreditLimit(ledger: LedgerStores, id: string, creditLimit: CreditLimit | null, change: ProfileChange, day: IsoDate): Promise<CustomerProfile | undefined> {
  const [settings, cases] = await Promise.all([ledger.settings.current(), ledger.cases.ofCustomer(id)]);
  return changeProfile(
    ledger,
    id,
    change,
    (profile) => {
      const limited = { ...profile, creditLimit, updatedAt: change.at };
      return { ...limited, segment: segmentOf(limited, historiesOf(cases, profile), settings.segments, day).segment };
    },
    (before, after) => `credit limit ${limitText(after)} (was ${limitText(before)})${after.segment === before.segment ? '' : `; segment ${after.segment} (was ${before.segment})`}`,
  );
}
