import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Per-device key/value settings (device id, outlet, clock state). Never synced. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
