import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { purchases } from '../../db/schema';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { newId } from '../../electron/core/ids';
import { exportReport } from '../../electron/core/reports/exportReport';
import { runReport } from '../../electron/core/reports/registry';
import { reportView } from '../../electron/core/reports/view';
import { transact } from '../../electron/core/store/writer';
import { tempDir } from '../support/tempStore';
import { smallStore } from './smallStore';

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

/** Opens a CSV in LibreOffice Calc as a person with these regional settings would, and reads the sheet back. */
async function openInCalc(file: string, separator: ';' | ',', localeId: number): Promise<ExcelJS.Worksheet> {
  const out = mkdtempSync(path.join(tmpdir(), 'akrab-calc-'));
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${out}/profile`, '--headless', `--infilter=CSV:${separator.charCodeAt(0)},34,76,1,,${localeId}`, '--convert-to', 'xlsx', '--outdir', out, file],
    { stdio: 'ignore', timeout: 120_000 },
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path.join(out, path.basename(file).replace(/\.csv$/, '.xlsx')));
  return workbook.worksheets[0]!;
}

const cellText = (v: ExcelJS.CellValue) => (v && typeof v === 'object' && 'result' in v ? v.result : v);

function storeWithDigitCards() {
  const { store, jkt } = smallStore();
  for (const [name, cardNo] of [
    ['Pelanggan Kartu Panjang', '8800123456789012'],
    ['Pelanggan Nol Depan', '0012345678'],
  ] as const) {
    const customer = registerCustomer(store, { fullName: name, phone: `0813${cardNo.slice(-8)}`, cardNo, consentMarketing: true }, { outletId: jkt.id });
    transact(store, (w) =>
      w.insert(purchases, {
        id: newId(),
        customerId: customer.id,
        invoiceNo: null,
        outletId: jkt.id,
        purchasedAt: '2026-03-20T03:00:00.000Z',
        amount: 1_250_000,
        mainProduct: 'Kulkas',
        createdAt: '2026-03-20T03:00:00.000Z',
      }),
    );
  }
  return store;
}

describe('long periods: charts cover the whole period', () => {
  it('a 396-day registrations report charts every week up to the last day, though the table shows the first 200 days', () => {
    const { store } = smallStore();
    const view = reportView(runReport(store, 'registrations', { from: '2025-03-01', to: '2026-03-31' }));
    const byDay = view.sections.find((s) => s.id === 'by-day')!;
    expect(byDay.rows).toHaveLength(200);
    expect(byDay.total).toBe(396);
    expect(byDay.chartData?.bucket).toBe('week');
    const points = byDay.chartData!.points;
    expect(points[0]!.category).toBe('2025-02-24');
    expect(points.at(-1)!.category).toBe('2026-03-30');
    // Every registration of the period is in the chart (they all happened in March 2026, past the table's cut).
    const total = view.summary.find((s) => s.type === 'integer')!.value as number;
    expect(points.reduce((sum, p) => sum + p.values[0]!, 0)).toBe(total);
    expect(total).toBeGreaterThan(0);
  });

  it('a one-year period charts by month; a month by day', () => {
    const { store } = smallStore();
    const year = reportView(runReport(store, 'registrations', { from: '2024-04-01', to: '2026-03-31' })).sections[0]!;
    expect(year.chartData?.bucket).toBe('month');
    expect(year.chartData!.points.at(-1)!.category).toBe('2026-03-01');
    const month = reportView(runReport(store, 'registrations', { from: '2026-03-01', to: '2026-03-31' })).sections[0]!;
    expect(month.chartData?.bucket).toBe('day');
    expect(month.chartData!.points).toHaveLength(31);
  });

  it('a 90-day PDF charts the whole period by week, its last week included, while its table stops at 50 rows', async () => {
    const { store } = smallStore();
    const file = path.join(tempDir(), 'regs90.pdf');
    await exportReport(store, 'registrations', { from: '2026-01-01', to: '2026-03-31' }, { format: 'pdf', file });
    const text = pdfText(file);
    expect(text).toContain('per minggu');
    // Week labels run to the Monday of the period's last week (30 March), not to day 50 (19 February).
    expect(text).toMatch(/\b30\/3\b/);
    expect(text).toMatch(/\b23\/3\b/);
    expect(text).toContain('Menampilkan 50 dari 90 baris');
  });
});

describe('CSV that opens right in a spreadsheet', () => {
  it('Indonesian settings: `;` and decimal comma, ISO dates, card numbers kept as text, a header block (LibreOffice, id-ID)', async () => {
    const store = storeWithDigitCards();
    const file = path.join(tempDir(), 'rfm-id.csv');
    await exportReport(store, 'rfm', { outlets: ['JKT'] }, { format: 'csv', file, delimiter: ';' });
    const raw = readFileSync(file, 'utf8');
    expect(raw).toContain('="8800123456789012"');
    const sheet = await openInCalc(file, ';', 1057);
    expect(sheet.getCell('A1').value).toBe('Segmentasi RFM');
    expect(sheet.getCell('A2').value).toBe('Periode');
    expect(sheet.getCell('B2').value).toBe('1 April 2025 – 31 Maret 2026');
    expect(sheet.getCell('B3').value).toBe('JKT Jakarta Pusat');
    expect(String(sheet.getCell('B4').value)).toMatch(/^31 Maret 2026,? (pukul )?17[.:]00 WIB oleh Manajer$/);
    const values: ExcelJS.CellValue[][] = [];
    sheet.eachRow((row) => values.push((row.values as ExcelJS.CellValue[]).slice(1)));
    const long = values.find((r) => r[0] === 'Pelanggan Kartu Panjang')!;
    const zero = values.find((r) => r[0] === 'Pelanggan Nol Depan')!;
    expect(cellText(long[1]!)).toBe('8800123456789012');
    expect(cellText(zero[1]!)).toBe('0012345678');
    // The last purchase is a date cell (20 March), the spend a number, not text.
    expect(long.find((v) => v instanceof Date)).toEqual(new Date('2026-03-20T00:00:00.000Z'));
    expect(long).toContain(1250000);
    // Percent shares of the segments table are numbers with their fraction (12,5 read with a decimal comma).
    const segment = values.find((r) => r[0] === 'Juara')!;
    expect(segment.filter((v) => typeof v === 'number' && !Number.isInteger(v)).length).toBeGreaterThan(0);
  }, 120_000);

  it('international settings: `,` and a decimal dot read the same day and the same numbers (LibreOffice, en-US)', async () => {
    const store = storeWithDigitCards();
    const file = path.join(tempDir(), 'rfm-intl.csv');
    await exportReport(store, 'rfm', { outlets: ['JKT'] }, { format: 'csv', file, delimiter: ',' });
    const sheet = await openInCalc(file, ',', 1033);
    const values: ExcelJS.CellValue[][] = [];
    sheet.eachRow((row) => values.push((row.values as ExcelJS.CellValue[]).slice(1)));
    const long = values.find((r) => r[0] === 'Pelanggan Kartu Panjang')!;
    expect(cellText(long[1]!)).toBe('8800123456789012');
    expect(long.find((v) => v instanceof Date)).toEqual(new Date('2026-03-20T00:00:00.000Z'));
    const segment = values.find((r) => r[0] === 'Juara')!;
    expect(segment.filter((v) => typeof v === 'number' && !Number.isInteger(v)).length).toBeGreaterThan(0);
  }, 120_000);
});

describe('PDF: every character, the outlet’s zone, the note kept with its table', () => {
  it('prints minus signs and names in other scripts (embedded font), and "generated" in the outlets’ zone with its label', async () => {
    const { store, mks } = smallStore();
    registerCustomer(store, { fullName: 'Αλέξης Дмитрий Nguyễn', phone: '0813-7777-1212', cardNo: 'VIP990001', consentMarketing: true }, { outletId: mks.id });
    const file = path.join(tempDir(), 'cleanup.pdf');
    await exportReport(store, 'cleanup', { outlets: ['MKS'] }, { format: 'pdf', file });
    const text = pdfText(file);
    expect(text).toContain('−');
    expect(text).not.toContain('?');
    expect(text).toMatch(/Dibuat: 31 Maret 2026,? (pukul )?18[.:]00 WITA/);
    const regs = path.join(tempDir(), 'regs-mks.pdf');
    await exportReport(store, 'registrations', { outlets: ['MKS'], from: '2026-03-01', to: '2026-03-31' }, { format: 'pdf', file: regs });
    expect(pdfText(regs)).not.toContain('?');
  });

  it('never leaves the "showing N of M" note alone at the top of a page', async () => {
    const { store } = smallStore();
    const report = runReport(store, 'registrations', { from: '2025-03-01', to: '2026-03-31' });
    const { writePdf } = await import('../../electron/core/reports/export/pdf');
    const dir = tempDir();
    for (let maxRows = 20; maxRows <= 80; maxRows++) {
      const file = path.join(dir, `r${maxRows}.pdf`);
      await writePdf(report, file, { unmask: false, maxRows });
      const pages = pdfText(file).split('\f');
      for (const page of pages) {
        const lines = page.split('\n').filter((l) => l.trim());
        const note = lines.findIndex((l) => l.includes(`Menampilkan ${maxRows} dari 396 baris`));
        // On its page a table row comes before it.
        if (note >= 0) expect(lines.slice(0, note).some((l) => /\d+ (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}/.test(l)), `maxRows ${maxRows}`).toBe(true);
      }
    }
  }, 120_000);
});

describe('XLSX prints right', () => {
  it('sheet names are cut at a word', async () => {
    const { sheetNamer } = await import('../../electron/core/reports/export/xlsx');
    const name = sheetNamer();
    expect(name('Pelanggan bernilai tinggi tanpa kontak terakhir')).toBe('Pelanggan bernilai tinggi tanpa');
    expect(name('Pelanggan bernilai tinggi tanpa kontak lagi')).toBe('Pelanggan bernilai tinggi (2)');
  });

  it('landscape, fit to one page wide, the header row on every page (LibreOffice prints it)', async () => {
    const { store } = smallStore();
    const dir = tempDir();
    const file = path.join(dir, 'regs.xlsx');
    await exportReport(store, 'registrations', { from: '2025-03-01', to: '2026-03-31' }, { format: 'xlsx', file });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const byDay = workbook.worksheets[1]!;
    expect(byDay.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { stdio: 'ignore', timeout: 120_000 });
    const pages = pdfText(path.join(dir, 'regs.pdf')).split('\f').filter((p) => p.trim());
    const dayPages = pages.filter((p) => /\d{2}\/\d{2}\/\d{4}|\d{4}-\d{2}-\d{2}/.test(p) && !p.includes('Periode'));
    expect(dayPages.length).toBeGreaterThan(3);
    // Every page of the 396-day sheet repeats its header, all five columns on one page's width.
    for (const page of dayPages) expect(page).toMatch(/Tanggal\s+Pendaftaran\s+Kartu VIP diterbitkan\s+Ternyata duplikat\s+Porsi duplikat/);
  }, 120_000);
});
