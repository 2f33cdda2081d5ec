import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDate } from '../../../shared/dates';
import {
  exportFormats,
  reportNames,
  rfmSegments,
  type ExportFormat,
  type ReportFiltersInput,
  type ReportName,
  type RfmSegment,
} from '../../../shared/reports';
import { exportReport } from '../../core/reports/exportReport';
import { closeStore } from '../../core/store/store';
import { openCliStore, type Command } from '../context';

const usage = `usage: akrab report NAME --format csv|xlsx|pdf --out FILE [--from DATE] [--to DATE] [--outlet CODE]...
  NAME: ${reportNames.join(', ')}
  --days N          neglected: no contact or visit in N days (default 90)
  --min-spend RP    neglected: least lifetime spend counted as high value (default: top 20%)
  --segment NAME    rfm: list one segment only (${rfmSegments.join(', ')})
  --top N           top-customers: how many per outlet (default 20)
  --unmask          phones and NIKs in clear (recorded in the export log)
  --lang id|en      language of the file (default id)
  --delimiter ';'   CSV for Excel with Indonesian regional settings (decimal comma)`;

const isName = (v: string): v is ReportName => (reportNames as readonly string[]).includes(v);
const isFormat = (v: string): v is ExportFormat => (exportFormats as readonly string[]).includes(v);

/** akrab report NAME --format csv|xlsx|pdf --out FILE [...] — exit 0 with the file written, 2 on bad usage. */
export const report: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      outlet: { type: 'string', multiple: true },
      days: { type: 'string' },
      'min-spend': { type: 'string' },
      segment: { type: 'string' },
      top: { type: 'string' },
      unmask: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'id' },
      delimiter: { type: 'string', default: ',' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return (ctx.out(usage), 0);
  const name = positionals[0] ?? '';
  const format = values.format ?? (values.out ? path.extname(values.out).slice(1).toLowerCase() : '');
  if (positionals.length !== 1 || !isName(name) || !isFormat(format) || !values.out) return (ctx.err(usage), 2);
  const bad = (what: string) => (ctx.err(`error: ${what}\n${usage}`), 2);

  const filters: ReportFiltersInput = { outlets: (values.outlet ?? []).flatMap((v) => v.split(',')).filter(Boolean) };
  for (const key of ['from', 'to'] as const) {
    const raw = values[key];
    if (raw === undefined) continue;
    const date = parseDate(raw);
    if (!date) return bad(`--${key} ${raw} is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
    filters[key] = date;
  }
  const integer = (raw: string | undefined, flag: string): number | undefined | null => {
    if (raw === undefined) return undefined;
    const n = Number(raw.replace(/[.\s]/g, ''));
    return Number.isInteger(n) && n >= 0 ? n : (bad(`${flag} ${raw} is not a whole number`), null);
  };
  const days = integer(values.days, '--days');
  const minSpend = integer(values['min-spend'], '--min-spend');
  const top = integer(values.top, '--top');
  if (days === null || minSpend === null || top === null) return 2;
  if (days !== undefined) filters.days = days;
  if (minSpend !== undefined) filters.minSpend = minSpend;
  if (top !== undefined) filters.top = top;
  if (values.segment !== undefined) {
    if (!(rfmSegments as readonly string[]).includes(values.segment)) return bad(`--segment must be one of ${rfmSegments.join(', ')}`);
    filters.segment = values.segment as RfmSegment;
  }
  if (values.lang !== 'id' && values.lang !== 'en') return bad('--lang must be id or en');
  if (values.delimiter !== ',' && values.delimiter !== ';') return bad(`--delimiter must be ',' or ';'`);

  const store = openCliStore(ctx);
  try {
    // The export log says who: the signed-in staff of this device, else the operating-system user.
    store.staff ??= `cli:${userInfo().username}`;
    const started = performance.now();
    const file = path.resolve(values.out);
    const result = await exportReport(store, name, filters, {
      format,
      file,
      unmask: values.unmask,
      language: values.lang,
      delimiter: values.delimiter,
    });
    const seconds = (performance.now() - started) / 1000;
    if (ctx.json)
      ctx.out(
        JSON.stringify({
          report: name,
          format,
          file: result.file,
          rows: result.rows,
          logId: result.logId,
          seconds: Number(seconds.toFixed(3)),
        }),
      );
    else
      ctx.out(
        `${name}: ${result.rows.toLocaleString('id-ID')} rows → ${result.file} (${seconds.toFixed(1)} s)${values.unmask ? ' [UNMASKED]' : ''}`,
      );
    return 0;
  } finally {
    closeStore(store);
  }
};
