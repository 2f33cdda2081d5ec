import type { Store } from '../store/store';

type Row = Record<string, unknown>;
const STAMP_COLUMNS = new Set(['updated_at', 'updated_by_device', 'updated_by_staff', 'deleted_at']);

/**
 * After an erasure, the change log still holds what the erased rows said before: every earlier entry of a
 * row the erasure wrote gets the erased value in place of the old one, column by column. The columns and
 * their order of stamps stay as they were, so sync's last-writer-wins reads the log exactly as before; only
 * the old values are gone. Runs inside the erasure's transaction, after its writes (entries after `fromSeq`).
 */
export function forgetEarlierValues(store: Store, fromSeq: number): number {
  const s = store.sqlite;
  const written = s.prepare('SELECT table_name, row_id, data FROM changes WHERE seq > ? ORDER BY seq').all(fromSeq) as {
    table_name: string;
    row_id: string;
    data: string;
  }[];
  const erased = new Map<string, { table: string; rowId: string; values: Row }>();
  for (const w of written) {
    const key = `${w.table_name}\n${w.row_id}`;
    const entry = erased.get(key) ?? { table: w.table_name, rowId: w.row_id, values: {} };
    for (const [column, value] of Object.entries(JSON.parse(w.data) as Row)) if (!STAMP_COLUMNS.has(column)) entry.values[column] = value;
    erased.set(key, entry);
  }
  const earlier = s.prepare('SELECT seq, data FROM changes WHERE table_name = ? AND row_id = ? AND seq <= ?');
  const rewrite = s.prepare('UPDATE changes SET data = ? WHERE seq = ?');
  let rewritten = 0;
  for (const { table, rowId, values } of erased.values()) {
    for (const entry of earlier.all(table, rowId, fromSeq) as { seq: number; data: string }[]) {
      const data = JSON.parse(entry.data) as Row;
      let changed = false;
      for (const [column, value] of Object.entries(values)) {
        if (column in data && data[column] !== value) {
          data[column] = value;
          changed = true;
        }
      }
      if (changed) {
        rewrite.run(JSON.stringify(data), entry.seq);
        rewritten++;
      }
    }
  }
  return rewritten;
}
