import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { storeFile } from '../../electron/core/dataDir';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { exportsDir, exportStatus } from '../../electron/core/reports/exportJobs';
import { exportSegmentCustomers, startSegmentExport } from '../../electron/core/segments/segmentExport';
import { saveSegment } from '../../electron/core/segments/segments';
import { closeStore, openStore } from '../../electron/core/store/store';
import { akrabErrorOf } from '../support/akrabError';
import { aCustomer } from '../support/builders';
import { runCli } from '../support/runCli';
import { tempDir } from '../support/tempStore';
import { segmentStore } from './segmentStore';

/** LibreOffice headless converts the workbook's first sheet to CSV (comma, UTF-8), as a user opening it would see it. */
function xlsxAsCsv(file: string, dir: string): string[][] {
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, file], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  const sheet = path.join(dir, `${path.basename(file, '.xlsx')}-Pelanggan.csv`);
  return Papa.parse<string[]>(readFileSync(sheet, 'utf8')).data;
}

describe("a segment's customer list export", () => {
  it('writes the matching customers by name, with their totals, as CSV (the reports’ Indonesian dialect) and XLSX that LibreOffice opens', async () => {
    const { store } = segmentStore();
    saveSegment(store, { name: 'Warga Bandung', where: { field: 'city', op: 'is', value: 'Bandung' } });
    const dir = tempDir();
    const csv = await exportSegmentCustomers(store, { segment: 'Warga Bandung' }, { format: 'csv', file: path.join(dir, 'bandung.csv'), delimiter: ';' });
    expect(csv.rows).toBe(2); // Siti and Dewi; Made was merged into Siti
    const rows = Papa.parse<string[]>(readFileSync(csv.file, 'utf8').replace(/^\uFEFF/, ''), { delimiter: ';' }).data;
    const header = rows.findIndex((r) => r[0] === 'Nama');
    expect(rows[header]).toEqual(['Nama', 'No. kartu', 'Telepon', 'Kota', 'Outlet asal', 'Jumlah pembelian', 'Total belanja', 'Pembelian terakhir', 'Kontak terakhir']);
    const [dewi, siti] = [rows[header + 1]!, rows[header + 2]!];
    expect(dewi.slice(0, 1)).toEqual(['Dewi Lestari']);
    expect(dewi.slice(3, 7)).toEqual(['Bandung', 'JKT01', '0', '0']);
    // Siti's own two purchases and Made's, whose purchases count for her: 3, Rp 16.000.000, last 1 November 2026
    // (numbers and dates as every report's CSV writes them: whole rupiah, ISO dates, ';' for the Indonesian dialect).
    expect(siti[0]).toBe('Siti Rahayu');
    expect(siti.slice(5, 9)).toEqual(['3', '16000000', '2026-11-01', '']);
    expect(siti[2]).not.toMatch(/\d{6}/); // the phone is masked unless the export is unmasked

    const xlsx = await exportSegmentCustomers(store, { segment: 'Warga Bandung' }, { format: 'xlsx', file: path.join(dir, 'bandung.xlsx') });
    const sheet = xlsxAsCsv(xlsx.file, dir);
    const sitiRow = sheet.find((r) => r[0] === 'Siti Rahayu');
    expect(sitiRow?.slice(3, 7)).toEqual(['Bandung', 'JKT01', '3', '16000000']);
    expect(sheet.some((r) => r[0] === 'Made Wirawan' || r[0] === 'Budi Santoso')).toBe(false);
  }, 180_000);

  it('the segment screen exports the tree being edited in the background into exports/; a PDF or an unknown segment is refused', async () => {
    const { store } = segmentStore();
    let status = startSegmentExport(store, { where: { field: 'purchases', op: 'gte', value: 1 }, format: 'csv', language: 'en', csvDialect: 'intl', unmask: false });
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      status = exportStatus(store, status.id);
    }
    expect(status).toMatchObject({ state: 'done', rows: 2 });
    expect(path.dirname(status.path)).toBe(exportsDir(store));
    const text = readFileSync(status.path, 'utf8');
    expect(text).toContain('Name,Card no.,Phone,City,Home outlet,Purchases,Total spend,Last purchase,Last contact');
    expect(text).toMatch(/Budi Santoso,[^\n]*,Jakarta,BDG01,1,1000000,/);
    expect(akrabErrorOf(() => startSegmentExport(store, { segment: 'Tidak Ada', format: 'csv', language: 'id', csvDialect: 'id', unmask: false }))).toMatchObject({
      messageKey: 'error.segment_not_found',
    });
    const pdf = exportSegmentCustomers(store, { where: { field: 'city', op: 'is', value: 'Bandung' } }, { format: 'pdf' as never, file: path.join(tempDir(), 'x.pdf') });
    await expect(pdf).rejects.toMatchObject({ messageKey: 'error.segment_export_format' });
  });

  it('akrab segment export NAME --format xlsx --out FILE, and --where FILE', () => {
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    useOutlet(store, ensureOutlet(store, 'JKT01', { name: 'Kelapa Gading' }));
    for (const [name, city] of [
      ['Siti Rahayu', 'Bandung'],
      ['Budi Santoso', 'Bandung'],
      ['Dewi Lestari', 'Jakarta'],
    ] as const)
      registerCustomer(store, aCustomer().named(name).livingAt('Jl. Merdeka', city).build());
    saveSegment(store, { name: 'Warga Bandung', where: { field: 'city', op: 'is', value: 'Bandung' } });
    closeStore(store);
    const out = path.join(dataDir, 'warga.xlsx');
    const saved = runCli(['segment', 'export', 'Warga Bandung', '--format', 'xlsx', '--out', out, '--json', '--data-dir', dataDir]);
    expect(JSON.parse(saved.stdout)).toMatchObject({ file: out, rows: 2 });
    expect(xlsxAsCsv(out, dataDir).filter((r) => r[3] === 'Bandung').map((r) => r[0])).toEqual(['Budi Santoso', 'Siti Rahayu']);
    const where = path.join(dataDir, 'jakarta.json');
    writeFileSync(where, JSON.stringify({ field: 'city', op: 'is', value: 'Jakarta' }));
    const csv = runCli(['segment', 'export', '--where', where, '--format', 'csv', '--out', path.join(dataDir, 'jakarta.csv'), '--lang', 'en', '--data-dir', dataDir]);
    expect(csv.stdout).toContain('(1 customers, csv)');
    expect(readFileSync(path.join(dataDir, 'jakarta.csv'), 'utf8')).toContain('Dewi Lestari');
  }, 180_000);
});
