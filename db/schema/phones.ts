import { sqliteTable, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';
import { customers } from './customers';

/** Phones are unique per customer only: households share one number. */
export const phones = sqliteTable(
  'phones',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    e164: text('e164').notNull(),
    /** National significant digits reversed, so "last digits" search is an index range scan. */
    digitsReversed: text('digits_reversed').notNull(),
    ...auditColumns,
  },
  (t) => [
    uniqueIndex('phones_customer_e164_unique').on(t.customerId, t.e164),
    index('phones_e164_idx').on(t.e164),
    index('phones_digits_reversed_idx').on(t.digitsReversed),
  ],
);
