import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importCustomersFile } from '../../electron/core/import/importCustomers';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { legacyCsv } from '../support/legacyCsv';
import { tempDir, tempStore } from '../support/tempStore';

const count = (store: ReturnType<typeof tempStore>, sql: string) => store.sqlite.prepare(sql).pluck().get() as number;

describe('legacy import', () => {
  it('imports the Indonesian legacy export: customer, card, phone and purchase per row', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'legacy.csv');
    writeFileSync(file, '\uFEFF' + legacyCsv(200));
    const report = await importCustomersFile(store, file);
    expect(report).toMatchObject({ imported: 200, skipped: 0, errors: [] });
    expect(count(store, 'SELECT count(*) FROM cards')).toBe(200);
    expect(count(store, 'SELECT count(*) FROM purchases')).toBe(200);
    expect(count(store, `SELECT count(DISTINCT code) FROM outlets`)).toBe(2);
  });

  it('is idempotent: importing the same file again adds nothing', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'legacy.csv');
    writeFileSync(file, legacyCsv(100));
    // The outlets the file names are new to this store: added, and said so (a typo would be one too).
    expect((await importCustomersFile(store, file)).outletsAdded.sort()).toEqual(['BDG01', 'JKT01']);
    const before = ['customers', 'cards', 'phones', 'purchases', 'changes'].map((t) => count(store, `SELECT count(*) FROM ${t}`));
    const again = await importCustomersFile(store, file);
    expect(again).toMatchObject({ imported: 0, alreadyPresent: 100, skipped: 100, purchasesAdded: 0, outletsAdded: [] });
    expect(['customers', 'cards', 'phones', 'purchases', 'changes'].map((t) => count(store, `SELECT count(*) FROM ${t}`))).toEqual(before);
  });

  it('understands English headers and the three date forms, and reports bad rows by row, field and reason', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'en.csv');
    writeFileSync(
      file,
      [
        'Card Number;Name;Phone;Birth Date;City;Registration Date;Invoice No;Amount',
        'C-1001;Budi Santoso;0812-3456-7890;17/08/1985;Bandung;2024-02-01;INV1;1.250.000',
        'C-1002;Siti;(0813) 1111-2222;17-08-1985;Medan;01-02-2024;;',
        'C-1003;Joko;0812;1985-08-17;;;;',
        'C-1004;Ani;0812-9999-8888;31/02/1990;;;;',
        'C-1001;Budi Again;0812-0000-0001;;;;;',
        'C-1005;;0812-9999-7777;;;;;',
      ].join('\n'),
    );
    const report = await importCustomersFile(store, file, { outletCode: 'bdg01' });
    expect(report.imported).toBe(2);
    expect(report.alreadyPresent).toBe(1);
    expect(report.errors).toEqual([
      { row: 4, field: 'phone', reason: 'error.phone_invalid', value: '0812' },
      { row: 5, field: 'birthDate', reason: 'error.date_invalid', value: '31/02/1990' },
      { row: 7, field: 'fullName', reason: 'error.name_required' },
    ]);
    const budi = lookupCustomer(store, 'C1001')!.customer;
    expect(budi).toMatchObject({ birthDate: '1985-08-17', registeredOutletCode: 'BDG01' });
    expect(budi.purchaseSummary.total).toBe(1_250_000);
    expect(lookupCustomer(store, '+6281311112222')!.customer.birthDate).toBe('1985-08-17');
  });

  it('reads XLSX, with dates and numbers as Excel stores them', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'legacy.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Pelanggan');
    sheet.addRow(['no_kartu', 'nama', 'no_hp', 'tgl_lahir', 'kota']);
    sheet.addRow([88001, 'Dewi Lestari', 81234560000, new Date(Date.UTC(1992, 4, 3)), 'Surabaya']);
    sheet.addRow(['88002', 'Rina', '0812-3456-0001', '03/05/1992', 'Malang']);
    await workbook.xlsx.writeFile(file);
    const report = await importCustomersFile(store, file);
    expect(report).toMatchObject({ imported: 2, errors: [] });
    expect(lookupCustomer(store, '0812-3456-0000')!.customer).toMatchObject({ fullName: 'Dewi Lestari', birthDate: '1992-05-03' });
  });

  it('refuses a file without the columns it needs, naming them', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'bad.csv');
    writeFileSync(file, 'nama,kota\nBudi,Bandung\n');
    await expect(importCustomersFile(store, file)).rejects.toMatchObject({ messageKey: 'error.import_missing_columns', params: { columns: 'cardNo, phone' } });
  });

  it.each([1, 2, 5000])('treats a card seen earlier in the file alike whether it is in the same batch or not (batch size %i)', async (batchSize) => {
    const store = tempStore();
    const file = path.join(tempDir(), 'repeat.csv');
    writeFileSync(
      file,
      [
        'no_kartu,nama,no_hp,no_invoice,total',
        'VIP-100001,Budi Santoso,0812-3456-7890,INV-1,100000',
        'VIP-100001,Budi Santoso,0812-3456-7890,INV-2,200000',
        'VIP-100001,Budi Santoso,0812-3456-7890,INV-2,200000',
        'VIP-100002,Siti Aminah,0813-1111-2222,,',
      ].join('\n'),
    );
    const report = await importCustomersFile(store, file, { batchSize });
    expect(report).toMatchObject({ imported: 2, alreadyPresent: 2, purchasesAdded: 1, errors: [] });
    expect(count(store, 'SELECT count(*) FROM customers')).toBe(2);
    expect(lookupCustomer(store, 'VIP100001')!.customer.purchaseSummary).toMatchObject({ count: 2, total: 300_000 });
  });

  it.each([1, 5000])(
    'warns of a card repeated under another name or phone, row by row, keeping the customer and adding the purchase to it (batch size %i)',
    async (batchSize) => {
      const store = tempStore();
      const first = path.join(tempDir(), 'first.csv');
      writeFileSync(first, 'no_kartu,nama,no_hp,no_invoice,total\nVIP-200001,Budi Santoso,0812-3456-7890,INV-1,100000\n');
      await importCustomersFile(store, first);
      const file = path.join(tempDir(), 'repeat.csv');
      writeFileSync(
        file,
        [
          'no_kartu,nama,no_hp,no_invoice,total',
          'VIP-200001,Siti Aminah,0813-1111-2222,INV-2,200000',
          'VIP-200001,BUDI SANTOSO,0812 3456 7890,INV-3,50000',
          'VIP-200002,Joko Widodo,0813-5555-6666,,',
          'VIP-200002,Joko Widodo,0813-5555-7777,,',
          'VIP-200002,Joko Susilo,,,',
        ].join('\n'),
      );
      const report = await importCustomersFile(store, file, { batchSize });
      expect(report).toMatchObject({ imported: 1, alreadyPresent: 4, purchasesAdded: 2, errors: [] });
      expect(report.warnings).toEqual([
        { row: 2, reason: 'warning.import_card_other_name', cardNo: 'VIP200001', name: 'Siti Aminah', existingName: 'Budi Santoso', phone: '+6281311112222', existingPhone: '+6281234567890' },
        { row: 5, reason: 'warning.import_card_other_phone', cardNo: 'VIP200002', name: 'Joko Widodo', existingName: 'Joko Widodo', phone: '+6281355557777', existingPhone: '+6281355556666' },
        { row: 6, reason: 'warning.import_card_other_name', cardNo: 'VIP200002', name: 'Joko Susilo', existingName: 'Joko Widodo' },
      ]);
      // The card's customer is left as it was, and the purchases on the card count for it.
      const budi = lookupCustomer(store, 'VIP200001')!.customer;
      expect(budi).toMatchObject({ fullName: 'Budi Santoso' });
      expect(budi.purchaseSummary).toMatchObject({ count: 3, total: 350_000 });
      expect(lookupCustomer(store, '0813-1111-2222')).toBeNull();
      expect(count(store, 'SELECT count(*) FROM customers')).toBe(2);
    },
  );

  it('logs every imported row once, with exactly the values written, so sync carries the whole import', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'legacy.csv');
    writeFileSync(file, legacyCsv(120));
    await importCustomersFile(store, file, { batchSize: 50 });
    for (const table of ['customers', 'cards', 'phones', 'purchases']) {
      const rows = store.sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      const logged = store.sqlite.prepare(`SELECT row_id, data FROM changes WHERE table_name = ?`).all(table) as { row_id: string; data: string }[];
      expect(logged).toHaveLength(rows.length);
      const byId = new Map(logged.map((l) => [l.row_id, JSON.parse(l.data) as Record<string, unknown>]));
      for (const row of rows) expect(byId.get(row.id as string)).toEqual(row);
    }
    const stamps = store.sqlite.prepare(`SELECT hlc FROM changes ORDER BY seq`).pluck().all() as string[];
    expect(new Set(stamps).size).toBe(stamps.length);
    expect([...stamps].sort()).toEqual(stamps);
  });
});
