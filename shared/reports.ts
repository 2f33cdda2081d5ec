import { z } from 'zod';
import { isoDate } from './schemas';

/** The managers' reports (issue 6): names as the CLI and the contract spell them. */
export const reportNames = [
  'registrations',
  'rfm',
  'neglected',
  'cleanup',
  'top-customers',
  // Knowing each customer (issue 19).
  'pipeline',
  // Loyalty (issue 17).
  'loyalty',
] as const;
export type ReportName = (typeof reportNames)[number];

export const exportFormats = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const reportLanguages = ['id', 'en'] as const;

/** CSV for Indonesian regional settings (`;`, decimal comma) or international ones (`,`, decimal dot). */
export const csvDialects = ['id', 'intl'] as const;
export type CsvDialect = (typeof csvDialects)[number];
export type ReportLanguage = (typeof reportLanguages)[number];

/** RFM segments, in the order reports list them (best first). */
export const rfmSegments = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'cant_lose',
  'at_risk',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof rfmSegments)[number];

const outletCode = z.string().trim().min(1).max(20);

/**
 * What a manager narrows a report to. Dates are calendar days (inclusive) in each outlet's own time zone;
 * no outlet codes means every outlet the store holds.
 */
export const reportFiltersSchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  outlets: z.array(outletCode).max(100).default([]),
  /** Neglected customers: no contact and no visit in this many days. */
  days: z.number().int().min(1).max(3650).optional(),
  /** Neglected customers: the least lifetime spend that counts as high value (default: the top 20% of spenders). */
  minSpend: z.number().int().min(0).max(1e13).optional(),
  /** RFM drill-down: only this segment's customers. */
  segment: z.enum(rfmSegments).optional(),
  /** Top customers: how many per outlet. */
  top: z.number().int().min(1).max(1000).optional(),
});
export type ReportFiltersInput = z.input<typeof reportFiltersSchema>;
export type ReportFilters = z.output<typeof reportFiltersSchema>;

/**
 * Column types drive every output: XLSX cell types and number formats, CSV rendering, PDF alignment,
 * and masking (phone and NIK are masked unless the manager asks otherwise).
 */
export type ColumnType = 'text' | 'date' | 'rupiah' | 'integer' | 'decimal' | 'percent' | 'phone' | 'nik';

export interface ReportColumn {
  key: string;
  label: string;
  type: ColumnType;
}

/** A cell: text, a number (rupiah are whole rupiah, percent a fraction 0–1), a calendar date `YYYY-MM-DD`, or empty. */
export type ReportCell = string | number | null;

export interface ChartSpec {
  kind: 'bar';
  /** The column whose values label the bars. */
  category: string;
  /** The numeric columns drawn as bars (one series each). */
  series: string[];
  title: string;
}

export interface SummaryItem {
  label: string;
  value: ReportCell;
  type: ColumnType;
}

/**
 * A chart's bars, computed from every row of its section: dates by day, week (the Monday it starts) or month
 * (its first day) depending on the period's length; named categories as they come.
 */
export interface ChartData {
  bucket: 'day' | 'week' | 'month' | 'category';
  points: { category: string; values: number[] }[];
}

/** What the UI receives: every section with at most `rowLimit` rows, phones and NIKs masked. */
export interface ReportSectionView {
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** Rows the section holds in full (exports carry them all). */
  total: number;
  chart?: ChartSpec;
  /** The chart's bars over the whole period (the rows above may be only the first ones). */
  chartData?: ChartData;
  note?: string;
}

export interface ReportView {
  name: ReportName | 'campaign' | 'segment';
  title: string;
  period: { from: string | null; to: string };
  outlets: { code: string; name: string }[];
  generatedAt: string;
  generatedBy: string | null;
  summary: SummaryItem[];
  sections: ReportSectionView[];
}

export interface ExportStatus {
  id: string;
  state: 'running' | 'done' | 'failed';
  format: ExportFormat;
  /** Where the file was written (the data folder's `exports/`). */
  path: string;
  fileName: string;
  rows: number;
  error?: { code: string; messageKey: string };
}

/** One line of the export log: who exported what, when, with which filters, how many rows. */
export interface ExportLogEntry {
  id: string;
  at: string;
  staff: string | null;
  report: ReportName;
  format: ExportFormat;
  filters: Record<string, unknown>;
  rows: number;
  unmasked: boolean;
  fileName: string | null;
}
