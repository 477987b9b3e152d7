import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ledgerStores } from '../../../functions/adapters/ledger';
import { isoDate } from '../../../functions/domain/calendar';
import { createLedgerTable, LOCAL_AWS } from '../../../local/emulators';
import { DynamoDbTwin } from '../../../local/twin/dynamodb';
import { storeInvoice } from '../../support/stored-invoice';

describe('the ledger snapshot', () => {
  it("gives an invoice's events in the order they were recorded, as the case store does, not in the order of their ids", async () => {
    const client = new DynamoDBClient({ ...LOCAL_AWS });
    new DynamoDbTwin().attachTo(client);
    await createLedgerTable(client, 'ledger');
    const ledger = ledgerStores(client, 'ledger');
    const record = await storeInvoice(ledger, { number: 'INV-1', customer: 'C-1' });
    await ledger.invoices.add(record);
    // Both at one instant (a paused clock): only the order of recording tells them apart.
    const at = '2026-03-11T09:00:00.000Z';
    await ledger.events.record(record.key, { type: 'dispute', date: isoDate('2026-03-11'), id: 'z-raised', recordedAt: at });
    await ledger.events.record(record.key, { type: 'dispute-resolved', date: isoDate('2026-03-11'), outcome: 'rejected', id: 'a-resolved', recordedAt: at });

    const snapshot = await ledger.snapshot.read();
    const inSnapshot = snapshot.invoices.find((invoice) => invoice.record.key.number === 'INV-1')!.events.map((event) => event.id);
    expect(inSnapshot).toEqual(['z-raised', 'a-resolved']);
    expect((await ledger.cases.get(record.key))!.events.map((event) => event.id)).toEqual(inSnapshot);
  });
});
