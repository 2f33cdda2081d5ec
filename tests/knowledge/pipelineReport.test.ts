import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runReport } from '../../electron/core/reports/registry';
import { exportReport } from '../../electron/core/reports/exportReport';
import { createOpportunity, updateOpportunity } from '../../electron/core/opportunities/opportunities';
import { recomputeOfferRules, setOfferSettings } from '../../electron/core/offers/offerRules';
import { followUpOffer } from '../../electron/core/offers/offerActions';
import type { ReportData } from '../../electron/core/reports/types';
import { careStore, purchase } from '../care/support';
import { tempDir } from '../support/tempStore';

const rowsOf = (report: ReportData, id: string) => [...report.sections.find((s) => s.id === id)!.rows()];

function pipelineStore() {
  const s = careStore('2026-11-02T03:00:00.000Z');
  const { store, customer, setNow } = s;
  const siti = customer().id;
  purchase(store, siti, { invoiceNo: 'W-1', purchasedAt: '2026-11-01T03:00:00.000Z', amount: 4_000_000, mainProduct: 'Kasur Springbed' });
  const base = { customerId: siti, expectedDecisionDate: '2026-11-30' };
  const a = createOpportunity(store, { ...base, product: 'Kasur', category: 'Kasur', budget: 5_000_000, owner: 'Rina' });
  const b = createOpportunity(store, { ...base, product: 'Kasur', category: 'Kasur', budget: 3_000_000, owner: 'Joko' });
  const c = createOpportunity(store, { ...base, product: 'Sofa', category: 'Sofa', budget: 7_000_000, owner: 'Rina' });
  createOpportunity(store, { ...base, product: 'Lemari', category: 'Lemari', budget: 2_000_000, owner: 'Joko', stage: 'quoted' });
  createOpportunity(store, { ...base, product: 'TV', category: 'TV', budget: 6_000_000, owner: 'Rina', stage: 'negotiating' });
  setNow('2026-11-06T03:00:00.000Z');
  updateOpportunity(store, { opportunityId: a.id, stage: 'won', invoiceNo: 'W-1' });
  updateOpportunity(store, { opportunityId: b.id, stage: 'lost', lostReason: 'price' });
  updateOpportunity(store, { opportunityId: c.id, stage: 'lost', lostReason: 'competitor' });
  // An offer made and then bought.
  for (let i = 0; i < 3; i++) {
    const other = customer().id;
    purchase(store, other, { invoiceNo: `O${i}a`, purchasedAt: '2026-10-01T03:00:00.000Z', amount: 1, mainProduct: 'Kasur Springbed' });
    purchase(store, other, { invoiceNo: `O${i}b`, purchasedAt: '2026-10-05T03:00:00.000Z', amount: 1, mainProduct: 'Lemari Pakaian' });
  }
  setOfferSettings(store, { staffId: 'm', name: 'M', role: 'manager', outletId: null }, { minPairCustomers: 1, minLift: 0 });
  recomputeOfferRules(store);
  followUpOffer(store, { customerId: siti, product: 'Lemari Pakaian', dueDate: '2026-11-07' });
  setNow('2026-11-10T03:00:00.000Z');
  purchase(store, siti, { invoiceNo: 'W-2', purchasedAt: '2026-11-09T03:00:00.000Z', amount: 2_500_000, mainProduct: 'Lemari Pakaian' });
  return s;
}

describe('the pipeline report', () => {
  it('shows the pipeline by stage, outlet and staff, lost reasons, win rate and time to close, forecast against actual, offers converted', () => {
    const { store } = pipelineStore();
    const report = runReport(store, 'pipeline', { from: '2026-11-01', to: '2026-11-30' }, 'en');
    expect(report.title).toBe('Pipeline, forecast & offers');
    expect(rowsOf(report, 'by-stage')).toEqual([
      ['Interested', 0, 0],
      ['Quoted', 1, 2_000_000],
      ['Negotiating', 1, 6_000_000],
      ['Won', 1, 4_000_000],
      ['Lost', 2, 10_000_000],
    ]);
    expect(rowsOf(report, 'by-staff')).toEqual([
      ['JKT01', 'Joko', 1, 2_000_000, 0, 1, 0],
      ['JKT01', 'Rina', 1, 6_000_000, 1, 1, 0.5],
    ]);
    expect(rowsOf(report, 'lost-reasons')).toEqual([
      ['Price', 1, 0.5, 3_000_000],
      ['Competitor', 1, 0.5, 7_000_000],
    ]);
    // Kasur: one won (4 days after it was recorded), one lost.
    expect(rowsOf(report, 'win-rates')).toEqual([
      ['Kasur', 2, 1, 1, 0.5, 4],
      ['Sofa', 1, 0, 1, 0, null],
    ]);
    expect(rowsOf(report, 'offers')).toEqual([['Lemari Pakaian', 1, 1, 1]]);
    const forecast = rowsOf(report, 'forecast');
    expect(forecast.map((r) => r[0])).toContain('2026-10');
    expect(forecast.find((r) => r[0] === '2026-10')).toEqual(['2026-10', 'JKT01', 0, 6]);
    expect(report.summary.map((s) => s.value)).toEqual([2, 8_000_000, 1 / 3, 1]);
  });

  it('exports to XLSX that LibreOffice opens, and to a PDF whose page renders', async () => {
    const { store } = pipelineStore();
    const dir = tempDir();
    const xlsx = path.join(dir, 'pipeline.xlsx');
    await exportReport(store, 'pipeline', { from: '2026-11-01', to: '2026-11-30' }, { format: 'xlsx', file: xlsx });
    const out = mkdtempSync(path.join(tmpdir(), 'akrab-calc-'));
    execFileSync('soffice', [`-env:UserInstallation=file://${out}/profile`, '--headless', '--convert-to', 'xlsx', '--outdir', out, xlsx], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(out, 'pipeline.xlsx'));
    const names = workbook.worksheets.map((w) => w.name);
    expect(names.length).toBeGreaterThanOrEqual(6);
    const values = workbook.worksheets.flatMap((w) => w.getSheetValues().flat().map(String));
    expect(values).toContain('Pesaing');
    const pdf = path.join(dir, 'pipeline.pdf');
    await exportReport(store, 'pipeline', { from: '2026-11-01', to: '2026-11-30' }, { format: 'pdf', file: pdf });
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, path.join(dir, 'page')]);
    expect(existsSync(path.join(dir, 'page-1.png')) || existsSync(path.join(dir, 'page-01.png'))).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Alasan gagal');
    expect(text).toContain('Tawaran yang dibuat dan berhasil');
  }, 180_000);
});
