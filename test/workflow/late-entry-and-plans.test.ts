import { beforeAll, describe, expect, it, vi } from 'vitest';
import { isoDate, type IsoDate } from '../../functions/domain/calendar';
import { DEFAULT_CREDIT_SETTINGS, identitiesOf, type CreditSettings } from '../../functions/domain/credit';
import type { InvoiceKey, LedgerInvoice } from '../../functions/domain/intake';
import type { Decimal } from '../../functions/domain/money';
import { STANDARD_POLICY, type CollectionsEvent, type CollectionsPolicy } from '../../functions/domain/policy';
import type { SentEmail } from '../../local/emulators';
import { lineOf, startCollectionsWorld, type CollectionsWorld } from '../support/collections-world';

// Each world runs a virtual half-year through the real state machine: seconds, more on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

/** The states of the collections definition that carry out a step: what the Step Functions console would list. */
const STEP_STATES = new Set(['SendReminder', 'CreateCallTask', 'HandOverToAgency', 'FlagForLegal']);

/** What a run looks like at one moment, read from the ledger, the local Step Functions host and the SES emulator. */
interface Snapshot {
  /** The timeline: date, action, step or reason, the policy version of a step, the amount it asked. */
  readonly lines: readonly string[];
  /** Every execution's status, in the order they started. */
  readonly executions: readonly string[];
  /** The step states the executions entered, in order: the state machine's own account of what ran. */
  readonly stepStates: readonly string[];
  /** The day the invoice's customer was flagged for legal action, if it was. */
  readonly customerFlaggedOn: IsoDate | null;
  readonly emails: readonly SentEmail[];
}

const snapshotOf = async (world: CollectionsWorld, record: LedgerInvoice): Promise<Snapshot> => {
  const executions = world.collections.stepFunctions.list();
  return {
    lines: (await world.timeline(record.key)).map((entry) => lineOf(entry, ['policy', 'openAmount'])),
    executions: executions.map((execution) => execution.status),
    stepStates: executions.flatMap((execution) =>
      (world.collections.stepFunctions.execution(execution.name)?.history ?? []).flatMap((event) => (event.type === 'StateEntered' && event.state && STEP_STATES.has(event.state) ? [event.state] : [])),
    ),
    customerFlaggedOn: (await world.collections.ledger.customers.get(record.customerId))?.legalFlaggedOn ?? null,
    emails: await world.emailsAbout(record.key.number),
  };
};

/** Records an event as POST /events does (the operations API's handler), and fails at once if it is refused. */
const recordEvent = async (world: CollectionsWorld, key: InvoiceKey, event: CollectionsEvent, id: string): Promise<void> => {
  const answer = await world.collections.recordEvent(key, event, id);
  expect(answer.statusCode, answer.body).toBe(201);
};

const eur = (amount: string): Decimal => amount as Decimal;

/**
 * An invoice of EUR 1000.00 due 2026-03-31, run under the standard policy (the customer's segment)
 * until a credit manager puts its customer on a watch list on `changeOn`: that day's review files
 * the customer under the `watch` segment, whose policy is `policyName`, and wakes the run.
 * Returns the run as it stood at the end of the day of the change, and at the end.
 */
async function segmentChange(number: string, policyName: string, policies: CreditSettings['policies'], changeOn: IsoDate, until: IsoDate) {
  const world = await startCollectionsWorld(isoDate('2026-03-02'));
  try {
    const { ledger } = world.collections;
    await ledger.settings.publish(
      {
        // No 'new' segment: it would file a customer of a few weeks before the watch tag is read.
        segments: [{ segment: 'watch', policy: policyName, when: { tag: 'watch' } }, ...DEFAULT_CREDIT_SETTINGS.segments.filter((rule) => rule.segment !== 'new')],
        policies,
      },
      '2026-03-01T00:00:00.000Z',
    );
    const record = await world.addInvoice({ number, customer: number, issueDate: isoDate('2026-03-01'), dueDate: isoDate('2026-03-31'), amountDue: eur('1000.00') });
    const profile = await ledger.customers.upsert({ identities: identitiesOf(record.invoice.buyer), name: number, tags: [] }, '2026-03-02T00:00:00.000Z', (p) => ({ ...p, segment: 'standard' }));
    expect(profile.id).toBe(record.customerId);
    let afterChange: Snapshot | undefined;
    await world.runDays(isoDate('2026-03-02'), until, async (day) => {
      if (day === changeOn) {
        await ledger.customers.update(record.customerId, (p) => ({ ...p, tags: ['watch'] }));
        await world.collections.reviewCredit();
      }
      // By the next midnight the clock has run the whole day of the change.
      if (day > changeOn && !afterChange) afterChange = await snapshotOf(world, record);
    });
    if (!afterChange) throw new Error(`the run never reached the day after ${changeOn}`);
    return { afterChange, atEnd: await snapshotOf(world, record) };
  } finally {
    await world.stop();
  }
}

