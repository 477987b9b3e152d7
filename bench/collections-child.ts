// One size of the collections bench in a process of its own:
// node --import tsx bench/collections-child.ts <invoices> <workers>; prints one CollectionsRun as JSON on stdout.
import { measureCollections } from './collections';

const [size, workers] = process.argv.slice(2).map(Number);
if (!Number.isSafeInteger(size) || !Number.isSafeInteger(workers) || size! <= 0 || workers! <= 0) {
  process.stderr.write('usage: collections-child.ts <invoices> <workers>\n');
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(await measureCollections(size!, workers!))}\n`);
}
