import { sqliteTable, text, primaryKey, index } from 'drizzle-orm/sqlite-core';

/**
 * Rows whose synced value could not be written as-is because another row already holds a unique value
 * (two booths issuing the same card number offline). The row keeps a parked placeholder in the table;
 * the true value waits here until someone resolves it. Local to the device, derived deterministically
 * from the synced changes, so every replica parks the same rows.
 */
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    column: text('column').notNull(),
    /** The value the row's owner wrote (what it would hold without the conflict). */
    value: text('value').notNull(),
    /** The stamp of that write: the earliest claim keeps the value. */
    claimHlc: text('claim_hlc').notNull(),
    /** The row that holds the value instead. */
    heldByRowId: text('held_by_row_id').notNull(),
    detectedAt: text('detected_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowId, t.column] }), index('sync_conflicts_value_idx').on(t.tableName, t.column, t.value)],
);

/**
 * Remote rows that arrived before what they depend on (a NOT NULL column or a referenced row is still
 * missing). Their changes are already in the log; the row is rebuilt from the log once it can be.
 */
export const syncDeferredRows = sqliteTable(
  'sync_deferred_rows',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowId] })],
);
