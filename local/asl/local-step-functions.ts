import { randomUUID } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { WorkflowUnavailableError, type Workflow } from '../../functions/adapters/workflow';
import { afterReal } from '../real-timers';
import { noExecutionStore, type ExecutionPosition, type ExecutionRecord, type ExecutionStore, type HistoryEvent, type Json } from './execution-store';
import { currentActivity, type Activity, type ClockStallError, type VirtualClock } from './virtual-clock';

export type { HistoryEvent, Json } from './execution-store';

// aws-local-stepfunctions calls Promise.withResolvers, which Node 20 lacks.
const promiseStatics = Promise as unknown as { withResolvers?: () => unknown };
promiseStatics.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/** A local stand-in for a Lambda function: takes the task's input, returns its result or throws a named error. */
export type LocalFunction = (input: Json) => Promise<Json | void>;

/** An execution as the console shows it: its record and its event history. */
export interface LocalExecution extends ExecutionRecord {
  readonly history: readonly HistoryEvent[];
}

const WAIT_FOR_TOKEN = '.waitForTaskToken';
/** The Step Functions integration a run hands itself on with: StartExecution of this state machine. */
const START_EXECUTION = 'arn:aws:states:::states:startExecution';
const DEFAULT_TASK_TIMEOUT_SECONDS = 60;
const LOCAL_STATE_MACHINE_NAME = 'collections-local';
/** This state machine, as `$$.StateMachine.Id` names it to the definition. */
export const LOCAL_STATE_MACHINE_ARN = `arn:aws:states:eu-central-1:000000000000:stateMachine:${LOCAL_STATE_MACHINE_NAME}`;

interface TaskState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: { readonly FunctionName?: string };
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
}
interface Definition {
  readonly StartAt: string;
  readonly States: Record<string, TaskState>;
}

/** A Lambda invocation that ran past its state's timeout: Step Functions names it States.Timeout. */
class TaskTimeoutError extends Error {
  override readonly name = 'States.Timeout';
}

/** StartExecution of a name taken: the name Step Functions gives the error in a Task state. */
class ExecutionAlreadyExistsError extends Error {
  override readonly name = 'StepFunctions.ExecutionAlreadyExistsException';
}

/** The state of one execution while this process runs it. */
interface Run {
  record: ExecutionRecord;
  readonly history: HistoryEvent[];
  readonly activity: Activity;
  readonly abort: () => void;
  /** Set once this process lets go of the run (host stopping): nothing the interpreter does next is recorded. */
  detached: boolean;
  /** The token of its latest wait, so a new wait or its end drops it without scanning every run's. */
  token?: string;
}

/**
 * Runs synchronous `work` with `new Date()` answering `instant`. The interpreter stamps
 * `$$.Execution.StartTime` with the wall clock as its run begins (synchronously, inside `run`):
 * on the virtual clock that is the wrong day, and after a restart the wrong start. Nothing else
 * can run in the window, and the real Date is back when it returns.
 */
const withNewDateAt = <T>(instant: Date, work: () => T): T => {
  const RealDate = globalThis.Date;
  const at = instant.getTime();
  globalThis.Date = class extends RealDate {
    constructor(...args: unknown[]) {
      super(...((args.length === 0 ? [at] : args) as [number]));
    }
  } as DateConstructor;
  try {
    return work();
  } finally {
    globalThis.Date = RealDate;
  }
};

/** The value at a `$.a.b` path of a JSON document, replaced. */
const withPathValue = (document: Json, path: string, value: Json): Json => {
  const keys = path.replace(/^\$\.?/, '').split('.').filter(Boolean);
  const set = (node: Json, depth: number): Json => {
    if (depth === keys.length) return value;
    const object = node !== null && typeof node === 'object' && !Array.isArray(node) ? node : {};
    const key = keys[depth]!;
    return { ...object, [key]: set(object[key] ?? null, depth + 1) };
  };
  return set(document, 0);
};

/**
 * The collections definition run on this machine by aws-local-stepfunctions, each Task mapped to
 * the local function of the Lambda its placeholder names. The interpreter lacks things Step
 * Functions has, and this host adds them:
 * - the task-token callback (`.waitForTaskToken`): it mints the token, hands it to the function,
 *   and completes the task when `signal` is called, while the task's own timeout (on the virtual
 *   clock) ends the wait otherwise;
 * - durability: each execution's position (the state entered, with its input) and its history are
 *   kept in a store, and `resume` starts every open one again at the state it stood in, as Step
 *   Functions would after an outage. A state re-entered runs its task again: handlers are
 *   idempotent, as Lambda's at-least-once invocation requires of them anyway;
 * - the StartExecution integration, on this state machine only: how a run hands itself on to a
 *   new execution near the end of its execution's year;
 * - `$$.Execution.StartTime` on the virtual clock, the same after a restart (the interpreter stamps
 *   the wall clock as its run begins).
 * Each execution is an activity of the virtual clock, and tells it when it parks (on a token or
 * a timer) and when it runs, so that time moves only when every execution waits.
 */
