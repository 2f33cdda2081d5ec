import { getTableColumns } from 'drizzle-orm';
import { syncedTables, tableShape } from '../store/syncedTables';
import { syncedTableOrder, type SyncedTableSqlName } from './protocol';

/** What the engine needs to know about one synced table, by its SQL name. */
export interface SyncTableInfo {
  name: SyncedTableSqlName;
  /** SQL column names, in declaration order. */
  columns: string[];
  columnSet: Set<string>;
  /** Column default as stored in SQLite (booleans as 0/1), for columns that have one. */
  defaults: Map<string, unknown>;
}

/**
 * A unique index a synced table carries. Two offline devices can both write the same value; the replicas
 * then keep both rows and park all but one claimant (see uniqueConflicts.ts). `scope` columns narrow the
 * group (a phone is unique per customer), `column` is the one parked.
 */
export interface UniqueRule {
  table: SyncedTableSqlName;
  column: string;
  scope: string[];
}

export const uniqueRules: UniqueRule[] = [
  { table: 'cards', column: 'card_no', scope: [] },
  { table: 'phones', column: 'e164', scope: ['customer_id'] },
  { table: 'outlets', column: 'code', scope: [] },
];

const infos = new Map<string, SyncTableInfo>();
for (const table of Object.values(syncedTables)) {
  const shape = tableShape(table);
  const defaults = new Map<string, unknown>();
  for (const column of Object.values(getTableColumns(table))) {
    if (column.hasDefault && column.default !== undefined) {
      const value = column.default;
      defaults.set(column.name, typeof value === 'boolean' ? (value ? 1 : 0) : value);
    }
  }
  const columns = [...shape.columns.values()];
  infos.set(shape.name, { name: shape.name, columns, columnSet: new Set(columns), defaults });
}
for (const name of syncedTableOrder) if (!infos.has(name)) throw new Error(`synced table ${name} missing from syncedTables`);

export function syncTable(name: string): SyncTableInfo {
  const info = infos.get(name);
  if (!info) throw new Error(`not a synced table: ${name}`);
  return info;
}

export function rulesFor(table: string): UniqueRule[] {
  return uniqueRules.filter((r) => r.table === table);
}

export function ruleColumns(rule: UniqueRule): string[] {
  return [...rule.scope, rule.column];
}

/** The placeholder a parked row holds instead of its value; unique because row ids are. */
export function parkedValue(value: string, rowId: string): string {
  return `${value}#${rowId}`;
}
