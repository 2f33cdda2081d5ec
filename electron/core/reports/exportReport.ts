import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ExportFormat, ReportFiltersInput, ReportLanguage, ReportName } from '../../../shared/reports';
import { reportFiltersSchema } from '../../../shared/reports';
import type { Store } from '../store/store';
import { writeCsv } from './export/csv';
import { writePdf } from './export/pdf';
import { writeXlsx } from './export/xlsx';
import { logExport } from './exportsLog';
import { buildReport } from './registry';
import type { ReportData } from './types';

export interface ExportOptions {
  format: ExportFormat;
  file: string;
  /** Phones and NIKs in clear: only when the manager asks, and the log says so. */
  unmask?: boolean;
  delimiter?: ',' | ';';
}

export interface ExportResult {
  file: string;
  rows: number;
  logId: string;
}

/** Writes a built report in one format. Returns the number of data rows written. */
export async function writeReport(report: ReportData, options: ExportOptions): Promise<number> {
  const unmask = options.unmask ?? false;
  switch (options.format) {
    case 'csv':
      return writeCsv(report, options.file, { unmask, delimiter: options.delimiter });
    case 'xlsx':
      return writeXlsx(report, options.file, { unmask });
    case 'pdf':
      return writePdf(report, options.file, { unmask });
  }
}

/** Builds, writes and records one export; a failed write leaves no half file behind and no log entry. */
export async function exportReport(
  store: Store,
  name: ReportName,
  filtersInput: ReportFiltersInput,
  options: ExportOptions & { language?: ReportLanguage },
): Promise<ExportResult> {
  const filters = reportFiltersSchema.parse(filtersInput);
  const report = buildReport(store, name, filters, options.language ?? 'id');
  mkdirSync(path.dirname(options.file), { recursive: true });
  let rows: number;
  try {
    rows = await writeReport(report, options);
  } catch (error) {
    rmSync(options.file, { force: true });
    throw error;
  }
  const logId = logExport(store, {
    report: name,
    format: options.format,
    filters: { ...filters, from: report.period.from, to: report.period.to },
    rows,
    unmasked: options.unmask ?? false,
    fileName: path.basename(options.file),
  });
  return { file: options.file, rows, logId };
}

/** `rfm-20260131-142501.xlsx`: sortable, no spaces, no collisions within a second. */
export function exportFileName(name: ReportName, format: ExportFormat, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${name}-${stamp}.${format}`;
}
