import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { legacyCsv } from '../support/legacyCsv';
import { runCli, spawnCli } from '../support/runCli';
import { tempDir } from '../support/tempStore';

function legacyFile(rows: number): { dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, 'export.csv');
  writeFileSync(file, legacyCsv(rows));
  return { dir, file };
}

describe('the akrab command', () => {
  it('imports, then looks a customer up by card and by phone, with exit codes', () => {
    const { dir, file } = legacyFile(50);
    const data = ['--data-dir', path.join(dir, 'data')];
    const imported = runCli(['import', 'customers', file, '--json', ...data]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 50, skipped: 0, alreadyPresent: 0, purchasesAdded: 0, errors: [] });

    const byCard = runCli(['lookup', '880000000000', '--json', ...data]);
    expect(byCard.code).toBe(0);
    const customer = JSON.parse(byCard.stdout);
    expect(customer).toMatchObject({ cards: ['880000000000'], purchases: { count: 1 } });
    expect(Object.keys(customer)).toEqual(expect.arrayContaining(['id', 'fullName', 'cards', 'phones', 'birthDate', 'city', 'purchases']));

    const phone = customer.phones[0] as string;
    const byPhone = runCli(['lookup', `0${phone.slice(3, 6)}-${phone.slice(6, 10)}-${phone.slice(10)}`, '--json', ...data]);
    expect(JSON.parse(byPhone.stdout).id).toBe(customer.id);

    const missing = runCli(['lookup', '0899-0000-0000', ...data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No customer/);
  });

  it('imports a file whose phone column no alias knows once told which column it is, saying how it read each column', () => {
    const dir = tempDir();
    const file = path.join(dir, 'odd.csv');
    writeFileSync(file, 'Kartu,Nama,HP Aktif,Catatan\nK10001,Yusuf,0812-7777-8888,langganan\n');
    const data = ['--data-dir', path.join(dir, 'data')];
    const refused = runCli(['import', 'customers', file, ...data]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Kartu, Nama, HP Aktif, Catatan');
    const imported = runCli(['import', 'customers', file, '--column', 'phone=HP Aktif', ...data]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Columns read: Kartu → cardNo; Nama → fullName; HP Aktif → phone');
    expect(imported.stdout).toContain('Columns ignored: Catatan');
    expect(imported.stdout).toContain('Imported 1 customers');
    expect(runCli(['import', 'customers', file, '--column', 'telepon=HP Aktif', ...data]).code).toBe(2);
  });

  it("reports each refused row's reason in words, and counts rows, not errors, as skipped", () => {
    const dir = tempDir();
    const file = path.join(dir, 'export.csv');
    // Row 2 has two bad values; row 3 one.
    writeFileSync(file, 'Kartu,Nama,HP,Tgl Lahir\nK20001,Yusuf,6.28123E+11,31/02/1990\nK20002,Sari,0812-7777-8889,32/13/1990\nK20003,Tono,0812-7777-8890,17/08/1985\n');
    const imported = runCli(['import', 'customers', file, '--data-dir', path.join(dir, 'data')]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 1 customers, skipped 2 rows (0 already present, 2 with errors)');
    expect(imported.stdout).toContain('row 2, phone: The spreadsheet stored this phone as a number in scientific notation');
    expect(imported.stdout).toContain('row 3, birthDate: Not a valid date. Use DD/MM/YYYY. ("32/13/1990") [error.date_invalid]');
  });

  it('warns, in words and in --json, of a row whose card is already a customer of another name', () => {
    const dir = tempDir();
    const file = path.join(dir, 'export.csv');
    writeFileSync(file, 'Kartu,Nama,HP\nK40001,Yusuf,0812-7777-8888\nK40001,Budi,0812-7777-9999\n');
    const data = ['--data-dir', path.join(dir, 'data')];
    const imported = runCli(['import', 'customers', file, ...data], { AKRAB_LANG: 'id' });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 1 customers, skipped 1 rows (1 already present, 0 with errors)');
    expect(imported.stdout).toContain('row 3: Kartu K40001 sudah milik Yusuf; baris ini menyebut Budi. Data pelanggan tidak diubah');
    const again = JSON.parse(runCli(['import', 'customers', file, '--json', ...data]).stdout);
    expect(again.warnings).toEqual([
      { row: 3, reason: 'warning.import_card_other_name', cardNo: 'K40001', name: 'Budi', existingName: 'Yusuf', phone: '+6281277779999', existingPhone: '+6281277778888' },
    ]);
  });

  it('searches with a limit', () => {
    const { dir, file } = legacyFile(50);
    const data = ['--data-dir', path.join(dir, 'data')];
    runCli(['import', 'customers', file, ...data]);
    const result = runCli(['search', 'a', '--limit', '3', '--json', ...data]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(3);
    expect(runCli(['search', 'a', '--limit', 'many', ...data]).code).toBe(2);
  });

  it('honours AKRAB_DATA_DIR', () => {
    const { dir, file } = legacyFile(5);
    expect(runCli(['import', 'customers', file], { AKRAB_DATA_DIR: path.join(dir, 'env-data') }).code).toBe(0);
    expect(runCli(['lookup', '880000000000'], { AKRAB_DATA_DIR: path.join(dir, 'env-data') }).code).toBe(0);
  });

  it('a process killed mid-import leaves no half-imported customer, and the re-run completes the file', async () => {
    const rows = 40_000;
    const { dir, file } = legacyFile(rows);
    const dataDir = path.join(dir, 'data');
    const child = spawnCli(['import', 'customers', file, '--data-dir', dataDir]);
    const dbFile = path.join(dataDir, 'akrab.sqlite');
    // Wait until some batches have committed, then kill without warning.
    const deadline = Date.now() + 60_000;
    let seen = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        const db = new Database(dbFile, { readonly: true, fileMustExist: true });
        seen = db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
        db.close();
      } catch {
        continue;
      }
      if (seen >= 2000) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(seen).toBeGreaterThan(0);

    const db = new Database(dbFile);
    const counts = db.prepare(`SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM cards) AS cards, (SELECT count(*) FROM phones) AS phones, (SELECT count(*) FROM purchases) AS purchases, (SELECT count(*) FROM changes) AS changes`).get() as Record<string, number>;
    expect(counts.customers).toBeLessThan(rows);
    expect(counts.cards).toBe(counts.customers);
    expect(counts.phones).toBe(counts.customers);
    expect(counts.purchases).toBe(counts.customers);
    expect(counts.changes).toBe(counts.customers! * 4 + (db.prepare('SELECT count(*) FROM outlets').pluck().get() as number));
    expect(db.prepare('SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM cards k WHERE k.customer_id = c.id)').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const rerun = runCli(['import', 'customers', file, '--json', '--data-dir', dataDir]);
    const report = JSON.parse(rerun.stdout);
    expect(report.imported + report.alreadyPresent).toBe(rows);
    expect(report.alreadyPresent).toBe(counts.customers);
  }, 120_000);
});
