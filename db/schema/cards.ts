import { sqliteTable, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';
import { customers } from './customers';

export const cardStatuses = ['active', 'lost', 'blocked'] as const;

export const cards = sqliteTable(
  'cards',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    cardNo: text('card_no').notNull(),
    status: text('status', { enum: cardStatuses }).notNull().default('active'),
    issuedAt: text('issued_at').notNull(),
    issuedOutletId: text('issued_outlet_id'),
    issuedByStaff: text('issued_by_staff'),
    ...auditColumns,
  },
  // cards_blocked_idx (the few blocked cards, by customer, for a campaign launch) is hand-written in
  // db/migrations/0025_live_count_indexes.sql with the live count's indexes.
  (t) => [uniqueIndex('cards_card_no_unique').on(t.cardNo), index('cards_customer_idx').on(t.customerId)],
);
