import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';
import { customers } from './customers';
import {
  complaintCategories,
  complaintEventKinds,
  complaintSeverities,
  complaintStatuses,
  followUpKinds,
  followUpStatuses,
  interactionChannels,
  interactionDirections,
  interactionOutcomes,
} from '../../shared/care';

/**
 * Customer care (issue 9): contacts, follow-ups, complaints and the per-outlet settings they run on.
 * Every table is synced. Rows that two devices may create independently for the same fact (rule follow-ups,
 * settings, holidays, escalations) get deterministic ids, so sync merges them instead of duplicating.
 */

/** One contact with a customer: a visit, a call, a WhatsApp message, a note. Insert-only in practice. */
export const interactions = sqliteTable(
  'interactions',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    outletId: text('outlet_id'),
    staff: text('staff'),
    channel: text('channel', { enum: interactionChannels }).notNull(),
    direction: text('direction', { enum: interactionDirections }).notNull(),
    /** When the contact happened (UTC ISO); may be earlier than created_at when logged afterwards. */
    at: text('at').notNull(),
    note: text('note'),
    outcome: text('outcome', { enum: interactionOutcomes }),
    /** The follow-up this contact completed, if any. */
    followUpId: text('follow_up_id'),
    ...auditColumns,
  },
  (t) => [
    index('interactions_customer_at_idx').on(t.customerId, t.at),
    index('interactions_outlet_at_idx').on(t.outletId, t.at),
    // Covers the customer timeline: a customer's contacts sit together in it, so opening a page with a
    // thousand of them reads a few pages instead of one table page per contact. Newest first, as the timeline
    // reads them: pages read forwards are read ahead by the OS, pages read backwards one by one (measured with
    // an empty page cache, ~900 contacts: p50 4.4 ms backwards, 1.1 ms forwards).
    index('interactions_timeline_idx')
      .on(t.customerId, sql`${t.at} desc`, t.id, t.channel, t.direction, t.outcome, t.note, t.staff, t.outletId)
      .where(sql`deleted_at is null`),
  ],
);

/**
 * A complaint. The lifecycle block (status and every column set by a transition) is written whole by each
 * transition, so last-writer-wins per field still leaves one transition's coherent state on every replica.
 * The history lives in complaint_events, insert-only, so concurrent transitions at two outlets are all kept.
 */
export const complaints = sqliteTable(
  'complaints',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    /** The outlet that opened it: its opening hours and holidays run the service-level clock. */
    outletId: text('outlet_id'),
    category: text('category', { enum: complaintCategories }).notNull(),
    severity: text('severity', { enum: complaintSeverities }).notNull(),
    invoiceNo: text('invoice_no'),
    purchaseId: text('purchase_id'),
    description: text('description').notNull(),
    promisedAction: text('promised_action'),
    promisedDate: text('promised_date'),
    openedAt: text('opened_at').notNull(),
    // The lifecycle block.
    status: text('status', { enum: complaintStatuses }).notNull(),
    /** Start of the current service-level period: opened_at, or the last reopening. */
    clockStartedAt: text('clock_started_at').notNull(),
    firstResponseDueAt: text('first_response_due_at').notNull(),
    resolutionDueAt: text('resolution_due_at').notNull(),
    firstResponseAt: text('first_response_at'),
    resolvedAt: text('resolved_at'),
    closedAt: text('closed_at'),
    satisfaction: integer('satisfaction'),
    reopenCount: integer('reopen_count').notNull().default(0),
    ...auditColumns,
  },
  (t) => [
    index('complaints_customer_opened_idx').on(t.customerId, t.openedAt),
    index('complaints_outlet_status_due_idx').on(t.outletId, t.status, t.resolutionDueAt),
    index('complaints_status_due_idx').on(t.status, t.resolutionDueAt),
    index('complaints_resolved_idx').on(t.resolvedAt),
    // A customer's timeline reads their complaints from this index alone, newest first: a long-standing customer's
    // complaints are scattered over the table, one page each (measured: 45 complaints, p99 6.3 ms uncached).
    index('complaints_timeline_idx')
      .on(t.customerId, sql`${t.openedAt} desc`, t.id, t.category, t.severity, t.status, t.description, t.outletId)
      .where(sql`deleted_at is null`),
    // The rule pass's overdue check reads every active complaint's clock from this index alone, without a table read.
    index('complaints_active_clock_idx')
      .on(t.resolutionDueAt, t.firstResponseDueAt, t.firstResponseAt, t.clockStartedAt, t.id, t.customerId, t.outletId)
      .where(sql`status in ('open', 'in_progress', 'reopened') and deleted_at is null`),
  ],
);

