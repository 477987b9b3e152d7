import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { documentsFromEnv, ledgerFromEnv, logger, mailerFromEnv, requiredEnv } from '../adapters/env';
import { countStep, publishMetrics, traceInvocation } from '../adapters/telemetry';
import { ENV } from '../adapters/ledger-schema';
import type { Mailer } from '../adapters/mailer';
import { StepTaskInput } from '../adapters/task-input';
import { systemClock } from '../domain/clock';
import { escapeHtml } from '../domain/reminders';
import { handOverToAgency, type AgencyNotice, type HandoverDeps } from './handover';

/** The notice the agency gets: where the package is and what is open; no customer details in the mail itself. */
export const agencyNoticeTo = (agencyEmail: string, mailer: Mailer) => (notice: AgencyNotice, idempotencyKey: string) =>
  mailer.send(
    {
      to: agencyEmail,
      subject: `New collection case: invoice ${notice.invoiceNumber}`,
      text: [
        `A collection case was handed over on ${notice.handedOverOn}.`,
        `Invoice ${notice.invoiceNumber}, open amount ${notice.currency} ${notice.openAmount}, late-payment claims open ${notice.currency} ${notice.claimsOpen}.`,
        `Payments to the seller quoting ${notice.reference} are matched to the invoice.`,
        `The package (canonical invoice, original file, collection history) is at ${notice.packageKey}.`,
      ].join('\n'),
      html: `<p>A collection case was handed over on ${notice.handedOverOn}: invoice ${escapeHtml(notice.invoiceNumber)}, open amount ${notice.currency} ${notice.openAmount}, late-payment claims open ${notice.currency} ${notice.claimsOpen}.</p><p>Payments to the seller quoting ${escapeHtml(notice.reference)} are matched to the invoice.</p><p>Package: <code>${escapeHtml(notice.packageKey)}</code></p>`,
      language: 'en',
      template: 'agency-notice',
    },
    idempotencyKey,
  );

export const makeHandler = (deps: HandoverDeps) =>
  middy<unknown, Awaited<ReturnType<typeof handOverToAgency>>>()
    .use(traceInvocation())
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(publishMetrics())
    .handler(async (event) => {
      const input = StepTaskInput.parse(event);
      logger.appendKeys({ invoiceNumber: input.invoiceKey.number, stepId: input.step.id });
      const result = await handOverToAgency(input, deps);
      countStep(result.outcome);
      return result;
    });

export const handler = makeHandler({
  ledger: ledgerFromEnv(),
  documents: documentsFromEnv(),
  clock: systemClock,
  agencyId: requiredEnv(process.env, ENV.agencyId),
  notifyAgency: agencyNoticeTo(requiredEnv(process.env, ENV.agencyEmail), mailerFromEnv()),
});
