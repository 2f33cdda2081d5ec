import path from 'node:path';
import { AkrabError } from '../../../shared/errors';
import type { CsvDialect, ExportFormat, ExportStatus, ReportFilters, ReportLanguage, ReportName } from '../../../shared/reports';
import { newId } from '../ids';
import type { Store } from '../store/store';
import { delimiterOf } from './export/csv';
import { exportFileName, exportReport } from './exportReport';

const jobs = new WeakMap<Store, Map<string, ExportStatus>>();
const KEEP = 50;

/** Exports land in the data folder's `exports/` (beside the store file), where the desktop app opens them. */
export function exportsDir(store: Store): string {
  return path.join(path.dirname(store.sqlite.name), 'exports');
}

/**
 * Starts an export in the background and returns at once: a million-row XLSX takes seconds, and the contract's
 * calls answer synchronously. The screen polls `exportStatus` until the file is written (or failed).
 */
export function startExport(
  store: Store,
  input: {
    name: ReportName;
    filters: ReportFilters;
    format: ExportFormat;
    unmask: boolean;
    language: ReportLanguage;
    csvDialect?: CsvDialect;
  },
): ExportStatus {
  return startExportJob(store, exportFileName(input.name, input.format, store.now()), input.format, (file) =>
    exportReport(store, input.name, input.filters, {
      format: input.format,
      file,
      unmask: input.unmask,
      language: input.language,
      delimiter: delimiterOf(input.csvDialect ?? 'id'),
    }),
  );
}

/**
 * Any export written in the background into `exports/` (a report, a campaign's results): `write` writes the file
 * and says how many rows it holds; the status is polled with `exportStatus` and downloaded like a report's.
 */
export function startExportJob(store: Store, fileName: string, format: ExportFormat, write: (file: string) => Promise<{ rows: number }>): ExportStatus {
  const list = jobs.get(store) ?? new Map<string, ExportStatus>();
  jobs.set(store, list);
  const file = path.join(exportsDir(store), fileName);
  const status: ExportStatus = { id: newId(), state: 'running', format, path: file, fileName, rows: 0 };
  list.set(status.id, status);
  for (const id of [...list.keys()].slice(0, Math.max(0, list.size - KEEP))) list.delete(id);
  write(file).then(
    (result) => Object.assign(status, { state: 'done', rows: result.rows }),
    (error: unknown) => {
      if (!(error instanceof AkrabError)) console.error('report export failed', error);
      Object.assign(status, {
        state: 'failed',
        error:
          error instanceof AkrabError
            ? { code: error.code, messageKey: error.messageKey }
            : { code: 'internal', messageKey: 'error.internal' },
      });
    },
  );
  return { ...status };
}

export function exportStatus(store: Store, id: string): ExportStatus {
  const status = jobs.get(store)?.get(id);
  if (!status) throw new AkrabError({ code: 'not_found', messageKey: 'error.export_not_found' });
  return { ...status };
}
