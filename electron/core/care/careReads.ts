import type Database from 'better-sqlite3';
import { AkrabError } from '../../../shared/errors';
import type { Store } from '../store/store';

/** Small lookups every care module needs. */

const statements = new WeakMap<Store, Map<string, Database.Statement>>();

/** A statement prepared once per store and SQL text: preparing costs more than running most of these queries. */
export function prepared(store: Store, sql: string): Database.Statement {
  let map = statements.get(store);
  if (!map) statements.set(store, (map = new Map()));
  let statement = map.get(sql);
  if (!statement) map.set(sql, (statement = store.sqlite.prepare(sql)));
  return statement;
}

/** Outlet id → code; the outlets table is small, so one read per call beats a join per row. */
export function outletCodes(store: Store): Map<string, string> {
  const rows = prepared(store, 'SELECT id, code FROM outlets').all() as { id: string; code: string }[];
  return new Map(rows.map((r) => [r.id, r.code]));
}

export function requireCustomerRow(store: Store, customerId: string): { id: string; full_name: string } {
  const row = prepared(store, 'SELECT id, full_name FROM customers WHERE id = ? AND deleted_at IS NULL').get(customerId) as
    { id: string; full_name: string } | undefined;
  if (!row) throw new AkrabError({ code: 'not_found', field: 'customerId', messageKey: 'error.customer_not_found' });
  return row;
}

export function customerNames(store: Store, ids: Iterable<string>): Map<string, string> {
  const unique = [...new Set(ids)];
  const names = new Map<string, string>();
  const statement = prepared(store, 'SELECT full_name FROM customers WHERE id = ?').pluck();
  for (const id of unique) {
    const name = statement.get(id) as string | undefined;
    if (name !== undefined) names.set(id, name);
  }
  return names;
}
