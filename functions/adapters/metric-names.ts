/**
 * The handlers' own CloudWatch metrics: shared by the handlers that count them and the dashboard
 * that shows them (lib/operations.ts), so the two can never disagree. Every one is a count, with
 * Powertools' one dimension `service`, the function's folder (e.g. `send-reminder`): no invoice,
 * customer or address ever becomes a dimension.
 */
export const METRICS_NAMESPACE = 'CreditControl';

/** The dimension Powertools gives every metric: the function's POWERTOOLS_SERVICE_NAME. */
export const SERVICE_DIMENSION = 'service';

export const METRIC = {
  /** Files read into the ledger (a new invoice, or one it already had), or statements booked. */
  filesIngested: 'FilesIngested',
  /** Files refused whole, kept under quarantine/ with their reason. */
  filesQuarantined: 'FilesQuarantined',
  /** Collections steps (reminder, call task, handover, legal flag) done for the first time; a retried step counts 0. */
  stepsRun: 'StepsRun',
  /** E-mails SES accepted; one an earlier attempt sent counts 0. */
  emailsSent: 'EmailsSent',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
