import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/**
 * The change log: one row per domain write, written in the same transaction as the write.
 * `data` holds the written columns (by their SQL names) as JSON; sync uploads rows with no `pushedAt`.
 * `author` is the staff id and kind of secret (`<id>:password`) behind a signed change.
 */
export const changes = sqliteTable(
  'changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    hlc: text('hlc').notNull(),
    deviceId: text('device_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    op: text('op', { enum: ['upsert', 'delete'] }).notNull(),
    data: text('data').notNull(),
    pushedAt: text('pushed_at'),
    /** Who made the change, with a signature only their secret could make (electron/core/authority): set on the tables whose writes need authority. */
    author: text('author'),
    signature: text('signature'),
  },
  (t) => [
    index('changes_row_idx').on(t.tableName, t.rowId),
    index('changes_pending_idx').on(t.seq).where(sql`pushed_at is null`),
  ],
);
