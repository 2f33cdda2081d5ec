import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';

export const customers = sqliteTable(
  'customers',
  {
    id: text('id').primaryKey(),
    fullName: text('full_name').notNull(),
    /** Lower-cased, accent-free name for prefix search; derived from fullName on every write. */
    nameSearch: text('name_search').notNull(),
    gender: text('gender', { enum: ['M', 'F'] }),
    birthDate: text('birth_date'),
    nik: text('nik'),
    email: text('email'),
    address: text('address'),
    city: text('city'),
    notes: text('notes'),
    consentMarketing: integer('consent_marketing', { mode: 'boolean' }).notNull().default(false),
    consentAt: text('consent_at'),
    consentBy: text('consent_by'),
    registeredOutletId: text('registered_outlet_id'),
    /** Set when a merge folded this customer into another (the dedup issue). */
    mergedInto: text('merged_into'),
    ...auditColumns,
  },
  (t) => [
    index('customers_name_search_idx').on(t.nameSearch),
    index('customers_nik_idx').on(t.nik),
    index('customers_email_idx').on(t.email),
    index('customers_birth_date_idx').on(t.birthDate),
    // customers_birthday_idx, by month and day of birth, is an expression index drizzle-kit cannot write:
    // see db/migrations/0013_birthday_index.sql. So is customers_city_idx (lower(trim(city)), deleted, merged, name, id):
    // see db/migrations/0025_live_count_indexes.sql.
    index('customers_registered_outlet_idx').on(t.registeredOutletId, t.createdAt),
    // The few customers no rule should reach (deleted, merged into another): read whole, never looked up one by one.
    index('customers_gone_idx')
      .on(t.id)
      .where(sql`deleted_at is not null or merged_into is not null`),
  ],
);
