import type Database from 'better-sqlite3';
import type { Store } from '../store/store';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement per store and SQL text: earning runs once per purchase line of a bulk import. */
export function prepared(store: Store, sql: string): Database.Statement {
  let cache = caches.get(store.sqlite);
  if (!cache) caches.set(store.sqlite, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = store.sqlite.prepare(sql)));
  return statement;
}