export class LocalStepFunctions implements Workflow {
  private readonly definition: Definition;
  private readonly machines = new Map<string, StateMachine>();
  private readonly runs = new Map<string, Run>();
  /** Finished runs, by name; a run that finishes here goes on counting its interpreter's last events. */
  private readonly finished = new Map<string, Pick<Run, 'record' | 'history'>>();
  private readonly waiting = new Map<string, { readonly run: Run; readonly wake: (output: Json) => void }>();
  private readonly handlers: Record<string, (input: Json) => Promise<Json>> = {};
  /** The Task states that invoke a Lambda function: what an execution's `invocations` count. */
  private readonly lambdaStates = new Set<string>();
  private suspended = false;

  /**
   * @param definitionText the definition as deployed, `${Placeholder}`s and all
   * @param functions the local function of each placeholder, as CDK's definitionSubstitutions give each its Lambda
   * @param store where executions are kept across restarts
   * @param options.histories whether each execution's history is kept in memory, for the console:
   *   a simulation of thousands of runs reads only their counts, and kept a million events alive
   */
  constructor(
    definitionText: string,
    functions: Readonly<Record<string, LocalFunction>>,
    private readonly clock: VirtualClock,
    private readonly store: ExecutionStore = noExecutionStore,
    private readonly options: { readonly histories: boolean } = { histories: true },
  ) {
    const arnOf = (placeholder: string) => `arn:aws:lambda:eu-central-1:000000000000:function:${placeholder}`;
    // The same substitution Step Functions makes with definitionSubstitutions, with local ARNs.
    this.definition = JSON.parse(
      definitionText.replace(/\$\{(\w+)\}/g, (_match, placeholder: string) => {
        if (!functions[placeholder]) throw new Error(`no local function for \${${placeholder}}`);
        return arnOf(placeholder);
      }),
    ) as Definition;
    const placeholderOf = new Map(Object.keys(functions).map((placeholder) => [arnOf(placeholder), placeholder]));
    for (const [stateName, state] of Object.entries(this.definition.States)) {
      if (state.Type !== 'Task') continue;
      const boundMs = (state.TimeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS) * 1000;
      if (state.Resource === START_EXECUTION) {
        this.handlers[stateName] = async (input) => (await this.invoke(stateName, (parameters) => this.startExecution(parameters), input, boundMs)) ?? null;
        continue;
      }
      const waitsForToken = state.Resource?.endsWith(WAIT_FOR_TOKEN) ?? false;
      const arn = (waitsForToken ? state.Parameters?.FunctionName : state.Resource) ?? '';
      const fn = functions[placeholderOf.get(arn) ?? ''];
      if (!fn) throw new Error(`state ${stateName}: no local function for ${arn}`);
      this.lambdaStates.add(stateName);
      this.handlers[stateName] = waitsForToken
        ? (input) => this.waitForToken(stateName, fn, input, boundMs)
        : async (input) => (await this.invoke(stateName, fn, input, boundMs)) ?? null;
    }
    this.machines.set(this.definition.StartAt, new StateMachine(this.definition as unknown as StateMachineDefinition));
  }

  async start(name: string, input: object): Promise<'started' | 'already-started'> {
    if (this.runs.has(name) || this.finished.has(name)) return 'already-started';
    // A run started while the host stops would run on with no one to keep it: as Step Functions unavailable, the
    // caller leaves the invoice to the sweep after the restart.
    if (this.suspended) {
      throw new WorkflowUnavailableError('StartExecution', { cause: new Error(`cannot start ${name}: the local Step Functions host is stopping`) });
    }
    const record: ExecutionRecord = {
      name,
      input: input as Json,
      startedAt: this.clock.now().toISOString(),
      status: 'RUNNING',
      stoppedAt: null,
      transitions: 0,
      invocations: 0,
      position: null,
    };
    this.store.save(record);
    this.launch(record, [], this.definition.StartAt, input as Json);
    return 'started';
  }

  /** Takes up the executions the store holds: the finished ones to show, the open ones to run on from where they stood. */
  resume(): { readonly resumed: number; readonly finished: number } {
    let resumed = 0;
    for (const { history, ...record } of this.store.load()) {
      if (this.runs.has(record.name) || this.finished.has(record.name)) continue;
      if (record.status !== 'RUNNING') {
        this.finished.set(record.name, { record, history: [...history] });
        continue;
      }
      const position = record.position ?? { state: this.definition.StartAt, input: record.input, enteredAt: record.startedAt };
      this.launch(record, [...history], position.state, this.inputOnResume(position));
      resumed++;
    }
    return { resumed, finished: this.finished.size };
  }

