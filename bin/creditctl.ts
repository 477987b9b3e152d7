import { Command, InvalidArgumentError } from 'commander';
import { parseIsoDate, type IsoDate } from '../functions/domain/calendar';
import { parseCommand } from '../local/cli/parse';
import { simulateCommand } from '../local/cli/simulate';
import { startCommand } from '../local/cli/start';

const positiveInteger = (text: string): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidArgumentError('expected a positive whole number of bytes');
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
    process.exitCode = await parseCommand(files, options, process.stdout);
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
    await startCommand({ ...options, ...(options.start ? { startOn: options.start } : {}) }, process.stdout);
  });

program
  .command('simulate')
  .description('run a collections scenario through the state machine and handlers on a virtual clock; print the timeline as NDJSON')
  .argument('<scenario>', 'scenario JSON (shared/spec/collections-policy.md)')
  .action(async (scenario: string) => {
    await simulateCommand(scenario, process.stdout);
  });

try {
  await program.parseAsync();
} catch (err) {
  // A failure the user can act on is one line, not a stack trace.
  process.stderr.write(`creditctl: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
