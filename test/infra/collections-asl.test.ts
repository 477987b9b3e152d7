import { readFileSync } from 'node:fs';
import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS_ASL_PATH, COLLECTIONS_TASK_FUNCTIONS } from '../../statemachines';

interface State {
  Type: string;
  Resource?: string;
  Parameters?: { FunctionName?: string; 'StateMachineArn.$'?: string };
  Retry?: unknown[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Next?: string;
  Choices?: { Next: string }[];
  Default?: string;
}
const definition = JSON.parse(readFileSync(COLLECTIONS_ASL_PATH, 'utf8')) as { StartAt: string; States: Record<string, State>; QueryLanguage?: string };
const tasks = Object.entries(definition.States).filter(([, state]) => state.Type === 'Task');
/** The one service integration: an execution hands its run on to a new one of this state machine. */
const START_EXECUTION = 'arn:aws:states:::states:startExecution';

describe('collections.asl.json', () => {
  it('is a valid Amazon States Language document', () => expect(validator(definition)).toMatchObject({ isValid: true, errors: [] }));

  it('is written in JSONPath, which both engines run (no JSONata, no Assign)', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(JSON.stringify(definition)).not.toMatch(/"Assign"|\{%/);
  });

  it.each(tasks)('%s retries, catches and has a timeout', (_name, state) => {
    expect(state.Retry?.length).toBeGreaterThan(0);
    expect(state.Catch?.some((c) => c.ErrorEquals.includes('States.ALL'))).toBe(true);
    expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath).toBeDefined();
  });

  it('names every task function by a placeholder the stack and the local host both know', () => {
    const placeholders = tasks
      .filter(([, state]) => state.Resource !== START_EXECUTION)
      .map(([, state]) => (state.Parameters?.FunctionName ?? state.Resource ?? '').replace(/^\$\{(\w+)\}$/, '$1'));
    expect(placeholders.sort()).toEqual(Object.keys(COLLECTIONS_TASK_FUNCTIONS).sort());
  });

  it('calls no other service than Lambda, but for starting an execution of itself to hand a run on', () => {
    const integrations = tasks.filter(([, state]) => state.Resource === START_EXECUTION);
    expect(integrations.map(([name]) => name)).toEqual(['HandOnRun']);
    expect(integrations[0]![1].Parameters).toMatchObject({ 'StateMachineArn.$': '$$.StateMachine.Id' });
  });

  it('reaches every state from the start', () => {
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const state = definition.States[name]!;
      [state.Next, state.Default, ...(state.Choices ?? []).map((c) => c.Next), ...(state.Catch ?? []).map((c) => c.Next)]
        .filter((next): next is string => next !== undefined)
        .forEach(visit);
    };
    visit(definition.StartAt);
    expect([...seen].sort()).toEqual(Object.keys(definition.States).sort());
  });
});