  async signal(taskToken: string, output: object): Promise<'woken' | 'not-waiting'> {
    const waiting = this.waiting.get(taskToken);
    if (!waiting) return 'not-waiting';
    this.waiting.delete(taskToken);
    waiting.run.activity.run();
    waiting.wake(output as Json);
    return 'woken';
  }

  execution(name: string): LocalExecution | undefined {
    const run = this.runs.get(name) ?? this.finished.get(name);
    return run && { ...run.record, history: run.history };
  }

  list(): LocalExecution[] {
    return [...this.runs.values(), ...this.finished.values()].map((run) => ({ ...run.record, history: run.history }));
  }

  /** Ends every run still going, as at the end of a simulation. */
  stopAll(): void {
    for (const run of [...this.runs.values()]) this.finish(run, 'ABORTED');
  }

  /** Lets go of every run without ending it: the store keeps each where it stands, for `resume` after a restart. */
  suspendAll(): void {
    this.suspended = true;
    for (const run of [...this.runs.values()]) {
      run.detached = true;
      this.runs.delete(run.record.name);
      run.activity.end();
      run.abort();
    }
    this.waiting.clear();
  }

  private launch(record: ExecutionRecord, history: HistoryEvent[], startAt: string, input: Json): void {
    const name = record.name;
    const activity = this.clock.activity(name, (error) => this.abandon(name, error));
    const machine = this.machineStartingAt(startAt);
    // Known before the interpreter's first step, which may be a token wait that looks its run up.
    const run: Run = { record, history, activity, abort: () => execution.abort(), detached: false };
    this.runs.set(name, run);
    // The interpreter has no task tokens: $$.Task.Token resolves to the execution's name, and waitForToken mints the real one.
    // It sets $$.Execution.Input and StartTime itself (the start by withNewDateAt).
    const context = {
      Execution: { Id: name, Name: name },
      StateMachine: { Id: LOCAL_STATE_MACHINE_ARN, Name: LOCAL_STATE_MACHINE_NAME },
      Task: { Token: name },
    };
    const execution = this.clock.within(activity, () =>
      withNewDateAt(new Date(record.startedAt), () => machine.run(input, { overrides: { taskResourceLocalHandlers: this.handlers }, noThrowOnAbort: true, context })),
    );
    // Finished once its history is complete too: the interpreter's last events can come after its result.
    void Promise.allSettled([execution.result, this.follow(run, execution.eventLogs)]).then(([result]) =>
      this.finish(run, result.status === 'fulfilled' ? 'SUCCEEDED' : 'FAILED'),
    );
  }

