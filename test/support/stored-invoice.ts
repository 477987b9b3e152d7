import type { LedgerStores } from '../../functions/adapters/ledger';
import { balanceOf } from '../../functions/domain/credit';

import type { InvoiceHeader, LedgerInvoice } from '../../functions/domain/intake';
import { STANDARD_POLICY } from '../../functions/domain/policy';
import { ledgerInvoiceForScenario } from '../../local/simulate/ledger-invoice';
import type { ScenarioInvoice } from '../../local/simulate/scenario';
import { scenarioInvoice } from './scenario-invoice';

/** An invoice in the ledger as ingest leaves it: the record, linked to its customer with the balance it starts from. */
export async function storeInvoice(
  ledger: Pick<LedgerStores, 'invoices' | 'receivables'>,
  overrides: Partial<ScenarioInvoice> = {},
  reshape: (invoice: InvoiceHeader) => InvoiceHeader = (invoice) => invoice,
): Promise<LedgerInvoice> {
  const scenario = await ledgerInvoiceForScenario(scenarioInvoice(overrides), STANDARD_POLICY);
  const record = { ...scenario, invoice: reshape(scenario.invoice) };
  await ledger.invoices.add(record);
  await ledger.receivables.link(record.customerId, record.key);
  await ledger.receivables.keep(record.customerId, record.key, balanceOf(record, [])!);
  return record;
}
