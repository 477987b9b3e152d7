import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  type SFNClient,
} from '@aws-sdk/client-sfn';

/** The collections workflow as callers want it: start a run once, wake a waiting run. */
export interface Workflow {
  /** Starts the run under its name; a run of that name already there is left as it is. */
  start(name: string, input: object): Promise<'started' | 'already-started'>;
  /** Completes the waiting task of a run, so it re-plans at once; a run no longer waiting on that token is told nothing. */
  signal(taskToken: string, output: object): Promise<'woken' | 'not-waiting'>;
}

/** A workflow call failed for a reason a retry may cure. */
export class WorkflowUnavailableError extends Error {
  override readonly name = 'WorkflowUnavailableError';
  constructor(
    readonly operation: string,
    options?: ErrorOptions,
  ) {
    super(`Step Functions failed on ${operation}`, options);
  }
}

export class StepFunctionsWorkflow implements Workflow {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(name: string, input: object): Promise<'started' | 'already-started'> {
    try {
      await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }));
      return 'started';
    } catch (err) {
      // Step Functions refuses a second Standard execution of one name (for 90 days after the first ends).
      if (err instanceof ExecutionAlreadyExists) return 'already-started';
      throw new WorkflowUnavailableError('StartExecution', { cause: err });
    }
  }

  async signal(taskToken: string, output: object): Promise<'woken' | 'not-waiting'> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return 'woken';
    } catch (err) {
      // The run moved on (woke by its timeout, or ended): it re-reads the ledger when it next plans.
      if (err instanceof TaskTimedOut || err instanceof InvalidToken || err instanceof TaskDoesNotExist) return 'not-waiting';
      throw new WorkflowUnavailableError('SendTaskSuccess', { cause: err });
    }
  }
}
