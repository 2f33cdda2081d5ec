import type { Store } from '../store/store';
import { STAMP_COLUMNS, type ErasureMarker } from './erasureMarker';

type Row = Record<string, unknown>;
const stampColumns = new Set(STAMP_COLUMNS);

/**
 * After an erasure, the change log still holds what the erased rows said before: every entry of a row the
 * erasure wrote that is older than the erasure's write of a column gets the erased value of that column in
 * place of the old one. The columns and stamps of every entry stay as they were, and an older value only
 * ever becomes the value that already wins over it, so sync's last-writer-wins (and the unique-value claims,
 * which read which columns were written) read the log exactly as before; only the old values are gone.
 *
 * The erasing device runs this inside the erasure's transaction; every other device runs it when it
 * applies the erasure's audit entry (applyRemoteChanges), whichever device wrote the older entries and
 * whether they were pushed yet. Idempotent. Returns how many entries were rewritten.
 */
export function forgetEarlierValues(store: Store, erasure: ErasureMarker): number {
  const s = store.sqlite;
  // The erasure's first write is the customer row's, found through the row index. Every replica records one
  // device's changes in that device's order, so the erasure's writes all come at or after it in the log.
  const start = s
    .prepare(`SELECT min(seq) FROM changes WHERE table_name = 'customers' AND row_id = ? AND hlc = ?`)
    .pluck()
    .get(erasure.customerId, erasure.from) as number | null;
  if (start === null) return 0;
  const written = s
    .prepare('SELECT table_name, row_id, hlc, data FROM changes WHERE seq >= ? AND device_id = ? AND hlc >= ? AND hlc <= ?')
    .all(start, erasure.deviceId, erasure.from, erasure.to) as { table_name: string; row_id: string; hlc: string; data: string }[];

  // Per row and column, what the erasure left (its last write of the column) and when.
  const erased = new Map<string, { table: string; rowId: string; fields: Map<string, { value: unknown; hlc: string }> }>();
  for (const w of written) {
    const key = `${w.table_name}\n${w.row_id}`;
    let entry = erased.get(key);
    if (!entry) erased.set(key, (entry = { table: w.table_name, rowId: w.row_id, fields: new Map() }));
    for (const [column, value] of Object.entries(JSON.parse(w.data) as Row)) {
      if (stampColumns.has(column)) continue;
      const known = entry.fields.get(column);
      if (!known || known.hlc < w.hlc) entry.fields.set(column, { value, hlc: w.hlc });
    }
  }

  const rowLog = s.prepare('SELECT seq, hlc, data FROM changes WHERE table_name = ? AND row_id = ?');
  const rewrite = s.prepare('UPDATE changes SET data = ? WHERE seq = ?');
  let rewritten = 0;
  for (const { table, rowId, fields } of erased.values()) {
    for (const entry of rowLog.all(table, rowId) as { seq: number; hlc: string; data: string }[]) {
      const data = JSON.parse(entry.data) as Row;
      let changed = false;
      for (const [column, field] of fields) {
        if (column in data && entry.hlc < field.hlc && data[column] !== field.value) {
          data[column] = field.value;
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
