import { sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';

export const outlets = sqliteTable(
  'outlets',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['store', 'booth'] }).notNull().default('store'),
    timeZone: text('time_zone').notNull().default('Asia/Jakarta'),
    ...auditColumns,
  },
  (t) => [uniqueIndex('outlets_code_unique').on(t.code)],
);
