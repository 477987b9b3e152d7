import { addDays, type IsoDate } from '../../functions/domain/calendar';
import type { InvoiceKey } from '../../functions/domain/intake';
import { rfReferenceOf } from '../../functions/domain/matching';
import type { Decimal } from '../../functions/domain/money';
import { writeCamt053, type EntryDraft } from './camt053-writer';
import { SELLER } from './portfolio';


/** A payment a demo customer will make by bank transfer, and how the payer fills in the transfer. */
export interface DemoTransfer {
  readonly invoice: InvoiceKey;
  readonly date: IsoDate;
  readonly amount: Decimal;
  readonly payer: string;
  /** rf: quotes the RF reference of the reminder; number: writes the invoice number in its own way; vague: neither, from an unknown account. */
  readonly style: 'rf' | 'number' | 'vague';
  /** The bank takes the transfer back a week after (the payer's account was closed). */
  readonly returned: boolean;
}

/** A made-up IBAN per payer, checksum-valid, so the payer is known again by it. */
const payerIban = (index: number): string => {
  const account = `5001${String(index).padStart(6, '0')}`;
  const bank = '37040044';
  const digits = `${bank}${account}131400`;
  const check = 98 - Number(BigInt(digits) % 97n);
  return `DE${String(check).padStart(2, '0')}${bank}${account}`;
};

/**
 * How the demo customers pay the invoices they pay after the first day: most by transfer quoting
 * the reminder's RF reference or the invoice number, one in five with a vague text from an account
 * nobody knows (for the unmatched queue), and the earliest transfer returned by the bank a week later.
 */
export function demoTransfers(payments: readonly { readonly invoice: InvoiceKey; readonly date: IsoDate; readonly amount: Decimal; readonly payer: string }[]): DemoTransfer[] {
  const first = payments.reduce<IsoDate | null>((earliest, payment) => (earliest === null || payment.date < earliest ? payment.date : earliest), null);
  let returned = false;
  return payments.map((payment, index) => {
    const style = index % 5 === 4 ? 'vague' : index % 2 === 0 ? 'rf' : 'number';
    // The earliest transfer that names its invoice comes back, so the demo shows a return within its first weeks.
    const comesBack = !returned && style !== 'vague' && payment.date === first;
    returned ||= comesBack;
    return { ...payment, style, returned: comesBack };
  });
}

const creditOf = (transfer: DemoTransfer, payers: readonly string[]): EntryDraft => {
  const base = {
    amount: transfer.amount,
    creditDebit: 'CRDT' as const,
    bookingDate: transfer.date,
    bankReference: `DEMO-${transfer.invoice.number}-${transfer.date}`,
    endToEndId: `E2E-${transfer.invoice.number}`,
  };
  if (transfer.style === 'vague') return { ...base, counterparty: { name: 'Privatkonto', iban: payerIban(900) }, unstructuredRemittance: 'Zahlung Warenlieferung' };
  const counterparty = { name: transfer.payer, iban: payerIban(payers.indexOf(transfer.payer)) };
  return transfer.style === 'rf'
    ? { ...base, counterparty, creditorReference: rfReferenceOf(transfer.invoice) }
    : { ...base, counterparty, unstructuredRemittance: `Rg. ${transfer.invoice.number.replace(/-/g, ' ')} / thank you` };
};

/**
 * The camt.053 of the demo account for the week before `statementDay`: the transfers booked in
 * those seven days, and the returns of transfers booked the week before.
 */
export function demoStatement(statementDay: IsoDate, transfers: readonly DemoTransfer[], sequence: number): string | null {
  const from = addDays(statementDay, -7);
  const to = addDays(statementDay, -1);
  const payers = [...new Set(transfers.map((transfer) => transfer.payer))];
  const within = (date: IsoDate) => date >= from && date <= to;
  const credits = transfers.filter((transfer) => within(transfer.date)).map((transfer) => creditOf(transfer, payers));
  const returns = transfers
    .filter((transfer) => transfer.returned && within(addDays(transfer.date, 7)))
    .map((transfer): EntryDraft => ({
      amount: transfer.amount,
      creditDebit: 'DBIT',
      bookingDate: addDays(transfer.date, 7),
      bankReference: `DEMO-RETURN-${transfer.invoice.number}`,
      endToEndId: `E2E-${transfer.invoice.number}`,
      returnReason: 'AC04',
    }));
  const entries = [...credits, ...returns].sort((a, b) => a.bookingDate.localeCompare(b.bookingDate));
  if (entries.length === 0) return null;
  return writeCamt053({
    messageId: `DEMO-${statementDay}`,
    statementId: `DEMO-STMT-${String(sequence).padStart(4, '0')}`,
    createdAt: `${statementDay}T06:00:00+00:00`,
    iban: SELLER.iban,
    currency: 'EUR',
    openingBalance: '0.00' as Decimal,
    fromDate: from,
    toDate: to,
    entries,
  });
}
