// A collections run as the page shows it: its states, the one it is in, and its history in words.
// No DOM here: the unit tests import it.

/** The states of statemachines/collections.asl.json a run goes through, in the order a person reads them. */
export const STATES = ['PlanNextStep', 'RouteNextStep', 'WaitForDateOrSignal', 'SendReminder', 'CreateCallTask', 'HandOverToAgency', 'FlagForLegal', 'RecordFailure', 'RunEnded'];

/** The state a run is in: the last one it entered while running, RunEnded once it stopped, null without a run. */
export function currentStateOf(execution) {
  if (!execution) return null;
  if (execution.status !== 'RUNNING') return 'RunEnded';
  return execution.history.filter((event) => event.type === 'StateEntered').at(-1)?.state ?? null;
}

// The wait's timeout is how the run sleeps until a step's date (the task token's timeout): the
// Catch on States.Timeout plans the next step. That is the schedule working, not a failure.
const WAIT_STATE = 'WaitForDateOrSignal';
const TIMEOUT = 'States.Timeout';

/**
 * An execution's history, each event with its kind and a line in words. `kind` is `wait` for the
 * routine end of a wait (Step Functions records it as a failed, timed-out task), `failure` for an
 * error, `event` otherwise. The state of an event that names none (AWS's TaskTimedOut) is the one
 * last entered.
 * @param {readonly { timestamp: string, type: string, state?: string, error?: string }[]} history
 * @returns {{ timestamp: string, type: string, state?: string, error?: string, kind: 'wait' | 'failure' | 'event', text: string }[]}
 */
export function historyLines(history) {
  let within = null;
  return history.map((event) => {
    if (event.type === 'StateEntered') within = event.state ?? null;
    const state = event.state ?? within;
    if (state === WAIT_STATE && event.error === TIMEOUT) return { ...event, kind: 'wait', text: `${WAIT_STATE}: its date came, on to plan the next step (a planned wait, not a failure)` };
    if (state === WAIT_STATE && event.type === 'StateCaught') return { ...event, kind: 'wait', text: `${WAIT_STATE}: the wait is over` };
    if (event.type === 'StateEntered' && state === WAIT_STATE) return { ...event, kind: 'wait', text: `${WAIT_STATE}: waiting for the next step's date, or a payment, promise or dispute` };
    const named = `${event.type}${event.state ? ` ${event.state}` : ''}`;
    if (event.error) return { ...event, kind: 'failure', text: `${named}: ${event.error}` };
    return { ...event, kind: 'event', text: named };
  });
}
