import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, real, index } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';
import { customers } from './customers';
import { familyRelations, lostReasons, offerActions, opportunityStages, profileFactKeys, reasonsNotBought } from '../../shared/knowledge';

/**
 * Knowing each customer (issue 19): a deeper profile, potential sales (opportunities) and next best offers.
 * Profile facts are one row per (customer, fact) with a derived id, so two outlets editing different facts
 * offline never touch the same row and the same fact is last-writer-wins, like any other field.
 */

/** One profile fact of a customer: occupation, preferred channel, preferred time, likes, dislikes. */
export const customerFacts = sqliteTable(
  'customer_facts',
  {
    /** Derived from (customer, key): every device writes the same row for the same fact. */
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    key: text('key', { enum: profileFactKeys }).notNull(),
    /** Null: the fact was cleared. */
    value: text('value'),
    ...auditColumns,
  },
  (t) => [index('customer_facts_customer_idx').on(t.customerId, t.key)],
);

/** A member of the customer's family; linked to their own customer record when they are one. */
export const familyMembers = sqliteTable(
  'family_members',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    name: text('name').notNull(),
    relation: text('relation', { enum: familyRelations }).notNull(),
    birthDate: text('birth_date'),
    /** The member's own customer record, when they have one (never the customer themselves). */
    memberCustomerId: text('member_customer_id'),
    ...auditColumns,
  },
  (t) => [
    index('family_members_customer_idx').on(t.customerId),
    index('family_members_member_idx')
      .on(t.memberCustomerId)
      .where(sql`member_customer_id is not null`),
  ],
);

/** The interests and preferences managers curate; removal sets active = false so tagged customers keep history. */
export const interestTags = sqliteTable(
  'interest_tags',
  {
    /** Derived from the folded label: two managers adding the same tag offline add one tag. */
    id: text('id').primaryKey(),
    label: text('label').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    ...auditColumns,
  },
  (t) => [index('interest_tags_label_idx').on(t.label)],
);

/** A customer tagged with an interest; id derived from (customer, tag); untagging sets active = false. */
export const customerInterests = sqliteTable(
  'customer_interests',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    tagId: text('tag_id')
      .notNull()
      .references(() => interestTags.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    ...auditColumns,
  },
  (t) => [index('customer_interests_customer_idx').on(t.customerId), index('customer_interests_tag_idx').on(t.tagId)],
);

/** A product the customer owns from a competitor: brand, product, since when (YYYY or YYYY-MM). */
export const competitorProducts = sqliteTable(
  'competitor_products',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    brand: text('brand').notNull(),
    product: text('product').notNull(),
    since: text('since'),
    ...auditColumns,
  },
  (t) => [index('competitor_products_customer_idx').on(t.customerId)],
);

/**
 * A potential sale. The lifecycle block (stage and every column a transition sets) is written whole by each
 * transition, so last-writer-wins per field leaves one transition's coherent state on every replica; the
 * history is insert-only in opportunity_events.
 */
export const opportunities = sqliteTable(
  'opportunities',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    outletId: text('outlet_id').notNull(),
    /** Staff name who owns it. */
    owner: text('owner'),
    product: text('product').notNull(),
    category: text('category').notNull(),
    /** Rupiah, positive integer. */
    budget: integer('budget').notNull(),
    expectedDecisionDate: text('expected_decision_date').notNull(),
    reasonNotBought: text('reason_not_bought', { enum: reasonsNotBought }),
    note: text('note'),
    /** The open follow-up on "my day" for the next step. */
    followUpId: text('follow_up_id'),
    /** The offer rule it was started from (antecedent product), if any. */
    offerId: text('offer_id'),
    // The lifecycle block.
    stage: text('stage', { enum: opportunityStages }).notNull(),
    closedAt: text('closed_at'),
    invoiceNo: text('invoice_no'),
    purchaseId: text('purchase_id'),
    wonAmount: integer('won_amount'),
    lostReason: text('lost_reason', { enum: lostReasons }),
    lostNote: text('lost_note'),
    ...auditColumns,
  },
  (t) => [
    index('opportunities_customer_idx').on(t.customerId, t.createdAt),
    index('opportunities_outlet_stage_idx').on(t.outletId, t.stage, t.expectedDecisionDate),
    // The forecast the screen asks for reads the open ones and the closed ones' win-rate counts from these alone
    // (at 100,000 opportunities ~40% less CPU than scanning the table's wide rows).
    index('opportunities_open_forecast_idx')
      .on(t.stage, t.createdAt, t.closedAt, t.outletId, t.category, t.budget, t.expectedDecisionDate)
      .where(sql`deleted_at is null`),
    index('opportunities_closed_forecast_idx')
      .on(t.closedAt, t.createdAt, t.category, t.stage, t.id)
      .where(sql`deleted_at is null and closed_at is not null`),
  ],
);

/** An opportunity's history: created and every stage change, who and where. Never updated. */
export const opportunityEvents = sqliteTable(
  'opportunity_events',
  {
    id: text('id').primaryKey(),
    opportunityId: text('opportunity_id')
      .notNull()
      .references(() => opportunities.id),
    at: text('at').notNull(),
    staff: text('staff'),
    outletId: text('outlet_id'),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    ...auditColumns,
  },
  (t) => [
    index('opportunity_events_opportunity_idx').on(t.opportunityId, t.at),
    index('opportunity_events_stage_idx').on(t.opportunityId, t.toStage).where(sql`deleted_at is null`),
  ],
);

/** An offer a clerk acted on (started an opportunity or a follow-up from it): the "offers made" of the report. */
export const offersMade = sqliteTable(
  'offers_made',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    outletId: text('outlet_id'),
    staff: text('staff'),
    product: text('product').notNull(),
    /** The product the rule started from; null for a popular product filling a slot no rule reached. */
    because: text('because'),
    confidence: real('confidence').notNull(),
    action: text('action', { enum: offerActions }).notNull(),
    madeAt: text('made_at').notNull(),
    ...auditColumns,
  },
  (t) => [index('offers_made_customer_idx').on(t.customerId, t.madeAt), index('offers_made_at_idx').on(t.madeAt)],
);

/** Store-wide knowledge settings as JSON documents (offer-rule minimums); id = key. Manager-signed. */
export const knowledgeSettings = sqliteTable('knowledge_settings', {
  id: text('id').primaryKey(),
  value: text('value').notNull(),
  ...auditColumns,
});

/**
 * Co-purchase rules "bought X, then Y within N days", a local cache the scheduled pass recomputes from the
 * purchases every device holds: never synced, like the points balances.
 */
export const offerRules = sqliteTable(
  'offer_rules',
  {
    antecedent: text('antecedent').notNull(),
    consequent: text('consequent').notNull(),
    /** Customers who bought X then Y within the window. */
    pairCustomers: integer('pair_customers').notNull(),
    support: real('support').notNull(),
    confidence: real('confidence').notNull(),
    lift: real('lift').notNull(),
    computedAt: text('computed_at').notNull(),
  },
  (t) => [index('offer_rules_pair_idx').on(t.antecedent, t.confidence)],
);
