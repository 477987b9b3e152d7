import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../functions/domain/calendar';
import { readInvoice } from '../../../functions/domain/einvoice';
import { compareDecimals } from '../../../functions/domain/money';
import { demoPortfolio } from '../../../local/demo/portfolio';

describe('demoPortfolio', () => {
  const today = isoDate('2026-03-02');
  const demo = demoPortfolio(today);

  it('writes e-invoices the readers take, in UBL and CII', async () => {
    const read = await Promise.all(demo.invoices.map((invoice) => readInvoice(Buffer.from(invoice.content))));
    expect(read.every((result) => result.ok)).toBe(true);
    const syntaxes = read.map((result) => (result.ok ? result.invoice.syntax : 'refused'));
    expect(new Set(syntaxes)).toEqual(new Set(['ubl', 'cii']));
  });

  it('has invoices already overdue and invoices still to fall due', () => {
    const dueDates = demo.invoices.map((invoice) => invoice.draft.dueDate);
    expect(dueDates.some((date) => date < today)).toBe(true);
    expect(dueDates.some((date) => date >= today)).toBe(true);
  });

  it('pays exactly what an invoice asks for, and gives every kind of payer', async () => {
    for (const payment of demo.events.filter((event) => event.type === 'payment')) {
      const invoice = demo.invoices.find((candidate) => candidate.draft.number === payment.invoice)!;
      const read = await readInvoice(Buffer.from(invoice.content));
      expect(read.ok && compareDecimals(read.invoice.totals.due!, payment.type === 'payment' ? payment.amount : read.invoice.totals.due!)).toBe(0);
    }
    expect(new Set(demo.events.map((event) => event.type))).toEqual(new Set(['payment', 'dispute', 'promise']));
  });

  it('is the same on every run', () => expect(demoPortfolio(today)).toEqual(demo));
});
