import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { cards, customers, outlets, phones, purchases } from '../../../db/schema';
import { careSettings, closedDays, complaintEvents, complaints, followUpOutcomes, followUps, interactions } from '../../../db/schema/care';
import { auditLog, staff } from '../../../db/schema/staff';
import { dedupDecisions, mergeItems, merges } from '../../../db/schema/dedup';
import { consents } from '../../../db/schema/privacy';
import { loyaltyRules, pointsLedger } from '../../../db/schema/loyalty';
import { campaignContacts, campaignTargets, campaigns, segments } from '../../../db/schema/segments';
import {
  competitorProducts,
  customerFacts,
  customerInterests,
  familyMembers,
  interestTags,
  knowledgeSettings,
  offersMade,
  opportunities,
  opportunityEvents,
} from '../../../db/schema/knowledge';
import { loyaltyTiers } from '../../../db/schema/tiers';
import { cardEvents } from '../../../db/schema/cardLife';

/** Every table whose writes go through the change log and sync. */
export const syncedTables = {
  outlets,
  customers,
  cards,
  phones,
  purchases,
  interactions,
  complaints,
  complaintEvents,
  followUps,
  followUpOutcomes,
  careSettings,
  closedDays,
  staff,
  auditLog,
  // Identity resolution (issue 5): merges with their before-images, and "not the same person" decisions.
  merges,
  mergeItems,
  dedupDecisions,
  // Consent per purpose (issue 7, UU PDP): append-only history.
  consents,
  // Loyalty (issue 17): the points ledger (immutable events with derived ids) and the programme rules.
  // The balance cache (points_balances) is not synced: each device recomputes it from the ledger.
  loyaltyRules,
  pointsLedger,
  // Segments and campaigns (issue 18): definitions and targets written by managers, contacts by any outlet.
  segments,
  campaigns,
  campaignTargets,
  campaignContacts,
  // Knowing each customer (issue 19): profile facts, family, interests, competitor products, opportunities,
  // offers acted on, and the offer-rule minimums. The offer rules themselves (offer_rules) are a local cache.
  customerFacts,
  familyMembers,
  interestTags,
  customerInterests,
  competitorProducts,
  opportunities,
  opportunityEvents,
  offersMade,
  knowledgeSettings,
  // Loyalty tiers (issue 17 point 5): the manager's thresholds, versioned. The computed tier (customer_tiers)
  // is a local cache of a function of the purchases, like the balances.
  loyaltyTiers,
  // The member card's life (issue 17 point 6): replacements, blocks and unblocks with their reasons.
  cardEvents,
} as const;
export type SyncedTableName = keyof typeof syncedTables;
export type SyncedTable = (typeof syncedTables)[SyncedTableName];

export interface TableShape {
  name: string;
  /** property name → SQL column name */
  columns: Map<string, string>;
  booleanColumns: Set<string>;
}

const shapes = new Map<SQLiteTable, TableShape>();

export function tableShape(table: SQLiteTable): TableShape {
  let shape = shapes.get(table);
  if (!shape) {
    const columns = new Map<string, string>();
    const booleanColumns = new Set<string>();
    for (const [property, column] of Object.entries(getTableColumns(table))) {
      columns.set(property, column.name);
      if (column.dataType === 'boolean') booleanColumns.add(column.name);
    }
    shape = { name: getTableName(table), columns, booleanColumns };
    shapes.set(table, shape);
  }
  return shape;
}
