import type { ExportFormat, ExportLogEntry, ReportFilters, ReportName } from '../../../shared/reports';
import { newId } from '../ids';
import type { Store } from '../store/store';

export type { ExportLogEntry };

/** Records an export: who, which report with which filters, when, how many rows, masked or not. */
export function logExport(
  store: Store,
  entry: {
    report: ReportName;
    format: ExportFormat;
    filters: Omit<ReportFilters, 'from' | 'to'> & { from: string | null; to: string };
    rows: number;
    unmasked: boolean;
    fileName: string | null;
  },
): string {
  const id = newId();
  store.sqlite
    .prepare(
      'INSERT INTO exports_log (id, at, device_id, staff, report, format, filters, rows, unmasked, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      id,
      store.now().toISOString(),
      store.deviceId,
      store.staff,
      entry.report,
      entry.format,
      JSON.stringify(entry.filters),
      entry.rows,
      entry.unmasked ? 1 : 0,
      entry.fileName,
    );
  return id;
}

export function listExports(store: Store, limit = 100): ExportLogEntry[] {
  const rows = store.sqlite
    .prepare('SELECT id, at, staff, report, format, filters, rows, unmasked, file_name FROM exports_log ORDER BY at DESC, id DESC LIMIT ?')
    .all(limit) as {
    id: string;
    at: string;
    staff: string | null;
    report: ReportName;
    format: ExportFormat;
    filters: string;
    rows: number;
    unmasked: number;
    file_name: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    staff: r.staff,
    report: r.report,
    format: r.format,
    filters: JSON.parse(r.filters) as Record<string, unknown>,
    rows: r.rows,
    unmasked: r.unmasked === 1,
    fileName: r.file_name,
  }));
}
