import { readFile } from 'node:fs/promises';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ledgerStores, type LedgerStores } from '../functions/adapters/ledger';
import { ENV } from '../functions/adapters/ledger-schema';
import { S3DocumentStore } from '../functions/adapters/document-store';
import { SesMailer } from '../functions/adapters/mailer';
import { useCredit, type CreditUse } from '../functions/accounts/account';
import type { InvoiceKey } from '../functions/domain/intake';
import { DEFAULT_MATCH_THRESHOLD } from '../functions/domain/matching';
import { statutoryInterestRules, type InterestRules } from '../functions/domain/interest';
import type { CollectionsEvent, CollectionsPolicy } from '../functions/domain/policy';
import type { Workflow } from '../functions/adapters/workflow';
import type { RecordEventDeps } from '../functions/record-event/record';
import { assignLine, type AssignOutcome, type LineAssignment } from '../functions/ingest-statement/assign';
import type { BookingDeps } from '../functions/ingest-statement/book';
import { COLLECTIONS_ASL_PATH, type CollectionsPlaceholder } from '../statemachines';
import { LOCAL_STATE_MACHINE_ARN, LocalStepFunctions, type LocalFunction } from './asl/local-step-functions';
import type { ExecutionStore } from './asl/execution-store';
import type { VirtualClock } from './asl/virtual-clock';
import type { LocalClients } from './emulators';
import { localLambdaContext } from './lambda-context';

/** How the local host books bank lines, in the statement function and the console alike: the stack's defaults. */
export const LOCAL_BOOKING = { matchThreshold: DEFAULT_MATCH_THRESHOLD, autoAllocate: false } as const;
export const LOCAL_SENDER = 'collections@credit-control.local';
export const LOCAL_AGENCY = { id: 'demo-agency', email: 'cases@agency.example' } as const;

/** Where the collections functions of the local host keep their state. */
export interface CollectionsHostOptions {
  readonly clients: LocalClients;
  readonly tableName: string;
  readonly bucket: string;
  readonly clock: VirtualClock;
  /** Every run's policy (a scenario's); without one, each customer's segment policy. */
  readonly policy?: CollectionsPolicy;
  /** Where executions are kept across restarts; a simulation keeps them nowhere. */
  readonly executions?: ExecutionStore;
  /** Whether each execution's event history is kept in memory for the console; a simulation counts transitions only. @default true */
  readonly executionHistories?: boolean;
  /** Late-payment claims are booked under these rules (the shipped ones when absent); null books none. */
  readonly interestRules?: InterestRules | null;
}

export interface CollectionsHost {
  readonly stepFunctions: LocalStepFunctions;
  /** The runs as the functions reach them: start one, wake one. */
  readonly workflow: Workflow;
  readonly ledger: LedgerStores;
  /** Sends through the SES emulator, once per key. */
  readonly mailer: SesMailer;
  /** The daily sweep, as the schedule runs it. */
  sweep(): Promise<unknown>;
  /** The daily credit review, as its schedule runs it. */
  reviewCredit(): Promise<unknown>;
  /** An event recorded and answered as the operations API's POST /events does; `by` is who sent it (the console's user). */
  recordEvent(invoiceKey: InvoiceKey, event: CollectionsEvent, requestId: string, by?: string): Promise<APIGatewayProxyResult>;
  /** What booking bank lines and using a customer's credit read and write: the same ledger, workflow and clock. */
  readonly booking: BookingDeps;
  /** A person's assignment of a queued bank line, as `assignLine` books it. */
  assignLine(lineId: string, assignment: LineAssignment, who: string): Promise<AssignOutcome>;
  /** A person's allocation or refund of a customer's credit, as `useCredit` records it. */
  useCredit(customerId: string, use: CreditUse, requestId: string, who: string): Promise<{ readonly problem: string } | null>;
}

type Handler<I, O> = (event: I, context: ReturnType<typeof localLambdaContext>) => Promise<O>;

/**
 * The collections functions on this machine: the same handlers (middy, Powertools, the same
 * adapters) built with local clients and the virtual clock, and the same state machine
 * definition run by the local Step Functions host.
 */
