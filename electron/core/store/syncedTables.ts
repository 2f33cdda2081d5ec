import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { cards, customers, outlets, phones, purchases } from '../../../db/schema';

/** Every table whose writes go through the change log and sync. */
export const syncedTables = { outlets, customers, cards, phones, purchases } as const;
export type SyncedTableName = keyof typeof syncedTables;
export type SyncedTable = (typeof syncedTables)[SyncedTableName];

export interface TableShape {
  name: string;
  /** property name → SQL column name */
  columns: Map<string, string>;
  booleanColumns: Set<string>;
}

const shapes = new Map<SQLiteTable, TableShape>();

export function tableShape(table: SQLiteTable): TableShape {
  let shape = shapes.get(table);
  if (!shape) {
    const columns = new Map<string, string>();
    const booleanColumns = new Set<string>();
    for (const [property, column] of Object.entries(getTableColumns(table))) {
      columns.set(property, column.name);
      if (column.dataType === 'boolean') booleanColumns.add(column.name);
    }
    shape = { name: getTableName(table), columns, booleanColumns };
    shapes.set(table, shape);
  }
  return shape;
}
