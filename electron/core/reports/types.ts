import type { ChartSpec, ReportCell, ReportColumn, ReportLanguage, ReportName, SummaryItem } from '../../../shared/reports';
import type { ScopeOutlet } from './scope';

/**
 * One table of a report. Rows are produced on demand, so a million-row drill-down streams into a CSV or
 * XLSX file without ever being held in memory; `count` is known up front for the UI and the export log.
 */
export interface ReportSection {
  id: string;
  title: string;
  columns: ReportColumn[];
  count: number;
  /** `limit`: how many rows the caller will read at most (a screen, a PDF), so long lists can pick a cheaper path. */
  rows: (limit?: number) => Iterable<ReportCell[]>;
  chart?: ChartSpec;
  note?: string;
}

/** What every report function returns and every exporter takes. */
export interface ReportData {
  name: ReportName | 'campaign' | 'segment';
  title: string;
  language: ReportLanguage;
  /** Inclusive calendar dates; `from` is null for "since the beginning". */
  period: { from: string | null; to: string };
  /** The outlets in scope; empty when the report covers every outlet. */
  outlets: Pick<ScopeOutlet, 'code' | 'name'>[];
  generatedAt: string;
  /** IANA zone of the outlets reported on (or this device's outlet): "generated at" reads in it, with its label. */
  timeZone: string;
  generatedBy: string | null;
  summary: SummaryItem[];
  sections: ReportSection[];
}

export const rowsOf = (rows: ReportCell[][]) => () => rows;
