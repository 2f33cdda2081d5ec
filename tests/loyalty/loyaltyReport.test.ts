import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { expirePoints, recomputeTiers, redeemPoints, setRule, setTiers } from '../../electron/core/loyalty';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { exportReport } from '../../electron/core/reports/exportReport';
import { runReport } from '../../electron/core/reports/registry';
import type { ReportData } from '../../electron/core/reports/types';
import { aCustomer } from '../support/builders';
import { tempDir, tempStore } from '../support/tempStore';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };

/**
 * Two outlets. BDG01: A earns 100 (valid one month), B earns 50. SBY01: A redeems 30, B earns 200. A month later the
 * expiry pass ends A's remaining 70 and B's 50, both earned at BDG01. Outstanding: 200 points (B's), Rp 100 each.
 */
function loyaltyStore() {
  let now = new Date('2026-01-05T03:00:00.000Z');
  const store = tempStore({ now: () => now });
  const bdg = ensureOutlet(store, 'BDG01', { name: 'Bandung' });
  const sby = ensureOutlet(store, 'SBY01', { name: 'Surabaya' });
  useOutlet(store, bdg);
  setRule(store, manager, { validFrom: '2026-01-05', rupiahPerPoint: 10_000, pointValue: 100, validityMonths: 1, offlineRedeemLimit: 1000 });
  setTiers(store, manager, {
    validFrom: '2026-01-05',
    graceDays: 0,
    levels: [
      { code: 'silver', name: 'Silver', minSpend: 1_000_000, discountPercent: 2 },
      { code: 'gold', name: 'Gold', minSpend: 2_500_000, discountPercent: 5 },
    ],
  });
  const a = registerCustomer(store, aCustomer().named('Ani').build());
  const b = registerCustomer(store, aCustomer().named('Bayu').build());
  addPurchase(store, { customerId: a.id, invoiceNo: 'BDG-1', purchasedAt: now.toISOString(), amount: 1_000_000 });
  addPurchase(store, { customerId: b.id, invoiceNo: 'BDG-2', purchasedAt: now.toISOString(), amount: 500_000 });
  recomputeTiers(store, '2026-01-05');
  now = new Date('2026-01-20T05:00:00.000Z');
  useOutlet(store, sby);
  redeemPoints(store, { customerId: a.id, points: 30 });
  addPurchase(store, { customerId: b.id, invoiceNo: 'SBY-1', purchasedAt: now.toISOString(), amount: 2_000_000 });
  now = new Date('2026-02-10T05:00:00.000Z');
  expirePoints(store);
  recomputeTiers(store, '2026-02-10');
  return store;
}

const rowsOf = (report: ReportData, id: string) => [...report.sections.find((s) => s.id === id)!.rows()];

describe('loyalty report (issue 17 point 10)', () => {
  it('liability per outlet in rupiah, points per month, tier distribution and movements', () => {
    const store = loyaltyStore();
    const report = runReport(store, 'loyalty', { from: '2026-01-01', to: '2026-02-28' }, 'en');
    expect(report.title).toBe('Loyalty points & member tiers');
    expect(rowsOf(report, 'liability')).toEqual([
      ['BDG01', 150, 0, 120, 0, 30, 3000],
      ['SBY01', 200, 30, 0, 0, 170, 17_000],
    ]);
    expect(report.summary.map((s) => s.value)).toEqual([200, 20_000, 100, 2]);
    expect(rowsOf(report, 'monthly')).toEqual([
      ['2026-01', 350, 30, 0, 0],
      ['2026-02', 0, 0, 120, 0],
    ]);
    expect(rowsOf(report, 'tiers')).toEqual([
      ['Gold', 1, 0.5, 2_500_000],
      ['Silver', 1, 0.5, 1_000_000],
    ]);
    expect(rowsOf(report, 'movements')).toContainEqual(['(no tier)', 'Gold', 'Up', 1]);
    // One outlet: only what was booked there.
    expect(rowsOf(runReport(store, 'loyalty', { from: '2026-01-01', to: '2026-02-28', outlets: ['SBY01'] }, 'en'), 'liability')).toEqual([
      ['SBY01', 200, 30, 0, 0, 170, 17_000],
    ]);
    // The liability at the end of January: nothing had expired yet.
    expect(rowsOf(runReport(store, 'loyalty', { from: '2026-01-01', to: '2026-01-31' }, 'en'), 'liability').map((r) => r[5])).toEqual([150, 170]);
  });

  it('exports CSV, XLSX (opened by LibreOffice) and PDF (rendered by pdftoppm) with the same figures', async () => {
    const store = loyaltyStore();
    const dir = tempDir();
    const filters = { from: '2026-01-01', to: '2026-02-28' };
    const csv = path.join(dir, 'loyalty.csv');
    await exportReport(store, 'loyalty', filters, { format: 'csv', file: csv });
    const csvText = readFileSync(csv, 'utf8');
    expect(csvText).toContain('Kewajiban poin per outlet');
    expect(csvText).toMatch(/SBY01,200,30,0,0,170,17000/);

    const xlsx = path.join(dir, 'loyalty.xlsx');
    await exportReport(store, 'loyalty', filters, { format: 'xlsx', file: xlsx, language: 'en' });
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', path.join(dir, 'calc'), xlsx], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const calcText = execFileSync('pdftotext', ['-layout', path.join(dir, 'calc', 'loyalty.pdf'), '-'], { encoding: 'utf8' });
    expect(calcText).toMatch(/SBY01\s+200\s+30\s+0\s+0\s+170\s+Rp\s?17[.,]000/);
    expect(calcText).toMatch(/Gold\s+1\s+50/);

    const pdf = path.join(dir, 'loyalty.pdf');
    await exportReport(store, 'loyalty', filters, { format: 'pdf', file: pdf, language: 'en' });
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Points liability per outlet');
    expect(text).toMatch(/BDG01\s+150\s+0\s+120\s+0\s+30/);
    execFileSync('pdftoppm', ['-r', '60', '-f', '1', '-l', '1', '-png', '-singlefile', pdf, path.join(dir, 'page')]);
    expect(statSync(path.join(dir, 'page.png')).size).toBeGreaterThan(5_000);
  }, 180_000);
});