describe('a customer moved to a firmer segment whose policy would already have flagged the invoice for legal', () => {
  /**
   * A policy a credit manager publishes for watched customers: earlier and harder than the
   * standard one, with a last demand the standard policy has no step for, so nothing the run
   * did before the change already stands for it.
   */
  const STRICT: CollectionsPolicy = {
    ...STANDARD_POLICY,
    steps: [
      { id: 'pre-due', kind: 'email', offsetDays: -5 },
      { id: 'reminder-1', kind: 'email', offsetDays: 1 },
      { id: 'reminder-2', kind: 'email', offsetDays: 7, claims: true },
      { id: 'final-notice', kind: 'email', offsetDays: 14, claims: true },
      { id: 'final-demand', kind: 'email', offsetDays: 25, claims: true },
      { id: 'agency', kind: 'agency-handover', offsetDays: 30 },
      { id: 'legal', kind: 'legal-flag', offsetDays: 40 },
    ],
  };
  let run: Awaited<ReturnType<typeof segmentChange>>;
  beforeAll(async () => {
    run = await segmentChange('INV-STRICT', 'strict', { ...DEFAULT_CREDIT_SETTINGS.policies, strict: STRICT }, isoDate('2026-05-12'), isoDate('2026-06-30'));
  });

  it('goes on as a late entry: its last contact step on the day of the change, then the escalations at their distances to it', () => {
    // Standard until 05-12: pre-due -3 (03-28, a Saturday: 03-30), +3, +14, +21, +30; its agency (+45, 05-15) is still ahead.
    // Under the strict policy every step is behind on 05-12, legal (+40: 05-10, a Sunday: 05-11) too. The catch-up step is
    // the last contact step behind, final-demand (+25): it runs on 05-12; the agency keeps its +5 (05-17, a Sunday: 05-18)
    // and legal its +15 (05-27).
    expect(run.atEnd.lines).toEqual([
      '2026-03-30 email pre-due standard v0 1000.00',
      '2026-04-03 email reminder-1 standard v0 1000.00',
      '2026-04-14 email reminder-2 standard v0 1000.00',
      '2026-04-21 call-task call standard v0 1000.00',
      '2026-04-30 email final-notice standard v0 1000.00',
      '2026-05-12 email final-demand strict v1 1000.00',
      '2026-05-18 agency-handover agency strict v1 1000.00',
      '2026-05-27 legal-flag legal strict v1',
    ]);
    expect(run.atEnd.stepStates).toEqual(['SendReminder', 'SendReminder', 'SendReminder', 'CreateCallTask', 'SendReminder', 'SendReminder', 'HandOverToAgency', 'FlagForLegal']);
    expect(run.atEnd.executions).toEqual(['SUCCEEDED']);
    expect(run.atEnd.customerFlaggedOn).toBe('2026-05-27');
  });

  it('has neither ended the run nor flagged anything for legal by the end of the day of the change', () => {
    expect(run.afterChange.lines.at(-1)).toBe('2026-05-12 email final-demand strict v1 1000.00');
    expect(run.afterChange.lines.filter((line) => line.includes('legal'))).toEqual([]);
    expect(run.afterChange.stepStates).not.toContain('FlagForLegal');
    expect(run.afterChange.executions).toEqual(['RUNNING']);
    expect(run.afterChange.customerFlaggedOn).toBeNull();
  });

  it('sends the catch-up demand through SES on the day of the change, for what is open', () => {
    expect(run.afterChange.emails.map((email) => email.subject)).toEqual([
      'Invoice INV-STRICT is due on 31 March 2026',
      'Reminder: invoice INV-STRICT is overdue',
      'Second reminder: invoice INV-STRICT, €1,000.00 overdue',
      'Final notice: invoice INV-STRICT',
      // A step id the built-in texts do not know gets the generic text.
      'Invoice INV-STRICT: €1,000.00 open',
    ]);
  });
});