export async function startCollectionsHost(options: CollectionsHostOptions): Promise<CollectionsHost> {
  // The handler modules build their cloud dependencies at import, as at a cold start; they must find
  // a complete environment, and Powertools must not write logs into a simulation's output.
  Object.assign(process.env, {
    [ENV.ledgerTable]: options.tableName,
    [ENV.documentsBucket]: options.bucket,
    [ENV.stateMachineArn]: LOCAL_STATE_MACHINE_ARN,
    [ENV.senderAddress]: LOCAL_SENDER,
    [ENV.agencyId]: LOCAL_AGENCY.id,
    [ENV.agencyEmail]: LOCAL_AGENCY.email,
    AWS_REGION: process.env.AWS_REGION ?? 'eu-central-1',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    // The handlers' metrics are EMF lines for CloudWatch: here they would be printed among the host's lines.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  });
  const { clients, clock } = options;
  const ledger = ledgerStores(clients.dynamodb, options.tableName);
  const documents = new S3DocumentStore(clients.s3, options.bucket);
  const mailer = new SesMailer(clients.ses, ledger.sendClaims, clock, LOCAL_SENDER);

  const [plan, park, reminder, callTask, handover, legal, failure, sweep, review, { answerEvent }] = await Promise.all([
    import('../functions/plan-next-step/handler'),
    import('../functions/park-run/handler'),
    import('../functions/send-reminder/handler'),
    import('../functions/create-call-task/handler'),
    import('../functions/hand-over-to-agency/handler'),
    import('../functions/flag-for-legal/handler'),
    import('../functions/record-failure/handler'),
    import('../functions/sweep-overdue/handler'),
    import('../functions/review-credit/handler'),
    import('../functions/record-event/answer'),
  ]);
  const { agencyNoticeTo } = handover;
  // The handlers' logger, made at its import, after the environment above: silent unless asked.
  const { logger } = await import('../functions/adapters/env');

  // eslint-disable-next-line prefer-const -- the state machine host and the functions that signal it refer to each other
  let stepFunctions: LocalStepFunctions;
  const workflow: Workflow = { start: (name, input) => stepFunctions.start(name, input), signal: (token, output) => stepFunctions.signal(token, output) };
  const asLocal = <I, O>(handler: Handler<I, O>, name: string): LocalFunction => async (input) => (await handler(input as I, localLambdaContext(name))) as never;
  const functions: Record<CollectionsPlaceholder, LocalFunction> = {
    PlanNextStepFunctionArn: asLocal(plan.makeHandler({ ledger, clock }), 'plan-next-step'),
    ParkRunFunctionArn: asLocal(park.makeHandler({ ledger, clock }), 'park-run'),
    SendReminderFunctionArn: asLocal(reminder.makeHandler({ ledger, mailer, clock, interestRules: options.interestRules === undefined ? statutoryInterestRules : options.interestRules }), 'send-reminder'),
    CreateCallTaskFunctionArn: asLocal(callTask.makeHandler({ ledger, clock }), 'create-call-task'),
    HandOverToAgencyFunctionArn: asLocal(
      handover.makeHandler({ ledger, documents, clock, agencyId: LOCAL_AGENCY.id, notifyAgency: agencyNoticeTo(LOCAL_AGENCY.email, mailer) }),
      'hand-over-to-agency',
    ),
    FlagForLegalFunctionArn: asLocal(legal.makeHandler({ ledger, clock }), 'flag-for-legal'),
    RecordFailureFunctionArn: asLocal(failure.makeHandler({ ledger, clock }), 'record-failure'),
  };
  stepFunctions = new LocalStepFunctions(await readFile(COLLECTIONS_ASL_PATH, 'utf8'), functions, clock, options.executions, { histories: options.executionHistories ?? true });

  const sweepHandler = sweep.makeHandler({ ledger, workflow, clock, policy: options.policy ?? null });
  const recordDeps: RecordEventDeps = { ledger, workflow, clock, runPolicy: options.policy ?? null };
  const reviewHandler = review.makeHandler({ ledger, workflow, clock });
  // The statement function's defaults: the automatic allocation is a deployment's choice, off unless set.
  const booking: BookingDeps = { ledger, workflow, clock, ...LOCAL_BOOKING, runPolicy: options.policy ?? null, logger };
  return {
    stepFunctions,
    workflow,
    ledger,
    mailer,
    sweep: () => clock.busy(() => sweepHandler({}, localLambdaContext('sweep-overdue'))),
    reviewCredit: () => clock.busy(() => reviewHandler({}, localLambdaContext('review-credit'))),
    recordEvent: (invoiceKey, event, requestId, by) => clock.busy(() => answerEvent(invoiceKey, event, requestId, recordDeps, by)),
    booking,
    // Both wake runs: the clock waits for them, as for an event recorded.
    assignLine: (lineId, assignment, who) => clock.busy(() => assignLine(lineId, assignment, who, booking)),
    useCredit: (customerId, use, requestId, who) => clock.busy(() => useCredit(customerId, use, requestId, who, booking)),
  };
}
