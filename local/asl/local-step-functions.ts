import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { Workflow } from '../../functions/adapters/workflow';
import type { VirtualClock } from './virtual-clock';

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

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A local stand-in for a Lambda function: takes the task's input, returns its result or throws a named error. */
export type LocalFunction = (input: Json) => Promise<Json | void>;

export interface HistoryEvent {
  /** Virtual time, UTC. */
  readonly timestamp: string;
  readonly type: string;
  readonly state?: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface LocalExecution {
  readonly name: string;
  readonly input: Json;
  readonly startedAt: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  stoppedAt: string | null;
  readonly history: HistoryEvent[];
  /** State transitions so far (states entered), what Step Functions bills. */
  transitions: number;
  /** Lambda invocations so far: Task states entered, and their retries. */
  invocations: number;
}

const WAIT_FOR_TOKEN = '.waitForTaskToken';

/**
 * The collections definition run on this machine by aws-local-stepfunctions, each Task mapped to
 * the local function of the Lambda its placeholder names. The interpreter lacks one feature the
 * definition uses, the task-token callback (`.waitForTaskToken`); this host fills that gap alone:
 * it mints the token, hands it to the function, and completes the task when `signal` is called,
 * while the task's own timeout (on the virtual clock) ends the wait otherwise.
 */
export class LocalStepFunctions implements Workflow {
  private readonly machine: StateMachine;
  private readonly executions = new Map<string, LocalExecution>();
  private readonly waiting = new Map<string, (output: Json) => void>();
  private readonly aborts: (() => void)[] = [];
  private readonly handlers: Record<string, (input: Json) => Promise<Json>> = {};
  private tokens = 0;

  /**
   * @param definitionText the definition as deployed, `${Placeholder}`s and all
   * @param functions the local function of each placeholder, as CDK's definitionSubstitutions give each its Lambda
   */
  constructor(
    definitionText: string,
    functions: Readonly<Record<string, LocalFunction>>,
    private readonly clock: VirtualClock,
  ) {
    const arnOf = (placeholder: string) => `arn:aws:lambda:eu-central-1:000000000000:function:${placeholder}`;
    // The same substitution Step Functions makes with definitionSubstitutions, with local ARNs.
    const definition = JSON.parse(
      definitionText.replace(/\$\{(\w+)\}/g, (_match, placeholder: string) => {
        if (!functions[placeholder]) throw new Error(`no local function for \${${placeholder}}`);
        return arnOf(placeholder);
      }),
    ) as { States: Record<string, { Type: string; Resource?: string; Parameters?: { FunctionName?: string } }> };
    const placeholderOf = new Map(Object.keys(functions).map((placeholder) => [arnOf(placeholder), placeholder]));
    for (const [stateName, state] of Object.entries(definition.States)) {
      if (state.Type !== 'Task') continue;
      const waitsForToken = state.Resource?.endsWith(WAIT_FOR_TOKEN) ?? false;
      const arn = (waitsForToken ? state.Parameters?.FunctionName : state.Resource) ?? '';
      const fn = functions[placeholderOf.get(arn) ?? ''];
      if (!fn) throw new Error(`state ${stateName}: no local function for ${arn}`);
      this.handlers[stateName] = waitsForToken ? (input) => this.waitForToken(fn, input) : async (input) => (await this.clock.busy(() => fn(input))) ?? null;
    }
    this.machine = new StateMachine(definition as unknown as StateMachineDefinition);
  }

  async start(name: string, input: object): Promise<'started' | 'already-started'> {
    if (this.executions.has(name)) return 'already-started';
    const execution: LocalExecution = {
      name,
      input: input as Json,
      startedAt: this.clock.now().toISOString(),
      status: 'RUNNING',
      stoppedAt: null,
      history: [],
      transitions: 0,
      invocations: 0,
    };
    this.executions.set(name, execution);
    const run = this.machine.run(input as Json, {
      overrides: { taskResourceLocalHandlers: this.handlers },
      noThrowOnAbort: true,
      context: { Execution: { Id: name, Name: name, Input: input as Json, StartTime: execution.startedAt }, Task: { Token: name } },
    });
    this.aborts.push(run.abort);
    void this.record(execution, run.eventLogs);
    run.result.then(
      () => this.stop(execution, 'SUCCEEDED'),
      () => this.stop(execution, 'FAILED'),
    );
    return 'started';
  }

  async signal(taskToken: string, output: object): Promise<'woken' | 'not-waiting'> {
    const resolve = this.waiting.get(taskToken);
    if (!resolve) return 'not-waiting';
    this.waiting.delete(taskToken);
    resolve(output as Json);
    return 'woken';
  }

  execution(name: string): LocalExecution | undefined {
    return this.executions.get(name);
  }

  list(): LocalExecution[] {
    return [...this.executions.values()];
  }

  /** Ends every run still going, as at the end of a simulation. */
  stopAll(): void {
    this.aborts.splice(0).forEach((abort) => abort());
    for (const execution of this.executions.values()) if (execution.status === 'RUNNING') this.stop(execution, 'ABORTED');
    this.waiting.clear();
  }

  private async waitForToken(fn: LocalFunction, input: Json): Promise<Json> {
    const parameters = input as { Payload?: Record<string, Json> };
    const execution = String(parameters.Payload?.taskToken ?? 'run');
    // A fresh token per wait, as Step Functions gives: a signal meant for an earlier wait finds nothing.
    const token = `${execution}:${++this.tokens}`;
    for (const [stale] of [...this.waiting].filter(([key]) => key.startsWith(`${execution}:`))) this.waiting.delete(stale);
    const woken = new Promise<Json>((resolve) => this.waiting.set(token, resolve));
    await this.clock.busy(() => fn({ ...parameters.Payload, taskToken: token }));
    return woken;
  }

  private stop(execution: LocalExecution, status: LocalExecution['status']): void {
    if (execution.status !== 'RUNNING') return;
    execution.status = status;
    execution.stoppedAt = this.clock.now().toISOString();
  }

  private async record(execution: LocalExecution, events: AsyncGenerator<{ type: string; state?: { name: string }; Error?: string; Cause?: unknown }>) {
    for await (const event of events) {
      if (event.type === 'StateEntered') execution.transitions++;
      if ((event.type === 'StateEntered' || event.type === 'StateRetried') && event.state && this.handlers[event.state.name]) execution.invocations++;
      execution.history.push({
        timestamp: this.clock.now().toISOString(),
        type: event.type,
        ...(event.state ? { state: event.state.name } : {}),
        ...(event.Error ? { error: event.Error } : {}),
        ...(event.Cause ? { cause: String(event.Cause instanceof Error ? event.Cause.message : event.Cause).slice(0, 500) } : {}),
      });
    }
  }
}
