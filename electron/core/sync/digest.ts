import { createHash } from 'node:crypto';
import type { Store } from '../store/store';
import { syncedTableOrder } from './protocol';
import { parkedValue, syncTable } from './tables';

/**
 * A fingerprint of every synced table, equal on two replicas exactly when they hold the same rows with
 * the same values. Parked unique values count as the value their writer gave them, so a device's digest
 * compares with the server's (which keeps only the written values). Used by the convergence tests and
 * by `akrab sync --json` for support.
 */
export function storeDigest(store: Store): string {
  const parked = new Map<string, string>();
  for (const c of store.sqlite.prepare('SELECT table_name AS t, row_id AS r, "column" AS c, value AS v FROM sync_conflicts').all() as {
    t: string;
    r: string;
    c: string;
    v: string;
  }[]) {
    parked.set(`${c.t}\u0000${c.r}\u0000${c.c}`, c.v);
  }
  const hash = createHash('sha256');
  for (const table of syncedTableOrder) {
    const info = syncTable(table);
    const rows = store.sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    const lines = rows.map((row) => {
      const id = String(row.id);
      return line(
        table,
        id,
        info.columns.map((column) => {
          const value = row[column] ?? null;
          const trueValue = parked.get(`${table}\u0000${id}\u0000${column}`);
          return trueValue !== undefined && value === parkedValue(trueValue, id) ? trueValue : value;
        }),
      );
    });
    for (const l of lines.sort()) hash.update(l);
  }
  return hash.digest('hex');
}

export interface FieldRow {
  table: string;
  rowId: string;
  fields: Record<string, unknown>;
}

/** The same fingerprint from rows known only by their written fields (the server's view). */
export function fieldsDigest(rows: Iterable<FieldRow>): string {
  const byTable = new Map<string, string[]>(syncedTableOrder.map((t) => [t, []]));
  for (const row of rows) {
    const info = syncTable(row.table);
    const values = info.columns.map((column) => {
      const value = column in row.fields ? row.fields[column] : info.defaults.has(column) ? info.defaults.get(column) : null;
      return typeof value === 'boolean' ? (value ? 1 : 0) : (value ?? null);
    });
    byTable.get(row.table)!.push(line(row.table, row.rowId, values));
  }
  const hash = createHash('sha256');
  for (const table of syncedTableOrder) for (const l of byTable.get(table)!.sort()) hash.update(l);
  return hash.digest('hex');
}

function line(table: string, rowId: string, values: unknown[]): string {
  return `${JSON.stringify([table, rowId, values])}\n`;
}
