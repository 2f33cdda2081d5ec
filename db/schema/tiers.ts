import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';

/**
 * Loyalty tiers (issue 17 point 5). The thresholds are a programme a manager sets, versioned like the points
 * rules (a start day, never backwards); a customer's tier is computed from the purchases by a scheduled pass on
 * every device alike and cached locally (`customer_tiers`, not synced), kept until the next pass.
 */
export const loyaltyTiers = sqliteTable(
  'loyalty_tiers',
  {
    id: text('id').primaryKey(),
    /** YYYY-MM-DD, inclusive. */
    validFrom: text('valid_from').notNull(),
    /** YYYY-MM-DD, exclusive; null: until a later version starts. */
    validTo: text('valid_to'),
    /** Days a customer keeps a tier after their rolling 12-month spend fell below its threshold. */
    graceDays: integer('grace_days').notNull().default(0),
    /** JSON array of levels, lowest threshold first: code, name, minSpend and the benefits (shared/loyaltyTiers.ts). */
    levels: text('levels').notNull(),
    ...auditColumns,
  },
  (t) => [index('loyalty_tiers_from_idx').on(t.validFrom)],
);

/** The tier the last pass gave each customer: a cache of a function of the purchases, never synced. */
export const customerTiers = sqliteTable(
  'customer_tiers',
  {
    customerId: text('customer_id').primaryKey(),
    /** The level's code, null: below every threshold. */
    tierCode: text('tier_code'),
    /** Rupiah spent in the 12 months up to the pass's day. */
    spend12m: integer('spend_12m').notNull(),
    /** The tier version the pass used. */
    versionId: text('version_id'),
    computedOn: text('computed_on').notNull(),
    /** The tier before the last change and the day it changed (tier movements report). */
    previousCode: text('previous_code'),
    changedOn: text('changed_on'),
  },
  (t) => [index('customer_tiers_code_idx').on(t.tierCode)],
);
