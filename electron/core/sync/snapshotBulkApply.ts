import type Database from 'better-sqlite3';
import type { Store } from '../store/store';
import { markDedupKeysStale } from '../dedup/atEntry';
import { isCompactable, noteNewestCompacted, StampEncoder } from './logCompaction';
import { syncTable, type SyncTableInfo } from './tables';

/** A snapshot row: each field's latest value and the stamp of the write that set it. */
export interface SnapshotFields {
  table: string;
  rowId: string;
  fields: Record<string, readonly [unknown, string]>;
}

interface SqliteError extends Error {
  code?: string;
}

/**
 * The bootstrap's fast path (issue 20): a snapshot row that is new to this store — not in its table, nothing in the
 * log about it — is inserted as it is and gets its compacted log entry (row_stamps) at once, which is exactly what
 * the ordinary path ends with once compaction has run: the same row (the same inserts fire the search-index and
 * counter triggers), the same per-field stamps. It skips what only matters when there is something to merge with:
 * reading the row's log, recording a change per stamp and compacting it later, checking unique claims.
 *
 * Whatever is not plainly new goes the ordinary way (`applyRemoteChanges`): a row already here or with changes in
 * the log (local writes made before the first sync, a device bootstrapping again), a table whose changes the
 * server may refuse (their log keeps full payloads), and a row the database refuses (a unique value another row
 * holds, a parent that has not arrived, a missing required field) — the ordinary path parks or defers those.
 * A refused insert is undone by SQLite (the statement aborts with its triggers' writes), and its stamps are written
 * only after it succeeded, so nothing of a refused row stays.
 */
export class SnapshotBulkApplier {
  private readonly encoder: StampEncoder;
  private readonly inserts = new Map<string, Database.Statement>();
  private readonly tableHasLog: Database.Statement;
  private readonly rowHasLog: Database.Statement;
  private readonly rowHasStamps: Database.Statement;

  constructor(private readonly sqlite: Database.Database) {
    this.encoder = new StampEncoder(sqlite);
    this.tableHasLog = sqlite.prepare('SELECT 1 FROM changes WHERE table_name = ? LIMIT 1').pluck();
    this.rowHasLog = sqlite.prepare('SELECT 1 FROM changes WHERE table_name = ? AND row_id = ? LIMIT 1').pluck();
    this.rowHasStamps = sqlite.prepare('SELECT 1 FROM row_stamps WHERE table_name = ? AND row_id = ?').pluck();
  }

  /**
   * Inserts the rows that are plainly new; returns the others, in their order, for the ordinary path, and the
   * newest stamp inserted. Runs inside the caller's transaction.
   */
  insertNew(rows: readonly SnapshotFields[]): { rest: SnapshotFields[]; inserted: number; newest: string } {
    const rest: SnapshotFields[] = [];
    const tableLogged = new Map<string, boolean>();
    let inserted = 0;
    let newest = '';
    for (const row of rows) {
      if (!isCompactable(row.table)) {
        rest.push(row);
        continue;
      }
      let logged = tableLogged.get(row.table);
      if (logged === undefined) tableLogged.set(row.table, (logged = this.tableHasLog.get(row.table) !== undefined));
      if ((logged && this.rowHasLog.get(row.table, row.rowId) !== undefined) || this.rowHasStamps.get(row.table, row.rowId) !== undefined) {
        rest.push(row);
        continue;
      }
      const stamp = this.insert(syncTable(row.table), row);
      if (stamp === null) {
        rest.push(row);
        continue;
      }
      inserted++;
      if (stamp > newest) newest = stamp;
    }
    if (newest) noteNewestCompacted(this.sqlite, newest);
    if (inserted > 0 && rows.some((r) => r.table === 'customers')) markDedupKeysStale(this.sqlite);
    return { rest, inserted, newest };
  }

  /** A rolled-back page may have added column sets whose ids get reused. */
  forget(): void {
    this.encoder.forget();
  }

  /** Inserts one row and its stamps; null when the database refused the row (nothing of it stays). */
  private insert(info: SyncTableInfo, row: SnapshotFields): string | null {
    const columns: string[] = [];
    const values: unknown[] = [];
    const newestOf = new Map<string, string>();
    for (const [column, [value, hlc]] of Object.entries(row.fields)) {
      newestOf.set(column, hlc);
      // Columns this version does not know (a newer app wrote them) stay in the log only, as on the ordinary path.
      if (column === 'id' || !info.columnSet.has(column)) continue;
      columns.push(column);
      values.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    }
    columns.push('id');
    values.push(row.rowId);
    try {
      this.statement(info.name, columns).run(...values);
    } catch (error) {
      if ((error as SqliteError).code?.startsWith('SQLITE_CONSTRAINT')) return null;
      throw error;
    }
    return this.encoder.save(info.name, row.rowId, newestOf);
  }

  private statement(table: string, columns: string[]): Database.Statement {
    const key = `${table}(${columns.join(',')})`;
    let statement = this.inserts.get(key);
    if (!statement)
      this.inserts.set(
        key,
        (statement = this.sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)),
      );
    return statement;
  }
}

const appliers = new WeakMap<Store, SnapshotBulkApplier>();
export function snapshotBulkApplierFor(store: Store): SnapshotBulkApplier {
  let applier = appliers.get(store);
  if (!applier) appliers.set(store, (applier = new SnapshotBulkApplier(store.sqlite)));
  return applier;
}
