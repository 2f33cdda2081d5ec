import type { CallOutput, ParsedInput } from '../../../shared/contract';
import type { Store } from '../store/store';
import { exportStatus, startExport } from './exportJobs';
import { listExports } from './exportsLog';
import { runReport } from './registry';
import { reportView } from './view';

type ReportCalls = 'reports.run' | 'reports.export' | 'reports.exportStatus' | 'reports.exportLog';

/** The reports' contract calls, bound to one open store. */
export function createReportHandlers(store: Store): { [K in ReportCalls]: (input: ParsedInput<K>) => CallOutput<K> } {
  return {
    'reports.run': ({ name, filters, language }) => reportView(runReport(store, name, filters, language)),
    'reports.export': ({ name, filters, format, unmask, language, csvDialect }) =>
      startExport(store, { name, filters, format, unmask, language, csvDialect }),
    'reports.exportStatus': ({ id }) => exportStatus(store, id),
    'reports.exportLog': ({ limit }) => listExports(store, limit),
  };
}
