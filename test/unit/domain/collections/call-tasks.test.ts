import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import { callTaskExpiries, callTaskExpiry } from '../../../../functions/domain/collections';

describe('call task expiry', () => {
  const call = { stepId: 'call', expiresOn: callTaskExpiry(isoDate('2026-03-24'), 7) };
  const claimsCall = { stepId: 'claims-call', expiresOn: isoDate('2026-04-10') };

  it('keeps a task open through the last of its days, and expires it the day after', () => {
    expect(call.expiresOn).toBe('2026-03-31');
    expect(callTaskExpiries([call], isoDate('2026-03-31'))).toEqual({ expired: [], nextOn: '2026-04-01' });
    expect(callTaskExpiries([call], isoDate('2026-04-01'))).toEqual({ expired: ['call'], nextOn: null });
  });

  it('names every task expired by the day, and wakes for the first of the others', () => {
    expect(callTaskExpiries([claimsCall, call], isoDate('2026-03-25'))).toEqual({ expired: [], nextOn: '2026-04-01' });
    expect(callTaskExpiries([claimsCall, call], isoDate('2026-04-05'))).toEqual({ expired: ['call'], nextOn: '2026-04-11' });
    expect(callTaskExpiries([], isoDate('2026-04-05'))).toEqual({ expired: [], nextOn: null });
  });
});
