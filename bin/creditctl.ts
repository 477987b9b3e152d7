import { Command, InvalidArgumentError } from 'commander';
import { parseCommand } from '../local/cli/parse';

const positiveInteger = (text: string): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidArgumentError('expected a positive whole number of bytes');
  return value;
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

await program.parseAsync();
