import { readSavedClock, saveClock } from '../clock/savedClock';
import type Database from 'better-sqlite3';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { InferInsertModel } from 'drizzle-orm';
import type { Store } from './store';
import { tableShape, type SyncedTable } from './syncedTables';
import { needsSignature } from '../authority/writeRules';
import { signChange } from '../authority/signing';

type Row = Record<string, unknown>;
type AuditColumn = 'createdAt' | 'updatedAt' | 'createdByDevice' | 'createdByStaff' | 'updatedByDevice' | 'updatedByStaff' | 'deletedAt';
export type NewRow<T extends SyncedTable> = Omit<InferInsertModel<T>, AuditColumn> & { createdAt?: string };
export type RowPatch<T extends SyncedTable> = Partial<Omit<InferInsertModel<T>, AuditColumn | 'id'>>;

const CHANGE_COLUMNS = ['hlc', 'device_id', 'table_name', 'row_id', 'op', 'data', 'author', 'signature'];
// Multi-row statements stop gaining beyond a few dozen rows; SQLite allows 32,766 parameters per statement.
const MAX_ROWS_PER_STATEMENT = 50;
const MAX_PARAMS = 32_000;

/** Where an inserted column's value comes from: the caller's values, or the audit stamp the writer fills. */
type ColumnSource = 'value' | 'createdAt' | 'device' | 'staff' | 'null';
const AUDIT_SOURCES: Readonly<Record<string, ColumnSource>> = {
  createdAt: 'createdAt',
  updatedAt: 'createdAt',
  createdByDevice: 'device',
  updatedByDevice: 'device',
  createdByStaff: 'staff',
  updatedByStaff: 'staff',
  deletedAt: 'null',
};

/**
 * The one funnel for domain writes. Each write fills the audit columns, changes the row and appends
 * the written columns to the change log, inside the transaction opened by `transact`.
 */
export class Writer {
  private readonly statements = new Map<string, Database.Statement>();
  /** Multi-row INSERTs by table and row count: the SQL text of a 50-row insert is long to build and to hash. */
  private readonly multiRowInserts = new Map<string, Database.Statement>();
  private readonly recordChange: Database.Statement;
  private readonly rowNewestStamp: Database.Statement;

