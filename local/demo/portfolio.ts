import { addDays, type IsoDate } from '../../functions/domain/calendar';
import { amountDueOf, writeCii, writeUbl, type DraftParty, type InvoiceDraft } from '../../functions/domain/einvoice';
import type { ProfileUpdate } from '../../functions/domain/credit';
import type { Decimal } from '../../functions/domain/money';
import type { CollectionsEvent } from '../../functions/domain/policy';
import { seededRandom } from '../seeded-random';

/** One made-up company: every name, address and number here is invented. */
interface DemoCompany extends DraftParty {
  readonly vatId: string;
  readonly language: 'en' | 'de';
}

export const SELLER = {
  name: 'Lumen Industrial Supplies GmbH',
  email: 'billing@lumen-industrial.example',
  street: 'Werkstraße 12',
  city: 'Bremen',
  postCode: '28195',
  countryCode: 'DE',
  vatId: 'DE300000017',
  iban: 'DE02120300000000202051',
} as const;

const CUSTOMERS: readonly DemoCompany[] = [
  { name: 'Aalto Kitchens Oy', email: 'ap@aalto-kitchens.example', street: 'Satamakatu 3', city: 'Helsinki', postCode: '00160', countryCode: 'FI', vatId: 'FI20000001', language: 'en' },
  { name: 'Brückner Bau AG', email: 'rechnungen@brueckner-bau.example', street: 'Lindenallee 8', city: 'Köln', postCode: '50667', countryCode: 'DE', vatId: 'DE300000025', language: 'de' },
  { name: 'Castell & Fills SL', email: 'pagos@castell-fills.example', street: 'Carrer Gran 44', city: 'Barcelona', postCode: '08002', countryCode: 'ES', vatId: 'ESB00000003', language: 'en' },
  { name: 'Dufour Ateliers SARL', email: 'compta@dufour-ateliers.example', street: '9 rue des Arts', city: 'Lyon', postCode: '69002', countryCode: 'FR', vatId: 'FR40000000004', language: 'en' },
  { name: 'Eriksen Marine AS', email: 'faktura@eriksen-marine.example', street: 'Bryggen 2', city: 'Bergen', postCode: '5003', countryCode: 'NO', vatId: 'NO900000005MVA', language: 'en' },
  { name: 'Fischer Logistik GmbH', email: 'kreditoren@fischer-logistik.example', street: 'Hafenring 21', city: 'Duisburg', postCode: '47119', countryCode: 'DE', vatId: 'DE300000033', language: 'de' },
  { name: 'Gallo Ceramiche Srl', email: 'amministrazione@gallo-ceramiche.example', street: 'Via Roma 17', city: 'Modena', postCode: '41121', countryCode: 'IT', vatId: 'IT00000000006', language: 'en' },
  { name: 'Huber Alpentechnik GmbH', email: 'buchhaltung@huber-alpen.example', street: 'Bergweg 4', city: 'Innsbruck', postCode: '6020', countryCode: 'AT', vatId: 'ATU00000007', language: 'de' },
];

const PRODUCTS: readonly { readonly name: string; readonly unitCode: string; readonly unitPrice: Decimal }[] = [
  { name: 'Stainless flange DN80', unitCode: 'C62', unitPrice: '42.50' as Decimal },
  { name: 'Hydraulic hose 2 m', unitCode: 'C62', unitPrice: '18.90' as Decimal },
  { name: 'Service technician', unitCode: 'HUR', unitPrice: '96.00' as Decimal },
  { name: 'Bearing set 6205', unitCode: 'C62', unitPrice: '7.35' as Decimal },
  { name: 'Safety valve 10 bar', unitCode: 'C62', unitPrice: '129.00' as Decimal },
];

export interface DemoInvoice {
  /** A file name that says what it is; the readers do not look at it. */
  readonly fileName: string;
  readonly content: string;
  readonly draft: InvoiceDraft;
  readonly language: 'en' | 'de';
}