describe('a customer moved to the built-in firm segment after its legal date (+60) passed', () => {
  let run: Awaited<ReturnType<typeof segmentChange>>;
  beforeAll(async () => {
    // 06-03: the firm legal step (+60: 05-30, a Saturday: 06-01) is behind; the standard one (+90, 06-29) is not yet.
    run = await segmentChange('INV-FIRM', 'firm', DEFAULT_CREDIT_SETTINGS.policies, isoDate('2026-06-03'), isoDate('2026-08-31'));
  });

  it('neither ends the run nor flags it for legal on the day of the change; legal keeps its distance to the change day', () => {
    expect(run.afterChange.lines.filter((line) => line.includes('legal'))).toEqual([]);
    expect(run.afterChange.executions).toEqual(['RUNNING']);
    expect(run.afterChange.customerFlaggedOn).toBeNull();
    // The catch-up step is firm's final-notice (+14), dated 06-03: legal keeps its +46 to it (07-19, a Sunday: 07-20).
    expect(run.atEnd.lines.at(-1)).toBe('2026-07-20 legal-flag legal firm v0');
    expect(run.atEnd.executions).toEqual(['SUCCEEDED']);
    expect(run.atEnd.customerFlaggedOn).toBe('2026-07-20');
  });

  // The standard policy handed the case to the agency on 05-15: the customer was told what comes, and
  // a creditor's final notice after the handover would contradict the agency's letters.
  it('sends no notice again after the change: the case has been with the agency since before it', () => {
    const fromTheChange = run.atEnd.lines.filter((line) => line >= '2026-06-03');
    expect(fromTheChange).toEqual(['2026-07-20 legal-flag legal firm v0']);
  });
});

/**
 * An invoice of EUR 1200.00 due 2026-03-05 under its customer's segment policy (the catch-all,
 * standard), its events recorded through the operations API's handler on their dates.
 */
async function withEvents(number: string, events: readonly CollectionsEvent[], until: IsoDate): Promise<Snapshot> {
  const world = await startCollectionsWorld(isoDate('2026-03-02'));
  try {
    const record = await world.addInvoice({ number, customer: number });
    await world.runDays(isoDate('2026-03-02'), until, async (day) => {
      for (const [index, event] of events.entries()) if (event.date === day) await recordEvent(world, record.key, event, `${number}-${index}`);
    });
    const recorded = (await world.collections.ledger.cases.get(record.key))?.events ?? [];
    expect(recorded.map((event) => `${event.date} ${event.type}`)).toEqual(events.map((event) => `${event.date} ${event.type}`));
    return await snapshotOf(world, record);
  } finally {
    await world.stop();
  }
}

