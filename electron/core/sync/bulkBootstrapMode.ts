import type Database from 'better-sqlite3';
import { readSetting, writeSetting, type Store } from '../store/store';
import { rebuildCustomerTotals } from '../segments/customerTotals';
import { syncedTableOrder } from './protocol';

/**
 * A first bootstrap of a large chain (issue 20) spends most of its insert time keeping what can be rebuilt far
 * more cheaply in one pass at the end: the trigram name index (its trigger alone was ~60% of a customer insert),
 * the non-unique secondary indexes of the synced tables and the customer totals' triggers. While a bootstrap runs
 * in this mode they are dropped; when it ends the indexes are built again, the triggers put back, the name index
 * and the totals rebuilt from the rows — what the triggers would have left.
 *
 * Kept throughout: primary keys and unique indexes (the bulk path relies on a refused insert to send a duplicate
 * card or phone to the ordinary path, which parks it) and the status counters (a cheap update per row, which
 * shows the bootstrap's progress).
 *
 * Crash-safe: what was dropped is recorded in `settings` in the same transaction as the drops, and `openStore`
 * puts it all back before anything else reads the store (`restoreAfterBulkBootstrap`), so the app never runs
 * on a store without its indexes; the interrupted bootstrap then resumes from its last applied page (in this mode
 * again, recorded in its progress) and rows written meanwhile are covered by the rebuild at its end.
 */

const MARKER = 'sync.bulk_bootstrap';
/** Triggers whose whole effect a rebuild at the end recreates (migrations 0001 and 0022). */
const REBUILT_TRIGGERS = ['customers_fts_', 'customer_totals_'];

interface Dropped {
  type: 'index' | 'trigger';
  name: string;
  sql: string;
}

/** Drops the derived indexes and triggers for a bootstrap (nothing when they are already dropped). */
export function enterBulkBootstrap(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    if (readSetting(sqlite, MARKER) !== null) return;
    const tables = [...syncedTableOrder];
    const derived = (
      sqlite
        .prepare(
          `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
             AND tbl_name IN (${tables.map(() => '?').join(', ')}) ORDER BY type, name`,
        )
        .all(...tables) as Dropped[]
    ).filter((d) =>
      d.type === 'index' ? !/^\s*CREATE\s+UNIQUE\b/i.test(d.sql) : REBUILT_TRIGGERS.some((prefix) => d.name.startsWith(prefix)),
    );
    writeSetting(sqlite, MARKER, JSON.stringify(derived));
    for (const d of derived) sqlite.exec(`DROP ${d.type.toUpperCase()} IF EXISTS "${d.name}"`);
  }).immediate();
}

export function inBulkBootstrap(sqlite: Database.Database): boolean {
  return readSetting(sqlite, MARKER) !== null;
}

/**
 * Builds again what `enterBulkBootstrap` dropped and recomputes what its triggers kept, in one transaction:
 * indexes first (the totals' rebuild reads through one), then the triggers, the name index and the totals.
 */
export function restoreAfterBulkBootstrap(store: Store): boolean {
  const { sqlite } = store;
  const marker = readSetting(sqlite, MARKER);
  if (marker === null) return false;
  const dropped = JSON.parse(marker) as Dropped[];
  sqlite.transaction(() => {
    const exists = sqlite.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').pluck();
    for (const type of ['index', 'trigger'] as const)
      for (const d of dropped) if (d.type === type && exists.get(d.type, d.name) === undefined) sqlite.exec(d.sql);
    sqlite.exec(`INSERT INTO customers_fts (customers_fts) VALUES ('rebuild')`);
    rebuildCustomerTotals(store);
    sqlite.prepare('DELETE FROM settings WHERE key = ?').run(MARKER);
  }).immediate();
  return true;
}
