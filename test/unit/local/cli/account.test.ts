import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import type { Decimal } from '../../../../functions/domain/money';
import { accountTable } from '../../../../local/cli/account';

const d = isoDate;
const amount = (text: string) => text as Decimal;
const key = { sellerKey: 'vat:DE1', number: 'CLAIM-1' };

describe('the statement of account as creditctl account prints it', () => {
  it('shows the claims open beside the principal per currency and per open item, and every movement of both', () => {
    const table = accountTable({
      customerId: 'C-1a2b3c4d5e6f',
      name: 'Claims Customer C',
      asOf: d('2026-04-30'),
      currencies: [{ currency: 'EUR', open: amount('0'), claimsOpen: amount('52.34'), credit: amount('0'), balance: amount('0') }],
      openItems: [{ key, currency: 'EUR', issueDate: d('2026-02-01'), dueDate: d('2026-03-01'), open: amount('0'), claimsOpen: amount('52.34'), daysOverdue: 60, plan: null }],
      movements: [
        { invoice: key, currency: 'EUR', date: d('2026-04-01'), type: 'claim', change: amount('0'), balanceAfter: amount('900'), claimsChange: amount('52.34'), claimsOpenAfter: amount('52.34') },
        { invoice: key, currency: 'EUR', date: d('2026-04-20'), type: 'payment', change: amount('-900'), balanceAfter: amount('0'), claimsChange: amount('0'), claimsOpenAfter: amount('52.34') },
      ],
      credits: [],
    });
    expect(table).toBe(
      [
        'Claims Customer C (C-1a2b3c4d5e6f): statement of account as of 2026-04-30',
        '',
        '  currency  open  claims open  credit  balance',
        '  EUR       0.00        52.34    0.00     0.00',
        '',
        'Open items, oldest due first',
        '  invoice  due         currency  open  claims open  days overdue',
        '  CLAIM-1  2026-03-01  EUR       0.00        52.34            60',
        '',
        'Movements of principal and claims',
        '  date        invoice  movement  currency  principal  balance  claims  claims open',
        '  2026-04-01  CLAIM-1  claim     EUR            0.00   900.00   52.34        52.34',
        '  2026-04-20  CLAIM-1  payment   EUR         -900.00     0.00    0.00        52.34',
        '',
        'Credits',
        '  none',
        '',
      ].join('\n'),
    );
  });
});