/** The complaint's history: who changed what, when, from which status to which. Never updated. */
export const complaintEvents = sqliteTable(
  'complaint_events',
  {
    id: text('id').primaryKey(),
    complaintId: text('complaint_id')
      .notNull()
      .references(() => complaints.id),
    kind: text('kind', { enum: complaintEventKinds }).notNull(),
    at: text('at').notNull(),
    staff: text('staff'),
    outletId: text('outlet_id'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    satisfaction: integer('satisfaction'),
    ...auditColumns,
  },
  (t) => [index('complaint_events_complaint_at_idx').on(t.complaintId, t.at)],
);

/**
 * What has to be done for a customer by when. Its status is NOT a column here: rule follow-ups are
 * re-inserted with the same id by any device that sees the same trigger, and that insert must never undo
 * a "done" written elsewhere. Status lives in follow_up_outcomes, which only people write.
 */
export const followUps = sqliteTable(
  'follow_ups',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    outletId: text('outlet_id').notNull(),
    /** A staff member's name; null means the whole outlet. */
    owner: text('owner'),
    kind: text('kind', { enum: followUpKinds }).notNull(),
    reason: text('reason').notNull(),
    /** Local date (YYYY-MM-DD) in the outlet's time zone. */
    dueDate: text('due_date').notNull(),
    /** What triggered a rule follow-up: the purchase or complaint id, the birthday, the last contact. */
    sourceId: text('source_id'),
    ...auditColumns,
  },
  (t) => [index('follow_ups_outlet_due_idx').on(t.outletId, t.dueDate), index('follow_ups_customer_due_idx').on(t.customerId, t.dueDate)],
);

/** The status of a follow-up once someone acted on it; id = the follow-up's id (one row per follow-up). */
export const followUpOutcomes = sqliteTable(
  'follow_up_outcomes',
  {
    id: text('id').primaryKey(),
    outletId: text('outlet_id').notNull(),
    status: text('status', { enum: followUpStatuses }).notNull(),
    at: text('at').notNull(),
    staff: text('staff'),
    note: text('note'),
    ...auditColumns,
  },
  (t) => [index('follow_up_outcomes_outlet_at_idx').on(t.outletId, t.at)],
);

/**
 * Per-outlet care settings as JSON documents validated by zod: opening hours, service levels, follow-up rules,
 * message templates (`template:<key>`). The id is derived from (outlet, key), so two managers saving offline
 * edit the same row. Absent rows mean the Indonesian defaults.
 */
export const careSettings = sqliteTable(
  'care_settings',
  {
    id: text('id').primaryKey(),
    outletId: text('outlet_id').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    ...auditColumns,
  },
  (t) => [index('care_settings_outlet_key_idx').on(t.outletId, t.key)],
);

/** Public holidays and other closed days; outlet_id null = every outlet. Removal sets active = false. */
export const closedDays = sqliteTable(
  'closed_days',
  {
    id: text('id').primaryKey(),
    outletId: text('outlet_id'),
    date: text('date').notNull(),
    name: text('name').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    ...auditColumns,
  },
  (t) => [
    index('closed_days_date_idx')
      .on(t.date)
      .where(sql`active = 1`),
  ],
);
