import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { closeStore } from '../../electron/core/store/store';
import { listExports } from '../../electron/core/reports/exportsLog';
import { openStore } from '../../electron/core/store/store';
import { runCli } from '../support/runCli';
import { smallStore } from './smallStore';

describe('akrab report', () => {
  it('writes each format and records the exports', async () => {
    const { store } = smallStore();
    closeStore(store);
    const data = ['--data-dir', store.dir];
    const out = (name: string) => path.join(store.dir, name);

    const csv = runCli([
      'report',
      'registrations',
      '--format',
      'csv',
      '--out',
      out('r.csv'),
      '--from',
      '01/03/2026',
      '--to',
      '2026-03-31',
      '--outlet',
      'JKT',
      '--json',
      ...data,
    ]);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    expect(JSON.parse(csv.stdout)).toMatchObject({ report: 'registrations', format: 'csv', rows: 31 + 1 + 2 });
    expect(readFileSync(out('r.csv'), 'utf8')).toContain('JKT,Jakarta Pusat,Toko,6,7,3,50');

    const xlsx = runCli([
      'report',
      'rfm',
      '--format',
      'xlsx',
      '--out',
      out('rfm.xlsx'),
      '--to',
      '2026-03-31',
      '--outlet',
      'jkt',
      '--segment',
      'at_risk',
      ...data,
    ]);
    expect(xlsx.code).toBe(0);
    expect(xlsx.stdout).toMatch(/^rfm: 13 rows → .*rfm\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out('rfm.xlsx'));
    expect(workbook.worksheets[2]!.getRow(2).getCell(1).value).toBe('Pelanggan G');

    const pdf = runCli([
      'report',
      'neglected',
      '--format',
      'pdf',
      '--out',
      out('n.pdf'),
      '--to',
      '2026-03-31',
      '--days',
      '30',
      '--min-spend',
      '5.000.000',
      ...data,
    ]);
    expect(pdf.code).toBe(0);
    expect(readFileSync(out('n.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    const reopened = openStore(path.join(store.dir, 'akrab.sqlite'));
    const log = listExports(reopened);
    closeStore(reopened);
    expect(log.map((e) => [e.report, e.format, e.rows])).toEqual(
      expect.arrayContaining([
        ['registrations', 'csv', 34],
        ['rfm', 'xlsx', 13],
        ['neglected', 'pdf', 3],
      ]),
    );
    expect(log.every((e) => e.staff)).toBe(true);
  });

  it('explains its usage and refuses bad input with exit code 2', () => {
    const { store } = smallStore();
    closeStore(store);
    const data = ['--data-dir', store.dir];
    expect(runCli(['report', 'nonsense', '--format', 'csv', '--out', 'x.csv', ...data]).code).toBe(2);
    expect(runCli(['report', 'rfm', '--format', 'docx', '--out', 'x.docx', ...data]).code).toBe(2);
    const badDate = runCli(['report', 'rfm', '--format', 'csv', '--out', path.join(store.dir, 'x.csv'), '--from', '31-02-x', ...data]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/not a date/);
    const unknownOutlet = runCli(['report', 'rfm', '--format', 'csv', '--out', path.join(store.dir, 'x.csv'), '--outlet', 'NOPE', ...data]);
    expect(unknownOutlet.code).toBe(1);
    // Words, not the message key: English for the terminal, Indonesian with --lang id.
    expect(unknownOutlet.stderr).toBe('error: Unknown outlet. (NOPE)\n');
    const inIndonesian = runCli(['report', 'rfm', '--format', 'csv', '--out', path.join(store.dir, 'x.csv'), '--outlet', 'NOPE', '--lang', 'id', ...data]);
    expect(inIndonesian.stderr).toBe('error: Outlet tidak dikenal. (NOPE)\n');
  });

  it('answers --help with its usage (exit 0), like every command', () => {
    const help = runCli(['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^usage: akrab report NAME --format csv\|xlsx\|pdf/);
    expect(help.stdout).toContain('--segment NAME');
    const lookupHelp = runCli(['lookup', '--help']);
    expect(lookupHelp.code).toBe(0);
    expect(lookupHelp.stdout).toMatch(/akrab lookup CARD_OR_PHONE/);
    const complaintHelp = runCli(['complaint', 'set', '-h']);
    expect(complaintHelp.code).toBe(0);
    expect(complaintHelp.stdout).toMatch(/akrab complaint set ID --status/);
  });
});
