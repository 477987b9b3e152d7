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
