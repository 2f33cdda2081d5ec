import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/**
 * Every report export (issue 6): who produced which file, with which filters, when, and how many rows,
 * and whether phone/NIK columns were left unmasked. Local to the device for now, written outside the change
 * log; issue 7 (audit trail) may make it synced, which is why the row carries the device and a ULID id.
 */
export const exportsLog = sqliteTable(
  'exports_log',
  {
    id: text('id').primaryKey(),
    at: text('at').notNull(),
    deviceId: text('device_id').notNull(),
    staff: text('staff'),
    report: text('report').notNull(),
    format: text('format', { enum: ['csv', 'xlsx', 'pdf'] }).notNull(),
    /** The resolved filters as JSON (period, outlet codes, report options). */
    filters: text('filters').notNull(),
    rows: integer('rows').notNull(),
    unmasked: integer('unmasked', { mode: 'boolean' }).notNull().default(false),
    /** The file name only: the folder is the user's business. */
    fileName: text('file_name'),
  },
  (t) => [index('exports_log_at_idx').on(t.at)],
);
