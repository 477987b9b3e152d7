import { Command, InvalidArgumentError, Option } from 'commander';
import { parseIsoDate, type IsoDate } from '../functions/domain/calendar';

// Each subcommand's module is imported in its action, not here: `--help` and a refused option
// then load commander alone, and `parse` never loads the SDK, the emulators or the state machine.

const positiveInteger = (text: string): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidArgumentError('expected a positive whole number of bytes');
  return value;
};

const workerCount = (text: string): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidArgumentError('expected a positive whole number of processes');
  return value;
};

const nonNegativeNumber = (text: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new InvalidArgumentError('expected a number of 0 or more');
  return value;
};

const calendarDate = (text: string): IsoDate => {
  const date = parseIsoDate(text);
  if (!date) throw new InvalidArgumentError('expected a calendar date, YYYY-MM-DD');
  return date;
};

const program = new Command()
  .name('creditctl')
  .description('credit-control: e-invoice intake, collections and credit management');

program
  .command('parse')
  .description('read e-invoices (UBL, CII, Factur-X/ZUGFeRD PDF) and print one canonical JSON invoice per line')
  .argument('<files...>', 'e-invoice files; the format is recognised by content')
  .option('--max-bytes <n>', 'refuse files larger than this', positiveInteger)
  .addHelpText('after', '\nA file that cannot be read prints {"source", "error": {"code", "message"}} and the exit status is 1.')
  .action(async (files: string[], options: { maxBytes?: number }) => {
    const { parseCommand } = await import('../local/cli/parse');
    process.exitCode = await parseCommand(files, options, process.stdout);
  });

const statement = program.command('statement').description('bank statements (camt.053, camt.054, MT940)');
statement
  .command('parse')
  .description('read bank statements (ISO 20022 camt.053/054, SWIFT MT940) and print one JSON line per file')
  .argument('<files...>', 'statement files; the format is recognised by content')
  .option('--max-bytes <n>', 'refuse files larger than this', positiveInteger)
  .addHelpText('after', '\nA file that cannot be read prints {"source", "error": {"code", "message"}} and the exit status is 1.')
  .action(async (files: string[], options: { maxBytes?: number }) => {
    const { statementParseCommand } = await import('../local/cli/statement');
    process.exitCode = await statementParseCommand(files, options, process.stdout);
  });

program
  .command('start')
  .description('run credit-control on this machine: emulators, a drop folder as the inbox, collections on a virtual clock')
  .option('--data-dir <dir>', 'where data and the drop folder live', '.data')
  .option('--reset', 'start from empty data', false)
  .option('--max-bytes <n>', 'refuse files larger than this', positiveInteger)
  .option('--speed <days>', 'virtual days per real second (0 starts paused)', nonNegativeNumber, 1)
  .option('--no-demo', 'start without the demo portfolio')
  .option('--port <port>', 'the web console port on 127.0.0.1 (another free one when taken)', nonNegativeNumber, 8787)
  .option('--start <date>', "the virtual clock's first day on a first run (YYYY-MM-DD; today by default)", calendarDate)
  .action(async (options: { dataDir: string; reset: boolean; speed: number; demo: boolean; port: number; start?: IsoDate; maxBytes?: number }) => {
    const { startCommand } = await import('../local/cli/start');
    await startCommand({ ...options, ...(options.start ? { startOn: options.start } : {}) }, process.stdout);
  });

program
  .command('simulate')
  .description('run a collections scenario through the state machine and handlers on a virtual clock; print the timeline as NDJSON')
  .argument('<scenario>', 'scenario JSON (shared/spec/collections-policy.md)')
  .option('--workers <n>', "processes sharing the invoices, a customer's in one; the output is the same for any number; by default this machine's cores, with at least 100 invoices each", workerCount)
  .action(async (scenario: string, options: { workers?: number }) => {
    const { simulateCommand } = await import('../local/cli/simulate');
    await simulateCommand(scenario, options, process.stdout);
  });

const ledgerOptions = (command: Command): Command =>
  command
    .option('--data-dir <dir>', 'the local data folder (of npm start)', '.data')
    .option('--table <name>', 'a ledger table in AWS instead (default credentials and region)');

const customers = program.command('customers').description('customer profiles');
const importCustomers = customers
  .command('import')
  .description('create or update customer profiles from a CSV file; prints rows accepted and rejected, each rejection with its reason')
  .argument('<file>', 'CSV with a header row naming its columns');
// The column names live in the credit domain, whose imports reach pdf.js: loading it here would
// double the start of every other command, so it loads once `customers` is called, before its help.
customers.hook('preSubcommand', async () => {
  const { IMPORT_COLUMNS } = await import('../functions/domain/credit');
  importCustomers.registeredArguments[0]!.description = `CSV with a header row; columns: ${IMPORT_COLUMNS.join(', ')}`;
});
ledgerOptions(importCustomers).action(async (file: string, options: { dataDir: string; table?: string }) => {
  const { importCustomersCommand } = await import('../local/cli/customers');
  process.exitCode = await importCustomersCommand(file, options, process.stdout);
});

ledgerOptions(
  program
    .command('report')
    .description('aging, DSO (standard and countback) and CEI per customer, per segment and in total, as of a day')
    .option('--as-of <date>', 'the day (YYYY-MM-DD); the local virtual day, or today, by default', calendarDate)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table')),
).action(async (options: { dataDir: string; table?: string; asOf?: IsoDate; format: 'table' | 'json' | 'csv' }) => {
  const { reportCommand } = await import('../local/cli/report');
  await reportCommand(options, process.stdout);
});

ledgerOptions(
  program
    .command('account')
    .description("a customer's statement of account: per currency open, credit and balance; open items with days overdue; credits")
    .argument('<customer>', 'the customer id, e.g. C-1a2b3c4d5e6f (as in the console\'s /api/customers)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table')),
).action(async (customerId: string, options: { dataDir: string; table?: string; format: 'table' | 'json' }) => {
  const { accountCommand } = await import('../local/cli/account');
  process.exitCode = await accountCommand(customerId, options, process.stdout);
});

const settings = program.command('settings').description('segments and their collections policies');
ledgerOptions(settings.command('show').description('print the settings in force, with each policy version, as JSON')).action(async (options: { dataDir: string; table?: string }) => {
  const { showSettingsCommand } = await import('../local/cli/settings');
  await showSettingsCommand(options, process.stdout);
});
ledgerOptions(
  settings
    .command('publish')
    .description('check a settings document ({ segments, policies }) and publish it as the next version; runs follow it from their next plan')
    .argument('<file>', 'settings JSON'),
).action(async (file: string, options: { dataDir: string; table?: string }) => {
  const { publishSettingsCommand } = await import('../local/cli/settings');
  await publishSettingsCommand(file, options, process.stdout);
});

try {
  await program.parseAsync();
} catch (err) {
  // A failure the user can act on is one line, not a stack trace.
  process.stderr.write(`creditctl: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
