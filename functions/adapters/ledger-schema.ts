/**
 * The ledger table's key schema: shared by the DynamoDB adapter and the CDK construct that creates
 * the table, so the two can never disagree. One table holds invoices, their audit trails,
 * conflicts and quarantined files; items are told apart by their sort key's prefix.
 */
export const LEDGER_KEY = { partitionKey: 'pk', sortKey: 'sk' } as const;

/**
 * Sparse index of invoices waiting for their collections run: only items that carry both
 * attributes are in it, and they are removed once the run is started (by the sweep, or by ingest
 * for an invoice due when it arrives), so "which invoices start on or before day D" is a query
 * per month, never a table scan.
 */
export const COLLECTIONS_START_INDEX = {
  indexName: 'ByCollectionsStart',
  partitionKey: 'collectionsStartMonth',
  sortKey: 'collectionsStartOn',
  /** The sweep reads the invoice key (seller and number) from the index: nothing else is copied into it. */
  projectedAttributes: ['key'],
} as const;

/** Environment variable names the functions read and the stack sets. */
export const ENV = {
  ledgerTable: 'LEDGER_TABLE',
  documentsBucket: 'DOCUMENTS_BUCKET',
  maxInvoiceBytes: 'MAX_INVOICE_BYTES',
  stateMachineArn: 'STATE_MACHINE_ARN',
  senderAddress: 'SENDER_ADDRESS',
  configurationSet: 'SES_CONFIGURATION_SET',
  agencyId: 'AGENCY_ID',
  agencyEmail: 'AGENCY_EMAIL',
  creditManagerEmail: 'CREDIT_MANAGER_EMAIL',
  maxStatementBytes: 'MAX_STATEMENT_BYTES',
  matchThreshold: 'MATCH_THRESHOLD',
  autoAllocate: 'AUTO_ALLOCATE',
  userPoolId: 'USER_POOL_ID',
} as const;

/** Object key prefixes of the documents bucket. */
export const PREFIX = { inbox: 'inbox/', statements: 'statements/', archive: 'archive/', quarantine: 'quarantine/', agency: 'agency/' } as const;
