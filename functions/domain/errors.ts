/** A run or a request names an invoice the ledger does not have. `name` is what Step Functions matches in ErrorEquals. */
export class InvoiceNotFoundError extends Error {
  override readonly name = 'InvoiceNotFoundError';
  constructor(
    readonly invoiceNumber: string,
    options?: ErrorOptions,
  ) {
    super(`no invoice ${invoiceNumber} in the ledger`, options);
  }
}
