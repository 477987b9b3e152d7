import { describe, expect, it } from 'vitest';
import { currentStateOf, historyLines } from '../../../../local/console/static/js/execution.js';
import { hrefOf, invoiceHref, routeOf } from '../../../../local/console/static/js/router.js';

describe('the console router', () => {
  it('reads the view, its decoded parts and its query from a hash', () => {
    const route = routeOf('#/invoices/vat%3ADE1/A%2F1?state=paused%3A+dispute');
    expect(route.view).toBe('invoices');
    expect(route.parts).toEqual(['vat:DE1', 'A/1']);
    expect(route.query.get('state')).toBe('paused: dispute');
  });

  it('makes the hash it reads back, leaving out empty query values', () => {
    const key = { sellerKey: 'vat:DE1', number: 'A/1 ?#' };
    expect(routeOf(invoiceHref(key)).parts).toEqual([key.sellerKey, key.number]);
    expect(hrefOf('invoices', [], { state: '', customer: 'Brückner', offset: undefined, sort: 'due' })).toBe('#/invoices?customer=Br%C3%BCckner&sort=due');
  });

  it('keeps a part that is not a valid escape as it is', () => expect(routeOf('#/customers/100%').parts).toEqual(['100%']));
});

describe('the console execution history', () => {
  const waitEnded = [
    { timestamp: '2017-11-26T00:00:00.000Z', type: 'StateEntered', state: 'WaitForDateOrSignal' },
    { timestamp: '2017-11-28T06:00:00.000Z', type: 'StateFailed', state: 'WaitForDateOrSignal', error: 'States.Timeout' },
    { timestamp: '2017-11-28T06:00:00.000Z', type: 'StateCaught', state: 'WaitForDateOrSignal' },
  ];

  it("shows a wait's timeout as the wait ending on its date, not as a failure", () =>
    expect(historyLines(waitEnded).map((line) => line.kind)).toEqual(['wait', 'wait', 'wait']));

  it("reads AWS's TaskTimedOut, which names no state, as the end of the wait it happened in", () =>
    expect(historyLines([waitEnded[0]!, { timestamp: '2017-11-28T06:00:00.000Z', type: 'TaskTimedOut', error: 'States.Timeout' }]).at(-1)!.kind).toBe('wait'));

  it('shows any other error as a failure, with its state and name', () => {
    const [, failed] = historyLines([
      { timestamp: '2017-11-28T06:00:00.000Z', type: 'StateEntered', state: 'SendReminder' },
      { timestamp: '2017-11-28T06:00:01.000Z', type: 'StateFailed', state: 'SendReminder', error: 'MailerThrottledError' },
    ]);
    expect(failed).toMatchObject({ kind: 'failure', text: 'StateFailed SendReminder: MailerThrottledError' });
  });

  it('lights the state a running run last entered, RunEnded once it stopped', () => {
    expect(currentStateOf({ status: 'RUNNING', history: waitEnded })).toBe('WaitForDateOrSignal');
    expect(currentStateOf({ status: 'SUCCEEDED', history: waitEnded })).toBe('RunEnded');
    expect(currentStateOf(null)).toBeNull();
  });
});
