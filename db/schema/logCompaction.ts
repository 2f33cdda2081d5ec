import { sqliteTable, text, integer, primaryKey, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The compacted change log (electron/core/sync/logCompaction.ts): once the server has acknowledged a row's
 * changes, their payloads go and only what last-writer-wins needs stays — for each stamp that still wins some
 * field of the row, which fields it wrote. `stamps` is `<hlc>/<column set id>` entries, newest first, separated
 * by spaces. The values themselves are in the row.
 */
export const rowStamps = sqliteTable(
  'row_stamps',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    stamps: text('stamps').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowId] })],
);

/** The sets of columns one change wrote, named once per table and shared by every row_stamps entry. */
export const logColumnSets = sqliteTable(
  'log_column_sets',
  {
    id: integer('id').primaryKey(),
    tableName: text('table_name').notNull(),
    /** Column names, sorted, comma-separated. */
    columns: text('columns').notNull(),
  },
  (t) => [uniqueIndex('log_column_sets_unique').on(t.tableName, t.columns)],
);
