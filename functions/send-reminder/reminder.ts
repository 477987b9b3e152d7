import { requireCase, type CollectionsCase, type LedgerStores, type SendState } from '../adapters/ledger';
import type { Mailer } from '../adapters/mailer';
import type { StepTaskInput } from '../adapters/task-input';
import { laterOf } from '../domain/calendar';
import { today, type Clock } from '../domain/clock';
import { collectionsInvoiceOf, executionNameOf, stepLine, type RecordedEvent } from '../domain/collections';
import type { CustomerProfile } from '../domain/credit';
import { NO_ADDRESS_REASON, noAddressReason, reminderAddressOf, undeliverableMarkOf } from '../domain/deliveries';
import type { LedgerInvoice } from '../domain/intake';
import { claimTermsOf, type InterestRules } from '../domain/interest';
import { referenceToQuote } from '../domain/matching';
import { addDecimals, inCurrencyDigits, isPositive } from '../domain/money';
import { instalmentPlanOn, planReminderOf, policyFrom, upcomingStepDate, type CollectionsPolicy, type InstalmentPlanStanding, type PolicyStep } from '../domain/policy';
import { amountToCollect, claimToBook, lateClaimOf, openClaimsOf, standingOfRecord } from '../domain/receivables';
import { reminderFor, type ClaimsStatement, type InstalmentReminder } from '../domain/reminders';
import { markUndeliverable } from '../record-delivery/record';

export interface ReminderDeps {
  readonly ledger: Pick<LedgerStores, 'cases' | 'timeline' | 'events' | 'customers' | 'deliveries' | 'contactTasks'>;
  readonly mailer: Mailer;
  readonly clock: Clock;
  /** The statutory interest rules and rates a claiming step books and states its claim under (the shipped ones, or a user's); null: no claims are booked (a simulation of the policy's timeline alone). */
  readonly interestRules: InterestRules | null;
}

/** The step a task names, among the policy's steps and its claims schedule; null for a plan reminder, which is no step of the policy. */
const stepOf = (policy: CollectionsPolicy, id: string): PolicyStep | null => [...policy.steps, ...policy.claimsSchedule].find((step) => step.id === id) ?? null;

/**
 * A claiming step books the claims accrued to its day before it states them: the interest beyond
 * what is booked already and the fixed compensation once, as one ledger event whose id is the
 * step's and the day's, so a retried step books nothing twice. The events with it are returned.
 */
async function bookClaims(
  found: CollectionsCase,
  customer: CustomerProfile | null,
  input: StepTaskInput,
  deps: ReminderDeps,
): Promise<{ readonly events: readonly RecordedEvent[]; readonly rate: Pick<ClaimsStatement, 'law' | 'referenceRatePercent' | 'marginPercent'> | null }> {
  const { record } = found;
  if (!deps.interestRules) return { events: found.events, rate: null };
  // Whom the claims are against and under which rule: the customer's profile says (business or consumer, a chosen jurisdiction), else the buyer's country.
  const terms = claimTermsOf(customer, record.invoice.buyer.address?.countryCode ?? null, deps.interestRules);
  const claim = lateClaimOf(record, found.events, input.on, deps.interestRules, terms);
  if (!claim) return { events: found.events, rate: null };
  const rate = { law: claim.law, referenceRatePercent: claim.referenceRatePercent, marginPercent: claim.marginPercent };
  const toBook = claimToBook(standingOfRecord(record, found.events, input.on), claim);
  if (!toBook) return { events: found.events, rate };
  const booking: RecordedEvent = {
    type: 'claim',
    date: input.on,
    interest: toBook.interest,
    costs: toBook.costs,
    order: claim.allocationOrder,
    step: input.step.id,
    law: claim.law,
    id: `claim:${input.step.id}:${input.on}`,
    recordedAt: deps.clock.now().toISOString(),
  };
  const written = await deps.ledger.events.record(record.key, booking);
  return { events: written.outcome === 'recorded' ? [...found.events, booking] : found.events, rate };
}

/**
 * The instalment a plan reminder is for, as the run's replay holds the plan (`instalmentPlanOn`, the
 * one reading of a plan); null when the plan it was for is no longer the invoice's.
 */
function instalmentOf(plan: InstalmentPlanStanding | null, stepId: string, currency: string): InstalmentReminder | null {
  const reminder = planReminderOf(stepId);
  const instalment = reminder && plan?.date === reminder.since ? plan.instalments[reminder.instalment - 1] : undefined;
  if (!reminder || !plan || !instalment) return null;
  return {
    planDate: plan.date,
    instalment: reminder.instalment,
    instalments: plan.instalments.length,
    date: instalment.date,
    amount: instalment.amount,
    paidSincePlan: inCurrencyDigits(plan.paidSince, currency),
  };
}

/**
 * The SendReminder task: the e-mail of the step, asking for what is still open, at most once per
 * invoice and step however often the task is retried. A step that claims (`claims: true`) books
 * the claims accrued to its day first and states exactly the booked figures, principal and
 * claims apart. An invoice without a buyer e-mail address, or whose address the customer's
 * profile marks undeliverable, completes the step without one, and the timeline and the
 * deliveries say so (`no-address`, with the reason), for a collector to follow up. The balance
 * is read again just before sending, with every fact recorded by now: a payment that came in
 * after the plan chose the step means no e-mail, and the timeline says it was settled.
 */
