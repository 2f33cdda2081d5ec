import { sqliteTable, text, index } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';
import { cards } from './cards';
import { customers } from './customers';

export const cardEventKinds = ['replaced', 'blocked', 'unblocked'] as const;

/**
 * The member card's life (issue 17 point 6): each replacement, block and unblock, with its reason and the manager
 * who signed it. The card's `status` says where it stands; this history says why, and for a replaced card which
 * card took its place. Synced, manager-signed.
 */
export const cardEvents = sqliteTable(
  'card_events',
  {
    id: text('id').primaryKey(),
    cardId: text('card_id')
      .notNull()
      .references(() => cards.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: cardEventKinds }).notNull(),
    reason: text('reason').notNull(),
    /** The card issued in place of a lost one. */
    replacementCardId: text('replacement_card_id'),
    /** The duplicate-review cluster whose extra cards were blocked instead of merged. */
    clusterId: text('cluster_id'),
    at: text('at').notNull(),
    staffId: text('staff_id'),
    outletId: text('outlet_id'),
    ...auditColumns,
  },
  (t) => [index('card_events_card_idx').on(t.cardId, t.at)],
);
