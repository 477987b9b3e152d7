/**
 * A DynamoDB "twin": DynamoDB in process, with DynamoDB's semantics (errors included) for
 * everything the ledger uses, so that handlers, adapters and SDK clients stay exactly as in AWS.
 *
 * - `new DynamoDbTwin({ journal? })`: the tables, in memory; with a journal file, kept across processes.
 * - `twin.attachTo(client)`: the client's commands are answered in process (no HTTP, signing or JSON).
 * - `twin.listen()`: the same twin over HTTP on loopback, for another process's plain SDK client.
 * - `twin.close()`: stops serving and closes the journal.
 *
 * It answers CreateTable, DescribeTable, DeleteTable, ListTables, PutItem, GetItem, UpdateItem,
 * DeleteItem, Query, Scan, BatchGetItem and BatchWriteItem, with expression parameters (the legacy
 * ones, such as `Expected` or `KeyConditions`, are refused by name); not transactions, PartiQL,
 * streams, TTL, local secondary indexes or capacity figures.
 */
export { DynamoDbTwin, type DynamoDbTwinOptions } from './twin';
export { JournalCorruptError } from './journal';
