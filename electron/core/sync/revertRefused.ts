import { audit } from '../auth/auditLog';
import { recomputeBalances } from '../loyalty/balances';
import { readSetting, writeSetting, type Store } from '../store/store';
import { sqlValue } from './applyRemoteChanges';
import { syncTable } from './tables';
import { COMPACTED, RowLogReader } from './logCompaction';

type Row = Record<string, unknown>;

/**
 * Undoes changes the server refused, inside the caller's transaction: a refused change never happened for the
 * rest of the chain, so it leaves this device's log and each field it wrote goes back to what the remaining log
 * says (the row goes entirely when nothing else ever wrote it). Newest first, so rows that reference a refused
 * row go before it. Each refusal is recorded in the audit trail, where the outlet's manager sees it.
 */
export function revertRefused(store: Store, refused: readonly { seq: number; reason: string; held?: Row }[]): void {
  if (refused.length === 0) return;
  const s = store.sqlite;
  writeSetting(s, REFUSED_COUNT, String(refusedChangeCount(store) + refused.length));
  const read = s.prepare('SELECT table_name AS tableName, row_id AS rowId, data FROM changes WHERE seq = ?');
  const forget = s.prepare('DELETE FROM changes WHERE seq = ?');
  const rowLog = new RowLogReader(s);
  for (const { seq, reason, held } of [...refused].sort((a, b) => b.seq - a.seq)) {
    const change = read.get(seq) as { tableName: string; rowId: string; data: string } | undefined;
    if (!change) continue;
    forget.run(seq);
    const info = syncTable(change.tableName);
    const ledgerCustomer =
      info.name === 'points_ledger'
        ? (s.prepare('SELECT customer_id FROM points_ledger WHERE id = ?').pluck().get(change.rowId) as string | undefined)
        : undefined;
    const remaining = rowLog
      .read(info.name, change.rowId)
      .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
      .map((l) => l.data);
    if (remaining.length === 0) {
      s.prepare(`DELETE FROM ${info.name} WHERE id = ?`).run(change.rowId);
    } else {
      const restored: Row = {};
      for (const column of Object.keys(JSON.parse(change.data) as Row)) {
        if (column === 'id' || !info.columnSet.has(column)) continue;
        const writer = remaining.findLast((data) => column in data);
        // A compacted entry holds no value (logCompaction.ts): the server's value, which the refusal carries, is the
        // one every other replica holds. A server that sends none leaves the field as it is.
        if (writer?.[column] === COMPACTED) {
          if (held && column in held) restored[column] = sqlValue(held[column]);
          continue;
        }
        // Nor does a column no other entry wrote on a row that has others: a snapshot stamps only the fields it won
        // over the refused change (a restored device pushing again what it had pushed before the log was pruned).
        // Before, such a column went to its default, often null: a NOT NULL column failed the round, every round.
        if (!writer && held && column in held) {
          restored[column] = sqlValue(held[column]);
          continue;
        }
        restored[column] = writer ? sqlValue(writer[column]) : (info.defaults.get(column) ?? null);
      }
      const columns = Object.keys(restored);
      if (columns.length > 0)
        s.prepare(`UPDATE ${info.name} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
          ...Object.values(restored),
          change.rowId,
        );
    }
    if (ledgerCustomer) recomputeBalances(store, [ledgerCustomer]);
    audit(store, null, { action: 'sync.refused', outcome: 'failed', details: { table: info.name, rowId: change.rowId, reason } });
  }
}

const REFUSED_COUNT = 'sync_refused_count';

/** How many of this device's changes the server has refused (and this device reverted): the status bar shows it. */
export function refusedChangeCount(store: Store): number {
  return Number(readSetting(store.sqlite, REFUSED_COUNT) ?? 0);
}
