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

/**
 * What a failed store call means for the file being stored. `permanent`: the store refused the
 * value itself (an item over 400 KB, a key over its size limit, a number of more than 38 digits,
 * an object or key S3 will not take), so the same call fails however often it is tried.
 * `transient`: anything else, throttling, a 5xx, a dropped connection, a timeout, and also what
 * is wrong with the deployment rather than the file (a missing table, access denied): retried,
 * and after the queue's receive count left in the dead-letter queue for a person.
 */
export type StoreErrorClass =
  | { readonly kind: 'transient' }
  | {
      readonly kind: 'permanent';
      /** The service's error code, e.g. `ValidationException`. */
      readonly code: string;
      /** The service's own words, e.g. 'Attempting to store more than 38 significant digits in a Number'. */
      readonly message: string;
      /** The call that was refused, e.g. `ledger PutItem customer invoice`, when an adapter named it. */
      readonly operation: string | null;
    };

/** Error codes by which DynamoDB and S3 refuse a value, whatever the load. */
const REFUSED_VALUE_CODES: ReadonlySet<string> = new Set([
  'ValidationException',
  'EntityTooLarge',
  'InvalidArgument',
  'KeyTooLongError',
  'MetadataTooLarge',
]);

const causesOf = (err: unknown): unknown[] => {
  const chain: unknown[] = [];
  // Bounded: an error that is its own cause must not hang the ingest.
  for (let at = err; at instanceof Error && chain.length < 8; at = at.cause) chain.push(at);
  return chain;
};

/**
 * Whether a store error can ever succeed on a retry: the one place that decides it. Sees through
 * the adapters' wrappers ({@link LedgerUnavailableError}, {@link DocumentStoreUnavailableError}) to
 * the SDK error they carry as `cause`.
 * @example classifyStoreError(new LedgerUnavailableError('ledger', 'PutItem', { cause: validationException }))
 *   // { kind: 'permanent', code: 'ValidationException', message: 'Item size has exceeded …', operation: 'ledger PutItem' }
 */
export function classifyStoreError(err: unknown): StoreErrorClass {
  const chain = causesOf(err);
  const refused = chain.find((at): at is Error => at instanceof Error && REFUSED_VALUE_CODES.has(at.name));
  if (!refused) return { kind: 'transient' };
  const adapter = chain.find((at) => at instanceof LedgerUnavailableError || at instanceof DocumentStoreUnavailableError);
  const operation =
    adapter instanceof LedgerUnavailableError
      ? `ledger ${adapter.operation}`
      : adapter instanceof DocumentStoreUnavailableError
        ? `documents ${adapter.operation}`
        : null;
  return { kind: 'permanent', code: refused.name, message: refused.message, operation };
}