  /** The definition starting at a state: how the interpreter resumes an execution where it stood. */
  private machineStartingAt(state: string): StateMachine {
    let machine = this.machines.get(state);
    if (!machine) {
      machine = new StateMachine({ ...this.definition, StartAt: state } as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
      this.machines.set(state, machine);
    }
    return machine;
  }

  /** A token wait resumed waits only what was left of it; anything else runs again from its state's input. */
  private inputOnResume(position: ExecutionPosition): Json {
    const timeoutPath = this.definition.States[position.state]?.TimeoutSecondsPath;
    if (position.parked?.on !== 'token' || !position.parked.until || !timeoutPath) return position.input;
    // TimeoutSecondsPath takes whole seconds of at least 1.
    const left = Math.max(1, Math.ceil((Date.parse(position.parked.until) - this.clock.now().getTime()) / 1000));
    return withPathValue(position.input, timeoutPath, left);
  }

  /** A handler invocation, bounded by its state's timeout in real time: a hung request is an error, never a stall. */
  private invoke(stateName: string, fn: LocalFunction, input: Json, boundMs: number): Promise<Json | void> {
    const activity = currentActivity();
    if (!activity) throw new Error(`state ${stateName} invoked outside an execution`);
    return this.clock.handler(activity, stateName, () => {
      let cancel: (() => void) | undefined;
      // A state's TimeoutSeconds may be more than a Node timer holds: the bound is chained.
      const timeout = new Promise<never>((_resolve, reject) => {
        cancel = afterReal(boundMs, () => reject(new TaskTimeoutError(`${stateName}: the function did not answer within ${boundMs / 1000} s`)));
      });
      return Promise.race([fn(input), timeout]).finally(() => cancel?.());
    });
  }

  /** The StartExecution integration, on this state machine only: an execution handing its run on. */
  private async startExecution(parameters: Json): Promise<Json> {
    const { StateMachineArn, Name, Input } = parameters as { StateMachineArn?: string; Name?: string; Input?: Json };
    if (StateMachineArn !== LOCAL_STATE_MACHINE_ARN || !Name || Input === undefined) {
      throw new Error(`StartExecution: only this state machine (${LOCAL_STATE_MACHINE_ARN}) runs here, given a name and an input; got ${StateMachineArn} and ${Name}`);
    }
    if ((await this.start(Name, Input as object)) === 'already-started') throw new ExecutionAlreadyExistsError(`Execution Already Exists: ${Name}`);
    return { ExecutionArn: `arn:aws:states:eu-central-1:000000000000:execution:${LOCAL_STATE_MACHINE_NAME}:${Name}`, StartDate: this.clock.now().toISOString() };
  }

  private async waitForToken(stateName: string, fn: LocalFunction, input: Json, boundMs: number): Promise<Json> {
    const activity = currentActivity();
    const run = activity && this.runs.get(activity.name);
    if (!run) throw new Error(`state ${stateName} invoked outside an execution`);
    const parameters = input as { Payload?: Record<string, Json> };
    // A fresh token per wait, as Step Functions gives: a signal meant for an earlier wait finds nothing.
    const token = `${run.record.name}:${randomUUID()}`;
    if (run.token) this.waiting.delete(run.token);
    run.token = token;
    let woken = false;
    const signalled = new Promise<Json>((resolve) =>
      this.waiting.set(token, {
        run,
        wake: (output) => {
          woken = true;
          resolve(output);
        },
      }),
    );
    await this.invoke(stateName, fn, { ...parameters.Payload, taskToken: token }, boundMs);
    if (!woken && !run.detached) {
      activity.park();
      this.save(run, { position: run.record.position && { ...run.record.position, parked: { on: 'token', until: activity.nextWake()?.toISOString() ?? null } } });
    }
    return signalled;
  }

  private save(run: Run, change: Partial<ExecutionRecord>): void {
    if (run.detached) return;
    run.record = { ...run.record, ...change };
    this.store.save(run.record);
  }

  private finish(run: Run, status: 'SUCCEEDED' | 'FAILED' | 'ABORTED'): void {
    if (run.detached || this.runs.get(run.record.name) !== run) return;
    this.runs.delete(run.record.name);
    run.activity.end();
    if (status === 'ABORTED') run.abort();
    if (run.token) this.waiting.delete(run.token);
    this.save(run, { status, stoppedAt: this.clock.now().toISOString(), position: null });
    this.finished.set(run.record.name, run);
  }

  /** The clock's verdict on an execution that stopped moving: it fails, with the reason in its history. */
  private abandon(name: string, error: ClockStallError): void {
    const run = this.runs.get(name);
    if (!run) return;
    this.append(run, { type: 'ExecutionFailed', error: error.name, cause: error.message });
    this.finish(run, 'FAILED');
    run.abort();
  }

  private append(run: Run, event: Omit<HistoryEvent, 'timestamp'>): void {
    if (run.detached) return;
    const stamped = { timestamp: this.clock.now().toISOString(), ...event };
    if (this.options.histories) run.history.push(stamped);
    this.store.append(run.record.name, stamped);
  }

  private async follow(run: Run, events: AsyncGenerator<{ type: string; state?: { name: string; input?: Json }; Error?: string; Cause?: unknown }>) {
    for await (const event of events) {
      if (run.detached) return;
      const state = event.state;
      // After stopAll the interpreter's last events still count, but the run has no position any more.
      const open = run.record.status === 'RUNNING';
      if (event.type === 'StateEntered' && state) {
        const invoked = this.lambdaStates.has(state.name) ? 1 : 0;
        this.save(run, {
          transitions: run.record.transitions + 1,
          invocations: run.record.invocations + invoked,
          ...(open ? { position: { state: state.name, input: state.input ?? null, enteredAt: this.clock.now().toISOString() } } : {}),
        });
      }
      if (event.type === 'StateRetried' && state && this.lambdaStates.has(state.name)) this.save(run, { invocations: run.record.invocations + 1 });
      if (open && event.type === 'StateFailed' && state && run.record.position) {
        // Between a failure and its retry the execution sleeps on a timer: a restart then retries at once.
        this.save(run, { position: { ...run.record.position, parked: { on: 'timer', until: null } } });
      }
      this.append(run, {
        type: event.type,
        ...(state ? { state: state.name } : {}),
        ...(event.Error ? { error: event.Error } : {}),
        ...(event.Cause ? { cause: String(event.Cause instanceof Error ? event.Cause.message : event.Cause).slice(0, 500) } : {}),
      });
    }
  }
}
