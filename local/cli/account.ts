import type { Writable } from 'node:stream';
import { toCents } from '../../functions/domain/money';
import { statementOfAccount, type StatementOfAccount } from '../../functions/console-api/account-view';
import { withLedger, type LedgerTarget } from './ledger-access';
import { withProgress } from './progress';

export interface AccountOptions extends LedgerTarget {
  readonly format: 'table' | 'json';
}

/** Columns of text: left-aligned words, right-aligned amounts (a cell that reads as a number). */
const columns = (rows: readonly (readonly string[])[]): string[] => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const numeric = rows[0]!.map((_, i) => rows.slice(1).some((row) => /^-?[\d,.]+$/.test(row[i] ?? '')));
  return rows.map((row) => `  ${row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd());
};

/** The statement as a person reads it: the figures per currency, the open items and their instalment plans, the movements, the credits; the claims beside the principal throughout. */
export function accountTable(statement: StatementOfAccount): string {
  const title = `${statement.name ? `${statement.name} (${statement.customerId})` : statement.customerId}: statement of account as of ${statement.asOf}`;
  const parts = [
    title,
    '',
    ...columns([
      ['currency', 'open', 'claims open', 'credit', 'balance'],
      ...statement.currencies.map((entry) => [entry.currency, toCents(entry.open), toCents(entry.claimsOpen), toCents(entry.credit), toCents(entry.balance)]),
    ]),
  ];
  parts.push('', 'Open items, oldest due first');
  parts.push(
    ...(statement.openItems.length
      ? columns([
          ['invoice', 'due', 'currency', 'open', 'claims open', 'days overdue'],
          ...statement.openItems.map((item) => [item.key.number, item.dueDate, item.currency, toCents(item.open), toCents(item.claimsOpen), String(item.daysOverdue)]),
        ])
      : ['  none']),
  );
  const planned = statement.openItems.flatMap((item) => (item.plan ? [{ item, plan: item.plan }] : []));
  if (planned.length) {
    parts.push('', 'Instalment plans');
    for (const { item, plan } of planned) {
      const state = plan.state === 'running' ? 'running' : plan.state === 'ended' ? `ended on ${plan.on} (${plan.by})` : `${plan.state} on ${plan.on}`;
      parts.push(`  ${item.key.number}: plan of ${plan.date}, ${state}; paid since ${toCents(plan.paidSince)}, left ${toCents(plan.left)}`);
      parts.push(...columns([['instalment', 'amount', 'running total', 'status'], ...plan.instalments.map((instalment) => [instalment.date, toCents(instalment.amount), toCents(instalment.runningTotal), instalment.status])]).map((line) => `  ${line}`));
    }
  }
  parts.push('', 'Movements of principal and claims');
  parts.push(
    ...(statement.movements.length
      ? columns([
          ['date', 'invoice', 'movement', 'currency', 'principal', 'balance', 'claims', 'claims open'],
          ...statement.movements.map((movement) => [
            movement.date,
            movement.invoice.number,
            movement.type,
            movement.currency,
            toCents(movement.change),
            toCents(movement.balanceAfter),
            toCents(movement.claimsChange),
            toCents(movement.claimsOpenAfter),
          ]),
        ])
      : ['  none']),
  );
  parts.push('', 'Credits');
  parts.push(
    ...(statement.credits.length
      ? columns([
          ['source', 'date', 'reference', 'currency', 'amount'],
          ...statement.credits.map((credit) =>
            credit.source === 'over-payment'
              ? [credit.source, '', `invoice ${credit.invoice.number}`, credit.currency, toCents(credit.amount)]
              : [credit.source, credit.date, credit.reference, credit.currency, toCents(credit.amount)],
          ),
        ])
      : ['  none']),
  );
  return `${parts.join('\n')}\n`;
}

/** `creditctl account CUSTOMER`: the customer's statement of account, as the console's customer page shows it. */
export async function accountCommand(customerId: string, options: AccountOptions, out: Writable): Promise<number> {
  const statement = await withProgress('account', () => withLedger(options, (session) => statementOfAccount(customerId, session)));
  if (!statement) {
    process.stderr.write(`creditctl: no customer ${customerId} in the ledger\n`);
    return 1;
  }
  out.write(options.format === 'json' ? `${JSON.stringify(statement, null, 2)}\n` : accountTable(statement));
  return 0;
}
