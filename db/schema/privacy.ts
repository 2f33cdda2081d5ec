import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { consentPurposes } from '../../shared/privacy';
import { auditColumns } from './columns';

/**
 * Consent per purpose (UU PDP): one row per grant or withdrawal, never updated, so the history shows who
 * recorded what and when. The latest row of a purpose is the customer's current answer.
 */
export const consents = sqliteTable(
  'consents',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    purpose: text('purpose', { enum: consentPurposes }).notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    at: text('at').notNull(),
    staffId: text('staff_id'),
    staffName: text('staff_name'),
    outletId: text('outlet_id'),
    /** How the answer was given: at the counter, on the registration form, by a written request. */
    source: text('source').notNull(),
    ...auditColumns,
  },
  (t) => [index('consents_customer_purpose_idx').on(t.customerId, t.purpose, t.at)],
);
