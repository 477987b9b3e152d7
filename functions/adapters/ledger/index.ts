import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAccountStore, type AccountStore } from './account-store';
import { DynamoAuditStore, type AuditStore } from './audit-store';
import { DynamoBankStore, type BankStore } from './bank-store';
import { DynamoCallTaskStore, type CallTaskStore } from './call-task-store';
import { DynamoCaseStore, type CaseStore } from './case-store';
import { DynamoContactTaskStore, type ContactTaskStore } from './contact-task-store';
import { DynamoCreditHoldStore, type CreditHoldStore } from './credit-hold-store';
import { DynamoCustomerStore, type CustomerStore } from './customer-store';
import { DynamoDeliveryStore, type DeliveryStore } from './delivery-store';
import { DynamoEventStore, type EventStore } from './event-store';
import { DynamoInvoiceStore, type InvoiceStore } from './invoice-store';
import { DynamoQuarantineStore, type QuarantineStore } from './quarantine-store';
import { DynamoReceivableStore, type ReceivableStore } from './receivable-store';
import { DynamoRiskChangeStore, type RiskChangeStore } from './risk-change-store';
import { DynamoRunStore, type RunStore } from './run-store';
import { DynamoSendClaims, type SendClaims } from './send-claims';
import { DynamoSettingsStore, type SettingsStore } from './settings-store';
import { DynamoSnapshotReader, type SnapshotReader } from './snapshot';
import { LedgerTable } from './table';
import { DynamoTimelineStore, type TimelineStore } from './timeline-store';

export type { AccountStore } from './account-store';
export type { AuditStore } from './audit-store';
export type { BankStore, StatementReceipt } from './bank-store';
export type { CallTaskRecord, CallTaskStore } from './call-task-store';
export { requireCase, type CaseStore, type CollectionsCase } from './case-store';
export type { ContactTaskStore } from './contact-task-store';
export type { CreditHoldStore } from './credit-hold-store';
export type { CustomerStore } from './customer-store';
export type { DeliveryStore, SendState, SentDelivery } from './delivery-store';
export type { EventStore, RecordEventOutcome } from './event-store';
export type { AddOutcome, InvoiceStore } from './invoice-store';
export { invoicePk } from './keys';
export type { QuarantineStore } from './quarantine-store';
export type { ReceivableStore } from './receivable-store';
export type { RiskChange, RiskChangeStore } from './risk-change-store';
export type { RunStore } from './run-store';
export type { SendClaims } from './send-claims';
export type { SettingsStore } from './settings-store';
export type { LedgerSnapshot, SnapshotReader } from './snapshot';
export type { TimelineStore } from './timeline-store';

/** The ledger table's stores, one per item family; a caller's deps name the few it uses (`Pick<LedgerStores, 'cases' | 'events'>`). */
export interface LedgerStores {
  readonly invoices: InvoiceStore;
  readonly audit: AuditStore;
  readonly quarantine: QuarantineStore;
  readonly cases: CaseStore;
  readonly events: EventStore;
  readonly timeline: TimelineStore;
  readonly runs: RunStore;
  readonly callTasks: CallTaskStore;
  readonly contactTasks: ContactTaskStore;
  readonly sendClaims: SendClaims;
  readonly deliveries: DeliveryStore;
  readonly customers: CustomerStore;
  readonly receivables: ReceivableStore;
  readonly creditHolds: CreditHoldStore;
  readonly riskChanges: RiskChangeStore;
  readonly settings: SettingsStore;
  readonly snapshot: SnapshotReader;
  readonly accounts: AccountStore;
  readonly bank: BankStore;
}

/** The stores over one table and client; they hold no state of their own, so one set per cold start serves every call. */
export function ledgerStores(client: DynamoDBClient, tableName: string): LedgerStores {
  const table = new LedgerTable(client, tableName);
  const audit = new DynamoAuditStore(table);
  const receivables = new DynamoReceivableStore(table);
  return {
    invoices: new DynamoInvoiceStore(table),
    audit,
    quarantine: new DynamoQuarantineStore(table),
    cases: new DynamoCaseStore(table, receivables),
    events: new DynamoEventStore(table, audit),
    timeline: new DynamoTimelineStore(table, audit),
    runs: new DynamoRunStore(table),
    callTasks: new DynamoCallTaskStore(table),
    contactTasks: new DynamoContactTaskStore(table),
    sendClaims: new DynamoSendClaims(table),
    deliveries: new DynamoDeliveryStore(table),
    customers: new DynamoCustomerStore(table),
    receivables,
    creditHolds: new DynamoCreditHoldStore(table),
    riskChanges: new DynamoRiskChangeStore(table),
    settings: new DynamoSettingsStore(table),
    snapshot: new DynamoSnapshotReader(table),
    accounts: new DynamoAccountStore(table),
    bank: new DynamoBankStore(table),
  };
}
