import type { IsoDate } from '../calendar';
import { applyEvent, beginDay, nextWakeDate, openRun, runDueSteps } from './run';
import type { CollectionRun, CollectionsAction, CollectionsEvent, CollectionsInvoice, CollectionsPolicy, Transition } from './types';

/** An event addressed to an invoice by its number (BT-1). */
export type PortfolioEvent = CollectionsEvent & { readonly invoice: string };
export type TimelineLine = CollectionsAction & { readonly invoice: string };

/**
 * What collections does to a portfolio from `from` to `until` inclusive, computed directly by
 * the policy engine: the reference the workflow's runs are compared with (tests, bench). On each
 * day, for all invoices: entries and broken promises first, then the day's events in the order
 * given, then the steps due.
 */
export function portfolioTimeline(
  invoices: readonly CollectionsInvoice[],
  events: readonly PortfolioEvent[],
  policy: CollectionsPolicy,
  from: IsoDate,
  until: IsoDate,
): TimelineLine[] {
  return replayPortfolio(invoices, events, policy, from, until).lines;
}

/** The timeline and each invoice's run as it stands at the end of `until`. */
export function replayPortfolio(
  invoices: readonly CollectionsInvoice[],
  events: readonly PortfolioEvent[],
  policy: CollectionsPolicy,
  from: IsoDate,
  until: IsoDate,
): { readonly lines: TimelineLine[]; readonly runs: ReadonlyMap<string, CollectionRun> } {
  const runs = new Map<string, CollectionRun>(invoices.map((invoice) => [invoice.number, openRun(invoice, policy)]));
  const byNumber = new Map(invoices.map((invoice) => [invoice.number, invoice]));
  const ordered = events.map((event, index) => ({ event, index })).sort((a, b) => a.event.date.localeCompare(b.event.date) || a.index - b.index);
  const lines: TimelineLine[] = [];
  const take = (invoice: string, transition: Transition) => {
    runs.set(invoice, transition.run);
    for (const action of transition.actions) lines.push({ ...action, invoice });
  };

  // A fact dated before its invoice entered (a payment made before a late ingest) counts on the day it enters.
  const beforeEntry = new Map<string, PortfolioEvent[]>();
  for (const { event } of ordered) {
    const invoice = byNumber.get(event.invoice);
    if (invoice && event.date < invoice.entryDate) beforeEntry.set(event.invoice, [...(beforeEntry.get(event.invoice) ?? []), event]);
  }
  let nextEvent = 0;
  let day: IsoDate | null = from;
  while (day !== null && day <= until) {
    const today: IsoDate = day;
    for (const invoice of invoices) {
      const waiting = runs.get(invoice.number)!.status === 'not-entered';
      take(invoice.number, beginDay(runs.get(invoice.number)!, invoice, policy, today));
      if (waiting && runs.get(invoice.number)!.status !== 'not-entered') {
        for (const event of beforeEntry.get(invoice.number) ?? []) take(invoice.number, applyEvent(runs.get(invoice.number)!, policy, { ...event, date: today }));
      }
    }
    for (; ordered[nextEvent] && ordered[nextEvent]!.event.date <= today; nextEvent++) {
      const { event } = ordered[nextEvent]!;
      const entry = byNumber.get(event.invoice)?.entryDate;
      if (event.date === today && (entry === undefined || event.date >= entry)) take(event.invoice, applyEvent(runs.get(event.invoice)!, policy, event));
    }
    for (const invoice of invoices) take(invoice.number, runDueSteps(runs.get(invoice.number)!, policy, today, invoice.policySince));

    const wakes = invoices
      .flatMap((invoice) => [nextWakeDate(runs.get(invoice.number)!, byNumber.get(invoice.number)!, policy), invoice.policySince ?? null])
      .filter((date): date is IsoDate => date !== null && date > today);
    const eventDate = ordered[nextEvent]?.event.date;
    if (eventDate) wakes.push(eventDate);
    day = wakes.length > 0 ? wakes.reduce((a, b) => (a < b ? a : b)) : null;
  }
  return { lines, runs };
}