describe('an instalment plan kept', () => {
  let run: Snapshot;
  beforeAll(async () => {
    run = await withEvents(
      'INV-PLAN-KEPT',
      [
        {
          type: 'plan',
          date: isoDate('2026-03-10'),
          instalments: [
            { date: isoDate('2026-03-31'), amount: eur('400.00') },
            { date: isoDate('2026-04-30'), amount: eur('400.00') },
            { date: isoDate('2026-05-29'), amount: eur('400.00') },
          ],
        },
        // Early; on the last day of the grace (04-30 + promiseGraceDays 2); on the day.
        { type: 'payment', date: isoDate('2026-03-30'), amount: eur('400.00') },
        { type: 'payment', date: isoDate('2026-05-02'), amount: eur('400.00') },
        { type: 'payment', date: isoDate('2026-05-29'), amount: eur('400.00') },
      ],
      isoDate('2026-06-30'),
    );
  });

  it('pauses the run with reason plan and closes it paid with the last instalment, with no step in between, only a reminder before each instalment', () => {
    // Due 03-05: pre-due 03-02, reminder-1 +3 (03-08, a Sunday: 03-09). Without the plan reminder-2 would have run on 03-19.
    // Each instalment is announced planReminderDays (3) before its date, with what is open then.
    expect(run.lines).toEqual([
      '2026-03-02 email pre-due standard v0 1200.00',
      '2026-03-09 email reminder-1 standard v0 1200.00',
      '2026-03-10 paused plan',
      '2026-03-28 email plan-reminder-2026-03-10-1 standard v0 1200.00',
      '2026-04-27 email plan-reminder-2026-03-10-2 standard v0 800.00',
      '2026-05-26 email plan-reminder-2026-03-10-3 standard v0 400.00',
      '2026-05-29 closed paid',
    ]);
    expect(run.stepStates).toEqual(['SendReminder', 'SendReminder', 'SendReminder', 'SendReminder', 'SendReminder']);
    expect(run.executions).toEqual(['SUCCEEDED']);
    expect(run.emails.map((email) => email.subject)).toEqual([
      'Invoice INV-PLAN-KEPT is due on 5 March 2026',
      'Reminder: invoice INV-PLAN-KEPT is overdue',
      'Invoice INV-PLAN-KEPT: instalment 1 of your payment plan is due on 31 March 2026',
      'Invoice INV-PLAN-KEPT: instalment 2 of your payment plan is due on 30 April 2026',
      'Invoice INV-PLAN-KEPT: instalment 3 of your payment plan is due on 29 May 2026',
    ]);
    // The second reminder says what came in since the plan: the first instalment, paid a day early.
    expect(run.emails[3]?.body.text).toContain('instalment 2 of 3, €400.00, is due on 30 April 2026. €400.00 has been received since the plan was made.');
  });
});

describe('an instalment plan broken', () => {
  let run: Snapshot;
  beforeAll(async () => {
    run = await withEvents(
      'INV-PLAN-BROKEN',
      [
        {
          type: 'plan',
          date: isoDate('2026-03-12'),
          instalments: [
            { date: isoDate('2026-04-01'), amount: eur('600.00') },
            { date: isoDate('2026-05-01'), amount: eur('600.00') },
          ],
        },
        { type: 'payment', date: isoDate('2026-04-01'), amount: eur('600.00') },
        // Short of the second instalment: 850.00 paid since the plan, 1200.00 due by the end of 05-03.
        { type: 'payment', date: isoDate('2026-05-01'), amount: eur('250.00') },
      ],
      isoDate('2026-08-31'),
    );
  });

  it('resumes the day after the instalment date and its grace days with plan-broken, keeping the distance it had at the pause', () => {
    // Paused on 03-12, 7 days before reminder-2 (+14, 03-19). The instalment of 05-01 is missed by the end of 05-03
    // (promiseGraceDays 2): resumed on 05-04, reminder-2 on 05-11, and every later step moves by the same 53 days:
    // call (+21) 05-18, final-notice (+30) 05-27, agency (+45) 06-11, legal (+90: 07-26, a Sunday) 07-27.
    expect(run.lines).toEqual([
      '2026-03-02 email pre-due standard v0 1200.00',
      '2026-03-09 email reminder-1 standard v0 1200.00',
      '2026-03-12 paused plan',
      '2026-03-29 email plan-reminder-2026-03-12-1 standard v0 1200.00',
      '2026-04-28 email plan-reminder-2026-03-12-2 standard v0 600.00',
      '2026-05-04 resumed plan-broken',
      '2026-05-11 email reminder-2 standard v0 350.00',
      '2026-05-18 call-task call standard v0 350.00',
      '2026-05-27 email final-notice standard v0 350.00',
      '2026-06-11 agency-handover agency standard v0 350.00',
      '2026-07-27 legal-flag legal standard v0',
    ]);
    expect(run.executions).toEqual(['SUCCEEDED']);
  });

  it('asks in its later e-mails for the balance left, not the invoice amount or an instalment', () => {
    // After pre-due, reminder-1 and the two plan reminders.
    const [reminder2, finalNotice] = run.emails.slice(4);
    expect(reminder2?.subject).toBe('Second reminder: invoice INV-PLAN-BROKEN, €350.00 overdue');
    expect(finalNotice?.subject).toBe('Final notice: invoice INV-PLAN-BROKEN');
    expect(finalNotice?.body.text).toContain('Amount: €350.00\n');
    // The final notice names the agency handover as the resumed schedule has it.
    expect(finalNotice?.body.text).toContain('debt collection agency on 11 June 2026');
  });
});
