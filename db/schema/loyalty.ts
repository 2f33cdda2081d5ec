import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';
import { customers } from './customers';

/**
 * Loyalty (issue 17). The ledger is the truth: one immutable row per points movement, its id derived from the
 * source of the movement (electron/core/loyalty/eventIds.ts), so a retried or re-synced event is the same row.
 * The balance table is a local cache rebuilt from the ledger; programme rules are versioned and manager-signed.
 */

export const ledgerKinds = ['earn', 'redeem', 'expire', 'adjust', 'reverse', 'transfer_in', 'transfer_out', 'expire_fix'] as const;
export const ruleKinds = ['base'] as const;
import { roundingModes } from '../../shared/loyaltyRules';
export { roundingModes };

export const pointsLedger = sqliteTable(
  'points_ledger',
  {
    /** Derived from `source` (sha256), never random: the same movement has the same id on every device. */
    id: text('id').primaryKey(),
    /** What the id was derived from, e.g. `earn:INV-1:1` or `redeem:<device>:<seq>`; readable for the statement. */
    source: text('source').notNull(),
    kind: text('kind', { enum: ledgerKinds }).notNull(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    /** Signed integer points: positive for earn/transfer_in/positive adjust, negative for the rest. */
    points: integer('points').notNull(),
    /** When the movement happened (UTC ISO); an earn is dated by its purchase. */
    occurredAt: text('occurred_at').notNull(),
    /** Positive movements (lots) expire on this day (YYYY-MM-DD); null: never. */
    expiresOn: text('expires_on'),
    outletId: text('outlet_id'),
    staffId: text('staff_id'),
    /** The manager who approved an adjustment (required for 'adjust'). */
    approvedBy: text('approved_by'),
    reason: text('reason'),
    /** The loyalty_rules row (version) an earn was computed with. */
    ruleId: text('rule_id'),
    purchaseId: text('purchase_id'),
    invoiceNo: text('invoice_no'),
    /** Rupiah the event was computed from (an earn's purchase amount). */
    amount: integer('amount'),
    /** The event this one undoes (a reverse's earn) or the lot it ends (an expire's earn). */
    relatedId: text('related_id'),
    /** A redemption made without the server's ledger at hand, within the offline limit. */
    provisional: integer('provisional', { mode: 'boolean' }).notNull().default(false),
    ...auditColumns,
  },
  (t) => [
    index('points_ledger_customer_idx').on(t.customerId, t.occurredAt, t.id),
    index('points_ledger_invoice_idx')
      .on(t.invoiceNo)
      .where(sql`invoice_no is not null`),
    index('points_ledger_expiry_idx')
      .on(t.expiresOn)
      .where(sql`expires_on is not null`),
    index('points_ledger_related_idx')
      .on(t.relatedId)
      .where(sql`related_id is not null`),
  ],
);

/**
 * Balance per customer, a cache of the ledger's sum. Never synced: every device recomputes it when ledger rows
 * reach it (written here or applied from the server), so a cache can never disagree across devices.
 */
export const pointsBalances = sqliteTable(
  'points_balances',
  {
    customerId: text('customer_id').primaryKey(),
    balance: integer('balance').notNull(),
    events: integer('events').notNull(),
    /** Negative balance: two outlets redeemed the same points while apart; the manager's list shows it. */
    flagged: integer('flagged', { mode: 'boolean' }).notNull().default(false),
    updatedAt: text('updated_at').notNull(),
    /** Points taken when no lot had any left (electron/core/loyalty/lots.ts), as the replay ends. */
    deficit: integer('deficit').notNull().default(0),
    /** JSON [[lot id, expires_on, remaining], …] of the lots with points left, soonest expiry first; NULL: not cached yet. */
    openLots: text('open_lots'),
    /** The first last day among the open lots: the expiry pass reads its candidates from this index. */
    nextExpiry: text('next_expiry'),
    /** JSON of the expiries that took more than their lot and are not yet corrected; NULL: none. */
    overExpired: text('over_expired'),
  },
  (t) => [
    index('points_balances_flagged_idx')
      .on(t.customerId)
      .where(sql`flagged = 1`),
    index('points_balances_next_expiry_idx')
      .on(t.nextExpiry)
      .where(sql`next_expiry is not null`),
    index('points_balances_over_expired_idx')
      .on(t.customerId)
      .where(sql`over_expired is not null`),
    index('points_balances_uncached_idx')
      .on(t.customerId)
      .where(sql`open_lots is null`),
  ],
);

/** Programme rules, versioned: each version applies from `valid_from` (a day) until the next one starts. */
export const loyaltyRules = sqliteTable(
  'loyalty_rules',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ruleKinds }).notNull().default('base'),
    /** YYYY-MM-DD, inclusive. */
    validFrom: text('valid_from').notNull(),
    /** YYYY-MM-DD, exclusive; null: until a later version starts. */
    validTo: text('valid_to'),
    /** Rupiah spent per point: 10000 means 1 point per Rp 10.000. */
    rupiahPerPoint: integer('rupiah_per_point').notNull(),
    minPurchase: integer('min_purchase').notNull().default(0),
    rounding: text('rounding', { enum: roundingModes }).notNull().default('floor'),
    /** What one point is worth when redeemed, in rupiah. */
    pointValue: integer('point_value').notNull(),
    validityMonths: integer('validity_months').notNull(),
    /** Points one card may redeem per day on a device without the server's ledger at hand. */
    offlineRedeemLimit: integer('offline_redeem_limit').notNull().default(0),
    earnAndRedeemSameSale: integer('earn_and_redeem_same_sale', { mode: 'boolean' }).notNull().default(false),
    /** JSON array of { product, factor }: a purchase of the product earns factor × its points (shared/loyaltyRules.ts). */
    // Nullable: rows written without them (a device not yet migrated, a direct insert) read as none.
    multipliers: text('multipliers').default('[]'),
    /** JSON array of { name, from, until, outletId, factor }: purchases on those days (at that outlet) earn factor × more. */
    promotions: text('promotions').default('[]'),
    ...auditColumns,
  },
  (t) => [index('loyalty_rules_kind_from_idx').on(t.kind, t.validFrom)],
);
