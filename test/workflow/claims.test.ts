import { beforeAll, describe, expect, it, vi } from 'vitest';
import { isoDate, type IsoDate } from '../../functions/domain/calendar';
import type { RecordedEvent } from '../../functions/domain/collections';
import type { InvoiceKey, LedgerInvoice } from '../../functions/domain/intake';
import { addDecimals, type Decimal } from '../../functions/domain/money';
import type { CollectionsEvent } from '../../functions/domain/policy';
import { openClaimsOf, standingOfRecord } from '../../functions/domain/receivables';
import type { SentEmail } from '../../local/emulators';
import { lineOf, startCollectionsWorld, type CollectionsWorld } from '../support/collections-world';

// A virtual month or two through the real state machine: seconds, more on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const eur = (amount: string): Decimal => amount as Decimal;

/** An invoice of EUR 1000.00 due 2026-03-05 whose buyer is in `country`: the law its claims are booked under. */
async function invoiceIn(world: CollectionsWorld, number: string, country: string): Promise<LedgerInvoice> {
  const address = { lines: ['Street 1'], city: 'City', postCode: '1010', countrySubdivision: null, countryCode: country };
  return world.addInvoice({ number, customer: number, amountDue: eur('1000.00') }, (invoice) => ({ ...invoice, buyer: { ...invoice.buyer, address } }));
}

const record = async (world: CollectionsWorld, key: InvoiceKey, event: CollectionsEvent, id: string): Promise<void> => {
  const answer = await world.collections.recordEvent(key, event, id);
  expect(answer.statusCode, answer.body).toBe(201);
};

interface Outcome {
  readonly lines: readonly string[];
  readonly claims: readonly RecordedEvent[];
  readonly emails: readonly SentEmail[];
  readonly executions: readonly string[];
  readonly standing: ReturnType<typeof standingOfRecord>;
}

async function outcomeOf(world: CollectionsWorld, invoice: LedgerInvoice, day: IsoDate): Promise<Outcome> {
  const found = (await world.collections.ledger.cases.get(invoice.key))!;
  return {
    lines: found.timeline.map((entry) => lineOf(entry, ['openAmount'])),
    claims: found.events.filter((event) => event.type === 'claim'),
    emails: await world.emailsAbout(invoice.key.number),
    executions: world.collections.stepFunctions.list().filter((execution) => execution.name.startsWith(invoice.key.number)).map((execution) => execution.status),
    standing: standingOfRecord(found.record, found.events, day),
  };
}

describe('late-payment claims through the real state machine', () => {
  let paidPrincipal: Outcome;
  let bgb: Outcome;
  beforeAll(async () => {
    const world = await startCollectionsWorld(isoDate('2026-03-02'));
    try {
      const austrian = await invoiceIn(world, 'INV-CLAIM-AT', 'AT');
      const german = await invoiceIn(world, 'INV-CLAIM-DE', 'DE');
      await world.runDays(isoDate('2026-03-02'), isoDate('2026-04-15'), async (day) => {
        // The principal, and nothing more, five days after the second reminder claimed interest and the EUR 40.
        if (day === '2026-03-24') {
          await record(world, austrian.key, { type: 'payment', date: day, amount: eur('1000.00') }, 'at-pay');
          await record(world, german.key, { type: 'payment', date: day, amount: eur('1000.00') }, 'de-pay');
        }
        if (day === '2026-04-10') await record(world, austrian.key, { type: 'claims-waived', date: day, reason: 'goodwill: first late payment in ten years', by: 'maria@seller.example' }, 'at-waive');
      });
      paidPrincipal = await outcomeOf(world, austrian, isoDate('2026-04-15'));
      bgb = await outcomeOf(world, german, isoDate('2026-03-24'));
    } finally {
      await world.stop();
    }
  });

  it('books the claims when the claiming step runs, and the e-mail states exactly the booked figures', () => {
    const [atReminder] = paidPrincipal.claims;
    expect(atReminder).toMatchObject({ date: '2026-03-19', step: 'reminder-2', costs: '40.00', order: ['principal', 'interest', 'costs'] });
    const reminder2 = paidPrincipal.emails.find((email) => email.subject.startsWith('Second reminder'));
    const booked = Number(atReminder?.type === 'claim' ? atReminder.interest : NaN).toFixed(2);
    expect(reminder2?.body.text).toContain(`interest of €${booked} to 19 March 2026`);
    const asked = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(Number(addDecimals(eur('1040.00'), eur(booked))));
    expect(reminder2?.body.text).toContain(`Amount: ${asked}\n`);
  });

  it('does not close when the principal is paid: the claims schedule states the claims, then a collector calls, until a person waives them', () => {
    expect(paidPrincipal.lines.slice(3)).toEqual([
      '2026-03-24 claims paid',
      '2026-03-24 email claims-statement 0.00',
      '2026-04-07 call-task claims-call 0.00',
      '2026-04-10 closed claims-waived',
    ]);
    // The statement books the interest of the days between the reminder and the payment, once.
    expect(paidPrincipal.claims.map((event) => event.type === 'claim' && event.step)).toEqual(['reminder-2', 'claims-statement']);
    const statement = paidPrincipal.emails.find((email) => email.subject.includes('statement of late-payment claims'));
    expect(statement?.body.text).toMatch(/Open: principal €0\.00, claims €4\d\.\d\d\./);
    expect(statement?.body.text).not.toContain('goes on accruing');
    expect(paidPrincipal.standing.claims.open).toEqual({ costs: '0', interest: '0' });
    expect(paidPrincipal.executions).toEqual(['SUCCEEDED']);
  });

  it('under § 367 BGB takes the principal-sized payment for the costs and interest first, so principal stays open and the run goes on', () => {
    expect(bgb.claims[0]).toMatchObject({ order: ['costs', 'interest', 'principal'] });
    expect(openClaimsOf(bgb.standing)).toBe('0');
    const booked = bgb.claims[0]?.type === 'claim' ? addDecimals(bgb.claims[0].interest, bgb.claims[0].costs) : eur('0');
    expect(bgb.standing.open).toBe(booked);
    expect(bgb.lines).not.toContain('2026-03-24 claims paid');
    expect(bgb.lines).toContain(`2026-03-26 call-task call ${Number(booked).toFixed(2)}`);
  });
});
