import { describe, expect, it } from 'vitest';
import { executionArnOf, executionEventOf } from '../../../functions/adapters/executions';

describe('executionArnOf', () => {
  it("names an execution of the state machine by the machine's ARN and the execution's name", () =>
    expect(executionArnOf('arn:aws:states:eu-central-1:123456789012:stateMachine:Collections', 'inv-abc')).toBe(
      'arn:aws:states:eu-central-1:123456789012:execution:Collections:inv-abc',
    ));
});

describe('executionEventOf', () => {
  const at = new Date('2026-03-05T06:00:00.000Z');

  it('reads a state entered or left, whatever its type, as the local host names it, with the state', () => {
    expect(executionEventOf({ id: 2, timestamp: at, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'PlanNextStep', input: '{"customer":"x"}' } })).toEqual({
      timestamp: '2026-03-05T06:00:00.000Z',
      type: 'StateEntered',
      state: 'PlanNextStep',
    });
    expect(executionEventOf({ id: 3, timestamp: at, type: 'ChoiceStateExited', stateExitedEventDetails: { name: 'RouteNextStep' } })).toMatchObject({ type: 'StateExited', state: 'RouteNextStep' });
  });

  it("keeps an error's name and leaves its cause out: a cause can carry a stack trace or an input", () => {
    expect(executionEventOf({ id: 9, timestamp: at, type: 'LambdaFunctionFailed', lambdaFunctionFailedEventDetails: { error: 'MailerThrottledError', cause: 'at send (…) for anna@example.com' } })).toEqual({
      timestamp: '2026-03-05T06:00:00.000Z',
      type: 'LambdaFunctionFailed',
      error: 'MailerThrottledError',
    });
  });
});
