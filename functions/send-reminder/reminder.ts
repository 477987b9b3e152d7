import { requireCase, type LedgerStores } from '../adapters/ledger';
import type { Mailer } from '../adapters/mailer';
import type { StepTaskInput } from '../adapters/task-input';
import { laterOf } from '../domain/calendar';
import { today, type Clock } from '../domain/clock';
import { collectionsInvoiceOf, executionNameOf, stepLine } from '../domain/collections';
import { referenceToQuote } from '../domain/matching';
import { isPositive } from '../domain/money';
import { amountToCollect, lateClaimOf } from '../domain/receivables';
import type { InterestRules } from '../domain/interest';
import { policyFrom, upcomingStepDate } from '../domain/policy';
import { reminderFor } from '../domain/reminders';

export interface ReminderDeps {
  readonly ledger: Pick<LedgerStores, 'cases' | 'timeline'>;
  readonly mailer: Mailer;
  readonly clock: Clock;
  /** The statutory interest rules and rates a claiming step states its claim under (the shipped ones, or a user's). */
  readonly interestRules: InterestRules;
}

/**
 * The SendReminder task: the e-mail of the step, asking for what is still open, at most once per
 * invoice and step however often the task is retried. An invoice without a buyer e-mail address
 * completes the step without one, and the timeline says so, for a collector to follow up.
 * The balance is read again just before sending, with every fact recorded by now: a payment that
 * came in after the plan chose the step means no e-mail, and the timeline says it was settled.
 */
export async function sendReminder(input: StepTaskInput & { readonly policy?: unknown }, deps: ReminderDeps) {
  const found = await requireCase(deps.ledger.cases, input.invoiceKey);
  const { record } = found;
  const invoice = collectionsInvoiceOf(record);
  const openAmount = amountToCollect(record, found.events, laterOf(input.on, today(deps.clock, record.collections.timeZone)));
  const { buyer } = record.invoice;
  // BT-49 with scheme EM is an e-mail address too, where the buyer gave no contact e-mail (BT-58).
  const buyerEmail = buyer.email ?? (buyer.electronicAddressScheme === 'EM' ? buyer.electronicAddress : null);
  let detail: Record<string, string> = { openAmount, delivery: isPositive(openAmount) ? 'no-address' : 'settled' };
  if (buyerEmail && isPositive(openAmount)) {
    const policy = policyFrom(input.policy);
    const claims = policy.steps.find((step) => step.id === input.step.id)?.claims === true;
    const claim = claims ? lateClaimOf(record, found.events, input.on, deps.interestRules) : null;
    const message = reminderFor({
      step: { id: input.step.id, kind: 'email' },
      claim,
      invoice: {
        number: record.invoice.number,
        currency: record.invoice.currency,
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
      agencyHandoverOn: upcomingStepDate({ invoice, events: found.events, policy, today: input.on }, 'agency-handover'),
    });
    const sent = await deps.mailer.send(message, `${executionNameOf(input.invoiceKey)}#${input.step.id}`);
    detail = {
      openAmount,
      template: message.template,
      delivery: sent.status,
      ...('messageId' in sent ? { messageId: sent.messageId } : {}),
      // What the e-mail claimed, for the trail: the figures a person answers the customer with.
      ...(claim ? { interest: claim.interest, ...(claim.compensation ? { compensation: `${claim.compensation.currency} ${claim.compensation.amount}` } : {}) } : {}),
    };
  }
  const outcome = await deps.ledger.timeline.completeStep(input.invoiceKey, stepLine(input, deps.clock.now(), detail));
  return { outcome, delivery: detail.delivery ?? 'no-address', detail };
}
