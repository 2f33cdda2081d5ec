import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CsvDialect, ExportFormat, ExportStatus, ReportCell, ReportColumn, ReportLanguage, SummaryItem } from '../../../shared/reports';
import { delimiterOf } from '../reports/export/csv';
import { startExportJob } from '../reports/exportJobs';
import { writeReport } from '../reports/exportReport';
import type { ReportData } from '../reports/types';
import type { Store } from '../store/store';
import { requireCampaign } from './campaigns';
import { campaignResults, type CampaignResults, type ResultRow } from './results';

const labels = {
  id: {
    title: (name: string) => `Hasil kampanye: ${name}`,
    outlet: 'Outlet',
    staff: 'Staf',
    targets: 'Target',
    contacted: 'Dihubungi',
    reached: 'Terjangkau',
    responded: 'Merespons',
    purchases: 'Pembelian (atribusi)',
    revenue: 'Omzet (atribusi)',
    treatedRate: 'Konversi grup kontak',
    controlRate: 'Konversi grup kontrol',
    controlCustomers: 'Grup kontrol',
    lift: 'Lift (selisih konversi)',
    liftLow: 'Lift, batas bawah 95%',
    liftHigh: 'Lift, batas atas 95%',
    method: 'Metode interval: Newcombe (skor Wilson), 95%',
    byOutlet: 'Per outlet',
    byStaff: 'Per staf',
    chart: 'Kontak per outlet',
    attribution: (days: number) => `Pembelian dihitung bila terjadi dalam ${days} hari setelah kontak pertama, sekali per pembelian.`,
  },
  en: {
    title: (name: string) => `Campaign results: ${name}`,
    outlet: 'Outlet',
    staff: 'Staff',
    targets: 'Targets',
    contacted: 'Contacted',
    reached: 'Reached',
    responded: 'Responded',
    purchases: 'Purchases (attributed)',
    revenue: 'Revenue (attributed)',
    treatedRate: 'Contact group conversion',
    controlRate: 'Control group conversion',
    controlCustomers: 'Control group',
    lift: 'Lift (difference in conversion)',
    liftLow: 'Lift, 95% lower bound',
    liftHigh: 'Lift, 95% upper bound',
    method: 'Interval method: Newcombe (Wilson score), 95%',
    byOutlet: 'By outlet',
    byStaff: 'By staff',
    chart: 'Contacts by outlet',
    attribution: (days: number) => `A purchase counts when made within ${days} days after the first contact, once per purchase.`,
  },
} as const;

/** The results as a report the existing CSV, XLSX and PDF writers take. */
export function campaignResultsReport(store: Store, results: CampaignResults, language: ReportLanguage): ReportData {
  const L = labels[language];
  const c = results.campaign;
  const counts: ReportColumn[] = [
    { key: 'targets', label: L.targets, type: 'integer' },
    { key: 'contacted', label: L.contacted, type: 'integer' },
    { key: 'reached', label: L.reached, type: 'integer' },
    { key: 'responded', label: L.responded, type: 'integer' },
    { key: 'purchases', label: L.purchases, type: 'integer' },
    { key: 'revenue', label: L.revenue, type: 'rupiah' },
  ];
  const cells = (r: ResultRow): ReportCell[] => [r.label, r.targets, r.contacted, r.reached, r.responded, r.purchases, r.revenue];
  const summary: SummaryItem[] = [
    { label: L.targets, value: results.total.targets, type: 'integer' },
    { label: L.contacted, value: results.total.contacted, type: 'integer' },
    { label: L.reached, value: results.total.reached, type: 'integer' },
    { label: L.responded, value: results.total.responded, type: 'integer' },
    { label: L.purchases, value: results.total.purchases, type: 'integer' },
    { label: L.revenue, value: results.total.revenue, type: 'rupiah' },
    { label: L.controlCustomers, value: results.control.customers, type: 'integer' },
    { label: L.treatedRate, value: results.treated.rate, type: 'percent' },
    { label: L.controlRate, value: results.control.rate, type: 'percent' },
    { label: L.lift, value: results.lift?.difference ?? null, type: 'percent' },
    { label: L.liftLow, value: results.lift?.low ?? null, type: 'percent' },
    { label: L.liftHigh, value: results.lift?.high ?? null, type: 'percent' },
  ];
  const outletRows = results.outlets.map((o) => [...cells(o), o.treated.rate, o.control.customers, o.control.rate, o.lift?.difference ?? null]);
  const staffRows = results.staff.map(cells);
  return {
    name: 'campaign',
    title: L.title(c.name),
    language,
    period: { from: c.periodFrom, to: c.periodTo },
    outlets: [],
    generatedAt: store.now().toISOString(),
    timeZone: 'Asia/Jakarta',
    generatedBy: store.staff,
    summary,
    sections: [
      {
        id: 'outlets',
        title: L.byOutlet,
        columns: [
          { key: 'outlet', label: L.outlet, type: 'text' },
          ...counts,
          { key: 'treatedRate', label: L.treatedRate, type: 'percent' },
          { key: 'controlCustomers', label: L.controlCustomers, type: 'integer' },
          { key: 'controlRate', label: L.controlRate, type: 'percent' },
          { key: 'lift', label: L.lift, type: 'percent' },
        ],
        count: outletRows.length,
        rows: () => outletRows,
        chart: { kind: 'bar', category: 'outlet', series: ['contacted', 'reached', 'responded'], title: L.chart },
        note: `${L.attribution(c.attributionDays)} ${L.method}.`,
      },
      {
        id: 'staff',
        title: L.byStaff,
        columns: [{ key: 'staff', label: L.staff, type: 'text' }, ...counts],
        count: staffRows.length,
        rows: () => staffRows,
      },
    ],
  };
}

/** Builds and writes the results file; a failed write leaves no half file behind. */
export async function exportCampaignResults(
  store: Store,
  campaignId: string,
  options: { format: ExportFormat; file: string; language?: ReportLanguage; delimiter?: ',' | ';' },
): Promise<{ file: string; rows: number }> {
  const report = campaignResultsReport(store, campaignResults(store, campaignId), options.language ?? 'id');
  mkdirSync(path.dirname(options.file), { recursive: true });
  try {
    return { file: options.file, rows: await writeReport(report, { format: options.format, file: options.file, delimiter: options.delimiter }) };
  } catch (error) {
    rmSync(options.file, { force: true });
    throw error;
  }
}

/** The results screen's export buttons: the same file as `akrab campaign results --format`, written in the background. */
export function startCampaignExport(
  store: Store,
  input: { campaignId: string; format: ExportFormat; language: ReportLanguage; csvDialect: CsvDialect },
): ExportStatus {
  requireCampaign(store, input.campaignId);
  const stamp = store.now().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return startExportJob(store, `campaign-${input.campaignId}-${stamp}.${input.format}`, input.format, (file) =>
    exportCampaignResults(store, input.campaignId, { format: input.format, file, language: input.language, delimiter: delimiterOf(input.csvDialect) }),
  );
}
