import type { BankPayment, BookedLine, Decision } from '../../domain/banking';
import { BANK, itemKey } from './keys';
import { valueOf, type LedgerTable } from './table';

/** What a statement file brought, for the people reconciling: kept once per file. */
export interface StatementReceipt {
  readonly sha256: string;
  readonly archiveKey: string;
  readonly format: string;
  readonly receivedAt: string;
  readonly statements: number;
  readonly lines: number;
  readonly newLines: number;
  readonly payments: number;
  readonly returns: number;
  readonly unmatched: number;
  readonly other: number;
}

/**
 * Bank lines booked once each, whichever statement brings them; the queue of those waiting for a
 * person; the booked payments a return is matched against; the payers seen per customer.
 */
export interface BankStore {
  /** Books a line once: the first booking of a line id stands, and is returned. */
  book(booked: BookedLine): Promise<BookedLine>;
  get(lineId: string): Promise<BookedLine | undefined>;
  /** Records a person's decision on a line still waiting for one; false when someone decided first. */
  decide(lineId: string, decision: Decision): Promise<boolean>;
  /** Lines waiting for a person, oldest first. */
  unmatched(): Promise<BookedLine[]>;
  /** Payments booked from statements: what returns are matched against. */
  payments(): Promise<BankPayment[]>;
  /** Keeps a payment line for return matching (once). */
  rememberPayment(payment: BankPayment): Promise<void>;
  /** The payer names and IBANs seen paying for customers. */
  payers(): Promise<{ readonly customerId: string; readonly name?: string; readonly iban?: string }[]>;
  rememberPayer(customerId: string, payer: { readonly name?: string; readonly iban?: string }): Promise<void>;
  recordStatement(receipt: StatementReceipt): Promise<void>;
  statements(): Promise<StatementReceipt[]>;
}

const lineKey = (lineId: string) => itemKey(`${BANK.line}${lineId}`, 'LINE');
const queueKey = (booked: BookedLine) => itemKey(BANK.queue, `${booked.line.bookingDate}#${booked.line.lineId}`);

export class DynamoBankStore implements BankStore {
  constructor(private readonly table: LedgerTable) {}

  async book(booked: BookedLine): Promise<BookedLine> {
    const written = await this.table.put('PutItem bank line', lineKey(booked.line.lineId), 'bank-line', booked);
    if (!written) return (await this.get(booked.line.lineId))!;
    if (booked.decision.kind === 'unmatched') {
      await this.table.put('PutItem bank queue', queueKey(booked), 'bank-queue', { lineId: booked.line.lineId });
    }
    return booked;
  }

  async get(lineId: string): Promise<BookedLine | undefined> {
    const item = await this.table.get('GetItem bank line', lineKey(lineId));
    return item ? valueOf<BookedLine>(item) : undefined;
  }

  async decide(lineId: string, decision: Decision): Promise<boolean> {
    const decided = await this.table.update(
      'UpdateItem bank line decision',
      lineKey(lineId),
      { expression: 'SET #decision = :decision', names: { '#decision': 'decision' }, values: { ':decision': decision } },
      { expression: '#decision.#kind = :unmatched', names: { '#decision': 'decision', '#kind': 'kind' }, values: { ':unmatched': 'unmatched' } },
    );
    const booked = await this.get(lineId);
    if (booked) await this.table.delete('DeleteItem bank queue', queueKey(booked));
    return decided;
  }

  async unmatched(): Promise<BookedLine[]> {
    const queued = await this.table.query('Query bank queue', BANK.queue);
    const lines = await Promise.all(queued.map((item) => this.get(String(item.lineId))));
    return lines.filter((line): line is BookedLine => line !== undefined && line.decision.kind === 'unmatched');
  }

  async payments(): Promise<BankPayment[]> {
    return (await this.table.query('Query bank payments', BANK.payments)).map((item) => valueOf<BankPayment>(item));
  }

  async rememberPayment(payment: BankPayment): Promise<void> {
    await this.table.put('PutItem bank payment', itemKey(BANK.payments, `${payment.bookingDate}#${payment.paymentId}`), 'bank-payment', payment);
  }

  async payers(): Promise<{ customerId: string; name?: string; iban?: string }[]> {
    return (await this.table.query('Query payers', BANK.payers)).map((item) => valueOf<{ customerId: string; name?: string; iban?: string }>(item));
  }

  async rememberPayer(customerId: string, payer: { readonly name?: string; readonly iban?: string }): Promise<void> {
    const id = payer.iban ? `iban:${payer.iban.replace(/\s+/g, '').toUpperCase()}` : `name:${(payer.name ?? '').trim().toLowerCase()}`;
    await this.table.put('PutItem payer', itemKey(BANK.payers, `${customerId}#${id}`), 'payer', { customerId, ...payer });
  }

  async recordStatement(receipt: StatementReceipt): Promise<void> {
    await this.table.put('PutItem statement', itemKey(BANK.statements, `${receipt.receivedAt}#${receipt.sha256}`), 'statement', receipt);
  }

  async statements(): Promise<StatementReceipt[]> {
    return (await this.table.query('Query statements', BANK.statements)).map((item) => valueOf<StatementReceipt>(item));
  }
}
