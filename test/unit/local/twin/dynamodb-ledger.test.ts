import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerStores, type LedgerStores } from '../../../../functions/adapters/ledger';
import { isoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';
import { createLedgerTable, LOCAL_AWS } from '../../../../local/emulators';
import { DynamoDbTwin } from '../../../../local/twin/dynamodb';
import { startDynalite, type RunningDynalite } from '../../../support/dynalite';
import { storeInvoice } from '../../../support/stored-invoice';

const TABLE = 'ledger';

/**
 * A few real flows of the ledger's stores, on the table the local host creates: an invoice added
 * (and offered again), events recorded with their sequence, a run started and flagged, a case
 * read back, customers and a scan of item types. What the stores answer is all a caller sees.
 */
async function flows(ledger: LedgerStores): Promise<unknown[]> {
  const seen: unknown[] = [];
  const record = await storeInvoice(ledger, { number: 'INV-1', customer: 'C-1', amountDue: '1200.10' as Decimal });
  const other = await storeInvoice(ledger, { number: 'INV-2', customer: 'C-1', dueDate: isoDate('2026-03-20'), amountDue: '99999999999999999.99' as Decimal });
  seen.push(await ledger.invoices.add(record), await ledger.invoices.add({ ...record, documentSha256: 'another file' }));
  seen.push(await ledger.events.record(record.key, { type: 'dispute', date: isoDate('2026-03-11'), id: 'e1', recordedAt: '2026-03-11T09:00:00.000Z' }));
  seen.push(await ledger.events.record(record.key, { type: 'payment', date: isoDate('2026-03-12'), amount: '100.05' as Decimal, id: 'e2', recordedAt: '2026-03-12T09:00:00.000Z' }));
  seen.push(await ledger.events.record(record.key, { type: 'dispute', date: isoDate('2026-03-11'), id: 'e1', recordedAt: '2026-03-11T09:00:00.000Z' }));
  seen.push(await ledger.events.record(record.key, { type: 'dispute', date: isoDate('2026-03-13'), id: 'e1', recordedAt: '2026-03-13T09:00:00.000Z' }));
  seen.push(await ledger.runs.invoicesToStart(isoDate('2026-04-30')));
  await ledger.runs.markStarted(record.key, 'run-inv-1');
  seen.push(await ledger.runs.invoicesToStart(isoDate('2026-04-30')));
  await ledger.runs.park(other.key, { token: 'token-1', wakeAt: '2026-04-01T00:00:00.000Z' });
  const { id } = await ledger.customers.upsert({ identities: ['vat:DE300000017'], name: 'Lisbon Trading', countryCode: 'DE' }, '2026-03-01T00:00:00.000Z');
  await ledger.runs.flagForLegal(record.key, id, isoDate('2026-05-02'));
  await ledger.runs.flagForLegal(record.key, id, isoDate('2026-05-09'));
  seen.push(await ledger.cases.get(record.key), await ledger.cases.get(other.key));
  seen.push(await ledger.audit.trail(record.key));
  seen.push(await ledger.customers.get(id), await ledger.customers.idOf(['vat:DE300000017']));
  seen.push(await ledger.receivables.balances('C-1'));
  const snapshot = await ledger.snapshot.read();
  seen.push(
    snapshot.customers,
    [...snapshot.invoices].sort((a, b) => a.record.key.number.localeCompare(b.record.key.number)),
    (await ledger.snapshot.invoiceKeys()).sort((a, b) => a.number.localeCompare(b.number)),
  );
  await ledger.invoices.withdraw({ ...other, documentSha256: 'not its file' });
  await ledger.invoices.withdraw(other);
  seen.push(await ledger.invoices.get(other.key), await ledger.cases.ofCustomer('C-1'));
  return seen;
}

describe('the ledger stores through the DynamoDB twin', () => {
  let reference: RunningDynalite;

  beforeAll(async () => {
    reference = await startDynalite();
  });
  afterAll(() => reference.stop());

  it('give the answers they give on dynalite', async () => {
    const twin = new DynamoDbTwin();
    const attached = new DynamoDBClient({ ...LOCAL_AWS });
    twin.attachTo(attached);
    await createLedgerTable(attached, TABLE);
    await createLedgerTable(reference.client, TABLE);

    const [onTwin, onDynalite] = [await flows(ledgerStores(attached, TABLE)), await flows(ledgerStores(reference.client, TABLE))];

    expect(onTwin).toEqual(onDynalite);
    expect(onTwin[0]).toEqual({ outcome: 'duplicate', existing: expect.objectContaining({ documentSha256: expect.any(String) }) });
    expect(onTwin[2]).toEqual({ outcome: 'recorded' });
    expect(onTwin[5]).toEqual({ outcome: 'conflict', existing: expect.objectContaining({ id: 'e1', date: '2026-03-11' }) });
    await twin.close();
  });
});