export async function sendReminder(input: StepTaskInput & { readonly policy?: unknown }, deps: ReminderDeps) {
  const found = await requireCase(deps.ledger.cases, input.invoiceKey);
  const { record } = found;
  const { currency } = record.invoice;
  const invoice = collectionsInvoiceOf(record);
  const policy = policyFrom(input.policy);
  const step = stepOf(policy, input.step.id);
  const day = laterOf(input.on, today(deps.clock, record.collections.timeZone));
  const customer = record.customerId ? ((await deps.ledger.customers.get(record.customerId)) ?? null) : null;
  const booked = step?.claims ? await bookClaims(found, customer, input, deps) : { events: found.events, rate: null };
  const { events } = booked;
  const openAmount = amountToCollect(record, events, day);
  const standing = standingOfRecord(record, events, day);
  const claimsOpen = inCurrencyDigits(openClaimsOf(standing), currency);
  const claims: ClaimsStatement | null =
    booked.rate && (isPositive(standing.claims.booked.interest) || isPositive(standing.claims.booked.costs))
      ? {
          ...booked.rate,
          interest: inCurrencyDigits(standing.claims.booked.interest, currency),
          compensation: isPositive(standing.claims.booked.costs) ? inCurrencyDigits(standing.claims.booked.costs, currency) : null,
          paid: inCurrencyDigits(addDecimals(standing.claims.paid.costs, standing.claims.paid.interest), currency),
          open: claimsOpen,
        }
      : null;
  const instalment = step === null ? instalmentOf(instalmentPlanOn({ invoice, events, policy, today: day }), input.step.id, currency) : undefined;
  const owes = isPositive(openAmount) || (claims !== null && isPositive(claims.open));
  const { buyer } = record.invoice;
  const buyerEmail = reminderAddressOf(buyer);
  // Nothing is sent into a bounce twice: an address that bounced permanently or drew a complaint gets no reminder.
  const undeliverable = buyerEmail ? undeliverableMarkOf(customer?.undeliverable ?? [], buyerEmail) : undefined;
  const undeliverableReason = undeliverable ? noAddressReason(undeliverable) : null;
  const noAddress = buyerEmail ? undeliverableReason : NO_ADDRESS_REASON;
  // A plan reminder whose plan was replaced by another has nothing to remind of.
  let detail: Record<string, string> = {
    openAmount,
    delivery: !owes ? 'settled' : instalment === null ? 'no-plan' : 'no-address',
    ...(owes && instalment !== null && undeliverableReason !== null ? { deliveryReason: undeliverableReason } : {}),
  };
  if (buyerEmail && noAddress === null && owes && instalment !== null) {
    const message = reminderFor({
      step: { id: input.step.id, kind: 'email' },
      claims,
      ...(instalment ? { instalment } : {}),
      invoice: {
        number: record.invoice.number,
        currency,
        openAmount,
        dueDate: invoice.dueDate,
        issueDate: invoice.issueDate,
        sellerName: record.invoice.seller.name ?? '',
        buyerName: record.invoice.buyer.name ?? '',
        buyerEmail,
        language: record.collections.language,
        payment: { iban: record.invoice.payment?.iban ?? null, bic: record.invoice.payment?.bic ?? null, reference: referenceToQuote(record) },
      },
      today: input.on,
      agencyHandoverOn: upcomingStepDate({ invoice, events, policy, today: input.on }, 'agency-handover'),
    });
    const occurrence = input.step.occurrence ? `@${input.step.occurrence}` : '';
    const sent = await deps.mailer.send(message, `${executionNameOf(input.invoiceKey)}#${input.step.id}${occurrence}`);
    detail = {
      openAmount,
      template: message.template,
      delivery: sent.status,
      ...('messageId' in sent ? { messageId: sent.messageId } : {}),
      // What the e-mail stated, as booked: the figures a person answers the customer with.
      ...(claims ? { interest: claims.interest, claimsOpen: claims.open, ...(claims.compensation ? { compensation: `${currency} ${claims.compensation}` } : {}) } : {}),
    };
  }
  if (owes && instalment !== null) await recordDelivery(record, input, detail, noAddress, deps);
  const outcome = await deps.ledger.timeline.completeStep(input.invoiceKey, stepLine(input, deps.clock.now(), detail));
  return { outcome, delivery: detail.delivery ?? 'no-address', detail };
}

/**
 * The step's e-mail in the ledger's deliveries, per invoice and step, as the send left it: SES's
 * events move it on from there. One that came before this record (its handler found no send to
 * match) is acted on here, as the handler would have.
 */
async function recordDelivery(record: LedgerInvoice, input: StepTaskInput, detail: Readonly<Record<string, string>>, noAddress: string | null, deps: ReminderDeps): Promise<void> {
  const messageId = detail.messageId ?? null;
  const state: SendState = messageId !== null ? 'sent' : noAddress !== null ? 'no-address' : 'unconfirmed';
  const delivery = {
    invoiceKey: input.invoiceKey,
    customerId: record.customerId,
    stepId: input.step.id,
    ...(input.step.occurrence ? { occurrence: input.step.occurrence } : {}),
    on: input.on,
    messageId,
    reason: noAddress,
    recordedAt: deps.clock.now().toISOString(),
  };
  const reported = await deps.ledger.deliveries.recordSend(delivery, state);
  if (messageId !== null) for (const event of reported) await markUndeliverable(delivery, messageId, event, deps);
}
