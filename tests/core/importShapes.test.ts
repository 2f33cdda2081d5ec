import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importCustomersFile } from '../../electron/core/import/importCustomers';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { tempDir, tempStore } from '../support/tempStore';

/** Exports from other retailers' systems: other headers, encodings, date, money and gender forms. */
type Row = { card: string; name: string; phone: string; birth: string; gender: string; city: string; registered: string };
const rowOf = (store: ReturnType<typeof tempStore>, card: string) =>
  store.sqlite
    .prepare(
      `SELECT c.full_name AS name, c.birth_date AS birth, c.gender, c.city, c.created_at AS registered, p.e164 AS phone
       FROM cards k JOIN customers c ON c.id = k.customer_id LEFT JOIN phones p ON p.customer_id = c.id
       WHERE k.card_no = ?`,
    )
    .get(card) as Omit<Row, 'card'> | undefined;

describe('imports exports shaped unlike the legacy one', () => {
  it('reads a Windows-1252 semicolon CSV with its own headers, month names, two-digit years, times, L/P and rupiah forms', async () => {
    const store = tempStore();
    ensureOutlet(store, 'MKS01', { timeZone: 'Asia/Makassar' });
    const file = path.join(tempDir(), 'export.csv');
    const lines = [
      'No. Member;Nama Customer;No. Handphone;Tgl. Lahir;Jenis Kelamin (L/P);Kota/Kabupaten;Tanggal Registrasi;Kode Toko;No Nota;Total Belanja (Rp)',
      'M-001;Renée Wijaya;+62 812-3456-7890;17 Agustus 1985;Pr;Makassar;01/02/2024 14:35;MKS01;N1;Rp 1.250.000,-',
      'M-002;Budi Santoso;62813 1111 2222;03-Jan-92;Lk;Jakarta Selatan;2024-02-01 09.05;;N2;1,250,000',
      'M-003;Siti;0814-5555-6666;Aug 9, 1990;P;Bandung;2024-02-01T10:00:00+07:00;;N3;99000.00',
      'M-004;Agus;6.28123E+11;;L;;;;;',
    ];
    writeFileSync(file, Buffer.from(lines.join('\r\n'), 'latin1'));
    const report = await importCustomersFile(store, file, { outletCode: 'JKT01' });
    expect(report.errors).toEqual([{ row: 5, field: 'phone', reason: 'error.phone_scientific', value: '6.28123E+11' }]);
    expect(report.imported).toBe(3);
    expect(report.columns.every((c) => c.field !== null)).toBe(true);
    expect(rowOf(store, 'M001')).toMatchObject({ name: 'Renée Wijaya', birth: '1985-08-17', gender: 'F', phone: '+6281234567890' });
    // 14:35 at a Makassar outlet (UTC+8); 09:05 at the default Jakarta outlet (UTC+7); a written offset wins.
    expect(rowOf(store, 'M001')!.registered).toBe('2024-02-01T06:35:00.000Z');
    expect(rowOf(store, 'M002')).toMatchObject({ birth: '1992-01-03', gender: 'M', registered: '2024-02-01T02:05:00.000Z' });
    expect(rowOf(store, 'M003')).toMatchObject({ birth: '1990-08-09', gender: 'F', registered: '2024-02-01T03:00:00.000Z' });
    const spend = store.sqlite.prepare(`SELECT invoice_no, amount FROM purchases ORDER BY invoice_no`).all();
    expect(spend).toEqual([
      { invoice_no: 'N1', amount: 1_250_000 },
      { invoice_no: 'N2', amount: 1_250_000 },
      { invoice_no: 'N3', amount: 99_000 },
    ]);
  });

  it("reads Excel's Unicode text (UTF-16, tab separated) with a place-and-date-of-birth column", async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'export.txt');
    const text = ['Kartu VIP\tNama\tHP/WA\tTempat, Tgl Lahir', 'V10001\tDewi Lestari\t0812 3456 0000\tSurabaya, 03-05-1992'].join('\r\n');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const report = await importCustomersFile(store, file);
    expect(report).toMatchObject({ imported: 1, errors: [] });
    expect(rowOf(store, 'V10001')).toMatchObject({ name: 'Dewi Lestari', birth: '1992-05-03', phone: '+6281234560000' });
  });

  it('keeps every number of a customer: two in one cell, and a second phone column', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'phones.csv');
    writeFileSync(
      file,
      [
        'No Kartu,Nama,No HP,No Telp Rumah',
        'P10001,Ani,0812-1111-2222 / 0813 3333 4444,(021) 555-1234',
        'P10002,Bayu,0812-5555-6666 atau 0812-5555-6666,',
        'P10003,Cici,0812-7777 / abc,',
      ].join('\n'),
    );
    const report = await importCustomersFile(store, file);
    expect(report.imported).toBe(2);
    expect(report.errors).toEqual([{ row: 4, field: 'phone', reason: 'error.phone_invalid', value: '0812-7777 / abc' }]);
    const phonesOf = (card: string) =>
      store.sqlite.prepare(`SELECT p.e164 FROM phones p JOIN cards k ON k.customer_id = p.customer_id WHERE k.card_no = ? ORDER BY p.e164`).pluck().all(card);
    expect(phonesOf('P10001')).toEqual(['+62215551234', '+6281211112222', '+6281333334444']);
    expect(phonesOf('P10002')).toEqual(['+6281255556666']);
  });

  it('puts an address split over columns back together', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'address.csv');
    writeFileSync(
      file,
      [
        'No Kartu,Nama,No HP,Alamat,RT,RW,Kelurahan,Kecamatan,Kota,Kode Pos',
        'A10001,Ani,0812-1111-2222,Jl. Melati No. 5,003,005,Sukajadi,Sukasari,Bandung,40162',
        'A10002,Bayu,0812-1111-3333,,,,,,Bandung,',
      ].join('\n'),
    );
    const report = await importCustomersFile(store, file);
    expect(report.imported).toBe(2);
    const addressOf = (card: string) => store.sqlite.prepare(`SELECT c.address FROM customers c JOIN cards k ON k.customer_id = c.id WHERE k.card_no = ?`).pluck().get(card);
    expect(addressOf('A10001')).toBe('Jl. Melati No. 5 RT 003/RW 005, Sukajadi, Sukasari, 40162');
    expect(addressOf('A10002')).toBeNull();
    const single = path.join(tempDir(), 'rtrw.csv');
    writeFileSync(single, 'No Kartu,Nama,No HP,Alamat,RT/RW\nA10003,Cici,0812-1111-4444,Gg. Mawar 2,04/11\n');
    expect(await importCustomersFile(store, single)).toMatchObject({ imported: 1, errors: [] });
    expect(addressOf('A10003')).toBe('Gg. Mawar 2 RT 04/RW 11');
  });

  it('turns tabs, line breaks and odd spaces inside a field into one space; refuses other control characters', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'whitespace.csv');
    writeFileSync(
      file,
      [
        'No Kartu,Nama,No HP,Alamat,Kota',
        'W10001,Budi\u00a0Santoso,0812-1111-2222,"Jl. Mawar\t12\t\tRT 01",Bandung',
        'W10002,Sari,0812-1111-3333,"Jl. Melati 5\r\nBlok C",Kota\u2007Bandung',
        // FileMaker and others write a line break within a cell as a vertical tab (or a form feed).
        'W10003,Tono,0812-1111-4444,Gg. Kenanga 3\u000bSukajadi\u000c,Bandung',
        'W10004,Ani,"0812-1111-5555\r\n0813-2222-6666",Jl. Dahlia\u2028No. 7,Bandung',
        'W10005,Joko,0812-1111-7777,Jl. Anggrek\u0000 9,Bandung',
      ].join('\r\n'),
    );
    const report = await importCustomersFile(store, file);
    expect(report.imported).toBe(4);
    expect(report.errors).toEqual([{ row: 6, field: 'address', reason: 'error.text_invalid', value: 'Jl. Anggrek\uFFFD 9' }]);
    const of = (card: string) =>
      store.sqlite.prepare(`SELECT c.full_name AS name, c.address, c.city FROM customers c JOIN cards k ON k.customer_id = c.id WHERE k.card_no = ?`).get(card);
    expect(of('W10001')).toEqual({ name: 'Budi Santoso', address: 'Jl. Mawar 12 RT 01', city: 'Bandung' });
    expect(of('W10002')).toEqual({ name: 'Sari', address: 'Jl. Melati 5 Blok C', city: 'Kota Bandung' });
    expect(of('W10003')).toEqual({ name: 'Tono', address: 'Gg. Kenanga 3 Sukajadi', city: 'Bandung' });
    expect(of('W10004')).toEqual({ name: 'Ani', address: 'Jl. Dahlia No. 7', city: 'Bandung' });
    // A phone cell keeps its line break: two numbers, one a line.
    expect(store.sqlite.prepare(`SELECT count(*) FROM phones p JOIN cards k ON k.customer_id = p.customer_id WHERE k.card_no = 'W10004'`).pluck().get()).toBe(2);
  });

  it('keeps the time of an Excel date-time cell', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'export.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Member');
    sheet.addRow(['Member ID', 'Customer Name', 'Mobile', 'Join Date']);
    sheet.addRow(['X10001', 'Rina', '0812-3456-0001', new Date(Date.UTC(2024, 1, 1, 16, 20, 0))]);
    await workbook.xlsx.writeFile(file);
    const report = await importCustomersFile(store, file);
    expect(report).toMatchObject({ imported: 1, errors: [] });
    expect(rowOf(store, 'X10001')!.registered).toBe('2024-02-01T09:20:00.000Z');
  });

  it('reports the row a spreadsheet shows after blank rows, in a CSV and in an XLSX file', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'export.csv');
    // A BOM, `;`, a blank line and a line of empty cells: rows 3 and 4 are blank, the bad dates are on rows 5 and 7.
    writeFileSync(csv, '\uFEFFNo. Kartu;Nama Lengkap;No HP;Tgl Lahir\r\nBR-001;Budi;0812-3456-0001;17/08/1985\r\n\r\n;;;\r\nBR-002;Sari;0812-3456-0002;31/02/1990\r\nBR-003;Tono;0812-3456-0003;1985-08-17\r\nBR-004;Rina;0812-3456-0004;32/01/1990\r\n');
    const fromCsv = await importCustomersFile(tempStore(), csv);
    expect(fromCsv.errors.map((e) => [e.row, e.value])).toEqual([
      [5, '31/02/1990'],
      [7, '32/01/1990'],
    ]);
    const xlsx = path.join(dir, 'export.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Pelanggan');
    sheet.addRow(['Card No', 'Full Name', 'Mobile', 'Date of Birth']);
    sheet.addRow(['XR-001', 'Budi', '0812-3456-0001', '17/08/1985']);
    sheet.addRow([]);
    sheet.addRow(['XR-002', 'Sari', '0812-3456-0002', '31/02/1990']);
    await workbook.xlsx.writeFile(xlsx);
    expect((await importCustomersFile(tempStore(), xlsx)).errors.map((e) => [e.row, e.value])).toEqual([[4, '31/02/1990']]);
  });

  it('knows the English headers Registered and Total Spend', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'export.csv');
    writeFileSync(file, 'Card No,Full Name,Mobile,Registered,Invoice,Total Spend\nE10001,Rina,0812-3456-0101,01/02/2024,INV-9,"1,250,000.00"\n');
    const report = await importCustomersFile(store, file);
    expect(report.columns.map((c) => c.field)).toEqual(['cardNo', 'fullName', 'phone', 'registeredAt', 'invoiceNo', 'amount']);
    expect(store.sqlite.prepare("SELECT amount, purchased_at FROM purchases WHERE invoice_no = 'INV-9'").get()).toEqual({ amount: 1_250_000, purchased_at: '2024-01-31T17:00:00.000Z' });
  });

  it('reads dates Excel kept as serial numbers (a cell formatted General)', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'export.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Member');
    sheet.addRow(['Member ID', 'Customer Name', 'Mobile', 'Date of Birth', 'Join Date']);
    // 31276 is 17 August 1985; 45323.6805… is 1 February 2024, 16:20.
    sheet.addRow(['S10001', 'Rina', '0812-3456-0001', 31276, 45323.68055555556]);
    sheet.addRow(['S10002', 'Budi', '0812-3456-0002', '31276', '']);
    await workbook.xlsx.writeFile(file);
    const report = await importCustomersFile(store, file);
    expect(report).toMatchObject({ imported: 2, errors: [] });
    expect(report.columns.every((c) => c.field !== null)).toBe(true);
    expect(rowOf(store, 'S10001')).toMatchObject({ birth: '1985-08-17', registered: '2024-02-01T09:20:00.000Z' });
    expect(rowOf(store, 'S10002')!.birth).toBe('1985-08-17');
  });

  it('reads a column no alias knows when told which it is, and names the columns it found when not', async () => {
    const store = tempStore();
    const file = path.join(tempDir(), 'odd.csv');
    writeFileSync(file, 'Kartu,Nama,HP Aktif,HP Lama\nK10001,Yusuf,0812-7777-8888,0812-1111-0000\n');
    await expect(importCustomersFile(store, file)).rejects.toMatchObject({
      messageKey: 'error.import_missing_columns',
      params: { columns: 'phone', found: 'Kartu, Nama, HP Aktif, HP Lama' },
    });
    await expect(importCustomersFile(store, file, { columns: { phone: 'HP Baru' } })).rejects.toMatchObject({ messageKey: 'error.import_column_not_found' });
    const report = await importCustomersFile(store, file, { columns: { phone: 'hp aktif' } });
    expect(report).toMatchObject({ imported: 1, errors: [] });
    expect(rowOf(store, 'K10001')!.phone).toBe('+6281277778888');
  });
});
