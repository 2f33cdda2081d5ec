import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { importCustomersFile } from '../../core/import/importCustomers';
import { closeStore } from '../../core/store/store';
import { openCliStore, type Command } from '../context';

/** akrab import customers FILE [--outlet CODE] [--json] */
export const importCustomers: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { outlet: { type: 'string' } } });
  const file = positionals[0];
  if (!file) return ctx.err('usage: akrab import customers FILE [--outlet CODE] [--json]'), 2;
  if (!existsSync(file)) return ctx.err(`file not found: ${file}`), 2;
  const store = openCliStore(ctx);
  const tty = process.stderr.isTTY && !ctx.json;
  const started = Date.now();
  try {
    const report = await importCustomersFile(store, file, {
      outletCode: values.outlet,
      onProgress: (done, total) => {
        if (tty) process.stderr.write(`\rImporting ${done.toLocaleString('en')}/${total.toLocaleString('en')} rows…`);
      },
    });
    if (tty) process.stderr.write('\n');
    if (ctx.json) {
      ctx.out(JSON.stringify(report));
    } else {
      ctx.out(`Imported ${report.imported} customers, skipped ${report.skipped} rows (${report.alreadyPresent} already present, ${report.errors.length} errors), ${report.purchasesAdded} purchases added to existing customers, in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      for (const e of report.errors.slice(0, 50)) ctx.out(`  row ${e.row}, ${e.field}: ${e.reason}${e.value ? ` (${JSON.stringify(e.value)})` : ''}`);
      if (report.errors.length > 50) ctx.out(`  … and ${report.errors.length - 50} more (use --json for all)`);
    }
    return 0;
  } finally {
    closeStore(store);
  }
};
