import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, writeCsv } from '../../electron/core/reports/export/csv';
import { neutraliseFormula } from '../../electron/core/reports/export/cells';
import { exportReport } from '../../electron/core/reports/exportReport';
import { listExports } from '../../electron/core/reports/exportsLog';
import { runReport } from '../../electron/core/reports/registry';
import { tempDir } from '../support/tempStore';
import { smallStore } from './smallStore';

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
/** Page count from the PDF's own page tree: the /Count of the root /Pages object. */
const pdfPageCount = (file: string) => {
  const text = readFileSync(file).toString('latin1');
  const counts = [...text.matchAll(/\/Type \/Pages[\s\S]*?\/Count (\d+)/g)].map((m) => Number(m[1]));
  return Math.max(...counts);
};

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `'=HYPERLINK("http://evil")`],
    ['+62812', `'+62812`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['Budi', 'Budi'],
    ['Jl. Merdeka No. 5', 'Jl. Merdeka No. 5'],
  ])('neutralises %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it('keeps numbers as numbers, writes ISO dates (the same day in every locale), and quotes what needs quoting', () => {
    const text = { key: 't', label: 't', type: 'text' as const };
    expect(csvCell(-1500, { key: 'r', label: 'r', type: 'rupiah' }, { unmask: false })).toBe('-1500');
    expect(csvCell(0.125, { key: 'p', label: 'p', type: 'percent' }, { unmask: false })).toBe('12.5');
    expect(csvCell(0.125, { key: 'p', label: 'p', type: 'percent' }, { unmask: false, delimiter: ';' })).toBe('12,5');
    expect(csvCell('2026-03-10', { key: 'd', label: 'd', type: 'date' }, { unmask: false })).toBe('2026-03-10');
    expect(csvCell('Siregar, Budi', text, { unmask: false })).toBe('"Siregar, Budi"');
    expect(csvCell('=1+1', text, { unmask: false })).toBe(`'=1+1`);
    expect(csvCell('+6281234567890', { key: 'p', label: 'p', type: 'phone' }, { unmask: false })).toBe('0812-••••-7890');
    expect(csvCell('+6281234567890', { key: 'p', label: 'p', type: 'phone' }, { unmask: true })).toBe('0812-3456-7890');
  });

  it('writes UTF-8 with a BOM, neutralised names and masked phones', async () => {
    const { store, phones } = smallStore();
    const file = path.join(tempDir(), 'registrations.csv');
    const report = runReport(store, 'rfm', { outlets: ['JKT'] });
    const rows = await writeCsv(report, file, { unmask: false });
    expect(rows).toBe(11 + 10);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).not.toContain(phones.A!.slice(-8));
    expect(text).toContain('Pelanggan A,VIP');
    // A header block (title, period, outlets, generated at), then each section.
    expect(text.split('\r\n')[0]).toBe('Segmentasi RFM');
    const parsed = Papa.parse<string[]>(text.split('\r\n\r\n')[2]!, { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(['Daftar pelanggan']);
    expect(parsed[1]!.slice(0, 3)).toEqual(['Nama', 'No. kartu', 'No. HP']);
    expect(parsed[2]![0]).toBe('Pelanggan I');
    expect(parsed[2]![7]).toBe('10000000');
  });

  it('neutralises a formula typed into a customer name', async () => {
    const { store } = smallStore();
    const dir = tempDir();
    const result = await exportReport(
      store,
      'top-customers',
      { from: '2026-03-01', to: '2026-03-31' },
      { format: 'csv', file: path.join(dir, 'x.csv') },
    );
    void result;
    // R3's name is a formula; give R3 a purchase so they appear, then export the registrations' list via RFM.
    const { store: s2, ids } = smallStore();
    s2.sqlite
      .prepare(
        `INSERT INTO purchases (id, customer_id, outlet_id, purchased_at, amount, created_at, updated_at, created_by_device, updated_by_device) VALUES ('p-evil', ?, NULL, '2026-03-30T03:00:00.000Z', 100, 'x', 'x', 'd', 'd')`,
      )
      .run(ids.R3);
    const file = path.join(dir, 'rfm.csv');
    await exportReport(s2, 'rfm', {}, { format: 'csv', file });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe('XLSX export', () => {
  it('reads back typed columns, formats, frozen headers and one sheet per section', async () => {
    const { store } = smallStore();
    const file = path.join(tempDir(), 'registrations.xlsx');
    const result = await exportReport(store, 'registrations', { from: '2026-03-01', to: '2026-03-31' }, { format: 'xlsx', file });
    expect(result.rows).toBe(31 + 2 + 3);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Ringkasan', 'Per hari', 'Per outlet booth', 'Per staf']);

    const summary = workbook.getWorksheet('Ringkasan')!;
    expect(summary.getCell('A1').value).toBe('Pendaftaran pelanggan');
    expect(summary.getCell('B2').value).toBe('1 Maret 2026 – 31 Maret 2026');

    const days = workbook.getWorksheet('Per hari')!;
    expect(days.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(days.getRow(1).values).toEqual([
      undefined,
      'Tanggal',
      'Pendaftaran',
      'Kartu VIP diterbitkan',
      'Ternyata duplikat',
      'Porsi duplikat',
    ]);
    const tenth = days.getRow(11);
    expect(tenth.getCell(1).value).toEqual(new Date('2026-03-10T00:00:00Z'));
    expect(tenth.getCell(1).numFmt).toBe('dd/mm/yyyy');
    expect(tenth.getCell(2).value).toBe(4);
    expect(tenth.getCell(5).value).toBe(0.5);
    expect(tenth.getCell(5).numFmt).toBe('0.0%');
    expect(days.rowCount).toBe(32);

    const outlets = workbook.getWorksheet('Per outlet booth')!;
    expect(outlets.getRow(2).values).toEqual([undefined, 'JKT', 'Jakarta Pusat', 'Toko', 6, 7, 3, 0.5]);
  });

  it('writes rupiah as numbers in a rupiah format and masks NIK-free phone columns', async () => {
    const { store, phones } = smallStore();
    const file = path.join(tempDir(), 'rfm.xlsx');
    await exportReport(store, 'rfm', { outlets: ['JKT'] }, { format: 'xlsx', file, language: 'en' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const list = workbook.getWorksheet('Customer list')!;
    const first = list.getRow(2);
    expect(first.getCell(1).value).toBe('Pelanggan I');
    expect(first.getCell(8).value).toBe(10_000_000);
    expect(first.getCell(8).numFmt).toBe('"Rp" #,##0');
    expect(first.getCell(3).value).toMatch(/^0812-••••-\d{4}$/);
    expect(first.getCell(5).value).toBeInstanceOf(Date);
    expect(String(first.getCell(3).value)).not.toContain(phones.I!.slice(-8));
    const segments = workbook.getWorksheet('Segments')!;
    expect(segments.getRow(2).values).toEqual([undefined, 'Champions', 1, 0.1, 9_000_000, 9_000_000 / 45_500_000, 2, 9, 9_000_000]);
  });

  it('leaves phones in clear only when asked, and logs it', async () => {
    const { store, phones } = smallStore();
    const file = path.join(tempDir(), 'neglected.xlsx');
    await exportReport(store, 'neglected', { days: 30, minSpend: 5_000_000 }, { format: 'xlsx', file, unmask: true });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const phone = String(workbook.worksheets[1]!.getRow(2).getCell(3).value);
    expect(phone.replace(/-/g, '')).toBe('0' + phones.I!.slice(3));
    expect(listExports(store)[0]).toMatchObject({
      report: 'neglected',
      format: 'xlsx',
      rows: 3,
      unmasked: true,
      staff: 'Manajer',
      fileName: 'neglected.xlsx',
    });
  });
});

describe('PDF export', () => {
  it('prints the outlet, the period, the figures and page numbers', async () => {
    const { store } = smallStore();
    const file = path.join(tempDir(), 'rfm.pdf');
    const result = await exportReport(store, 'rfm', { outlets: ['JKT'] }, { format: 'pdf', file });
    expect(result.rows).toBe(11 + 10);
    const pages = pdfPageCount(file);
    expect(pages).toBeGreaterThanOrEqual(1);
    const text = pdfText(file);
    expect(text).toContain('Segmentasi RFM');
    expect(text).toContain('Outlet: JKT Jakarta Pusat');
    expect(text).toContain('Periode: 1 April 2025 – 31 Maret 2026');
    expect(text).toContain('Rp 45.500.000');
    expect(text).toMatch(/Juara\s+1\s+10%\s+Rp 9.000.000/);
    expect(text).toContain('Pelanggan I');
    expect(text).toContain(`Halaman ${pages} dari ${pages}`);
    expect(text).toMatch(/0812-•+-\d{4}/);
    expect(text).toContain('No. HP dan NIK disamarkan.');
  });

  it('prints only the first rows of a long list and says so', async () => {
    const { store } = smallStore();
    const file = path.join(tempDir(), 'regs.pdf');
    // 396 days, each with a row (zeros too).
    const report = runReport(store, 'registrations', { from: '2025-03-01', to: '2026-03-31' });
    const { writePdf } = await import('../../electron/core/reports/export/pdf');
    await writePdf(report, file, { unmask: false, maxRows: 20 });
    const text = pdfText(file);
    expect(text).toContain('Menampilkan 20 dari 396 baris');
    expect(pdfPageCount(file)).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`Halaman 1 dari ${pdfPageCount(file)}`);
    expect(statSync(file).size).toBeGreaterThan(1000);
  });
});

describe('export log', () => {
  it('records who exported what, when, with which filters and how many rows', async () => {
    const { store } = smallStore();
    const dir = tempDir();
    await exportReport(
      store,
      'registrations',
      { from: '2026-03-01', to: '2026-03-31', outlets: ['JKT'] },
      { format: 'csv', file: path.join(dir, 'a.csv') },
    );
    await exportReport(store, 'cleanup', {}, { format: 'pdf', file: path.join(dir, 'b.pdf') });
    const log = listExports(store);
    expect(log).toHaveLength(2);
    const csv = log.find((e) => e.format === 'csv')!;
    expect(csv).toMatchObject({
      report: 'registrations',
      rows: 31 + 1 + 2,
      unmasked: false,
      staff: 'Manajer',
      at: '2026-03-31T10:00:00.000Z',
    });
    expect(csv.filters).toMatchObject({ from: '2026-03-01', to: '2026-03-31', outlets: ['JKT'] });
  });
});
