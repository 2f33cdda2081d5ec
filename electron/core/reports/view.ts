import type { ReportCell, ReportView } from '../../../shared/reports';
import { chartSeries } from './chartSeries';
import { protectCell } from './export/cells';
import type { ReportData } from './types';

export const VIEW_ROW_LIMIT = 200;

/** The report as a screen shows it: the first rows of each section (phones and NIKs always masked), and the totals. */
export function reportView(report: ReportData, rowLimit = VIEW_ROW_LIMIT): ReportView {
  return {
    name: report.name,
    title: report.title,
    period: report.period,
    outlets: report.outlets,
    generatedAt: report.generatedAt,
    generatedBy: report.generatedBy,
    summary: report.summary,
    sections: report.sections.map((section) => {
      const rows: ReportCell[][] = [];
      for (const row of section.rows(rowLimit)) {
        if (rows.length >= rowLimit) break;
        rows.push(row.map((v, i) => protectCell(v, section.columns[i]!.type, false)));
      }
      return {
        id: section.id,
        title: section.title,
        columns: section.columns,
        rows,
        total: section.count,
        ...(section.chart && { chart: section.chart, chartData: chartSeries(section, report.period) }),
        ...(section.note && { note: section.note }),
      };
    }),
  };
}