export interface DemoPortfolio {
  /** What the finance system knows of some customers beyond their invoices: limits, tags, time zones. */
  readonly customers: readonly ProfileUpdate[];
  readonly invoices: readonly DemoInvoice[];
  /** What the customers will do, by invoice number: payments, disputes, promises. */
  readonly events: readonly (CollectionsEvent & { readonly invoice: string })[];
}

/** A strategic account, two with credit limits (one set to be exceeded), one in another time zone. */
const CUSTOMER_RECORDS: readonly ProfileUpdate[] = [
  { identities: ['vat:FI20000001'], reference: 'K-1001', tags: ['strategic'], timeZone: 'Europe/Helsinki', creditLimit: { amount: '50000.00' as Decimal, currency: 'EUR' } },
  { identities: ['vat:DE300000025'], reference: 'K-1002', creditLimit: { amount: '2500.00' as Decimal, currency: 'EUR' }, timeZone: 'Europe/Berlin' },
  { identities: ['vat:DE300000033'], reference: 'K-1006', creditLimit: { amount: '20000.00' as Decimal, currency: 'EUR' }, timeZone: 'Europe/Berlin' },
  { identities: ['vat:ATU00000007'], reference: 'K-1008', timeZone: 'Europe/Vienna' },
];

/**
 * A small portfolio that makes the first run interesting: invoices of made-up customers, some
 * already overdue on `today`, some due soon, in UBL and CII, with a mix of payers: prompt, late,
 * partial, disputing, promising and never paying.
 */
export function demoPortfolio(today: IsoDate, count = 24, seed = 2026): DemoPortfolio {
  const random = seededRandom(seed);
  const invoices: DemoInvoice[] = [];
  const events: (CollectionsEvent & { readonly invoice: string })[] = [];
  for (let i = 0; i < count; i++) {
    const customer = CUSTOMERS[i % CUSTOMERS.length]!;
    const issueDate = addDays(today, -75 + Math.floor(random() * 80));
    const dueDate = addDays(issueDate, i % 3 === 0 ? 14 : 30);
    const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, n) => {
      const product = PRODUCTS[(i + n) % PRODUCTS.length]!;
      return { ...product, quantity: String(1 + Math.floor(random() * 20)) as Decimal, vatRate: '19' as Decimal };
    });
    const number = `LIS-2026-${String(1001 + i)}`;
    const { language, vatId, ...party } = customer;
    const draft: InvoiceDraft = {
      number,
      issueDate,
      dueDate,
      currency: 'EUR',
      paymentTerms: i % 3 === 0 ? 'Net 14 days' : 'Net 30 days',
      seller: SELLER,
      buyer: { ...party, vatId },
      lines,
    };
    const ubl = i % 2 === 0;
    invoices.push({ fileName: `${number}.${ubl ? 'ubl' : 'cii'}.xml`, content: ubl ? writeUbl(draft) : writeCii(draft), draft, language });
    const due = amountDueOf(draft);
    // Six kinds of payer, in turn: prompt, disputing, promising (and keeping it), late, and two who never pay.
    const behaviour = i % 6;
    if (behaviour === 0) events.push({ invoice: number, type: 'payment', date: addDays(dueDate, -2), amount: due });
    if (behaviour === 1) events.push({ invoice: number, type: 'dispute', date: addDays(dueDate, 10), reason: 'quantity', note: 'the buyer counts fewer units delivered than billed' });
    if (behaviour === 2) {
      events.push({ invoice: number, type: 'promise', date: addDays(dueDate, 16), promisedDate: addDays(dueDate, 25) });
      events.push({ invoice: number, type: 'payment', date: addDays(dueDate, 24), amount: due });
    }
    if (behaviour === 3) events.push({ invoice: number, type: 'payment', date: addDays(dueDate, 20), amount: due });
  }
  return { customers: CUSTOMER_RECORDS, invoices, events };
}
