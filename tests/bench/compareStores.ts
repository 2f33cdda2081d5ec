/**
 * Says whether two bench stores built from the same synthetic data are the same store: both pass
 * `PRAGMA integrity_check`, have the same schema (tables, indexes, triggers, with their SQL), the same row count in
 * every table, and the same contents. What differs between two builds by nature is left out of the contents: row
 * ids drawn per build (ULIDs; a `customer_id` is compared as its customer's rowid), the device id, the store
 * clock's stamps (`created_at`, `updated_at`, `hlc`) and the change log's payloads (which carry them). Rowids are
 * compared, so rows were also written in the same order.
 *
 *   npx tsx tests/bench/compareStores.ts A.sqlite B.sqlite
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

const [fileA, fileB] = process.argv.slice(2);
if (!fileA || !fileB) throw new Error('usage: compareStores.ts A.sqlite B.sqlite');

const ignored = (column: string) =>
  column === 'id' || column.endsWith('_device') || ['created_at', 'updated_at', 'consent_at', 'hlc', 'device_id'].includes(column);

function describe(file: string): Record<string, unknown> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const out: Record<string, unknown> = { integrity: db.pragma('integrity_check', { simple: true }) };
  const schema = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").all() as {
    type: string;
    name: string;
    sql: string | null;
  }[];
  out.schema = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
  out.indexes = schema.filter((s) => s.type === 'index').map((s) => s.name);
  const tables = schema.filter((s) => s.type === 'table' && !s.sql?.startsWith('CREATE VIRTUAL')).map((s) => s.name);
  const hasCustomers = tables.includes('customers');
  const contents: Record<string, { rows: number; sha256: string }> = {};
  for (const table of tables) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter((c) => !ignored(c));
    if (table === 'changes') columns.splice(0, columns.length, 'table_name', 'op');
    const withoutRowid = /WITHOUT ROWID/i.test(schema.find((s) => s.name === table)!.sql ?? '');
    const select = columns.map((c) =>
      c === 'customer_id' && hasCustomers
        ? `(SELECT rowid FROM customers c WHERE c.id = t."${c}")`
        : c.endsWith('outlet_id')
          ? `(SELECT code FROM outlets o WHERE o.id = t."${c}")`
          : table === 'settings' && c === 'value'
            ? `CASE WHEN t.key IN ('device_id', 'clock') THEN NULL WHEN t.key = 'outlet_id' THEN (SELECT code FROM outlets o WHERE o.id = t.value) ELSE t.value END`
            : `t."${c}"`,
    );
    if (!withoutRowid) select.unshift('t.rowid');
    const sql = `SELECT ${select.join(', ') || '1'} FROM "${table}" t ORDER BY ${withoutRowid ? select.join(', ') || '1' : 't.rowid'}`;
    const hash = createHash('sha256');
    let rows = 0;
    for (const row of db.prepare(sql).raw().iterate()) {
      hash.update(JSON.stringify(row));
      rows++;
    }
    contents[table] = { rows, sha256: hash.digest('hex') };
  }
  out.contents = contents;
  db.close();
  return out;
}

const a = describe(fileA);
const b = describe(fileB);
const differences: string[] = [];
for (const key of ['integrity', 'schema']) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) differences.push(key);
if (a.integrity !== 'ok') differences.push(`${fileA}: integrity ${JSON.stringify(a.integrity)}`);
if (b.integrity !== 'ok') differences.push(`${fileB}: integrity ${JSON.stringify(b.integrity)}`);
const contentsA = a.contents as Record<string, { rows: number; sha256: string }>;
const contentsB = b.contents as Record<string, { rows: number; sha256: string }>;
for (const table of new Set([...Object.keys(contentsA), ...Object.keys(contentsB)])) {
  if (JSON.stringify(contentsA[table]) !== JSON.stringify(contentsB[table])) differences.push(`table ${table}: ${JSON.stringify(contentsA[table])} vs ${JSON.stringify(contentsB[table])}`);
}
console.log(JSON.stringify({ a: { ...a, contents: undefined }, tables: contentsA, differences }, null, 2));
process.exitCode = differences.length ? 1 : 0;
