/**
 * Change-log compaction in its own process, for the kill test: `tsx compactChild.ts STORE_FILE [stepLimit]`.
 * Prints "step <entries>" after each step and keeps going (slowly) until killed or done.
 */
import { closeStore, openStore } from '../../../electron/core/store/store';
import { compactLogStep } from '../../../electron/core/sync/logCompaction';

const [file, stepLimit] = process.argv.slice(2);
const store = openStore(file!);
for (;;) {
  const step = compactLogStep(store, Number(stepLimit ?? 20));
  process.stdout.write(`step ${step.entries}\n`);
  if (step.done) break;
}
closeStore(store);
process.stdout.write('done\n');
