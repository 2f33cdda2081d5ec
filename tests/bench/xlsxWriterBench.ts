/**
 * Why the XLSX exporter writes its own zip stream instead of using exceljs: the same 848,401-row, 12-column
 * RFM drill-down (the 1M-customer store's size) through exceljs's streaming WorkbookWriter, with the same
 * column formats and frozen header, and through ours. Synthetic rows, no store needed.
 *
 *   node --import tsx tests/bench/xlsxWriterBench.ts [--rows N]
 */
import { rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import type { ReportCell, ReportColumn } from '../../shared/reports';
import { writeXlsx, numberFormats } from '../../electron/core/reports/export/xlsx';
import type { ReportData } from '../../electron/core/reports/types';
import { round } from './stats';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '848401' } } });
const n = Number(values.rows);
const columns: ReportColumn[] = [
  { key: 'name', label: 'Nama', type: 'text' },
  { key: 'cardNo', label: 'No. kartu', type: 'text' },
  { key: 'phone', label: 'No. HP', type: 'phone' },
  { key: 'outletCode', label: 'Outlet', type: 'text' },
  { key: 'lastPurchase', label: 'Terakhir beli', type: 'date' },
  { key: 'recencyDays', label: 'Hari', type: 'integer' },
  { key: 'frequency', label: 'Frekuensi', type: 'integer' },
  { key: 'monetary', label: 'Nilai', type: 'rupiah' },
  { key: 'r', label: 'R', type: 'integer' },
  { key: 'f', label: 'F', type: 'integer' },
  { key: 'm', label: 'M', type: 'integer' },
  { key: 'segment', label: 'Segmen', type: 'text' },
];
function* rows(): Iterable<ReportCell[]> {
  for (let i = 0; i < n; i++)
    yield [`Pelanggan Nomor ${i}`, `VIP${100000 + i}`, `+62812${String(i).padStart(8, '0')}`, 'JKT01', '2026-10-0' + (1 + (i % 9)), i % 365, 1 + (i % 7), 250_000 * (1 + (i % 40)), 1 + (i % 5), 1 + ((i >> 1) % 5), 1 + ((i >> 2) % 5), 'Juara'];
}
const file = (name: string) => path.join(os.tmpdir(), `akrab-xlsx-bench-${name}.xlsx`);

async function withExceljs(): Promise<number> {
  const started = performance.now();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file('exceljs'), useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Pelanggan', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.label,
    key: c.key,
    style: c.type === 'rupiah' ? { numFmt: numberFormats.rupiah } : c.type === 'date' ? { numFmt: numberFormats.date } : c.type === 'integer' ? { numFmt: numberFormats.integer } : {},
  }));
  for (const row of rows()) sheet.addRow(row.map((v, i) => (columns[i]!.type === 'date' ? new Date(`${v as string}T00:00:00Z`) : v))).commit();
  sheet.commit();
  await workbook.commit();
  return performance.now() - started;
}

async function withOurs(): Promise<number> {
  const report: ReportData = {
    name: 'rfm',
    title: 'RFM',
    language: 'id',
    period: { from: '2025-11-01', to: '2026-10-31' },
    outlets: [],
    generatedAt: new Date().toISOString(),
    timeZone: 'Asia/Jakarta',
    generatedBy: 'bench',
    summary: [],
    sections: [{ id: 'customers', title: 'Pelanggan', columns, count: n, rows }],
  };
  const started = performance.now();
  await writeXlsx(report, file('ours'), { unmask: true });
  return performance.now() - started;
}

for (const [name, run] of [
  ['exceljs stream.xlsx.WorkbookWriter', withExceljs],
  ['Akrab xlsx.ts (zip stream)', withOurs],
] as const) {
  const ms = await run();
  const f = file(name.startsWith('exceljs') ? 'exceljs' : 'ours');
  console.log(`${name.padEnd(36)} ${n.toLocaleString('en')} rows  ${round(ms / 1000, 2)} s  ${round(statSync(f).size / 2 ** 20, 1)} MiB  peak RSS so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  rmSync(f);
}
