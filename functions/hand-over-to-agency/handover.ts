import type { DocumentStore } from '../adapters/document-store';
import { requireCase, type LedgerStores } from '../adapters/ledger';
import { PREFIX } from '../adapters/ledger-schema';
import type { Clock } from '../domain/clock';
import { executionNameOf, stepLine } from '../domain/collections';
import type { StepTaskInput } from '../adapters/task-input';
import { referenceToQuote } from '../domain/matching';
import { inCurrencyDigits, isPositive } from '../domain/money';
import { amountToCollect, openClaimsOf, standingOfRecord } from '../domain/receivables';

export interface HandoverDeps {
  readonly ledger: Pick<LedgerStores, 'cases' | 'timeline'>;
  readonly documents: DocumentStore;
  readonly clock: Clock;
  /** The agency's folder under agency/ in the documents bucket. */
  readonly agencyId: string;
  /** Tells the agency a case is waiting; once per invoice and step. */
  readonly notifyAgency: (notice: AgencyNotice, idempotencyKey: string) => Promise<unknown>;
}

export interface AgencyNotice {
  readonly invoiceNumber: string;
  readonly packageKey: string;
  readonly openAmount: string;
  /** The late-payment claims open beside the principal: the agency collects them too. */
  readonly claimsOpen: string;
  readonly currency: string;
  readonly handedOverOn: string;
  /** What the customer quotes when paying, so a payment made to the seller is matched to the invoice. */
  readonly reference: string;
}

/**
 * The HandOverToAgency task: the agency gets everything it needs to collect without asking back:
 * the canonical invoice, the original file, and the history of what was done and what happened.
 * Every write is keyed by the invoice, so a retry rewrites the same package and sends no second notice.
 */
export async function handOverToAgency(input: StepTaskInput, deps: HandoverDeps) {
  const found = await requireCase(deps.ledger.cases, input.invoiceKey);
  const folder = `${PREFIX.agency}${deps.agencyId}/${executionNameOf(input.invoiceKey)}`;
  const originalKey = `${folder}/original${found.record.archiveKey.slice(found.record.archiveKey.lastIndexOf('.'))}`;
  const packageKey = `${folder}/package.json`;
  const openAmount = amountToCollect(found.record, found.events, input.on);
  const { currency } = found.record.invoice;
  const { claims } = standingOfRecord(found.record, found.events, input.on);
  const claimsOpen = inCurrencyDigits(openClaimsOf({ claims }), currency);
  const reference = referenceToQuote(found.record);
  if (!(await deps.documents.exists(originalKey))) await deps.documents.copy(found.record.archiveKey, originalKey);
  await deps.documents.putJson(packageKey, {
    handedOverOn: input.on,
    openAmount,
    // Principal and claims apart, as the ledger booked them: the law each claim rests on is in its event.
    claims: Object.fromEntries(
      (['booked', 'paid', 'waived', 'open'] as const).map((figure) => [
        figure,
        { costs: inCurrencyDigits(claims[figure].costs, currency), interest: inCurrencyDigits(claims[figure].interest, currency) },
      ]),
    ),
    claimsOpen,
    currency,
    reference,
    invoice: found.record.invoice,
    lineCount: found.record.lineCount,
    original: originalKey,
    events: found.events,
    collectionsHistory: found.timeline,
  });
  const notice = { invoiceNumber: input.invoiceKey.number, packageKey, openAmount, claimsOpen, currency, handedOverOn: input.on, reference };
  await deps.notifyAgency(notice, `${executionNameOf(input.invoiceKey)}#${input.step.id}#agency`);
  const outcome = await deps.ledger.timeline.completeStep(input.invoiceKey, stepLine(input, deps.clock.now(), { packageKey, openAmount, ...(isPositive(claimsOpen) ? { claimsOpen } : {}) }));
  return { outcome, packageKey };
}
