import { resolveMerged } from '../dedup/merge';
import type { Store } from '../store/store';

/**
 * The customer records that are one person: the customer itself and every record merged into it (dedup keeps
 * those rows with merged_into set). Access requests and erasure cover all of them.
 */
export function personIds(store: Store, customerId: string): string[] {
  const root = resolveMerged(store, customerId);
  const ids = [root];
  const children = store.sqlite.prepare('SELECT id FROM customers WHERE merged_into = ?').pluck();
  for (let i = 0; i < ids.length; i++) for (const child of children.all(ids[i]) as string[]) if (!ids.includes(child)) ids.push(child);
  return ids;
}

interface TableInfo {
  name: string;
  columns: string[];
  /** column → parent table, from the table's foreign keys */
  parents: Map<string, string>;
}

/** Every ordinary table of the store, with its columns and foreign keys (FTS shadow tables and sqlite_* excluded). */
export function storeTables(store: Store): TableInfo[] {
  const names = store.sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  return names.map((name) => ({
    name,
    columns: store.sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(name) as string[],
    parents: new Map(
      (store.sqlite.prepare(`SELECT "from", "table" FROM pragma_foreign_key_list(?)`).all(name) as { from: string; table: string }[]).map(
        (f) => [f.from, f.table],
      ),
    ),
  }));
}

/** Columns that hold a customer's id in tables that do not declare a foreign key for it. */
const customerColumns = ['customer_id', 'customer_a', 'customer_b', 'survivor_id', 'member_customer_id'];

/** Parent links the schema keeps without a foreign key: a follow-up's outcome shares its id; a merge's before-images. */
const implicitParents: Record<string, [string, string][]> = {
  follow_up_outcomes: [['id', 'follow_ups']],
  merge_items: [['merge_id', 'merges']],
};

/**
 * Every row in the store that is about these customers: the customers rows, rows naming them in a customer
 * column, and rows hanging off those (a complaint's events, a follow-up's outcomes) through foreign keys.
 * The change log is left out: it repeats the same values as history.
 */
export function rowsAbout(store: Store, ids: string[]): Record<string, Record<string, unknown>[]> {
  const tables = storeTables(store).filter((t) => t.name !== 'changes');
  const out: Record<string, Record<string, unknown>[]> = {};
  const idsOf = new Map<string, Set<string>>();
  const add = (table: string, rows: Record<string, unknown>[]) => {
    if (rows.length === 0) return;
    const seen = idsOf.get(table) ?? new Set<string>();
    const list = (out[table] ??= []);
    for (const row of rows) {
      const key = typeof row.id === 'string' ? row.id : JSON.stringify(row);
      if (seen.has(key)) continue;
      seen.add(key);
      list.push(row);
    }
    idsOf.set(table, seen);
  };
  const placeholders = ids.map(() => '?').join(', ');
  add('customers', store.sqlite.prepare(`SELECT * FROM customers WHERE id IN (${placeholders})`).all(...ids) as Record<string, unknown>[]);
  for (const table of tables) {
    if (table.name === 'customers') continue;
    const columns = table.columns.filter((c) => customerColumns.includes(c) || table.parents.get(c) === 'customers');
    for (const column of columns)
      add(
        table.name,
        store.sqlite.prepare(`SELECT * FROM "${table.name}" WHERE "${column}" IN (${placeholders})`).all(...ids) as Record<
          string,
          unknown
        >[],
      );
  }
  // Children of collected rows (one level is all the schema has): by foreign key, plus the links the schema keeps without one.
  for (const table of tables) {
    const links = [...table.parents, ...(implicitParents[table.name] ?? [])];
    for (const [column, parent] of links) {
      if (parent === 'customers') continue;
      const parentIds = [...(idsOf.get(parent) ?? [])];
      if (parentIds.length === 0) continue;
      add(
        table.name,
        store.sqlite
          .prepare(`SELECT * FROM "${table.name}" WHERE "${column}" IN (${parentIds.map(() => '?').join(', ')})`)
          .all(...parentIds) as Record<string, unknown>[],
      );
    }
  }
  return out;
}
