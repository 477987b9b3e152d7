import { DescribeExecutionCommand, ExecutionDoesNotExist, GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { WorkflowUnavailableError } from './workflow';

/** One event of an execution's history as the console shows it: a state entered or left, with its name, or the run's start, end or error. */
export interface ExecutionEvent {
  /** UTC. */
  readonly timestamp: string;
  /** `StateEntered` and `StateExited` whatever the state's type; Step Functions' own name otherwise (`ExecutionStarted`, `LambdaFunctionFailed`). */
  readonly type: string;
  readonly state?: string;
  /** The error's name, as a Retry or Catch matches it. */
  readonly error?: string;
}

/** An execution with its latest events, oldest first: what the Step Functions console shows of it. */
export interface ExecutionView {
  readonly name: string;
  readonly status: string;
  readonly startedAt: string;
  readonly stoppedAt: string | null;
  readonly history: readonly ExecutionEvent[];
}

/** The collections runs as the console reads them. */
export interface ExecutionReader {
  /** The execution of that name with its latest events; null when there is none. */
  execution(name: string): Promise<ExecutionView | null>;
}

/** The events of an execution the console reads at most: the page shows the last 40; a year-long run has hundreds. */
export const MAX_HISTORY_EVENTS = 100;

/** An execution's ARN from its state machine's: `arn:aws:states:<region>:<account>:execution:<machine>:<name>`. */
export const executionArnOf = (stateMachineArn: string, name: string): string => `${stateMachineArn.replace(/:stateMachine:/, ':execution:')}:${name}`;

/**
 * A Step Functions history event as the console shows it. Of the details only the error's name is
 * kept: a cause can carry a stack trace or an input, which name customers.
 */
export function executionEventOf(event: HistoryEvent): ExecutionEvent {
  const type = String(event.type ?? 'Unknown');
  const state = event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
  const failed = Object.values(event).find((details): details is { error?: string } => typeof details === 'object' && details !== null && 'error' in details);
  return {
    timestamp: (event.timestamp ?? new Date(0)).toISOString(),
    type: type.endsWith('StateEntered') ? 'StateEntered' : type.endsWith('StateExited') ? 'StateExited' : type,
    ...(state ? { state } : {}),
    ...(failed?.error ? { error: failed.error } : {}),
  };
}

/** Reads executions of the collections state machine: DescribeExecution, and the latest page of GetExecutionHistory. */
export class StepFunctionsExecutions implements ExecutionReader {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async execution(name: string): Promise<ExecutionView | null> {
    const executionArn = executionArnOf(this.stateMachineArn, name);
    try {
      const [described, history] = await Promise.all([
        this.sfn.send(new DescribeExecutionCommand({ executionArn })),
        this.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: MAX_HISTORY_EVENTS, includeExecutionData: false })),
      ]);
      return {
        name,
        status: String(described.status ?? 'UNKNOWN'),
        startedAt: (described.startDate ?? new Date(0)).toISOString(),
        stoppedAt: described.stopDate?.toISOString() ?? null,
        history: (history.events ?? []).map(executionEventOf).reverse(),
      };
    } catch (err) {
      if (err instanceof ExecutionDoesNotExist) return null;
      throw new WorkflowUnavailableError('DescribeExecution', { cause: err });
    }
  }
}