  constructor(private readonly store: Store) {
    this.recordChange = store.sqlite.prepare(
      'INSERT INTO changes (hlc, device_id, table_name, row_id, op, data, author, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // A compacted row's stamps are in row_stamps, newest first (electron/core/sync/logCompaction.ts).
    this.rowNewestStamp = store.sqlite
      .prepare(
        `SELECT max(h) FROM (SELECT max(hlc) AS h FROM changes WHERE table_name = @table AND row_id = @rowId
         UNION ALL SELECT substr(stamps, 1, instr(stamps, '/') - 1) FROM row_stamps WHERE table_name = @table AND row_id = @rowId)`,
      )
      .pluck();
  }

  get nowIso(): string {
    return this.store.now().toISOString();
  }

  insert<T extends SyncedTable>(table: T, values: NewRow<T>, serverOnly?: Row): void {
    this.insertMany(table, [values], serverOnly);
  }

  /**
   * Inserts rows of one table, in order, with multi-row statements: a bulk import spends most of its time
   * per statement, not per row. Each row still gets its own change-log entry and stamp.
   */
  insertMany<T extends SyncedTable>(table: T, rows: readonly NewRow<T>[], serverOnly?: Row): void {
    const shape = tableShape(table);
    const properties = [...shape.columns.keys()];
    const columnNames = [...shape.columns.values()];
    const sources = properties.map((p) => AUDIT_SOURCES[p] ?? 'value');
    const chunk = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS / properties.length)));
    const { deviceId, staff } = this.store;
    const now = this.nowIso;
    for (let start = 0; start < rows.length; start += chunk) {
      const slice = rows.slice(start, start + chunk);
      const params: unknown[] = [];
      const changes: unknown[] = [];
      for (const values of slice as readonly Row[]) {
        const createdAt = (values.createdAt as string | undefined) ?? now;
        // Inserts write every column, in the table's order, so one statement shape serves every row.
        const data: Row = {};
        for (let i = 0; i < properties.length; i++) {
          const property = properties[i]!;
          const source = sources[i];
          let value: unknown;
          if (source === 'value') {
            const raw = values[property];
            value = raw === undefined ? null : typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
          } else value = source === 'createdAt' ? createdAt : source === 'device' ? deviceId : source === 'staff' ? staff : null;
          data[columnNames[i]!] = value;
          params.push(value);
        }
        changes.push(...this.changeRow(this.store.clock.tick(), shape.name, String(values.id), 'upsert', serverOnly ? { ...data, ...serverOnly } : data));
      }
      this.multiRowInsert(shape.name, columnNames, slice.length).run(params);
      this.multiRowInsert('changes', CHANGE_COLUMNS, slice.length).run(changes);
    }
  }

  /**
   * `serverOnly` travels with the change to the server and no further (the authority keys of a secret being set:
   * the server keeps them and strips them; the device drops them once pushed).
   */
  update<T extends SyncedTable>(table: T, id: string, patch: RowPatch<T>, serverOnly?: Row): void {
    const row: Row = { ...patch, updatedAt: this.nowIso, updatedByDevice: this.store.deviceId, updatedByStaff: this.store.staff };
    const data = this.toColumns(table, row);
    const names = Object.keys(data);
    const sql = `UPDATE ${tableShape(table).name} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`;
    const result = this.statement(sql).run(...Object.values(data), id);
    if (result.changes !== 1) throw new Error(`update of missing row ${tableShape(table).name}/${id}`);
    this.log(table, id, 'upsert', serverOnly ? { ...data, ...serverOnly } : data);
  }

  /**
   * Writes a row back exactly as a before-image holds it (SQL column names, audit columns included
   * verbatim), as an unmerge does; logged like any write so the restoration syncs.
   */
  restore(table: SyncedTable, id: string, before: Readonly<Record<string, unknown>>): void {
    const shape = tableShape(table);
    const known = new Set(shape.columns.values());
    const data: Row = {};
    for (const [column, value] of Object.entries(before)) {
      if (column === 'id') continue;
      if (!known.has(column)) throw new Error(`unknown column ${shape.name}.${column}`);
      data[column] = value;
    }
    const names = Object.keys(data);
    const result = this.statement(`UPDATE ${shape.name} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`).run(...Object.values(data), id);
    if (result.changes !== 1) throw new Error(`restore of missing row ${shape.name}/${id}`);
    this.log(table, id, 'upsert', data);
  }

  /** Deletion is a tombstone, so it can travel to other devices. */
  remove(table: SyncedTable, id: string): void {
    const data = { deleted_at: this.nowIso, updated_at: this.nowIso, updated_by_device: this.store.deviceId, updated_by_staff: this.store.staff };
    const sql = `UPDATE ${tableShape(table).name} SET deleted_at = ?, updated_at = ?, updated_by_device = ?, updated_by_staff = ? WHERE id = ?`;
    this.statement(sql).run(...Object.values(data), id);
    this.log(table, id, 'delete', data);
  }

  /**
   * A write to a row that exists is stamped above every change the log holds for it, so it wins over them here
   * and on every replica, even over a stamp from a clock running ahead of ours.
   */
  private log(table: SQLiteTable, rowId: string, op: 'upsert' | 'delete', data: Row): void {
    const name = tableShape(table).name;
    const newest = this.rowNewestStamp.get({ table: name, rowId }) as string | null;
    const hlc = newest ? this.store.clock.tickAbove(newest) : this.store.clock.tick();
    this.recordChange.run(...this.changeRow(hlc, name, rowId, op, data));
  }

  /** A change-log row in CHANGE_COLUMNS order; signed by the session's authority where the table needs it. */
  private changeRow(hlc: string, table: string, rowId: string, op: 'upsert' | 'delete', data: Row): unknown[] {
    const { deviceId, authority } = this.store;
    if (!authority || !needsSignature(table, data)) return [hlc, deviceId, table, rowId, op, JSON.stringify(data), null, null];
    const signature = signChange(authority.key, { deviceId, hlc, table, rowId, op, data });
    return [hlc, deviceId, table, rowId, op, JSON.stringify(data), `${authority.staffId}:${authority.kind}`, signature];
  }

  private toColumns(table: SQLiteTable, row: Row): Row {
    const shape = tableShape(table);
    const out: Row = {};
    for (const [property, value] of Object.entries(row)) {
      if (value === undefined) continue;
      const column = shape.columns.get(property);
      if (!column) throw new Error(`unknown column ${shape.name}.${property}`);
      out[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    }
    return out;
  }

  private multiRowInsert(table: string, columns: readonly string[], rows: number): Database.Statement {
    const key = `${table}*${rows}`;
    let statement = this.multiRowInserts.get(key);
    if (!statement) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      statement = this.store.sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`);
      this.multiRowInserts.set(key, statement);
    }
    return statement;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.store.sqlite.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

interface StoreTransactions {
  writer: Writer;
  /** One compiled transaction function per store: called inside another it becomes a savepoint. */
  run: (<T>(work: () => T) => T) & { immediate: <T>(work: () => T) => T };
}

const transactions = new WeakMap<Store, StoreTransactions>();

/** Runs `work` in one transaction with the store's writer; the clock state is saved in the same transaction (savedClock.ts). */
export function transact<T>(store: Store, work: (writer: Writer) => T): T {
  let t = transactions.get(store);
  if (!t) {
    const run = store.sqlite.transaction((fn: () => unknown) => fn());
    t = {
      writer: new Writer(store),
      run: run as unknown as StoreTransactions['run'],
    };
    transactions.set(store, t);
  }
  const { writer } = t;
  const outermost = !store.sqlite.inTransaction;
  const body = () => {
    // Another connection of this device (the daily pass's thread, a CLI command) may have stamped since.
    if (outermost) store.clock.catchUp(readSavedClock(store.sqlite));
    const result = work(writer);
    // Nested calls (savepoints) leave saving the clock to the outermost transaction, which sees every stamp.
    if (outermost) saveClock(store.sqlite, store.clock.snapshot());
    return result;
  };
  // IMMEDIATE: the write lock is taken first, so a write waits for another connection's (the duplicate scan's
  // thread saving, a CLI import) up to the busy timeout. A deferred transaction that has read first gets
  // "database is locked" at once when it comes to write: SQLite does not wait for a lock a reader upgrades.
  return outermost ? t.run.immediate(body) : t.run(body);
}
