import { sqliteTable, text, integer, real, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';

// ---- synced: decisions managers make travel to every device -------------------------------------------

/**
 * A merge of customers into a survivor (who/when in the audit columns, why in `reason`). Its items hold
 * the exact before-image of every row the merge touched, so an unmerge can put them back.
 */
export const merges = sqliteTable(
  'merges',
  {
    id: text('id').primaryKey(),
    survivorId: text('survivor_id').notNull(),
    /** JSON array of the customer ids folded into the survivor. */
    mergedIds: text('merged_ids').notNull(),
    /** 'person' (honest duplicate), 'farming' (one buyer's cards) or 'manual'. */
    kind: text('kind').notNull(),
    reason: text('reason'),
    /** Confidence of the scan's proposal, when the merge came from one. */
    confidence: real('confidence'),
    /** JSON object: field → the customer id whose value the manager kept. */
    fieldChoices: text('field_choices'),
    undoneAt: text('undone_at'),
    undoneByStaff: text('undone_by_staff'),
    ...auditColumns,
  },
  (t) => [index('merges_survivor_idx').on(t.survivorId)],
);

/** One row touched by a merge, with its full before-image (SQL column names → values, JSON). */
export const mergeItems = sqliteTable(
  'merge_items',
  {
    id: text('id').primaryKey(),
    mergeId: text('merge_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    before: text('before').notNull(),
    ...auditColumns,
  },
  (t) => [index('merge_items_merge_idx').on(t.mergeId)],
);

/** "Not the same person" for a pair of customers: never proposed again. The id is the sorted pair. */
export const dedupDecisions = sqliteTable(
  'dedup_decisions',
  {
    id: text('id').primaryKey(),
    customerA: text('customer_a').notNull(),
    customerB: text('customer_b').notNull(),
    decision: text('decision').notNull(),
    reason: text('reason'),
    ...auditColumns,
  },
  (t) => [index('dedup_decisions_a_idx').on(t.customerA), index('dedup_decisions_b_idx').on(t.customerB)],
);

// ---- local: scan results and lookup keys, rebuilt from the synced data on each device -------------------

export const dedupRuns = sqliteTable('dedup_runs', {
  id: text('id').primaryKey(),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at').notNull(),
  records: integer('records').notNull(),
  clusters: integer('clusters').notNull(),
  farmingClusters: integer('farming_clusters').notNull(),
  households: integer('households').notNull(),
  estimatedPeople: integer('estimated_people').notNull(),
  /** JSON: timings and counters. */
  stats: text('stats').notNull(),
});

export const dedupClusters = sqliteTable(
  'dedup_clusters',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull(),
    /** 'person' | 'farming' | 'household' (households are linked, never merged). */
    kind: text('kind').notNull(),
    confidence: real('confidence').notNull(),
    score: real('score').notNull(),
    size: integer('size').notNull(),
    cardCount: integer('card_count').notNull(),
    /** 'open' | 'merged' | 'rejected' */
    status: text('status').notNull().default('open'),
    /** JSON: farming facts, shared phones/dwellings. */
    facts: text('facts'),
  },
  (t) => [index('dedup_clusters_queue_idx').on(t.kind, t.status, t.confidence)],
);

export const dedupClusterMembers = sqliteTable(
  'dedup_cluster_members',
  {
    clusterId: text('cluster_id').notNull(),
    customerId: text('customer_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.customerId] }), index('dedup_cluster_members_customer_idx').on(t.customerId)],
);

export const dedupPairs = sqliteTable(
  'dedup_pairs',
  {
    clusterId: text('cluster_id').notNull(),
    customerA: text('customer_a').notNull(),
    customerB: text('customer_b').notNull(),
    score: real('score').notNull(),
    /** JSON array of evidence items. */
    evidence: text('evidence').notNull(),
  },
  (t) => [index('dedup_pairs_cluster_idx').on(t.clusterId)],
);

/** Name and address blocking keys per customer, for the at-entry duplicate check. */
export const dedupKeys = sqliteTable(
  'dedup_keys',
  {
    key: text('key').notNull(),
    customerId: text('customer_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.customerId] }), index('dedup_keys_customer_idx').on(t.customerId)],
);
