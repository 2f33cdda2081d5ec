import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { importCustomersFile } from '../../core/import/importCustomers';
import { importFields, type ImportField } from '../../core/import/headerAliases';
import { closeStore } from '../../core/store/store';
import { openCliStore, type Command } from '../context';
import { cliLanguage, errorMessage, message } from '../messages';

const USAGE = `usage: akrab import customers FILE [--outlet CODE] [--column FIELD=HEADER ...] [--json]
  FIELD is one of ${importFields.join(', ')}`;

/** akrab import customers FILE [--outlet CODE] [--column FIELD=HEADER ...] [--json] */
export const importCustomers: Command = async (args, ctx) => {
  if (args.includes('--help') || args.includes('-h')) return (ctx.out(USAGE), 0);
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { outlet: { type: 'string' }, column: { type: 'string', multiple: true } } });
  const file = positionals[0];
  if (!file) return ctx.err(USAGE), 2;
  if (!existsSync(file)) return ctx.err(`file not found: ${file}`), 2;
  const columns: Partial<Record<ImportField, string>> = {};
  for (const spec of values.column ?? []) {
    const at = spec.indexOf('=');
    const field = importFields.find((f) => f.toLowerCase() === spec.slice(0, Math.max(0, at)).trim().toLowerCase());
    if (!field || !spec.slice(at + 1).trim()) return ctx.err(`--column ${spec}: expected FIELD=HEADER\n${USAGE}`), 2;
    columns[field] = spec.slice(at + 1).trim();
  }
  const store = openCliStore(ctx);
  const tty = process.stderr.isTTY && !ctx.json;
  const started = Date.now();
  try {
    const report = await importCustomersFile(store, file, {
      outletCode: values.outlet,
      columns,
      onProgress: (done, total) => {
        if (tty) process.stderr.write(`\rImporting ${done.toLocaleString('en')}/${total.toLocaleString('en')} rows…`);
      },
    });
    if (tty) process.stderr.write('\n');
    if (ctx.json) {
      ctx.out(JSON.stringify(report));
    } else {
      const read = report.columns.filter((c) => c.field).map((c) => `${c.header} → ${c.field}`);
      const ignored = report.columns.filter((c) => !c.field).map((c) => c.header);
      ctx.out(`Columns read: ${read.join('; ')}${ignored.length ? `\nColumns ignored: ${ignored.join('; ')}` : ''}`);
      // A row can have several errors: count rows, so the two parts add up to the rows skipped.
      const rowsWithErrors = new Set(report.errors.map((e) => e.row)).size;
      ctx.out(`Imported ${report.imported} customers, skipped ${report.skipped} rows (${report.alreadyPresent} already present, ${rowsWithErrors} with errors), ${report.purchasesAdded} purchases added to existing customers, in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      // The reason in words (as the app's screens say it), the key after it for whoever scripts around the output.
      const language = cliLanguage(args);
      for (const e of report.errors.slice(0, 50)) {
        const reason = await errorMessage({ code: 'validation', messageKey: e.reason }, language);
        ctx.out(`  row ${e.row}, ${e.field}: ${reason}${e.value ? ` (${JSON.stringify(e.value)})` : ''} [${e.reason}]`);
      }
      if (report.errors.length > 50) ctx.out(`  … and ${report.errors.length - 50} more (use --json for all)`);
      // Counted as already present, but the card's customer is someone else by name or phone: said row by row.
      if (report.warnings.length) ctx.out(`Warnings: ${report.warnings.length} rows whose card is already another customer's`);
      for (const { row, reason, ...params } of report.warnings.slice(0, 50)) {
        ctx.out(`  row ${row}: ${await message(reason, params, language)} [${reason}]`);
      }
      if (report.warnings.length > 50) ctx.out(`  … and ${report.warnings.length - 50} more (use --json for all)`);
      if (report.outletsAdded.length)
        ctx.out(`Outlets added (not known before; time zone Asia/Jakarta — check the codes for typos): ${report.outletsAdded.join(', ')}`);
    }
    return 0;
  } finally {
    closeStore(store);
  }
};
