import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';
import { customers } from './customers';

export const purchases = sqliteTable(
  'purchases',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    invoiceNo: text('invoice_no'),
    outletId: text('outlet_id'),
    purchasedAt: text('purchased_at').notNull(),
    /** Rupiah, integer: the currency has no minor unit in practice. */
    amount: integer('amount').notNull(),
    mainProduct: text('main_product'),
    ...auditColumns,
  },
  (t) => [
    index('purchases_customer_date_idx').on(t.customerId, t.purchasedAt),
    index('purchases_invoice_idx').on(t.invoiceNo, t.outletId),
    // Reports (issue 6): per-customer totals over a million customers read this index alone, in customer order.
    index('purchases_report_idx')
      .on(t.customerId, t.purchasedAt, t.outletId, t.amount)
      .where(sql`deleted_at is null`),
    // The after-purchase follow-up rule reads the last days' purchases of the whole store from this index alone.
    index('purchases_recent_idx')
      .on(t.purchasedAt, t.amount, t.id, t.customerId, t.outletId, t.invoiceNo, t.mainProduct)
      .where(sql`deleted_at is null`),
  ],
);
