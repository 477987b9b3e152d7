import { readFile } from 'node:fs/promises';
import { customerIdFor, identitiesOf } from '../../functions/domain/credit';
import { readInvoice, type CanonicalInvoice, type Party } from '../../functions/domain/einvoice';
import { collectionsProfileOf, ledgerInvoiceOf, sha256Hex, type LedgerInvoice } from '../../functions/domain/intake';
import type { CollectionsPolicy } from '../../functions/domain/policy';
import type { ScenarioInvoice } from './scenario';

const party = (name: string, overrides: Partial<Party> = {}): Party => ({
  name,
  tradingName: null,
  identifier: null,
  legalRegistrationId: null,
  vatId: null,
  electronicAddress: null,
  electronicAddressScheme: null,
  contactName: null,
  phone: null,
  email: null,
  address: null,
  ...overrides,
});

/** The canonical invoice a scenario line stands for, where it names no file: what a minimal EN 16931 invoice would say. */
const canonicalOf = (invoice: ScenarioInvoice): CanonicalInvoice => ({
  syntax: 'ubl',
  kind: invoice.kind,
  customizationId: null,
  number: invoice.number,
  issueDate: invoice.issueDate,
  typeCode: invoice.kind === 'credit-note' ? '381' : '380',
  currency: invoice.currency,
  taxCurrency: null,
  dueDate: invoice.dueDate,
  buyerReference: null,
  orderReference: null,
  precedingInvoice: null,
  paymentTerms: null,
  seller: party('credit-control demo seller', { vatId: 'DE000000000' }),
  buyer: party(invoice.customer, { identifier: invoice.customer, email: invoice.email }),
  totals: {
    lineNet: null,
    allowances: null,
    charges: null,
    taxExclusive: null,
    tax: null,
    taxInAccountingCurrency: null,
    taxInclusive: invoice.amountDue,
    paid: null,
    rounding: null,
    due: invoice.amountDue,
  },
  vatBreakdown: [],
  payment: null,
  lines: [],
});

/**
 * The ledger record of a scenario invoice, as ingest would have written it on its ingest date:
 * read from its file where it names one (fields beside the file win), else made from the line.
 */
export async function ledgerInvoiceForScenario(invoice: ScenarioInvoice, policy: CollectionsPolicy): Promise<LedgerInvoice> {
  let canonical = canonicalOf(invoice);
  let bytes: Uint8Array = Buffer.from(JSON.stringify(canonical));
  if (invoice.file) {
    bytes = await readFile(invoice.file);
    const read = await readInvoice(bytes);
    if (!read.ok) throw new Error(`${invoice.file}: ${read.error.message}`);
    canonical = {
      ...read.invoice,
      number: invoice.number,
      kind: invoice.kind,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      currency: invoice.currency,
      buyer: { ...read.invoice.buyer, email: invoice.email },
      totals: { ...read.invoice.totals, due: invoice.amountDue },
    };
  }
  const profile = collectionsProfileOf(canonical, invoice.entryDate, policy, { timeZone: invoice.timezone, language: invoice.language ?? null });
  return ledgerInvoiceOf(
    canonical,
    {
      sha256: sha256Hex(bytes),
      format: invoice.file?.toLowerCase().endsWith('.pdf') ? 'pdf' : 'xml',
      receivedAt: `${invoice.entryDate}T00:00:00.000Z`,
    },
    profile,
    customerIdFor(identitiesOf(canonical.buyer)[0]!),
  );
}
