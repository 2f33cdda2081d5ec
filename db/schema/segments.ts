import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';
import { customers } from './customers';

/**
 * Segments and campaigns (issue 18). Every table is synced. Segment ids derive from the name and target ids from
 * (campaign, customer), so two devices writing the same thing offline write the same row.
 */

/** A named condition tree (shared/segments.ts), stored as JSON and re-evaluated whenever it is used. */
export const segments = sqliteTable(
  'segments',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    definition: text('definition').notNull(),
    ...auditColumns,
  },
  (t) => [index('segments_name_idx').on(t.name)],
);

export const campaigns = sqliteTable('campaigns', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The consent purpose the campaign works under (shared/privacy consentPurposes). */
  purpose: text('purpose').notNull(),
  channel: text('channel').notNull(),
  segmentId: text('segment_id').notNull(),
  /** The segment's conditions as they were when the campaign was launched (or last refreshed). */
  definition: text('definition').notNull(),
  periodFrom: text('period_from').notNull(),
  periodTo: text('period_to').notNull(),
  /** JSON array of outlet ids; empty = every outlet. */
  outlets: text('outlets').notNull(),
  template: text('template').notNull(),
  /** Percent of the matching customers held out as the control group (0–50). */
  controlPercent: integer('control_percent').notNull(),
  /** Customers contacted within this many days before launch are excluded. */
  quietDays: integer('quiet_days').notNull(),
  /** Purchases within this many days after a contact count for the campaign. */
  attributionDays: integer('attribution_days').notNull(),
  recurrence: text('recurrence', { enum: ['none', 'monthly'] }).notNull(),
  status: text('status', { enum: ['draft', 'launched'] }).notNull(),
  launchedAt: text('launched_at'),
  /** JSON: exclusion counts of the last launch or refresh. */
  exclusions: text('exclusions'),
  ...auditColumns,
});

/** One customer the campaign reaches (or holds out as control); id derived from (campaign, customer). */
export const campaignTargets = sqliteTable(
  'campaign_targets',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    /** The outlet whose "my day" shows the target. */
    outletId: text('outlet_id'),
    control: integer('control', { mode: 'boolean' }).notNull(),
    /** The period (YYYY-MM, or 'launch') whose evaluation added the target. */
    period: text('period').notNull(),
    ...auditColumns,
  },
  (t) => [
    index('campaign_targets_campaign_idx').on(t.campaignId, t.customerId),
    index('campaign_targets_outlet_idx')
      .on(t.outletId, t.campaignId)
      .where(sql`control = 0 AND deleted_at IS NULL`),
  ],
);

/**
 * One contact made for a campaign, with its outcome; insert-only, so contacts made at two outlets while apart are
 * both kept. The contact is also an interaction (interaction_id) in the customer's history.
 */
export const campaignContacts = sqliteTable(
  'campaign_contacts',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    targetId: text('target_id').notNull(),
    customerId: text('customer_id').notNull(),
    interactionId: text('interaction_id'),
    outletId: text('outlet_id'),
    staff: text('staff'),
    at: text('at').notNull(),
    outcome: text('outcome', { enum: ['reached', 'no_answer', 'responded', 'declined', 'opted_out'] }).notNull(),
    note: text('note'),
    ...auditColumns,
  },
  (t) => [index('campaign_contacts_campaign_idx').on(t.campaignId, t.targetId, t.at), index('campaign_contacts_target_idx').on(t.targetId)],
);
