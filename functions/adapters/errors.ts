/** The ledger could not be read or written: retried by the caller's platform (SQS, Step Functions). */
export class LedgerUnavailableError extends Error {
  override readonly name = 'LedgerUnavailableError';
  constructor(
    readonly tableName: string,
    readonly operation: string,
    options?: ErrorOptions,
  ) {
    super(`ledger table ${tableName} failed on ${operation}`, options);
  }
}

/** The document store could not be read or written. */
export class DocumentStoreUnavailableError extends Error {
  override readonly name = 'DocumentStoreUnavailableError';
  constructor(
    readonly bucket: string,
    readonly operation: string,
    options?: ErrorOptions,
  ) {
    super(`documents bucket ${bucket} failed on ${operation}`, options);
  }
}

/** SES refused to send for now (throttling, sending quota): nothing was sent, a retry later will send. */
export class MailerThrottledError extends Error {
  override readonly name = 'MailerThrottledError';
}

/** SES answered with an error: nothing was sent. */
export class MailerUnavailableError extends Error {
  override readonly name = 'MailerUnavailableError';
}
